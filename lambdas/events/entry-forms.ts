import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { RawMessage } from './event-model';
import { isRecord } from './schema-issues';

/**
 * The forms in which messages reach the ingest function, each turned into `RawMessage`s:
 * - an SQS batch (the deployed path: SNS → SQS and EventBridge → SQS), one message per record;
 * - a direct SNS delivery (`Records[].Sns`), one message per notification, the body being the SNS envelope;
 * - a bare EventBridge event;
 * - anything else: one message with the event as its body, which is then recorded as unparsed.
 */
export type EntryForm = 'sqs' | 'sns' | 'eventbridge' | 'unknown';

export interface EntryMessages {
  readonly form: EntryForm;
  readonly messages: RawMessage[];
}

const sqsRecordSchema = z.looseObject({
  messageId: z.string().min(1).max(256),
  body: z.string(),
  eventSource: z.literal('aws:sqs'),
  awsRegion: z.string().max(32).optional().catch(undefined),
  attributes: z
    .looseObject({ SentTimestamp: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

const bodyHash = (body: string): string => createHash('sha256').update(body).digest('hex').slice(0, 32);

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The raw messages of one invocation event. */
export function entryMessages(event: unknown, receivedAt: number): EntryMessages {
  const records = isRecord(event) && Array.isArray(event.Records) ? event.Records : undefined;
  if (records && records.length > 0 && records.every((r) => isRecord(r) && r.eventSource === 'aws:sqs')) {
    return { form: 'sqs', messages: records.map((record) => sqsMessage(record, receivedAt)) };
  }
  if (records && records.length > 0 && records.every((r) => isRecord(r) && isRecord(r.Sns))) {
    return {
      form: 'sns',
      messages: records.map((record) => {
        const sns = (record as Record<string, unknown>).Sns as Record<string, unknown>;
        const body = stringify(sns);
        const id = typeof sns.MessageId === 'string' && sns.MessageId ? sns.MessageId.slice(0, 256) : bodyHash(body);
        return { id, body, receivedAt, origin: 'sns' };
      }),
    };
  }
  const body = stringify(event);
  if (isRecord(event) && typeof event['detail-type'] === 'string') {
    const id = typeof event.id === 'string' && event.id ? event.id.slice(0, 256) : bodyHash(body);
    return { form: 'eventbridge', messages: [{ id, body, receivedAt, origin: 'eventbridge' }] };
  }
  return { form: 'unknown', messages: [{ id: bodyHash(body), body, receivedAt, origin: 'direct' }] };
}

/** An SQS record; a malformed one still becomes a message (its whole record as the body), to be recorded as unparsed. */
function sqsMessage(record: unknown, receivedAt: number): RawMessage {
  const parsed = sqsRecordSchema.safeParse(record);
  if (!parsed.success) {
    const body = stringify(record);
    const id =
      isRecord(record) && typeof record.messageId === 'string' && record.messageId
        ? record.messageId.slice(0, 256)
        : bodyHash(body);
    return { id, body, receivedAt, origin: 'sqs' };
  }
  const sent = Number(parsed.data.attributes?.SentTimestamp);
  return {
    id: parsed.data.messageId,
    body: parsed.data.body,
    receivedAt,
    ...(Number.isFinite(sent) && sent > 0 ? { sentAt: sent } : {}),
    ...(parsed.data.awsRegion ? { regionHint: parsed.data.awsRegion } : {}),
    origin: 'sqs',
  };
}
