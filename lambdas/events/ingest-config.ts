import * as z from 'zod';
import { ConfigError, ENV } from '../shared/env';

/** The ingest function's settings. */
export interface IngestSettings {
  /** Topics whose notifications are accepted (EXPECTED_TOPIC_ARNS); empty accepts any. */
  readonly expectedTopicArns: ReadonlySet<string>;
  /** Days event history, unparsed inputs, raw bodies and cleared alarms are kept (EVENT_HISTORY_DAYS). @default 14 */
  readonly eventHistoryDays: number;
  /** At most one re-poll per resource per this many seconds (REPOLL_WINDOW_SECONDS). @default 10 */
  readonly repollWindowSeconds: number;
  /** Messages of one batch processed at once. @default 10 */
  readonly messageConcurrency: number;
  /** Re-polls of one batch run at once; each spends MediaConnect and CloudWatch quota. @default 2 */
  readonly repollConcurrency: number;
}

export const DEFAULT_INGEST_SETTINGS: IngestSettings = {
  expectedTopicArns: new Set(),
  eventHistoryDays: 14,
  repollWindowSeconds: 10,
  messageConcurrency: 10,
  repollConcurrency: 2,
};

const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

const schema = z.object({
  expectedTopicArns: z
    .string()
    .optional()
    .transform(
      (v) =>
        new Set(
          (v ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
    )
    .refine(
      (set) => [...set].every((arn) => /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/.test(arn)),
      {
        message: 'must be a comma-separated list of SNS topic ARNs',
      },
    ),
  eventHistoryDays: z.coerce.number().min(1).max(3650).default(DEFAULT_INGEST_SETTINGS.eventHistoryDays),
  repollWindowSeconds: z.coerce.number().min(0).max(3600).default(DEFAULT_INGEST_SETTINGS.repollWindowSeconds),
});

/** Reads EXPECTED_TOPIC_ARNS, EVENT_HISTORY_DAYS and REPOLL_WINDOW_SECONDS; throws ConfigError when invalid. */
export function ingestSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IngestSettings {
  const parsed = schema.safeParse({
    expectedTopicArns: blank(env[ENV.expectedTopicArns]),
    eventHistoryDays: blank(env[ENV.eventHistoryDays]),
    repollWindowSeconds: blank(env[ENV.repollWindowSeconds]),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid ingest setting ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...DEFAULT_INGEST_SETTINGS, ...parsed.data };
}
