import { severityOf } from '../../alarms/alarm-severity';
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
import type { CredentialSource, TargetRegistry, TargetWhere, WatchedTarget } from '../../shared/watched-targets';
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
  /** `bySeverity`: the active alarms (state ALARM) by severity (alarms/alarm-severity.ts). */
  alarms: { active: number; byState: Record<string, number>; bySeverity: Record<string, number> };
  pollers: PollerView[];
  /** Each service's request quota and its split between the functions (per-instance pace). */
  quota?: { mediaconnect?: QuotaSplit; medialive?: QuotaSplit };
  /** Whether configuration changes arrive as CloudTrail events, and the sweep period that follows from it. */
  changePath?: ChangePathSummary;
  /** One row per watched target (the top-level fields are the deployment's own target's, or the one asked for). */
  targets?: TargetSummary[];
}

/** A credential source as the summary shows it: its type and role or secret ARN (never a key, never a value). */
export interface CredentialView {
  type: CredentialSource['type'];
  roleArn?: string;
  secretArn?: string;
}

/** A poller's last cycle in one target. */
export interface TargetPollerView {
  /** When the last cycle started. */
  at?: string;
  /**
   * The cycle's outcome: `credentials-failed` (the target's credentials failed; nothing was listed), `incomplete` (a
   * listing page failed; nothing was tombstoned), `errors` (some resources failed), `ok`; `never` before any cycle.
   */
  outcome: string;
  /** What went wrong, one safe line each (at most 5): for `credentials-failed`, the AWS error name. */
  errors: string[];
  stale: boolean;
}

/** One watched target's row of the summary. */
export interface TargetSummary {
  account: string;
  region: string;
  /** Read credentials: inventory, metrics, re-polls. */
  credentials: CredentialView;
  /** Operator credentials for actions; null: actions on this target's resources are refused (403). */
  operator: CredentialView | null;
  services: string[];
  /** By poller name (`mediaconnect-inventory`, `medialive-channels`, …). */
  pollers: Record<string, TargetPollerView>;
  /** Resources each inventory listed at its last cycle, by resource type (from the poller statuses, no count Query). */
  counts: Record<string, number>;
  /** Alarms in state ALARM. */
  activeAlarms: number;
  changePath: ChangePathSummary;
  /** True when a poller's last cycle found the target's credentials failing. */
  credentialsFailing: boolean;
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
  scope: TargetWhere,
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

const credentialViewSchema = z.object({
  type: z.enum(['execution-role', 'assume-role', 'key-pair']),
  roleArn: z.string().optional(),
  secretArn: z.string().optional(),
});

/** The summary's 200 body, as the OpenAPI document shows it (pollers and quota in outline). */
export const summaryResponseSchema = z.object({
  account: z.string(),
  region: z.string(),
  generatedAt: z.string(),
  resources: z.record(z.string(), statusCountsSchema),
  services: z.record(z.string(), statusCountsSchema),
  alarms: z.object({
    active: z.number().int(),
    byState: z.record(z.string(), z.number().int()),
    bySeverity: z.record(z.string(), z.number().int()).describe('Active alarms by severity.'),
  }),
  pollers: z.array(z.looseObject({})),
  quota: z.looseObject({}).optional(),
  changePath: changePathSummarySchema,
  targets: z
    .array(
      z.object({
        account: z.string(),
        region: z.string(),
        credentials: credentialViewSchema,
        operator: credentialViewSchema.nullable().describe('null: actions on this target are refused (403).'),
        services: z.array(z.string()),
        pollers: z.record(
          z.string(),
          z.object({
            at: z.string().optional(),
            outcome: z.string().describe('credentials-failed, incomplete, errors, ok, or never (no cycle yet).'),
            errors: z.array(z.string()),
            stale: z.boolean(),
          }),
        ),
        counts: z
          .record(z.string(), z.number().int())
          .describe('Resources each inventory listed at its last cycle, by resource type.'),
        activeAlarms: z.number().int(),
        changePath: changePathSummarySchema,
        credentialsFailing: z.boolean(),
      }),
    )
    .describe("One row per watched target; the top-level fields are the own target's (or the one asked for)."),
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
  scope: TargetWhere,
  resourceTypes: readonly ResourceType[],
  now: number,
  pollerIntervals?: Readonly<Record<string, number>>,
): Promise<Summary> {
  return (await summarizeWithPollers(store, scope, resourceTypes, now, pollerIntervals)).summary;
}

/** The summary of one target, with every poller status item read (the targets' rows use them too). */
async function summarizeWithPollers(
  store: Pick<StateStore, 'queryAll'>,
  scope: TargetWhere,
  resourceTypes: readonly ResourceType[],
  now: number,
  pollerIntervals?: Readonly<Record<string, number>>,
): Promise<{ summary: Summary; pollerItems: Record<string, unknown>[] }> {
  const [listings, alarms, pollerItems] = await Promise.all([
    Promise.all(
      resourceTypes.map((type) =>
        store.queryAll<{ status?: string; state?: string; tombstone?: boolean }>({
          index: GSI1,
          pk: listPk(type, scope.account, scope.region),
        }),
      ),
    ),
    store.queryAll<Record<string, unknown>>({ index: GSI1, pk: alarmsListPk(scope.account, scope.region) }),
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
  const bySeverity: Record<string, number> = {};
  for (const alarm of alarms) {
    const state = typeof alarm.state === 'string' ? alarm.state : 'UNKNOWN';
    byState[state] = (byState[state] ?? 0) + 1;
    if (state === 'ALARM') bySeverity[severityOf(alarm)] = (bySeverity[severityOf(alarm)] ?? 0) + 1;
  }
  const summary: Summary = {
    account: scope.account,
    region: scope.region,
    generatedAt: new Date(now).toISOString(),
    resources,
    services,
    alarms: { active: byState.ALARM ?? 0, byState, bySeverity },
    // The scope's own pollers: a status item of another target is in that target's row.
    pollers: pollerItems
      .map((item) => pollerView(item, now, pollerIntervals))
      .filter((view) => inScope(view, scope))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
  return { summary, pollerItems };
}

/** A poller status of the scope; one without an account or Region (written before they were keyed) counts as its. */
function inScope(view: PollerView, scope: TargetWhere): boolean {
  return (
    (view.account === '' || view.account === scope.account) && (view.region === '' || view.region === scope.region)
  );
}

export interface SummaryOptions {
  changeEvents: ChangeEventsMode;
  sweepPeriods?: SweepPeriods | undefined;
  pollerIntervals?: Readonly<Record<string, number>> | undefined;
}

/**
 * The whole `/summary`: the top-level fields of one target (`scope`: the deployment's own unless asked otherwise) as
 * before many accounts, and `targets`, one row per watched target (`targets`, in listing order).
 *
 * Queries: the top-level fields take one per resource type, one for the alarms, one for the poller statuses and one
 * for the change path; each other target's row adds two (its active alarms: `ALARM#` of its alarm listing, and its
 * change path). Counts and poller outcomes of the rows come from the poller status items already read. For N targets
 * and T resource types: T + 3 + 2(N - 1) Queries.
 */
export async function fullSummary(
  store: Pick<StateStore, 'queryAll'>,
  registry: TargetRegistry,
  scope: WatchedTarget,
  targets: readonly WatchedTarget[],
  resourceTypes: readonly ResourceType[],
  now: number,
  options: SummaryOptions,
): Promise<Summary & Pick<Summary, 'changePath'> & { targets: TargetSummary[] }> {
  const others = targets.filter((t) => !sameTarget(t, scope));
  const [{ summary, pollerItems }, changePath, otherParts] = await Promise.all([
    summarizeWithPollers(store, scope, resourceTypes, now, options.pollerIntervals),
    changePathBlock(store, scope, options.changeEvents, options.sweepPeriods, now),
    Promise.all(
      others.map(async (target) => {
        const [alarms, path] = await Promise.all([
          store.queryAll<{ state?: string }>({
            index: GSI1,
            pk: alarmsListPk(target.account, target.region),
            skPrefix: 'ALARM#',
          }),
          changePathBlock(store, target, options.changeEvents, options.sweepPeriods, now),
        ]);
        return { key: `${target.account}#${target.region}`, activeAlarms: alarms.length, changePath: path.changePath };
      }),
    ),
  ]);
  const parts = new Map(otherParts.map((p) => [p.key, p]));
  const rows = targets.map((target) => {
    const own = sameTarget(target, scope);
    const part = parts.get(`${target.account}#${target.region}`);
    return targetRow(
      registry,
      target,
      pollerItems,
      own ? summary.alarms.active : (part?.activeAlarms ?? 0),
      (own ? changePath.changePath : part?.changePath) as ChangePathSummary,
      now,
      options.pollerIntervals,
    );
  });
  return { ...summary, ...changePath, targets: rows };
}

function sameTarget(a: TargetWhere, b: TargetWhere): boolean {
  return a.account === b.account && a.region === b.region;
}

const MAX_ROW_ERRORS = 5;

/** One target's row, from the poller status items (every target's, read once). */
export function targetRow(
  registry: TargetRegistry,
  target: WatchedTarget,
  pollerItems: readonly Record<string, unknown>[],
  activeAlarms: number,
  changePath: ChangePathSummary,
  now: number,
  pollerIntervals?: Readonly<Record<string, number>>,
): TargetSummary {
  const pollers: Record<string, TargetPollerView> = {};
  const counts: Record<string, number> = {};
  let credentialsFailing = false;
  for (const item of pollerItems) {
    const view = pollerView(item, now, pollerIntervals);
    if (view.account !== target.account || view.region !== target.region) continue;
    const cycle = (item.lastCycle ?? {}) as Record<string, unknown>;
    const errors = Array.isArray(cycle.errors) ? cycle.errors.filter((e): e is string => typeof e === 'string') : [];
    const outcome = cycleOutcome(cycle, errors);
    if (outcome === 'credentials-failed') credentialsFailing = true;
    pollers[view.poller] = {
      ...(view.lastRunAt ? { at: view.lastRunAt } : {}),
      outcome,
      errors: errors.slice(0, MAX_ROW_ERRORS),
      stale: view.stale,
    };
    if (typeof cycle.resourceType === 'string' && typeof cycle.resourcesListed === 'number')
      counts[cycle.resourceType] = cycle.resourcesListed;
  }
  const operator = target.operator ?? (target.account === registry.deployment.account ? EXECUTION_ROLE : undefined);
  return {
    account: target.account,
    region: target.region,
    credentials: credentialView(target.credentials),
    operator: operator ? credentialView(operator) : null,
    services: [...target.services],
    pollers,
    counts,
    activeAlarms,
    changePath,
    credentialsFailing,
  };
}

const EXECUTION_ROLE: CredentialSource = { type: 'execution-role' };

/** The type and ARN of a credential source: the external id and any secret value are never shown. */
export function credentialView(source: CredentialSource): CredentialView {
  if (source.type === 'assume-role') return { type: source.type, roleArn: source.roleArn };
  if (source.type === 'key-pair') return { type: source.type, secretArn: source.secretArn };
  return { type: source.type };
}

function cycleOutcome(cycle: Record<string, unknown>, errors: readonly string[]): string {
  if (typeof cycle.outcome === 'string' && cycle.outcome !== '') return cycle.outcome;
  if (typeof cycle.startedAt !== 'string') return 'never';
  if (cycle.listing === 'incomplete') return 'incomplete';
  return errors.length > 0 ? 'errors' : 'ok';
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
