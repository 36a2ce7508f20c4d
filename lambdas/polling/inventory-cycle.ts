import { tryParseArn } from '../shared/arn';
import { describeError } from '../shared/errors';
import { mapWithConcurrency } from '../shared/rate-limiter';
import { TimeBudget } from '../shared/time-budget';
import { GSI1, listPk } from '../store/keys';
import type { HeldLease } from '../store/lease';
import {
  addCheckpoint,
  carryForwardFailures,
  checkpointBound,
  PollerCycleSummary,
  PollerKey,
  PollerPass,
  PollerStatus,
  readPollerStatus,
  writePollerStatus,
  UnpolledResource,
} from '../store/poller-status';
import {
  clientRegion,
  DEFAULT_TOMBSTONE_RETENTION_HOURS,
  InventoryDeps,
  newRequestBudget,
  RegionalClient,
} from './inventory-deps';
import type { CallStats, RequestBudget } from './request-budget';
import {
  GONE,
  InventoryKind,
  ListedResource,
  ListedSummaryField,
  ResourceTree,
  ServiceInventory,
  StoredResourceSummary,
} from './resource-kind';
import { ResourceChange, SyncContext, syncDescribed, tombstoneResource, TreeWriteResult } from './tree-sync';

/** At most this many failure descriptions are kept in the outcome (the status item must stay small). */
const MAX_RECORDED_ERRORS = 25;

export interface InventoryPollOptions {
  /**
   * The account the poller runs in (env ACCOUNT_ID). Listed ARNs that carry an account must belong to it; with zero
   * resources it still names the status item and the listing to compare with.
   */
  readonly accountId: string;
  /** Describe calls in flight. @default 8 */
  readonly describeConcurrency?: number;
  /**
   * Unchanged resources whose extra reads (the kind's `enrich`: MediaConnect's tags) are made per cycle, round-robin,
   * to catch changes only they show. 0 turns it off. @default 1
   */
  readonly sweepPerCycle?: number;
  /**
   * Epoch ms (on deps.clock) at which the invocation is killed (`context.getRemainingTimeInMillis()` from now). The
   * cycle starts no describe that could run past it; the next invocation continues the pass.
   * @default undefined: no limit
   */
  readonly deadlineMs?: number;
  /**
   * The rolling sweep: every listed resource is described at least once per this period, the describes spread evenly
   * over the cycles (`cycleIntervalMs`), oldest-described first; new resources and those whose listed summary changed
   * are described in the cycle that lists them. The handler picks it from the change path's health
   * (store/change-path.ts `sweepPeriodMs`). @default cycleIntervalMs: every resource every cycle (no change path)
   */
  readonly sweepPeriodMs?: number;
  /** The schedule's interval between cycles. @default 300 000 (rate(5 minutes)) */
  readonly cycleIntervalMs?: number;
  /**
   * The most requests (listing, describes and extra reads) one cycle may spend: it starts no describe once they are
   * spent, and the next cycle continues. @default unlimited (the deadline and the pace bound it)
   */
  readonly maxRequests?: number;
  /** Kept free before the deadline for tombstones and the status write. @default 10 % of the time left, at least 10 s */
  readonly safetyMarginMs?: number;
  /** The poller lease this cycle holds; the polls it made skip are recorded in the outcome. */
  readonly lease?: Pick<HeldLease, 'skippedPolls'>;
  /**
   * The request budget of the whole invocation, when several kinds run in it (`pollServiceInventory`): the kinds of a
   * service share what one cycle learned through it (MediaLive's security groups and listed input ARNs), and each kind's
   * outcome counts only its own calls. @default a new budget over `deps.limiter`
   */
  readonly budget?: RequestBudget;
}

export interface InventoryChanges {
  created: number;
  updated: number;
  unchanged: number;
  revived: number;
  tombstoned: number;
  failed: number;
}

/**
 * What one inventory cycle of one kind did. Returned by the handler, logged, and stored as the poller status's
 * `lastCycle`. A kind with `outcomeNames` also carries its earlier names for the listed count, the failures and the
 * warnings.
 */
export interface InventoryCycleOutcome extends PollerCycleSummary, CallStats {
  account: string;
  region: string;
  /** The resource type the cycle polled. */
  resourceType: string;
  /** `complete` only when every listing page arrived; otherwise nothing was tombstoned. */
  listing: 'complete' | 'incomplete';
  resourcesListed: number;
  changes: InventoryChanges;
  /** Resources whose describe or write failed; they were left as stored. */
  failedResources: { arn: string; error: string }[];
  /** Inventory items written or deleted (the kind's `afterSync` writes included). Zero in a steady-state cycle. */
  inventoryWrites: number;
  /** The poller status item: one write per cycle, not an inventory item. */
  statusWrites: number;
  truncatedItems: number;
  /** Resources written with a warning: part of their description unreadable, or their `afterSync` failed or degraded. */
  warnings: number;
  /** What the warnings said (distinct, at most 25), e.g. `ListAlerts: not implemented`. */
  degraded: string[];
  /** How far the pass over every listed resource has come; `complete: false` when this invocation ran out of time. */
  pass: PassProgress;
  /** Scheduled polls that found this cycle's lease held and did nothing (only when the cycle ran under a lease). */
  skippedPolls?: number;
}

/** The pass as the outcome (and `/summary`) shows it. */
export interface PassProgress {
  /** When the pass's first invocation started. */
  startedAt: string;
  complete: boolean;
  /** Resources listed by this invocation. */
  total: number;
  /** Listed resources the pass has still to describe (the next invocations will). */
  remaining: number;
  /** Describe calls this invocation started (new and status-changed resources first, then the sweep). */
  describedThisRun: number;
  /** The last resource the sweep reached, in ARN order. */
  cursor?: string;
  /** Tombstones left for the next invocation because time ran out (they need its complete listing too). */
  deferredTombstones?: number;
  /** The rolling sweep's period: every resource is described within it (present when the cycle was given one). */
  periodMs?: number;
  /** When the pass must be complete to keep the period (ISO). */
  dueBy?: string;
  /** The pass is overdue, or this was its last cycle before `dueBy`, and resources are left: the period is not kept. */
  behind?: boolean;
  /**
   * A lower bound on when the least recently described listed resource was described (ISO): the pass's start for what
   * it reached, the previous pass's progress for the rest. Absent while some listed resource was never described.
   */
  oldestDescribedAt?: string;
  /** When every listed resource had first been described at least once (ISO); kept across passes. */
  firstCompleteAt?: string;
}

/** The default schedule interval of the inventory (rate(5 minutes)). */
export const DEFAULT_CYCLE_INTERVAL_MS = 300_000;

/** The account does not match the listed ARNs: the poller runs with the wrong ACCOUNT_ID or the wrong credentials. */
export class AccountMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountMismatchError';
  }
}

/**
 * Every kind of one service, in order, within one invocation and its deadline: one cycle and one poller status per
 * kind. A kind whose cycle throws (e.g. `AccountMismatchError`) stops the invocation, as it did for the one kind.
 */
export async function pollServiceInventory<Client extends RegionalClient>(
  deps: InventoryDeps<Client>,
  service: ServiceInventory<Client>,
  options: InventoryPollOptions,
): Promise<InventoryCycleOutcome[]> {
  const outcomes: InventoryCycleOutcome[] = [];
  const budget = options.budget ?? newRequestBudget(deps);
  const before = budget.snapshot();
  for (const kind of service.kinds) {
    // The request budget is the invocation's: each kind gets what the kinds before it left.
    const maxRequests =
      options.maxRequests === undefined
        ? undefined
        : Math.max(0, options.maxRequests - requestCount(budget.since(before)));
    outcomes.push(
      await pollInventoryKind(deps, kind, {
        ...options,
        budget,
        ...(maxRequests !== undefined ? { maxRequests } : {}),
      }),
    );
  }
  return outcomes;
}

/**
 * What one invocation of a service's inventory did, over its kinds: the handler's answer. `listing` is complete and the
 * pass is complete only when they are for every kind; changes, writes and the pass's counts are the kinds' sums.
 */
export interface ServiceCycleOutcome {
  service: string;
  poller: string;
  account: string;
  region: string;
  listing: 'complete' | 'incomplete';
  changes: InventoryChanges;
  inventoryWrites: number;
  pass: { complete: boolean; total: number; remaining: number; describedThisRun: number };
  /** Each kind's own outcome, in the service's order (also stored as its poller status's `lastCycle`). */
  kinds: InventoryCycleOutcome[];
}

/** The kinds' outcomes of one invocation as one answer. */
export function summarizeServiceCycle(
  service: Pick<ServiceInventory<never>, 'service' | 'poller'>,
  outcomes: readonly InventoryCycleOutcome[],
): ServiceCycleOutcome {
  const changes: InventoryChanges = { created: 0, updated: 0, unchanged: 0, revived: 0, tombstoned: 0, failed: 0 };
  const pass = { complete: true, total: 0, remaining: 0, describedThisRun: 0 };
  let inventoryWrites = 0;
  for (const outcome of outcomes) {
    for (const change of Object.keys(changes) as (keyof InventoryChanges)[]) changes[change] += outcome.changes[change];
    inventoryWrites += outcome.inventoryWrites;
    pass.complete &&= outcome.pass.complete;
    pass.total += outcome.pass.total;
    pass.remaining += outcome.pass.remaining;
    pass.describedThisRun += outcome.pass.describedThisRun;
  }
  return {
    service: service.service,
    poller: service.poller,
    account: outcomes[0]?.account ?? '',
    region: outcomes[0]?.region ?? '',
    listing: outcomes.every((o) => o.listing === 'complete') ? 'complete' : 'incomplete',
    changes,
    inventoryWrites,
    pass,
    kinds: [...outcomes],
  };
}

/**
 * One inventory cycle of one kind for the client's region: list every resource, describe them, write what changed,
 * tombstone resources that a complete listing no longer has, and record the outcome in the kind's poller status item.
 *
 * Every invocation lists every resource (cheap: one call per page of the largest size), so tombstones always come from
 * a complete listing. The describes of one pass may be spread over several invocations: new and status-changed
 * resources first, then a sweep in ARN order from the cursor of the pass; the invocation starts no describe that could
 * outlast its deadline, and the next one continues where it stopped.
 */
export async function pollInventoryKind<Client extends RegionalClient>(
  deps: InventoryDeps<Client>,
  kind: InventoryKind<Client>,
  options: InventoryPollOptions,
): Promise<InventoryCycleOutcome> {
  const startedAtMs = deps.clock.now();
  const time = new TimeBudget(deps.clock, options.deadlineMs, options.safetyMarginMs);
  const budget = options.budget ?? newRequestBudget(deps);
  const spentBefore = budget.snapshot();
  const region = await clientRegion(deps.client);
  const kindCtx = { client: deps.client, budget, clock: deps.clock, account: options.accountId, region };
  const listing = await listAll(kind, kindCtx);
  const account = accountOf(listing.resources, options.accountId);
  const key: PollerKey = { poller: kind.poller, account, region };
  const [stored, previous] = await Promise.all([
    readStoredResources(deps, kind, account, region),
    readPollerStatus(deps.store, key),
  ]);

  const ctx: SyncContext<Client> = {
    ...kindCtx,
    account,
    store: deps.store,
    polledAt: new Date(startedAtMs).toISOString(),
    tombstoneRetentionHours: deps.tombstoneRetentionHours ?? DEFAULT_TOMBSTONE_RETENTION_HOURS,
  };
  const listedArns = listing.resources.map((r) => r.arn);
  const sweep = pickSweep(listedArns, previous?.sweepCursor, options.sweepPerCycle ?? 1);
  const pass = continuePass(previous, startedAtMs);
  const pacing = sweepPacing(options);
  const plan = planDescribes(listing.resources, stored, pass, !pacing.paced);
  const share = rotationShare(plan.rotation, stored, pass, pacing, startedAtMs);
  const rotation = plan.rotation.slice(0, share.count);
  // The tag sweep's pick is described even when the paced rotation does not reach it this cycle.
  const planned = new Set([...plan.first, ...rotation].map((r) => r.arn));
  const extra = pacing.paced
    ? listing.resources.filter((r) => sweep.picked.has(r.arn) && !planned.has(r.arn) && !stored.get(r.arn)?.tombstone)
    : [];

  // Tombstones first: they cost no call to the service, and the complete listing they need is this invocation's.
  const tombstones: ResourceResult[] = [];
  let deferredTombstones = 0;
  if (listing.complete) {
    const listed = new Set(listedArns);
    for (const resource of stored.values()) {
      if (listed.has(resource.arn) || resource.tombstone) continue;
      if (!time.canStart()) deferredTombstones++;
      else
        tombstones.push(
          await guarded(resource.arn, () => tombstoneResource(ctx, kind, resource, resource, startedAtMs)),
        );
    }
  }

  const requestsLeft = () =>
    options.maxRequests === undefined || requestCount(budget.since(spentBefore)) < options.maxRequests;
  const head = [...plan.first, ...extra];
  const work = [...head, ...rotation];
  const described: ResourceResult[] = await mapWithConcurrency(work, options.describeConcurrency ?? 8, (listed) => {
    if (!time.canStart() || !requestsLeft()) return Promise.resolve({ arn: listed.arn, unreached: true as const });
    return time.time(() => pollListed(ctx, kind, listed, stored.get(listed.arn), sweep.picked.has(listed.arn)));
  });
  const results = [...described, ...tombstones];

  // Calls start in work order, so the reached resources are a prefix of it and the cursor is the last reached one.
  const started = results.filter((r) => !r.unreached);
  const notStarted = results.length - started.length;
  const sweepReached = results.slice(head.length, work.length).filter((r) => !r.unreached);
  const cursor = sweepReached.length ? sweepReached[sweepReached.length - 1]?.arn : pass.cursor;
  // What the rotation left for later cycles, by pacing or by budget, and the first ones not reached.
  const leftBehind = plan.rotation.length - sweepReached.length;
  const firstLeft = described.slice(0, plan.first.length).filter((r) => r.unreached).length;
  const remaining = pacing.paced ? leftBehind + firstLeft : notStarted;
  const complete = remaining === 0;
  const finishedAtMs = deps.clock.now();
  const checkpoints =
    sweepReached.length && cursor !== undefined
      ? addCheckpoint(pass.checkpoints ?? [], {
          cursor,
          atMs: Math.min(startedAtMs, ...plan.skipped.filter((s) => s.arn <= cursor).map((s) => s.atMs)),
        })
      : (pass.checkpoints ?? []);
  const sweepStatus =
    options.sweepPeriodMs !== undefined
      ? sweepProgress({
          pacing,
          pass,
          previous: previous?.pass,
          share,
          remaining,
          listing,
          stored,
          succeeded: new Set(started.filter((r) => r.result).map((r) => r.arn)),
          unreachedBounds: [
            ...plan.rotation.slice(sweepReached.length).map((r) => describedBound(r.arn, stored, pass)),
            ...plan.first.filter((_, i) => described[i]?.unreached).map((r) => describedBound(r.arn, stored, pass)),
            // A failed describe leaves the resource as it was last described.
            ...described.filter((r) => r.error !== undefined).map((r) => describedBound(r.arn, stored, pass)),
          ],
          finishedAtMs,
        })
      : undefined;
  const outcome = summarize(kind, {
    startedAtMs,
    finishedAtMs,
    account,
    region,
    listing,
    results: started,
    stats: budget.since(spentBefore),
    pass: {
      startedAt: pass.startedAt,
      complete,
      total: listing.resources.length,
      remaining,
      describedThisRun: work.length - described.filter((r) => r.unreached).length,
      ...(cursor !== undefined ? { cursor } : {}),
      ...(deferredTombstones ? { deferredTombstones } : {}),
      ...(sweepStatus ?? {}),
    },
  });
  if (options.lease) outcome.skippedPolls = await options.lease.skippedPolls();
  const failedResources = carryForwardFailures(previous, unpolledResources(stored, results, listedArns, previous));
  const kept = sweepStatus
    ? {
        ...sweepStatus,
        ...(checkpoints.length ? { checkpoints } : {}),
        ...(pass.previousCheckpoints?.length ? { previousCheckpoints: pass.previousCheckpoints } : {}),
      }
    : {};
  await writePollerStatus(deps.store, key, {
    startedAtMs,
    cycle: outcome,
    failedResources,
    ...(sweep.cursor ? { sweepCursor: sweep.cursor } : {}),
    pass: complete
      ? { startedAt: pass.startedAt, complete: true, ...kept }
      : {
          startedAt: pass.startedAt,
          complete: false,
          ...(cursor !== undefined ? { cursor } : {}),
          ...(pass.previousStartedAt ? { previousStartedAt: pass.previousStartedAt } : {}),
          ...kept,
        },
  });
  return outcome;
}

/**
 * The pass this invocation works on: the previous one when it is not complete, else a new one starting now, whose
 * unreached resources keep the start (and the checkpoints) of the pass that just completed.
 */
function continuePass(previous: PollerStatus | undefined, startedAtMs: number): PollerPass {
  if (previous?.pass && !previous.pass.complete) return previous.pass;
  const previousStartedAt = previous ? (previous.pass?.startedAt ?? previous.lastPolledAt) : undefined;
  const previousCheckpoints = previous?.pass?.checkpoints;
  return {
    startedAt: new Date(startedAtMs).toISOString(),
    complete: false,
    ...(previousStartedAt ? { previousStartedAt } : {}),
    ...(previousCheckpoints?.length ? { previousCheckpoints } : {}),
  };
}

interface SweepPacing {
  readonly periodMs: number;
  readonly intervalMs: number;
  /** False when the period is not longer than the interval: every cycle describes all it can, as before the sweep. */
  readonly paced: boolean;
}

function sweepPacing(options: Pick<InventoryPollOptions, 'sweepPeriodMs' | 'cycleIntervalMs'>): SweepPacing {
  const intervalMs = options.cycleIntervalMs ?? DEFAULT_CYCLE_INTERVAL_MS;
  const periodMs = options.sweepPeriodMs ?? intervalMs;
  return { periodMs, intervalMs, paced: periodMs > intervalMs };
}

interface DescribePlan<Listed> {
  /** New, revived, and status- or summary-changed resources, in ARN order: described in the cycle that lists them. */
  first: ListedResource<Listed>[];
  /** The rest of the pass, in ARN order from its cursor: the oldest described first. */
  rotation: ListedResource<Listed>[];
  /**
   * Resources after the cursor the pass already described (a refresh, or first in an earlier cycle), when the plan
   * skips them: unpaced only.
   */
  skipped: { arn: string; atMs: number }[];
}

/**
 * What to describe, in order. First the resources the pass must not wait for: new ones (not stored, or stored as
 * deleted) and those whose listed status or summary differs from the stored one, in ARN order. Then the rotation: the
 * resources after the pass's cursor in ARN order. Unpaced, it leaves out those already described in this pass (their
 * stored `lastPolledAt` is not older than the pass): the pass then ends sooner. Paced, it keeps them, at the cost of one
 * more describe per resource a re-poll wrote during the pass: the rotation then describes every resource at its
 * checkpoint's time, so the resources due next pass are always a prefix of its rotation. A skipped resource would be
 * due at its own (earlier) write's time, anywhere in ARN order, and would pull the whole prefix before it into one
 * cycle: a burst of describes at the period's end.
 */
function planDescribes<Listed>(
  resources: readonly ListedResource<Listed>[],
  stored: ReadonlyMap<string, StoredResourceSummary>,
  pass: PollerPass,
  skipDescribed: boolean,
): DescribePlan<Listed> {
  const sorted = [...resources].sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const passStart = Date.parse(pass.startedAt);
  const plan: DescribePlan<Listed> = { first: [], rotation: [], skipped: [] };
  for (const resource of sorted) {
    const known = stored.get(resource.arn);
    if (!known || known.tombstone || listedChanged(resource, known)) plan.first.push(resource);
    else if (pass.cursor !== undefined && resource.arn <= pass.cursor) continue;
    else if (skipDescribed && known.lastPolledAt && Date.parse(known.lastPolledAt) >= passStart)
      plan.skipped.push({ arn: resource.arn, atMs: Date.parse(known.lastPolledAt) });
    else plan.rotation.push(resource);
  }
  return plan;
}

/** The listing says something the stored `#META` does not: its status, or a summary field. */
export function listedChanged(resource: ListedResource, known: StoredResourceSummary): boolean {
  if (resource.status !== undefined && resource.status !== known.status) return true;
  for (const [field, value] of Object.entries(resource.summary ?? {}) as [ListedSummaryField, string | undefined][])
    if (value !== undefined && value !== known[field]) return true;
  return false;
}

/** The lower bound on when a listed resource was last described, from the store and the previous pass's progress. */
function describedBound(
  arn: string,
  stored: ReadonlyMap<string, StoredResourceSummary>,
  pass: PollerPass,
): number | undefined {
  const fromPass = checkpointBound(pass.previousCheckpoints, arn) ?? parseIso(pass.previousStartedAt);
  const fromStore = parseIso(stored.get(arn)?.lastPolledAt);
  if (fromPass === undefined) return fromStore;
  return fromStore === undefined ? fromPass : Math.max(fromPass, fromStore);
}

const parseIso = (iso: string | undefined): number | undefined => {
  const ms = iso === undefined ? NaN : Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
};

interface RotationShare {
  /** Rotation resources this cycle describes (from the front). */
  count: number;
  /** When the pass must be complete (epoch ms). */
  dueByMs: number;
  /** Cycles left until then, this one included (1: this cycle must finish the pass). */
  cyclesLeft: number;
}

/**
 * This cycle's share of the rotation. Unpaced: all of it. Paced: the pass must be complete one interval before its
 * period ends (slack for a late schedule), so its describes are spread evenly over the cycles left until then,
 * `ceil(remaining / cyclesLeft)`; and every resource whose last description (its bound) would pass the period before
 * the next cycle could reach it (with half an interval to spare for that cycle's own delay) is taken now, whatever the
 * even share says. Overdue: all of it.
 */
function rotationShare(
  rotation: readonly ListedResource[],
  stored: ReadonlyMap<string, StoredResourceSummary>,
  pass: PollerPass,
  pacing: SweepPacing,
  nowMs: number,
): RotationShare {
  const dueByMs = Date.parse(pass.startedAt) + Math.max(pacing.periodMs - pacing.intervalMs, pacing.intervalMs);
  if (!pacing.paced) return { count: rotation.length, dueByMs, cyclesLeft: 1 };
  const cyclesLeft = Math.max(1, Math.ceil((dueByMs - nowMs) / pacing.intervalMs));
  let count = Math.ceil(rotation.length / cyclesLeft);
  const mustBefore = nowMs + pacing.intervalMs * 1.5 - pacing.periodMs;
  for (let i = rotation.length - 1; i >= count; i--) {
    const bound = describedBound((rotation[i] as ListedResource).arn, stored, pass);
    if (bound === undefined || bound <= mustBefore) {
      count = i + 1;
      break;
    }
  }
  return { count, dueByMs, cyclesLeft };
}

/** The pass's sweep fields for the outcome and the status item. */
function sweepProgress(input: {
  pacing: SweepPacing;
  pass: PollerPass;
  previous: PollerPass | undefined;
  share: RotationShare;
  remaining: number;
  listing: Listing<unknown>;
  stored: ReadonlyMap<string, StoredResourceSummary>;
  succeeded: ReadonlySet<string>;
  unreachedBounds: readonly (number | undefined)[];
  finishedAtMs: number;
}): Pick<PassProgress, 'periodMs' | 'dueBy' | 'behind' | 'oldestDescribedAt' | 'firstCompleteAt'> {
  const neverDescribed = input.listing.resources.some((r) => {
    const known = input.stored.get(r.arn);
    return (!known || known.tombstone) && !input.succeeded.has(r.arn);
  });
  const firstCompleteAt =
    input.previous?.firstCompleteAt ??
    (input.listing.complete && !neverDescribed ? new Date(input.finishedAtMs).toISOString() : undefined);
  let oldest = Date.parse(input.pass.startedAt);
  let bounded = !neverDescribed;
  for (const bound of input.unreachedBounds) {
    if (bound === undefined) bounded = false;
    else oldest = Math.min(oldest, bound);
  }
  return {
    periodMs: input.pacing.periodMs,
    dueBy: new Date(input.share.dueByMs).toISOString(),
    behind: input.remaining > 0 && input.share.cyclesLeft <= 1,
    ...(bounded ? { oldestDescribedAt: new Date(oldest).toISOString() } : {}),
    ...(firstCompleteAt ? { firstCompleteAt } : {}),
  };
}

/** Requests counted in call stats. */
const requestCount = (stats: CallStats): number => Object.values(stats.calls).reduce((sum, n) => sum + n, 0);

interface ResourceResult {
  arn: string;
  result?: TreeWriteResult;
  /** What the kind's `afterSync` did, when it ran. */
  afterSync?: { writes: number; degraded?: string };
  error?: string;
  /** Not started: the invocation's time ran out first. */
  unreached?: true;
}

async function pollListed<Client>(
  ctx: SyncContext<Client>,
  kind: InventoryKind<Client>,
  listed: ListedResource,
  stored: StoredResourceSummary | undefined,
  refresh: boolean,
): Promise<ResourceResult> {
  let tree: ResourceTree | undefined;
  const polled = await guarded(listed.arn, async () => {
    const described = await kind.describe(ctx, listed, stored, { refresh });
    // Deleted between the listing and the describe.
    if (described === GONE) {
      const resource = { arn: listed.arn, ...(listed.name ? { name: listed.name } : {}) };
      return tombstoneResource(ctx, kind, resource, stored, ctx.clock.now());
    }
    tree = described.tree;
    return syncDescribed(ctx, kind, described, stored, { refresh });
  });
  if (!kind.afterSync || !polled.result || !tree) return polled;
  return { ...polled, afterSync: await runAfterSync(ctx, kind, tree) };
}

/** The kind's work after a sync: a failure is a warning on the resource, never its failure. */
async function runAfterSync<Client>(
  ctx: SyncContext<Client>,
  kind: InventoryKind<Client>,
  tree: ResourceTree,
): Promise<{ writes: number; degraded?: string }> {
  try {
    const done = await (kind.afterSync as NonNullable<InventoryKind<Client>['afterSync']>)(ctx, tree);
    return { writes: done.writes, ...(done.degraded ? { degraded: done.degraded } : {}) };
  } catch (error) {
    return { writes: 0, degraded: describeError(error) };
  }
}

/** Any failure of one resource is recorded against that resource; the cycle goes on. */
async function guarded(arn: string, work: () => Promise<TreeWriteResult>): Promise<ResourceResult> {
  try {
    return { arn, result: await work() };
  } catch (error) {
    return { arn, error: describeError(error) };
  }
}

interface Listing<Listed> {
  resources: ListedResource<Listed>[];
  complete: boolean;
  error?: string;
}

/**
 * Every resource of the kind, through its paginator. A page throttled beyond the budget's pace is retried with backoff
 * by restarting the listing at that page's token; any page that still fails leaves the listing incomplete.
 */
async function listAll<Client, Listed>(
  kind: InventoryKind<Client, Listed>,
  ctx: { client: Client; budget: RequestBudget } & Omit<
    SyncContext<Client>,
    'store' | 'polledAt' | 'tombstoneRetentionHours'
  >,
): Promise<Listing<Listed>> {
  const resources = new Map<string, ListedResource<Listed>>();
  let token: string | undefined;
  try {
    await ctx.budget.retryThrottles(listOperation(kind), async () => {
      for await (const page of kind.listPages(ctx, token)) {
        for (const resource of page.items) resources.set(resource.arn, resource);
        token = page.nextToken;
      }
    });
    return { resources: [...resources.values()], complete: true };
  } catch (error) {
    return { resources: [...resources.values()], complete: false, error: describeError(error) };
  }
}

const listOperation = (kind: Pick<InventoryKind, 'listOperation' | 'type'>): string =>
  kind.listOperation ?? `List ${kind.type}`;

/** ARNs that name an account must name the poller's (moto's MediaLive ARNs name none, and parse as no ARN). */
function accountOf(resources: readonly ListedResource[], accountId: string): string {
  for (const resource of resources) {
    const account = tryParseArn(resource.arn)?.account;
    if (account && account !== accountId)
      throw new AccountMismatchError(`Resource ARNs are in account ${account}, but ACCOUNT_ID is ${accountId}`);
  }
  return accountId;
}

/** The stored resources of the kind in the account and region, with one paginated Query on GSI1. */
async function readStoredResources(
  deps: Pick<InventoryDeps, 'store'>,
  kind: Pick<InventoryKind, 'type'>,
  account: string,
  region: string,
): Promise<Map<string, StoredResourceSummary>> {
  const items = await deps.store.queryAll<Partial<StoredResourceSummary>>({
    index: GSI1,
    pk: listPk(kind.type, account, region),
  });
  return new Map(items.filter((i): i is StoredResourceSummary => typeof i.arn === 'string').map((i) => [i.arn, i]));
}

/** The next `count` resources after the cursor, in ARN order, wrapping around. */
export function pickSweep(
  arns: readonly string[],
  cursor: string | undefined,
  count: number,
): { picked: Set<string>; cursor?: string } {
  const sorted = [...new Set(arns)].sort();
  if (count <= 0 || sorted.length === 0) return { picked: new Set(), ...(cursor ? { cursor } : {}) };
  const start = cursor === undefined ? 0 : sorted.findIndex((arn) => arn > cursor);
  const from = start < 0 ? 0 : start;
  const picked = Array.from(
    { length: Math.min(count, sorted.length) },
    (_, i) => sorted[(from + i) % sorted.length] as string,
  );
  return { picked: new Set(picked), cursor: picked[picked.length - 1] as string };
}

/**
 * Stored live resources this invocation did not describe successfully and whose failure must be recorded: those that
 * failed now, those an incomplete listing left out (or whose tombstone was deferred), and those that failed earlier
 * and were not described again since. A listed resource the pass has simply not reached yet is not a failure: the
 * pass says so.
 */
function unpolledResources(
  stored: Map<string, StoredResourceSummary>,
  results: readonly ResourceResult[],
  listedArns: readonly string[],
  previous: Pick<PollerStatus, 'failedResources'> | undefined,
): UnpolledResource[] {
  const succeeded = new Set(results.filter((r) => r.result).map((r) => r.arn));
  const failed = new Set(results.filter((r) => r.error).map((r) => r.arn));
  const listed = new Set(listedArns);
  const unpolled: UnpolledResource[] = [];
  for (const arn of failed) {
    const resource = stored.get(arn);
    unpolled.push({
      arn,
      known: !!resource && !resource.tombstone,
      ...(resource?.lastPolledAt ? { lastPolledAt: resource.lastPolledAt } : {}),
    });
  }
  for (const resource of stored.values()) {
    if (succeeded.has(resource.arn) || failed.has(resource.arn) || resource.tombstone) continue;
    if (listed.has(resource.arn) && previous?.failedResources?.[resource.arn] === undefined) continue;
    unpolled.push({
      arn: resource.arn,
      known: true,
      ...(resource.lastPolledAt ? { lastPolledAt: resource.lastPolledAt } : {}),
    });
  }
  return unpolled;
}

interface SummaryInput {
  startedAtMs: number;
  finishedAtMs: number;
  account: string;
  region: string;
  listing: Listing<unknown>;
  results: readonly ResourceResult[];
  stats: CallStats;
  pass: PassProgress;
}

function summarize(
  kind: Pick<InventoryKind, 'poller' | 'type' | 'listOperation' | 'outcomeNames'>,
  input: SummaryInput,
): InventoryCycleOutcome {
  const changes: InventoryChanges = { created: 0, updated: 0, unchanged: 0, revived: 0, tombstoned: 0, failed: 0 };
  const failedResources: { arn: string; error: string }[] = [];
  const degraded = new Set<string>();
  let inventoryWrites = 0;
  let truncatedItems = 0;
  let warnings = 0;
  for (const r of input.results) {
    if (r.error !== undefined) {
      changes.failed++;
      if (failedResources.length < MAX_RECORDED_ERRORS) failedResources.push({ arn: r.arn, error: r.error });
      continue;
    }
    const result = r.result as TreeWriteResult;
    changes[result.change satisfies ResourceChange]++;
    inventoryWrites += result.writes + (r.afterSync?.writes ?? 0);
    truncatedItems += result.truncatedItems;
    const warning = result.warning ?? r.afterSync?.degraded;
    if (warning !== undefined) {
      warnings++;
      if (degraded.size < MAX_RECORDED_ERRORS) degraded.add(warning);
    }
  }
  const errors = [
    ...(input.listing.error ? [`${listOperation(kind)}: ${input.listing.error}`] : []),
    ...failedResources.map((f) => `${f.arn}: ${f.error}`),
  ];
  const outcome: InventoryCycleOutcome = {
    poller: kind.poller,
    account: input.account,
    region: input.region,
    resourceType: kind.type,
    startedAt: new Date(input.startedAtMs).toISOString(),
    finishedAt: new Date(input.finishedAtMs).toISOString(),
    durationMs: input.finishedAtMs - input.startedAtMs,
    listing: input.listing.complete ? 'complete' : 'incomplete',
    resourcesListed: input.listing.resources.length,
    ...input.stats,
    changes,
    failedResources,
    inventoryWrites,
    statusWrites: 1,
    truncatedItems,
    warnings,
    degraded: [...degraded],
    errors: errors.slice(0, MAX_RECORDED_ERRORS),
    pass: input.pass,
  };
  const names = kind.outcomeNames;
  return names
    ? Object.assign(outcome, {
        [names.listed]: outcome.resourcesListed,
        [names.failed]: outcome.failedResources,
        [names.warnings]: outcome.warnings,
      })
    : outcome;
}
