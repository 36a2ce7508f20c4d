/**
 * An alarm's severity, for the dashboard's "active alarms by severity": CloudWatch alarms have none, so it is read
 * from the alarm's own description or name by the convention `severity=<critical|major|minor|warning>` (case-insensitive,
 * e.g. `Source lost [severity=critical]`); the description wins over the name. Without it: `warning` for an alarm in
 * INSUFFICIENT_DATA (the metric is missing, nothing is known to be broken), `major` otherwise.
 *
 * The ONE place severity is derived: the alarm applier stores it on the alarm item (`severity`, and `health` for the
 * GSI1 listing, see `severityFields`) and the API reads it back with `severityOf`.
 */
export const ALARM_SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

const CONVENTION = /severity\s*[=:]\s*(critical|major|minor|warning)\b/i;

export interface SeveritySource {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly state?: string | undefined;
}

/** The severity of an alarm from its description, name and state. */
export function alarmSeverity(alarm: SeveritySource): AlarmSeverity {
  for (const text of [alarm.description, alarm.name]) {
    const match = text ? CONVENTION.exec(text) : null;
    if (match) return (match[1] as string).toLowerCase() as AlarmSeverity;
  }
  return alarm.state === 'INSUFFICIENT_DATA' ? 'warning' : 'major';
}

const isSeverity = (value: unknown): value is AlarmSeverity =>
  typeof value === 'string' && (ALARM_SEVERITIES as readonly string[]).includes(value);

/**
 * The attributes an alarm item stores its severity in: `severity`, and the same word in `health`, because GSI1 (which
 * GET /alarms reads) projects `health` but not `severity` nor `description`, and its projection is at DynamoDB's limit
 * of 20 attributes (keys.ts). An alarm has no health of its own; `severityOf` reads either.
 */
export function severityFields(alarm: SeveritySource): { severity: AlarmSeverity; health: AlarmSeverity } {
  const severity = alarmSeverity(alarm);
  return { severity, health: severity };
}

/**
 * The severity of a stored alarm item, from a table read or a GSI1 listing: the stored word, or, for an item stored
 * before severities were, derived from what the item holds.
 */
export function severityOf(item: Record<string, unknown>): AlarmSeverity {
  if (isSeverity(item.severity)) return item.severity;
  if (isSeverity(item.health)) return item.health;
  return alarmSeverity({
    name: typeof item.name === 'string' ? item.name : undefined,
    description: typeof item.description === 'string' ? item.description : undefined,
    state: typeof item.state === 'string' ? item.state : undefined,
  });
}

/** An alarm as the API shows it: with its `severity`, without the `health` that carries it through GSI1. */
export function withSeverity(item: Record<string, unknown>): Record<string, unknown> {
  const { health: _carrier, ...rest } = item;
  void _carrier;
  return { ...rest, severity: severityOf(item) };
}
