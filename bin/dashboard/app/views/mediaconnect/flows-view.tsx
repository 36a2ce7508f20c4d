import type { ComponentChildren } from 'preact';
import { StatusBadge } from '../../components/status-badge';
import { sparklineMetrics, useRowSeries } from '../../components/sparkline';
import {
  FLOW_STATUSES,
  flowRowFromDetail,
  SOURCE_HEALTH_METRICS,
  sourceHealth,
  storedHealth,
} from '../../model/flow-list';
import { formatAge, formatTime, MISSING } from '../../model/format';
import type { ResourceRow, ResourceViewModule } from '../view-module';
import { FlowPage } from './flow-page';

const metricsRoute = (arn: string): string => `/flows/${encodeURIComponent(arn)}/metrics`;

const SPARKLINE = {
  header: 'Bitrate',
  metricsRoute,
  metric: 'SourceBitRate',
  unit: 'Bits/Second',
  afterColumn: 'sourceHealth',
  extraMetrics: SOURCE_HEALTH_METRICS,
} as const;

/**
 * The source health cell: the flow's stored health when it has one, else its sources' latest `SourceConnected` and
 * `SourceBitRate` (the request the bitrate sparkline of the same row makes: one read serves both).
 */
function SourceHealthCell({ row }: { row: ResourceRow }) {
  const series = useRowSeries(metricsRoute(row.arn), sparklineMetrics(SPARKLINE));
  const health = sourceHealth(row.health, series.kind === 'loaded' ? series.series : undefined);
  if (health) return <StatusBadge status={health.word} {...(health.tone ? { tone: health.tone } : {})} />;
  return <span>{series.kind === 'loading' ? '…' : MISSING}</span>;
}

function lastPolled(row: ResourceRow): ComponentChildren {
  const at = row.lastPolledAt ?? row.observedAt;
  if (!at) return MISSING;
  return (
    <time dateTime={at} title={formatTime(at)}>
      {formatAge(at, Date.now())}
    </time>
  );
}

/** MediaConnect flows: the list at `/flows` and each flow's page. */
export const flowsModule: ResourceViewModule = {
  path: '/flows',
  title: 'Flows',
  service: 'mediaconnect',
  resourceType: 'mediaconnect:flow',
  listRoute: '/flows',
  columns: [
    { id: 'name', header: 'Name', value: (row) => row.name },
    {
      id: 'status',
      header: 'Status',
      value: (row) => row.status,
      render: (row) => <StatusBadge status={row.status} />,
    },
    {
      id: 'sourceHealth',
      header: 'Source health',
      // Sorting and the text filter read the stored health; the metric-derived word is read only for rows on screen.
      value: (row) => storedHealth(row.health),
      render: (row) => <SourceHealthCell row={row} />,
    },
    {
      id: 'alarms',
      header: 'Alarms',
      numeric: true,
      value: (row) => row.activeAlarms,
      render: (row) =>
        row.activeAlarms ? <StatusBadge status="ALARM" label={`${row.activeAlarms} in alarm`} /> : MISSING,
    },
    { id: 'account', header: 'Account', value: (row) => row.account },
    { id: 'region', header: 'Region', value: (row) => row.region },
    {
      id: 'lastPolled',
      header: 'Last polled',
      // ISO times sort in time order; descending puts the most recently polled first.
      value: (row) => row.lastPolledAt ?? row.observedAt,
      render: lastPolled,
    },
  ],
  filters: [{ param: 'status', label: 'Status', options: FLOW_STATUSES }],
  sparkline: SPARKLINE,
  detailRoute: (arn) => `/flows/${encodeURIComponent(arn)}`,
  rowFromDetail: (detail) => flowRowFromDetail(detail),
  Detail: FlowPage,
};
