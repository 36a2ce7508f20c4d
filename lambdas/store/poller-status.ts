import { pollerPk, POLLERS_LIST_PK, STATUS_SK, StoredItem } from './keys';
import type { StateStore } from './state-store';

/**
 * One status item per poller, account and region (`POLLER#<poller>#<acct>#<region>`, `#STATUS`, listed under GSI1 `POLLERS`).
 * It is written once per cycle and is not an inventory item: it holds the cycle outcome (`lastCycle`) and what a
 * reader needs to derive each resource's effective `lastPolledAt` without the poller writing every resource every cycle.
 * Every poller (MediaConnect inventory and metrics, later MediaLive and MediaPackage) uses this writer; the poller name is a
 * parameter.
 */

/** What any poller reports about one cycle. Pollers add their own fields. */
export interface PollerCycleSummary {
  poller: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Safe one-line error descriptions (never stacks or request bodies); the API counts them. */
  errors: string[];
  [field: string]: unknown;
}

export interface PollerKey {
  poller: string;
  account: string;
  region: string;
}

/**
 * Resource ARN → when it was last polled successfully (ISO), or null when it never was. Holds the resources that the
 * latest cycle did not poll successfully; every other resource counts as polled at the status item's `lastPolledAt`.
 */
export type FailedResources = Record<string, string | null>;

export interface PollerStatus extends StoredItem {
  type: 'poller';
  poller: string;
  lastCycle: PollerCycleSummary;
  /** Start of the latest cycle: every resource it polled successfully was polled at this time. */
  lastPolledAt: string;
  failedResources: FailedResources;
  /**
   * True when more resources failed than the item keeps (`MAX_STORED_FAILED_RESOURCES`, the stalest first); the total is
   * `lastCycle.failedResourceCount`. A resource missing from a truncated map has no last poll time from the status.
   */
  failedResourcesTruncated?: boolean;
  /** Where a round-robin sweep over the resources stopped (e.g. the inventory poller's tag refresh). */
  sweepCursor?: string;
  /** The pass in progress, or the last one when it is complete (pollers that spread a round over invocations). */
  pass?: PollerPass;
}

/**
 * A pass: one round of a poller over every resource, which may span several invocations when one invocation's time
 * is not enough. Resources are swept in ARN order; the cursor says how far the pass has come.
 */
export interface PollerPass {
  /** When the pass's first invocation started: every resource it reached was polled at or after this time. */
  startedAt: string;
  complete: boolean;
  /** The last resource (ARN order) the sweep reached. Resources after it are not reached yet; absent: none is. */
  cursor?: string;
  /** Start of the last complete pass: what the current pass has not reached yet was polled at or after it. */
  previousStartedAt?: string;
  /** The rolling sweep's period (every resource described within it), when the poller paces its passes. */
  periodMs?: number;
  /** When the pass must be complete to keep the period (ISO). */
  dueBy?: string;
  /** The pass is overdue (or its last cycle before `dueBy` did not finish it) with resources left. */
  behind?: boolean;
  /** A lower bound on the oldest description of a listed resource (ISO); absent while some was never described. */
  oldestDescribedAt?: string;
  /** When every listed resource had been described at least once for the first time (ISO); kept across passes. */
  firstCompleteAt?: string;
  /**
   * How far the sweep got in each invocation of this pass: every resource after the previous checkpoint's cursor, up to
   * and including `cursor` (ARN order), was described at or after `atMs`. Bounds, per ARN range, when each resource
   * was last described, so the next pass knows which are due first. At most `MAX_PASS_CHECKPOINTS`.
   */
  checkpoints?: PassCheckpoint[];
  /** The last complete pass's checkpoints: when the resources this pass has not reached yet were described. */
  previousCheckpoints?: PassCheckpoint[];
}

/** One invocation's progress within a pass (see `PollerPass.checkpoints`). */
export interface PassCheckpoint {
  cursor: string;
  atMs: number;
}

/** Checkpoints a pass keeps; more are merged in pairs (the later cursor, the earlier time: the bound stays true). */
export const MAX_PASS_CHECKPOINTS = 48;

/** Appends a checkpoint, merging neighbours in pairs when the list is full. */
export function addCheckpoint(checkpoints: readonly PassCheckpoint[], next: PassCheckpoint): PassCheckpoint[] {
  let list = [...checkpoints, next];
  while (list.length > MAX_PASS_CHECKPOINTS) {
    const merged: PassCheckpoint[] = [];
    for (let i = 0; i < list.length; i += 2) {
      const a = list[i] as PassCheckpoint;
      const b = list[i + 1];
      merged.push(b ? { cursor: b.cursor, atMs: Math.min(a.atMs, b.atMs) } : a);
    }
    list = merged;
  }
  return list;
}

/**
 * The time at or after which the checkpoints say `arn` was described: the first checkpoint whose cursor is not
 * before it. Undefined when the ARN is after every checkpoint.
 */
export function checkpointBound(checkpoints: readonly PassCheckpoint[] | undefined, arn: string): number | undefined {
  if (!checkpoints?.length) return undefined;
  let lo = 0;
  let hi = checkpoints.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((checkpoints[mid] as PassCheckpoint).cursor < arn) lo = mid + 1;
    else hi = mid;
  }
  return checkpoints[lo]?.atMs;
}

export const pollerStatusKey = (key: PollerKey): { pk: string; sk: string } => ({
  pk: pollerPk(key.poller, key.account, key.region),
  sk: STATUS_SK,
});

export async function readPollerStatus(
  store: Pick<StateStore, 'get'>,
  key: PollerKey,
): Promise<PollerStatus | undefined> {
  return store.get<PollerStatus>(pollerStatusKey(key));
}

/**
 * Failed resources the status item keeps. 200 entries of ~130-byte ARNs and ISO times are ~40 KB, far below DynamoDB's
 * 400 KB item limit whatever else the item holds; the count of all of them is stored beside.
 */
export const MAX_STORED_FAILED_RESOURCES = 200;

export interface PollerStatusWrite {
  /** Epoch ms at which the cycle started: the item's version, so an overlapping older cycle never replaces a newer one. */
  startedAtMs: number;
  cycle: PollerCycleSummary;
  failedResources: FailedResources;
  sweepCursor?: string;
  pass?: PollerPass;
}

/** Writes the status item (one write per cycle). Returns false when a newer cycle already wrote it. */
export async function writePollerStatus(
  store: Pick<StateStore, 'putIfNewer'>,
  key: PollerKey,
  write: PollerStatusWrite,
): Promise<boolean> {
  const startedAt = new Date(write.startedAtMs).toISOString();
  const failed = keepStalest(write.failedResources, MAX_STORED_FAILED_RESOURCES);
  const item: PollerStatus = {
    ...pollerStatusKey(key),
    type: 'poller',
    poller: key.poller,
    account: key.account,
    region: key.region,
    observedAt: startedAt,
    version: write.startedAtMs,
    gsi1pk: POLLERS_LIST_PK,
    gsi1sk: `${key.poller}#${key.account}#${key.region}`,
    // lastCycle is in the GSI1 projection, so the count reaches the summary, which reads the statuses from the index.
    lastCycle: { ...write.cycle, failedResourceCount: failed.total },
    lastPolledAt: startedAt,
    failedResources: failed.kept,
    ...(failed.truncated ? { failedResourcesTruncated: true } : {}),
    ...(write.sweepCursor !== undefined ? { sweepCursor: write.sweepCursor } : {}),
    ...(write.pass ? { pass: write.pass } : {}),
  };
  return store.putIfNewer(item as PollerStatus & Record<string, unknown>);
}

/** What a cycle that could not get its target's credentials reports (lambdas/shared/target-credentials.ts). */
export interface CredentialsFailedWrite {
  /** Epoch ms at which the cycle started: the status's version, as for a polled cycle. */
  startedAtMs: number;
  finishedAtMs: number;
  /** `TargetCredentialsError.failure`: an AWS error name, `account-mismatch`, `invalid-secret`. Never key material. */
  failure: string;
}

/**
 * Records a cycle that polled nothing because the target's credentials failed: `lastCycle.outcome` is
 * `credentials-failed` and `lastCycle.errors` the failure. Only `lastCycle` (and the item's identity) is set: the last
 * poll time, failed resources and the pass stay as the last polled cycle left them, because nothing was polled, and a
 * reader keeps judging each resource's freshness by them. Version-conditional like `writePollerStatus`: returns false
 * when a newer cycle already wrote the status, and an older cycle writing later is refused by this one.
 */
export async function writeCredentialsFailedStatus(
  store: Pick<StateStore, 'updateIfNewer'>,
  key: PollerKey,
  write: CredentialsFailedWrite,
): Promise<boolean> {
  const startedAt = new Date(write.startedAtMs).toISOString();
  return store.updateIfNewer(pollerStatusKey(key), write.startedAtMs, {
    type: 'poller',
    poller: key.poller,
    account: key.account,
    region: key.region,
    observedAt: startedAt,
    gsi1pk: POLLERS_LIST_PK,
    gsi1sk: `${key.poller}#${key.account}#${key.region}`,
    lastCycle: {
      poller: key.poller,
      outcome: 'credentials-failed',
      startedAt,
      finishedAt: new Date(write.finishedAtMs).toISOString(),
      durationMs: write.finishedAtMs - write.startedAtMs,
      errors: [write.failure],
    } satisfies PollerCycleSummary,
  });
}

/** The `max` entries with the oldest last success (never-polled first), so the most stale stay visible. */
function keepStalest(
  failed: FailedResources,
  max: number,
): { kept: FailedResources; total: number; truncated: boolean } {
  const entries = Object.entries(failed);
  if (entries.length <= max) return { kept: failed, total: entries.length, truncated: false };
  const age = (at: string | null) => (at === null ? -Infinity : Date.parse(at));
  entries.sort(([, a], [, b]) => age(a) - age(b));
  return { kept: Object.fromEntries(entries.slice(0, max)), total: entries.length, truncated: true };
}

/** A resource that the current cycle did not poll successfully. */
export interface UnpolledResource {
  arn: string;
  /** True when the resource was stored (and not a tombstone) before this cycle, i.e. an earlier poll succeeded. */
  known: boolean;
  /** `lastPolledAt` as stored on the resource item (written when the resource last changed or was refreshed). */
  lastPolledAt?: string;
}

/**
 * The `failedResources` map for this cycle: each unpolled resource keeps its last successful poll time, carried forward
 * from the previous status (it failed then too) or taken from the previous cycle's start (it succeeded then).
 */
export function carryForwardFailures(
  previous: Pick<PollerStatus, 'lastPolledAt' | 'failedResources'> | undefined,
  unpolled: readonly UnpolledResource[],
): FailedResources {
  const failed: FailedResources = {};
  for (const resource of unpolled) {
    const prior = previous?.failedResources?.[resource.arn];
    const fromPrevious = prior !== undefined ? prior : resource.known ? previous?.lastPolledAt : undefined;
    failed[resource.arn] =
      latestIso(fromPrevious ?? undefined, resource.known ? resource.lastPolledAt : undefined) ?? null;
  }
  return failed;
}

/** The resource fields `effectiveLastPolledAt` reads. */
export interface PolledResource {
  arn: string;
  lastPolledAt?: string;
  tombstone?: boolean;
}

/**
 * When a resource was last polled successfully. The poller writes a resource only when it changes, so the stored
 * `lastPolledAt` alone is stale for unchanged resources: the status item supplies the latest cycle's start, or, for a
 * resource that cycle failed to poll, its carried-forward last success. A later targeted refresh (stored on the
 * resource) wins when it is newer. Tombstones keep the time they were last polled alive.
 */
export function effectiveLastPolledAt(
  resource: PolledResource,
  status: (Pick<PollerStatus, 'lastPolledAt' | 'failedResources'> & Partial<PollerStatus>) | undefined,
): string | undefined {
  if (!status || resource.tombstone) return resource.lastPolledAt;
  const failed = status.failedResources?.[resource.arn];
  if (failed === undefined && status.failedResourcesTruncated) return resource.lastPolledAt;
  const fromStatus = failed !== undefined ? (failed ?? undefined) : passPolledAt(resource.arn, status);
  return latestIso(fromStatus, resource.lastPolledAt);
}

/** A resource the pass reached was polled at or after its start; one it has not reached yet, at the previous pass's. */
function passPolledAt(arn: string, status: Pick<PollerStatus, 'lastPolledAt' | 'pass'>): string | undefined {
  const pass = status.pass;
  if (!pass) return status.lastPolledAt;
  const reached = pass.complete || (pass.cursor !== undefined && arn <= pass.cursor);
  return reached ? pass.startedAt : pass.previousStartedAt;
}

function latestIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
