/**
 * What the Flows list shows of a flow beyond the generic columns, pure (no DOM): the row of a flow's detail (for live
 * re-reads) and the source health word of a row.
 */
import type { MetricSeries } from './series-loader';

/**
 * MediaConnect flow statuses, the `status` filter of `GET /flows` (the API's FLOW_STATUSES: the browser does not
 * import the API's route module, which brings zod; a unit test holds the two lists equal).
 */
export const FLOW_STATUSES = ['STANDBY', 'ACTIVE', 'UPDATING', 'DELETING', 'STARTING', 'STOPPING', 'ERROR'] as const;

/** The fields a flow's list row carries (GSI1's projection, plus the keys the API restores). */
const FLOW_ROW_FIELDS = [
  'arn',
  'type',
  'account',
  'region',
  'name',
  'status',
  'observedAt',
  'tombstone',
  'polling',
  'lastPolledAt',
  'tags',
  'sourceType',
  'availabilityZone',
  'health',
] as const;

/** A flow's list row from its detail (`GET /flows/{arn}`): the same fields a listing returns, nothing more. */
export function flowRowFromDetail(
  detail: unknown,
): Record<string, unknown> & { arn: string; account: string; region: string } {
  const source = (detail ?? {}) as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const field of FLOW_ROW_FIELDS) if (source[field] !== undefined) row[field] = source[field];
  if (typeof row.arn !== 'string' || typeof row.account !== 'string' || typeof row.region !== 'string')
    throw new Error('The flow detail has no arn, account or region');
  return row as Record<string, unknown> & { arn: string; account: string; region: string };
}

/** A health word and, when the word alone does not say it, the tone it is shown in. */
export interface HealthWord {
  word: string;
  tone?: 'ok' | 'warn' | 'bad';
}

/** The stored health summary of a row (`health` on the flow item: a word, `{state}`, `{sourceState}` or `{unhealthy}`). */
export function storedHealth(health: unknown): string | undefined {
  if (typeof health === 'string' && health) return health.toUpperCase();
  if (!health || typeof health !== 'object') return undefined;
  const record = health as Record<string, unknown>;
  for (const field of ['state', 'sourceState'])
    if (typeof record[field] === 'string' && record[field]) return (record[field] as string).toUpperCase();
  if (typeof record.unhealthy === 'boolean') return record.unhealthy ? 'UNHEALTHY' : 'HEALTHY';
  return undefined;
}

/** The metrics the source health reads beside the bitrate sparkline (one request per row on screen). */
export const SOURCE_HEALTH_METRICS = ['SourceConnected', 'SourceBitRate'] as const;

/**
 * A flow's source health: the stored health summary when the flow has one; else from its sources' latest metrics:
 * `SourceConnected` (Zixi, SRT, RIST: 1 up, 0 down) gives CONNECTED, DISCONNECTED, or DEGRADED when only some sources
 * are connected; without it `SourceBitRate` gives RECEIVING, NO INPUT (every source at 0 b/s) or DEGRADED. Undefined
 * when nothing is known (no metrics polled yet).
 */
export function sourceHealth(health: unknown, series: readonly MetricSeries[] | undefined): HealthWord | undefined {
  const stored = storedHealth(health);
  if (stored) return { word: stored };
  const latest = (metric: string): number[] =>
    (series ?? [])
      .filter((s) => s.metric === metric && s.v.length > 0)
      .map((s) => s.v[s.v.length - 1] as number)
      .filter((v) => Number.isFinite(v));
  const connected = latest('SourceConnected');
  if (connected.length > 0) {
    const up = connected.filter((v) => v >= 1).length;
    if (up === connected.length) return { word: 'CONNECTED' };
    return up === 0 ? { word: 'DISCONNECTED' } : { word: 'DEGRADED' };
  }
  const bitrates = latest('SourceBitRate');
  if (bitrates.length > 0) {
    const receiving = bitrates.filter((v) => v > 0).length;
    if (receiving === bitrates.length) return { word: 'RECEIVING' };
    return receiving === 0 ? { word: 'NO INPUT', tone: 'bad' } : { word: 'DEGRADED' };
  }
  return undefined;
}
