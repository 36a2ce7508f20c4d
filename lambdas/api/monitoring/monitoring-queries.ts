import { withSeverity } from '../../alarms/alarm-severity';
import { alarmsListPk, eventsPk, GSI1 } from '../../store/keys';
import type { Page, StateStore } from '../../store/state-store';
import { PageRequest, queryListPage } from '../http/pagination';
import { publicView } from '../views';

export type MonitoringQueryStore = Pick<StateStore, 'queryPage' | 'queryAll'>;

/** CloudWatch alarm states, the prefix of the alarm listing's sort key (`<state>#<name>`). */
export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export interface AlarmListing {
  name: string;
  state: string;
  [field: string]: unknown;
}

/**
 * One page of alarms of an account and region, each with its `severity` (alarms/alarm-severity.ts): one GSI1 Query on `ALARMS#<account>#<region>`, `begins_with(<state>#)`. */
export async function listAlarms(
  store: MonitoringQueryStore,
  filter: { account: string; region: string; state?: AlarmState },
  page: PageRequest,
): Promise<Page<AlarmListing>> {
  const result = await queryListPage<Record<string, unknown>>(
    store,
    {
      index: GSI1,
      pk: alarmsListPk(filter.account, filter.region),
      ...(filter.state ? { skPrefix: `${filter.state}#` } : {}),
    },
    page,
  );
  return {
    items: result.items.map((i) => withSeverity(publicView(i)) as AlarmListing),
    ...(result.lastKey ? { lastKey: result.lastKey } : {}),
  };
}

/**
 * One page of a resource's event history, newest first: one Query on `EVENTS#<arn>`, with `sk >= since` when given
 * (sort keys start with the event's ISO time).
 */
export async function listEvents(
  store: MonitoringQueryStore,
  filter: { resourceArn: string; since?: Date },
  page: PageRequest,
): Promise<Page<Record<string, unknown>>> {
  const result = await queryListPage<Record<string, unknown>>(
    store,
    {
      pk: eventsPk(filter.resourceArn),
      ...(filter.since ? { skFrom: filter.since.toISOString() } : {}),
      ascending: false,
    },
    page,
  );
  return { items: result.items.map(eventView), ...(result.lastKey ? { lastKey: result.lastKey } : {}) };
}

/** An event as shown: its time and id (from the sort key `<ISO time>#<id>`) and its stored fields. */
function eventView(item: Record<string, unknown>): Record<string, unknown> {
  const sk = String(item.sk ?? '');
  const cut = sk.indexOf('#');
  const fromKey = cut > 0 ? { time: sk.slice(0, cut), id: sk.slice(cut + 1) } : {};
  return { ...fromKey, ...publicView(item) };
}
