import type { ComponentChildren } from 'preact';
import { StatusBadge } from '../../components/status-badge';
import { formatAge, formatTime, MISSING } from '../../model/format';
import type { Column, ResourceRow } from '../view-module';

/**
 * The columns every MediaLive and MediaPackage list shares (the generic list makes the `name` cell the row's link):
 * the kind's own columns go between `status`/`name` and `alarms`.
 */

export const nameColumn: Column = { id: 'name', header: 'Name', value: (row) => row.name };

export const statusColumn = (header = 'State'): Column => ({
  id: 'status',
  header,
  value: (row) => row.status,
  render: (row) => <StatusBadge status={row.status} />,
});

export const alarmsColumn: Column = {
  id: 'alarms',
  header: 'Alarms',
  numeric: true,
  value: (row) => row.activeAlarms as number | undefined,
  render: (row) =>
    row.activeAlarms ? <StatusBadge status="ALARM" label={`${String(row.activeAlarms)} in alarm`} /> : MISSING,
};

function lastPolled(row: ResourceRow): ComponentChildren {
  const at = row.lastPolledAt ?? row.observedAt;
  if (!at) return MISSING;
  return (
    <time dateTime={at} title={formatTime(at)}>
      {formatAge(at, Date.now())}
    </time>
  );
}

/** Alarms, account, Region and last polled: the tail of every list. */
export const placeColumns: readonly Column[] = [
  alarmsColumn,
  { id: 'account', header: 'Account', value: (row) => row.account },
  { id: 'region', header: 'Region', value: (row) => row.region },
  {
    id: 'lastPolled',
    header: 'Last polled',
    value: (row) => row.lastPolledAt ?? row.observedAt,
    render: lastPolled,
  },
];

/** The URLs of a list of `{url}` records (ingest endpoints, manifests), joined for a cell. */
export function urlsOf(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const urls = value
    .map((item) => (item && typeof item === 'object' ? (item as { url?: unknown }).url : undefined))
    .filter((url): url is string => typeof url === 'string' && url !== '');
  return urls.length ? urls.join(' ') : undefined;
}
