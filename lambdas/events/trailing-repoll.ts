import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { MAX_ARN_LENGTH } from '../shared/arn';
import type { RawMessage } from './event-model';
import { isRepollTarget } from './resource-repoller';

/**
 * The trailing re-poll of a coalescing window. Events that arrive while a window is live are coalesced into the
 * window's leading re-poll, which may have read AWS before their change; the first of them marks the window and
 * schedules one more re-poll at the window's end, as an SQS message to the ingest queue itself, delayed by what is
 * left of the window. The ingest function recognizes the message by its shape and re-polls through a new claim.
 */
export interface TrailingRepoll {
  /** The top-level resource to re-poll (a MediaConnect flow, a MediaLive channel, …). */
  readonly arn: string;
  /** Start (epoch ms) of the window whose tail this re-poll covers. */
  readonly windowStart: number;
}

/** Sends a trailing re-poll to run after `delaySeconds`. */
export interface TrailingRepollScheduler {
  schedule(request: TrailingRepoll, delaySeconds: number): Promise<void>;
}

/** SQS delays a message by at most 15 minutes. */
export const MAX_SQS_DELAY_SECONDS = 900;

/**
 * One message per resource and window: the claim, and so the window, is per resource. Messages queued before
 * MediaLive carry a MediaConnect flow ARN; now any media service's top-level resource, moto's region-less ARNs
 * included (a resource whose service has no refresher is skipped when the message comes back).
 */
const requestSchema = z.strictObject({
  kind: z.literal('repoll'),
  arn: z
    .string()
    .max(MAX_ARN_LENGTH)
    .refine(
      (arn) => isRepollTarget(arn) && !/\s/.test(arn),
      'must name a top-level MediaConnect, MediaLive or MediaPackage resource',
    ),
  windowStart: z.number().int().nonnegative(),
});

/** The message body of a trailing re-poll. */
export function trailingRepollBody(request: TrailingRepoll): string {
  return JSON.stringify({ kind: 'repoll', arn: request.arn, windowStart: request.windowStart });
}

/**
 * The trailing re-poll a queue message carries, or undefined for any other message. Only SQS deliveries count: SNS
 * wraps what it delivers in its envelope and EventBridge in its event, so a bare `{kind:"repoll"}` body reaches the
 * queue only from the ingest function's own SendMessage.
 */
export function parseTrailingRepoll(raw: RawMessage): TrailingRepoll | undefined {
  if (raw.origin !== 'sqs' || !raw.body.startsWith('{')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(raw.body);
  } catch {
    return undefined;
  }
  const parsed = requestSchema.safeParse(body);
  return parsed.success ? { arn: parsed.data.arn, windowStart: parsed.data.windowStart } : undefined;
}

/**
 * Seconds from `nowMs` until the window ends, plus one so that the re-poll's claim finds the window over, within
 * SQS's limit. A window longer than the limit is re-scheduled by the ingest function when the message comes early.
 */
export function trailingDelaySeconds(windowStart: number, windowSeconds: number, nowMs: number): number {
  const remainingMs = windowStart + windowSeconds * 1000 - nowMs;
  return Math.min(MAX_SQS_DELAY_SECONDS, Math.max(0, Math.ceil(remainingMs / 1000) + 1));
}

/** Schedules trailing re-polls as delayed messages on the ingest queue. */
export function sqsTrailingRepollScheduler(sqs: SQSClient, queueUrl: string): TrailingRepollScheduler {
  return {
    async schedule(request, delaySeconds) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: trailingRepollBody(request),
          DelaySeconds: Math.min(MAX_SQS_DELAY_SECONDS, Math.max(0, Math.round(delaySeconds))),
        }),
      );
    },
  };
}
