import { formatTime } from '../model/format';
import { StatusBadge } from './status-badge';

/** An alarm as the API returns it on a resource (`alarms` of a detail route) or in `GET /alarms`. */
export interface AlarmRow {
  name: string;
  state: string;
  severity?: string;
  since?: string;
  reason?: string;
  description?: string;
  metricName?: string;
  resourceArn?: string;
  threshold?: number;
  comparison?: string;
  [field: string]: unknown;
}

const STATE_ORDER: Readonly<Record<string, number>> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };

export interface AlarmListProps {
  alarms: readonly AlarmRow[];
  /** The name a resource ARN shows as (a flow's source or output), when the alarm is on a child. */
  resourceLabel?: (resourceArn: string) => string | undefined;
}

/** A resource's alarms, those in ALARM first: state (word and colour), severity, name, metric, since and reason. */
export function AlarmList({ alarms, resourceLabel }: AlarmListProps) {
  if (alarms.length === 0) return <p class="empty">No alarms.</p>;
  const sorted = [...alarms].sort(
    (a, b) => (STATE_ORDER[a.state] ?? 3) - (STATE_ORDER[b.state] ?? 3) || a.name.localeCompare(b.name),
  );
  return (
    <ul class="alarm-list">
      {sorted.map((alarm) => {
        const on = alarm.resourceArn ? resourceLabel?.(alarm.resourceArn) : undefined;
        return (
          <li key={alarm.name} class="alarm" data-alarm={alarm.name} data-state={alarm.state}>
            <StatusBadge status={alarm.state} />
            {alarm.severity && <StatusBadge status={alarm.severity} label={alarm.severity} />}{' '}
            <strong class="alarm-name">{alarm.name}</strong>
            {alarm.metricName && (
              <span class="alarm-metric">
                {' '}
                on {alarm.metricName}
                {alarm.comparison && alarm.threshold !== undefined ? ` (${alarm.comparison} ${alarm.threshold})` : ''}
                {on ? ` of ${on}` : ''}
              </span>
            )}
            {alarm.since && <span class="alarm-since"> since {formatTime(alarm.since)}</span>}
            {(alarm.reason ?? alarm.description) && <p class="alarm-reason">{alarm.reason ?? alarm.description}</p>}
          </li>
        );
      })}
    </ul>
  );
}
