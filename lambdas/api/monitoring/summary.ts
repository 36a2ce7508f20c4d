import * as z from 'zod';
import type { QuotaSplit } from '../../shared/service-quota';
import {
  changePathHealth,
  readChangePath,
  sweepPeriodMs,
  type ChangeEventsMode,
  type ChangePathHealth,
  type SweepPeriods,
} from '../../store/change-path';
import { alarmsListPk, GSI1, listPk, POLLERS_LIST_PK, ResourceType } from '../../store/keys';
import type { StateStore } from '../../store/state-store';
import type { ApiScope } from '../api-deps';
import { pollerView, PollerView } from './poller-view';

export interface StatusCounts {
  total: number;
  byStatus: Record<string, number>;
  /** Tombstones: deleted at AWS, kept for a while; not in `total`. */
  deleted: number;
}

export interface Summary {
  account: string;
  region: string;
  generatedAt: string;
  /** Counts per resource type (`mediaconnect:flow`, …), and rolled up per service. */
  resources: Record<string, StatusCounts>;
  services: Record<string, StatusCounts>;
  alarms: { active: number; byState: Record<string, number> };
  pollers: PollerView[];
  /** Each service's request quota and its split between the functions (per-instance pace). */
  quota?: { mediaconnect?: QuotaSplit; medialive?: QuotaSplit };
  /** Whether configuration changes arrive as CloudTrail events, and the sweep period that follows from it. */
  changePath?: ChangePathSummary;
}

/** The change path's health (store/change-path.ts) and the sweep period the inventory keeps because of it. */
export interface ChangePathSummary extends ChangePathHealth {
  /** Minutes within which the rolling sweep describes every resource: the live period only while `live`. */
  sweepPeriodMinutes: number;
}

/**
 * The `changePath` block of the summary: one Query of the change path's partition in the scope's account and Region.
 * The mode and periods are the deployment's (CHANGE_EVENTS, SWEEP_PERIOD_*_MINUTES), as the inventory reads them.
 */
export async function changePathBlock(
  store: Pick<StateStore, 'queryAll'>,
  scope: ApiScope,
  mode: ChangeEventsMode,
  periods: SweepPeriods | undefined,
  now: number,
): Promise<Pick<Summary, 'changePath'>> {
  const health = changePathHealth(await readChangePath(store, scope), mode, now);
  return { changePath: { ...health, sweepPeriodMinutes: sweepPeriodMs(health.status, periods) / 60_000 } };
}

const statusCountsSchema = z.object({
  total: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  deleted: z.number().int(),
});

/** The `changePath` block, documented in the OpenAPI document. */
export const changePathSummarySchema = z.object({
  mode: z.enum(['cloudtrail', 'off']).describe('CHANGE_EVENTS: whether the stack routes CloudTrail change events.'),
  status: z
    .enum(['off', 'unproven', 'live', 'broken'])
    .describe(
      'off: no change path; unproven: no change event yet; live: events arrive and every API call was reported; ' +
        'broken: an API call unreported for 15 minutes (no CloudTrail trail?).',
    ),
  lastEventAt: z.string().optional().describe('When the last change event happened (its CloudTrail time).'),
  lastEventName: z.string().optional(),
  unconfirmedCalls: z.number().int().describe('Calls made through the API that CloudTrail has not reported yet.'),
  oldestUnconfirmedAt: z.string().optional(),
  overdue: z.array(z.string()).describe('Up to 5 calls unreported for 15 minutes: `StopFlow arn:…`.'),
  sweepPeriodMinutes: z
    .number()
    .describe('The rolling sweep describes every resource within this many minutes (the live period only while live).'),
});

/** The summary's 200 body, as the OpenAPI document shows it (pollers and quota in outline). */
export const summaryResponseSchema = z.object({
  account: z.string(),
  region: z.string(),
  generatedAt: z.string(),
  resources: z.record(z.string(), statusCountsSchema),
  services: z.record(z.string(), statusCountsSchema),
  alarms: z.object({ active: z.number().int(), byState: z.record(z.string(), z.number().int()) }),
  pollers: z.array(z.looseObject({})),
  quota: z.looseObject({}).optional(),
  changePath: changePathSummarySchema,
});

/** The `quota` block of the summary: each service's split the functions pace at, when the API knows it. */
export function quotaBlock(split: QuotaSplit | undefined, mediaLive?: QuotaSplit): Pick<Summary, 'quota'> {
  if (!split && !mediaLive) return {};
  return { quota: { ...(split ? { mediaconnect: split } : {}), ...(mediaLive ? { medialive: mediaLive } : {}) } };
}

/**
 * Counts by service and status, alarms by state, and each poller's last run and staleness.
 *
 * Cost: one paginated GSI1 Query per resource type (the listing projects only small attributes, so about 2,000
 * resources fit a 1 MB page), one for the alarms and one for the poller statuses. This exceeds the one-Query-per-page
 * budget of the list routes by design: counts stay exact without a counter item that every poller would have to keep
 * consistent with conditional writes, and at the quotas MediaConnect allows (tens of flows per Region) it is 3 Queries.
 */
export async function summarize(
  store: Pick<StateStore, 'queryAll'>,
  scope: ApiScope,
  resourceTypes: readonly ResourceType[],
  now: number,
  pollerIntervals?: Readonly<Record<string, number>>,
): Promise<Summary> {
  const [listings, alarms, pollers] = await Promise.all([
    Promise.all(
      resourceTypes.map((type) =>
        store.queryAll<{ status?: string; state?: string; tombstone?: boolean }>({
          index: GSI1,
          pk: listPk(type, scope.account, scope.region),
        }),
      ),
    ),
    store.queryAll<{ state?: string }>({ index: GSI1, pk: alarmsListPk(scope.account, scope.region) }),
    store.queryAll<Record<string, unknown>>({ index: GSI1, pk: POLLERS_LIST_PK }),
  ]);
  const resources: Record<string, StatusCounts> = {};
  const services: Record<string, StatusCounts> = {};
  resourceTypes.forEach((type, index) => {
    const counts = countStatuses(listings[index] ?? []);
    resources[type] = counts;
    const service = type.split(':')[0] as string;
    services[service] = mergeCounts(services[service], counts);
  });
  const byState: Record<string, number> = {};
  for (const alarm of alarms) byState[alarm.state ?? 'UNKNOWN'] = (byState[alarm.state ?? 'UNKNOWN'] ?? 0) + 1;
  return {
    account: scope.account,
    region: scope.region,
    generatedAt: new Date(now).toISOString(),
    resources,
    services,
    alarms: { active: byState.ALARM ?? 0, byState },
    pollers: pollers.map((item) => pollerView(item, now, pollerIntervals)).sort((a, b) => a.key.localeCompare(b.key)),
  };
}

function countStatuses(items: readonly { status?: string; state?: string; tombstone?: boolean }[]): StatusCounts {
  const counts: StatusCounts = { total: 0, byStatus: {}, deleted: 0 };
  for (const item of items) {
    if (item.tombstone) {
      counts.deleted++;
      continue;
    }
    const status = item.status ?? item.state ?? 'UNKNOWN';
    counts.total++;
    counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
  }
  return counts;
}

function mergeCounts(a: StatusCounts | undefined, b: StatusCounts): StatusCounts {
  if (!a) return { total: b.total, byStatus: { ...b.byStatus }, deleted: b.deleted };
  const byStatus = { ...a.byStatus };
  for (const [status, n] of Object.entries(b.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
  return { total: a.total + b.total, byStatus, deleted: a.deleted + b.deleted };
}
