import { ListedFlow, MediaConnectClient, paginateListFlows } from '@aws-sdk/client-mediaconnect';
import { parseArn } from '../shared/arn';
import { describeError, isNotFound } from '../shared/errors';
import { mapWithConcurrency } from '../shared/rate-limiter';
import { TimeBudget } from '../shared/time-budget';
import { GSI1, listPk } from '../store/keys';
import type { HeldLease } from '../store/lease';
import {
  carryForwardFailures,
  PollerCycleSummary,
  PollerKey,
  PollerPass,
  PollerStatus,
  readPollerStatus,
  UnpolledResource,
  writePollerStatus,
} from '../store/poller-status';
import type { RequestBudget, CallStats } from '../polling/request-budget';
import { DescribedFlow, describeFlow } from './flow-describe';
import {
  FlowChange,
  FlowSyncContext,
  FlowWriteResult,
  StoredFlowSummary,
  syncDescribedFlow,
  tombstoneFlow,
} from './flow-sync';
import { clientRegion, DEFAULT_TOMBSTONE_RETENTION_HOURS, InventoryDeps, newApiBudget } from './inventory-deps';

export const INVENTORY_POLLER_NAME = 'mediaconnect-inventory';

/** ListFlows' largest page. */
const LIST_PAGE_SIZE = 1000;
/** At most this many failure descriptions are kept in the outcome (the status item must stay small). */
const MAX_RECORDED_ERRORS = 25;

export interface InventoryPollOptions {
  /**
   * The account the poller runs in (env ACCOUNT_ID). Listed flow ARNs must belong to it; with zero flows it still names
   * the status item and the listing to compare with.
   */
  readonly accountId: string;
  /** DescribeFlow calls in flight. @default 8 */
  readonly describeConcurrency?: number;
  /** Unchanged flows whose tags are re-read per cycle, round-robin, to catch tag-only changes. 0 turns it off. @default 1 */
  readonly tagSweepPerCycle?: number;
  /**
   * Epoch ms (on deps.clock) at which the invocation is killed (`context.getRemainingTimeInMillis()` from now). The
   * cycle starts no DescribeFlow call that could run past it; the next invocation continues the pass.
   * @default undefined: no limit
   */
  readonly deadlineMs?: number;
  /** Kept free before the deadline for tombstones and the status write. @default 10 % of the time left, at least 10 s */
  readonly safetyMarginMs?: number;
  /** The poller lease this cycle holds; the polls it made skip are recorded in the outcome. */
  readonly lease?: Pick<HeldLease, 'skippedPolls'>;
}

export interface InventoryChanges {
  created: number;
  updated: number;
  unchanged: number;
  revived: number;
  tombstoned: number;
  failed: number;
}

/** What one inventory cycle did. Returned by the handler, logged, and stored as the poller status's `lastCycle`. */
export interface InventoryCycleOutcome extends PollerCycleSummary, CallStats {
  poller: typeof INVENTORY_POLLER_NAME;
  account: string;
  region: string;
  /** `complete` only when every ListFlows page arrived; otherwise nothing was tombstoned. */
  listing: 'complete' | 'incomplete';
  flowsListed: number;
  changes: InventoryChanges;
  /** Flows whose DescribeFlow or write failed; they were left as stored. */
  failedFlows: { arn: string; error: string }[];
  /** Inventory items written or deleted. Zero in a steady-state cycle. */
  inventoryWrites: number;
  /** The poller status item: one write per cycle, not an inventory item. */
  statusWrites: number;
  truncatedItems: number;
  tagErrors: number;
  /** How far the pass over every listed flow has come; `complete: false` when this invocation ran out of time. */
  pass: PassProgress;
  /** Scheduled polls that found this cycle's lease held and did nothing (only when the cycle ran under a lease). */
  skippedPolls?: number;
}

/** The pass as the outcome (and `/summary`) shows it. */
export interface PassProgress {
  /** When the pass's first invocation started. */
  startedAt: string;
  complete: boolean;
  /** Flows listed by this invocation. */
  total: number;
  /** Listed flows the pass has still to describe (the next invocations will). */
  remaining: number;
  /** DescribeFlow calls this invocation started (new and status-changed flows first, then the sweep). */
  describedThisRun: number;
  /** The last flow the sweep reached, in ARN order. */
  cursor?: string;
  /** Tombstones left for the next invocation because time ran out (they need its complete listing too). */
  deferredTombstones?: number;
}

/** The account does not match the flows' ARNs: the poller runs with the wrong ACCOUNT_ID or the wrong credentials. */
export class AccountMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountMismatchError';
  }
}

/**
 * One inventory cycle for the client's region: list every flow, describe them, write what changed, tombstone flows
 * that a complete listing no longer has, and record the outcome in the poller status item.
 *
 * Every invocation lists every flow (cheap: 1,000 per call), so tombstones always come from a complete listing. The
 * describes of one pass may be spread over several invocations: new and status-changed flows first, then a sweep in
 * ARN order from the cursor of the pass; the invocation starts no describe that could outlast its deadline, and the
 * next one continues where it stopped.
 */
export async function pollMediaConnectInventory(
  deps: InventoryDeps,
  options: InventoryPollOptions,
): Promise<InventoryCycleOutcome> {
  const startedAtMs = deps.clock.now();
  const time = new TimeBudget(deps.clock, options.deadlineMs, options.safetyMarginMs);
  const budget = newApiBudget(deps);
  const region = await clientRegion(deps.mediaConnect);
  const listing = await listAllFlows(deps.mediaConnect, budget);
  const account = accountOf(listing.flows, options.accountId);
  const key: PollerKey = { poller: INVENTORY_POLLER_NAME, account, region };
  const [stored, previous] = await Promise.all([
    readStoredFlows(deps, account, region),
    readPollerStatus(deps.store, key),
  ]);

  const ctx: FlowSyncContext = {
    client: deps.mediaConnect,
    store: deps.store,
    budget,
    region,
    polledAt: new Date(startedAtMs).toISOString(),
    tombstoneRetentionHours: deps.tombstoneRetentionHours ?? DEFAULT_TOMBSTONE_RETENTION_HOURS,
  };
  const listedArns = listing.flows.map((f) => f.FlowArn as string);
  const sweep = pickTagSweep(listedArns, previous?.sweepCursor, options.tagSweepPerCycle ?? 1);
  const pass = continuePass(previous, startedAtMs);
  const plan = planDescribes(listing.flows, stored, pass);

  // Tombstones first: they cost no MediaConnect call, and the complete listing they need is this invocation's.
  const tombstones: FlowResult[] = [];
  let deferredTombstones = 0;
  if (listing.complete) {
    const listed = new Set(listedArns);
    for (const flow of stored.values()) {
      if (listed.has(flow.arn) || flow.tombstone) continue;
      if (!time.canStart()) deferredTombstones++;
      else tombstones.push(await guarded(flow.arn, () => tombstoneFlow(ctx, flow, flow, startedAtMs)));
    }
  }

  const work = [...plan.first, ...plan.sweep];
  const described: FlowResult[] = await mapWithConcurrency(work, options.describeConcurrency ?? 8, (flow) => {
    const arn = flow.FlowArn as string;
    if (!time.canStart()) return Promise.resolve({ arn, unreached: true });
    return time.time(() => pollListedFlow(deps, ctx, flow, stored.get(arn), sweep.picked.has(arn)));
  });
  const results = [...described, ...tombstones];

  // Calls start in work order, so the reached flows are a prefix of it and the cursor is the last reached sweep flow.
  const started = results.filter((r) => !r.unreached);
  const remaining = results.length - started.length;
  const sweepReached = results.slice(plan.first.length, work.length).filter((r) => !r.unreached);
  const cursor = sweepReached.length ? sweepReached[sweepReached.length - 1]?.arn : pass.cursor;
  const complete = remaining === 0;
  const outcome = summarize({
    startedAtMs,
    finishedAtMs: deps.clock.now(),
    account,
    region,
    listing,
    results: started,
    stats: budget.snapshot(),
    pass: {
      startedAt: pass.startedAt,
      complete,
      total: listing.flows.length,
      remaining,
      describedThisRun: work.length - remaining,
      ...(cursor !== undefined ? { cursor } : {}),
      ...(deferredTombstones ? { deferredTombstones } : {}),
    },
  });
  if (options.lease) outcome.skippedPolls = await options.lease.skippedPolls();
  const failedResources = carryForwardFailures(previous, unpolledFlows(stored, results, listedArns, previous));
  await writePollerStatus(deps.store, key, {
    startedAtMs,
    cycle: outcome,
    failedResources,
    ...(sweep.cursor ? { sweepCursor: sweep.cursor } : {}),
    pass: complete
      ? { startedAt: pass.startedAt, complete: true }
      : {
          startedAt: pass.startedAt,
          complete: false,
          ...(cursor !== undefined ? { cursor } : {}),
          ...(pass.previousStartedAt ? { previousStartedAt: pass.previousStartedAt } : {}),
        },
  });
  return outcome;
}

/**
 * The pass this invocation works on: the previous one when it is not complete, else a new one starting now, whose
 * unreached flows keep the start of the pass that just completed.
 */
function continuePass(previous: PollerStatus | undefined, startedAtMs: number): PollerPass {
  if (previous?.pass && !previous.pass.complete) return previous.pass;
  const previousStartedAt = previous ? (previous.pass?.startedAt ?? previous.lastPolledAt) : undefined;
  return {
    startedAt: new Date(startedAtMs).toISOString(),
    complete: false,
    ...(previousStartedAt ? { previousStartedAt } : {}),
  };
}

/**
 * What to describe, in order. First the flows the pass must not wait for: new ones (not stored, or stored as deleted)
 * and those whose listed status differs from the stored one, in ARN order. Then the sweep: the flows after the
 * pass's cursor in ARN order, leaving out those already described in this pass (their stored `lastPolledAt` is not
 * older than the pass).
 */
function planDescribes(
  flows: readonly ListedFlow[],
  stored: ReadonlyMap<string, StoredFlowSummary>,
  pass: PollerPass,
): { first: ListedFlow[]; sweep: ListedFlow[] } {
  const sorted = [...flows].sort((a, b) => ((a.FlowArn as string) < (b.FlowArn as string) ? -1 : 1));
  const passStart = Date.parse(pass.startedAt);
  const first: ListedFlow[] = [];
  const sweep: ListedFlow[] = [];
  for (const flow of sorted) {
    const arn = flow.FlowArn as string;
    const known = stored.get(arn);
    if (!known || known.tombstone || (flow.Status !== undefined && flow.Status !== known.status)) first.push(flow);
    else if (pass.cursor !== undefined && arn <= pass.cursor) continue;
    else if (known.lastPolledAt && Date.parse(known.lastPolledAt) >= passStart) continue;
    else sweep.push(flow);
  }
  return { first, sweep };
}

interface FlowResult {
  arn: string;
  result?: FlowWriteResult;
  error?: string;
  /** Not started: the invocation's time ran out first. */
  unreached?: true;
}

async function pollListedFlow(
  deps: InventoryDeps,
  ctx: FlowSyncContext,
  listed: ListedFlow,
  stored: StoredFlowSummary | undefined,
  refreshTags: boolean,
): Promise<FlowResult> {
  const arn = listed.FlowArn as string;
  return guarded(arn, async () => {
    let described: DescribedFlow;
    try {
      described = await describeFlow(ctx.client, ctx.budget, deps.clock, arn);
    } catch (error) {
      // Deleted between ListFlows and DescribeFlow.
      if (isNotFound(error))
        return tombstoneFlow(ctx, { arn, ...(listed.Name ? { name: listed.Name } : {}) }, stored, deps.clock.now());
      throw error;
    }
    return syncDescribedFlow(ctx, described, stored, { refreshTags });
  });
}

/** Any failure of one flow is recorded against that flow; the cycle goes on. */
async function guarded(arn: string, work: () => Promise<FlowWriteResult>): Promise<FlowResult> {
  try {
    return { arn, result: await work() };
  } catch (error) {
    return { arn, error: describeError(error) };
  }
}

interface Listing {
  flows: ListedFlow[];
  complete: boolean;
  error?: string;
}

/**
 * Every flow, through the SDK paginator with the largest page. A page throttled beyond the SDK's retries is retried with
 * backoff by restarting the paginator at that page's token; any page that still fails leaves the listing incomplete.
 */
async function listAllFlows(client: MediaConnectClient, budget: RequestBudget): Promise<Listing> {
  const flows = new Map<string, ListedFlow>();
  let token: string | undefined;
  try {
    await budget.retryThrottles('ListFlows', async () => {
      const pages = paginateListFlows(
        {
          client: rateLimited(client, budget, 'ListFlows'),
          pageSize: LIST_PAGE_SIZE,
          stopOnSameToken: true,
          ...(token ? { startingToken: token } : {}),
        },
        {},
      );
      for await (const page of pages) {
        for (const flow of page.Flows ?? []) if (flow.FlowArn) flows.set(flow.FlowArn, flow);
        token = page.NextToken;
      }
    });
    return { flows: [...flows.values()], complete: true };
  } catch (error) {
    return { flows: [...flows.values()], complete: false, error: describeError(error) };
  }
}

/** The client, with every `send` going through the budget (the paginator needs a real client instance). */
function rateLimited(client: MediaConnectClient, budget: RequestBudget, operation: string): MediaConnectClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'send') {
        const send = target.send.bind(target) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => budget.send(operation, () => send(...args));
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

function accountOf(flows: readonly ListedFlow[], accountId: string): string {
  for (const flow of flows) {
    const account = parseArn(flow.FlowArn as string).account;
    if (account && account !== accountId)
      throw new AccountMismatchError(`Flow ARNs are in account ${account}, but ACCOUNT_ID is ${accountId}`);
  }
  return accountId;
}

/** The stored flows of the account and region, with one paginated Query on GSI1. */
async function readStoredFlows(
  deps: InventoryDeps,
  account: string,
  region: string,
): Promise<Map<string, StoredFlowSummary>> {
  const items = await deps.store.queryAll<Partial<StoredFlowSummary>>({
    index: GSI1,
    pk: listPk('mediaconnect:flow', account, region),
  });
  return new Map(items.filter((i): i is StoredFlowSummary => typeof i.arn === 'string').map((i) => [i.arn, i]));
}

/** The next `count` flows after the cursor, in ARN order, wrapping around. */
export function pickTagSweep(
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
 * Stored live flows this invocation did not describe successfully and whose failure must be recorded: those that
 * failed now, those an incomplete listing left out (or whose tombstone was deferred), and those that failed earlier and
 * were not described again since. A listed flow the pass has simply not reached yet is not a failure: the pass says so.
 */
function unpolledFlows(
  stored: Map<string, StoredFlowSummary>,
  results: readonly FlowResult[],
  listedArns: readonly string[],
  previous: Pick<PollerStatus, 'failedResources'> | undefined,
): UnpolledResource[] {
  const succeeded = new Set(results.filter((r) => r.result).map((r) => r.arn));
  const failed = new Set(results.filter((r) => r.error).map((r) => r.arn));
  const listed = new Set(listedArns);
  const unpolled: UnpolledResource[] = [];
  for (const arn of failed) {
    const flow = stored.get(arn);
    unpolled.push({
      arn,
      known: !!flow && !flow.tombstone,
      ...(flow?.lastPolledAt ? { lastPolledAt: flow.lastPolledAt } : {}),
    });
  }
  for (const flow of stored.values()) {
    if (succeeded.has(flow.arn) || failed.has(flow.arn) || flow.tombstone) continue;
    if (listed.has(flow.arn) && previous?.failedResources?.[flow.arn] === undefined) continue;
    unpolled.push({ arn: flow.arn, known: true, ...(flow.lastPolledAt ? { lastPolledAt: flow.lastPolledAt } : {}) });
  }
  return unpolled;
}

interface SummaryInput {
  startedAtMs: number;
  finishedAtMs: number;
  account: string;
  region: string;
  listing: Listing;
  results: readonly FlowResult[];
  stats: CallStats;
  pass: PassProgress;
}

function summarize(input: SummaryInput): InventoryCycleOutcome {
  const changes: InventoryChanges = { created: 0, updated: 0, unchanged: 0, revived: 0, tombstoned: 0, failed: 0 };
  const failedFlows: { arn: string; error: string }[] = [];
  let inventoryWrites = 0;
  let truncatedItems = 0;
  let tagErrors = 0;
  for (const r of input.results) {
    if (r.error !== undefined) {
      changes.failed++;
      if (failedFlows.length < MAX_RECORDED_ERRORS) failedFlows.push({ arn: r.arn, error: r.error });
      continue;
    }
    const result = r.result as FlowWriteResult;
    changes[result.change satisfies FlowChange]++;
    inventoryWrites += result.writes;
    truncatedItems += result.truncatedItems;
    if (result.tagsError) tagErrors++;
  }
  const errors = [
    ...(input.listing.error ? [`ListFlows: ${input.listing.error}`] : []),
    ...failedFlows.map((f) => `${f.arn}: ${f.error}`),
  ];
  return {
    poller: INVENTORY_POLLER_NAME,
    account: input.account,
    region: input.region,
    startedAt: new Date(input.startedAtMs).toISOString(),
    finishedAt: new Date(input.finishedAtMs).toISOString(),
    durationMs: input.finishedAtMs - input.startedAtMs,
    listing: input.listing.complete ? 'complete' : 'incomplete',
    flowsListed: input.listing.flows.length,
    ...input.stats,
    changes,
    failedFlows,
    inventoryWrites,
    statusWrites: 1,
    truncatedItems,
    tagErrors,
    errors: errors.slice(0, MAX_RECORDED_ERRORS),
    pass: input.pass,
  };
}
