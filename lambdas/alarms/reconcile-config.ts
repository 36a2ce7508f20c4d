import * as z from 'zod';
import { ConfigError, ENV } from '../shared/env';

/** The alarm reconciliation's settings. */
export interface AlarmReconcileSettings {
  /** The account whose alarms it reconciles (ACCOUNT_ID); without it, the account of the invoked function's ARN. */
  readonly accountId?: string;
  /** Days cleared alarms and the history of fixes are kept (EVENT_HISTORY_DAYS). @default 14 */
  readonly eventHistoryDays: number;
  /**
   * DescribeAlarms calls per second, its own budget (ALARM_RECONCILE_RPS). CloudWatch allows 9 per second per account
   * and region, shared with every other caller of the account; one call answers 100 alarms. @default 1
   */
  readonly describeAlarmsRps: number;
}

export const DEFAULT_ALARM_RECONCILE_SETTINGS: AlarmReconcileSettings = { eventHistoryDays: 14, describeAlarmsRps: 1 };

const blank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

const schema = z.object({
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit account id')
    .optional(),
  eventHistoryDays: z.coerce.number().min(1).max(3650).default(DEFAULT_ALARM_RECONCILE_SETTINGS.eventHistoryDays),
  describeAlarmsRps: z.coerce.number().gt(0).max(9).default(DEFAULT_ALARM_RECONCILE_SETTINGS.describeAlarmsRps),
});

/** Reads ACCOUNT_ID, EVENT_HISTORY_DAYS and ALARM_RECONCILE_RPS; throws ConfigError when invalid. */
export function alarmReconcileSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AlarmReconcileSettings {
  const parsed = schema.safeParse({
    accountId: blank(env[ENV.accountId]),
    eventHistoryDays: blank(env[ENV.eventHistoryDays]),
    describeAlarmsRps: blank(env[ENV.alarmReconcileRps]),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `Invalid alarm reconciliation setting ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
