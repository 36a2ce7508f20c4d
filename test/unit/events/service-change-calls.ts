import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMutatingCall, type CloudTrailCall } from '../../../lambdas/events/change-calls';

/**
 * What the per-service change-call tests share: the mutating commands of an SDK, read from the installed client's
 * command list, and the `CloudTrailCall` a `cloudTrailEvent` (bin/local/cloudtrail-events.ts) carries, read from its
 * detail as the ingest reads it.
 */

/** Every mutating command name of `@aws-sdk/client-<service>`, sorted: `CreateChannel`, `TagResource`, … */
export function mutatingCommandsOf(service: string): string[] {
  const root = dirname(require.resolve(`@aws-sdk/client-${service}/package.json`));
  return readdirSync(join(root, 'dist-types', 'commands'))
    .filter((file) => file.endsWith('Command.d.ts'))
    .map((file) => file.slice(0, -'Command.d.ts'.length))
    .filter(isMutatingCall)
    .sort();
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The call in an EventBridge `AWS API Call via CloudTrail` event's detail. */
export function callOf(event: Record<string, unknown>): CloudTrailCall {
  const detail = record(event.detail);
  const actor = text(record(detail.userIdentity).arn);
  return {
    eventName: text(detail.eventName),
    eventSource: text(detail.eventSource),
    eventTime: new Date(text(detail.eventTime)).toISOString(),
    eventTimeMs: Date.parse(text(detail.eventTime)),
    eventId: text(detail.eventID),
    awsRegion: text(detail.awsRegion),
    recipientAccountId: text(detail.recipientAccountId),
    ...(actor ? { actor } : {}),
    requestParameters: record(detail.requestParameters),
    responseElements: record(detail.responseElements),
  };
}
