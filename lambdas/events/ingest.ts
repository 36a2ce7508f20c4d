import type { ImpactReader } from '../chain/chain-graph';
import type { Clock } from '../shared/clock';
import { describeError } from '../shared/errors';
import { mapWithConcurrency } from '../shared/rate-limiter';
import { TargetCredentialsError } from '../shared/target-credentials';
import { findTarget, targetForArn, type TargetRegistry } from '../shared/watched-targets';
import { applyAlarm } from './alarm-applier';
import type { ApplyContext, ApplyOutcome, ParsedMessage, RawMessage } from './event-model';
import { historyItems, RawRing, unparsedItem } from './event-history';
import type { IngestSettings } from './ingest-config';
import type { IngestMetrics } from './ingest-metrics';
import { expiresAfterDays, IngestStore, StoreItem } from './ingest-store';
import { FlowResolver } from './flow-resolver';
import { markProcessed } from './message-dedup';
import { parseMessage, type MessageOrigin, ParseResult } from './message-parser';
import {
  claimRepollWindow,
  RepollClaim,
  RepollClaimStore,
  RepollWindows,
  releaseTrailingRepoll,
} from './repoll-coalescer';
import { serviceOfArn, type RegistryReader, type Repoller } from './resource-repoller';
import { parseTrailingRepoll, TrailingRepoll, trailingDelaySeconds, TrailingRepollScheduler } from './trailing-repoll';

export type { Repoller } from './resource-repoller';

export interface IngestLogger {
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export interface IngestDeps {
  readonly store: IngestStore & RepollClaimStore;
  readonly clock: Clock;
  readonly repoller: Repoller;
  readonly metrics: IngestMetrics;
  readonly settings: IngestSettings;
  /** Keep one per container: it caches child → flow. @default a new resolver per call */
  readonly resolver?: FlowResolver;
  /** Keep one per container. @default a new ring per call */
  readonly rawRing?: RawRing;
  /** Keep one per container: re-poll windows known to be live are coalesced without a store call. @default none */
  readonly repollWindows?: RepollWindows;
  /**
   * Schedules the trailing re-poll of a window in which events were coalesced (the ingest queue, delayed).
   * @default none: events within a live window are coalesced into its leading re-poll only
   */
  readonly trailingRepolls?: TrailingRepollScheduler;
  readonly logger?: IngestLogger;
  /** What a resource affects downstream, recorded on alarms that enter ALARM. @default none: no `impacts` */
  readonly impacts?: ImpactReader;
  /**
   * The watched targets (`TargetRegistrySource.get`), read once per batch: a message from an account and Region that
   * is no target is dropped before any write (`EventsForeignAccount`), a resource of none is not re-polled
   * (`RepollsForeignAccount`). When it cannot be read, every message of the batch fails (SQS delivers them again).
   * @default every account and Region is watched
   */
  readonly targets?: RegistryReader;
}

/**
 * - `applied`: parsed and applied (state written, or stale and skipped, or history only), first delivery;
 * - `unparsed`: recorded as unparsed with its body, first delivery;
 * - `duplicate`: a redelivery of a message already processed;
 * - `dropped`: from an account and Region the deployment does not watch (kind `foreign-account`): nothing written,
 *   not even its body, since anything could come from such an account;
 * - `failed`: a real fault (the store unavailable); the caller retries it (SQS partial batch failure).
 */
export type MessageResult = 'applied' | 'unparsed' | 'duplicate' | 'dropped' | 'failed';

/** The `kind` of a dropped message's outcome. */
export const FOREIGN_ACCOUNT = 'foreign-account';

export interface MessageOutcome {
  readonly id: string;
  readonly result: MessageResult;
  /** The parsed kind (`alarm`, `mediaconnect:flow-status`, …, `repoll-request`) or the unparsed reason. */
  readonly kind?: string;
  readonly error?: string;
  /** Epoch ms at which the message's state write (or unparsed record) completed. */
  readonly visibleAt?: number;
  /** Resources this message asked to re-poll (first delivery only). */
  readonly repollArns: readonly string[];
  /** Of those, the ones that also get a trailing re-poll (a delete's resource: `ApplyOutcome.settleArns`). */
  readonly settleArns?: readonly string[];
  /** Of those, the ones whose re-poll also re-reads their extras (tags): `ApplyOutcome.rereadArns`. */
  readonly rereadArns?: readonly string[];
}

export interface RepollSummary {
  /** Distinct resources asked for by the batch. */
  readonly requested: number;
  readonly issued: number;
  /** Requests absorbed: repeats within the batch, and resources already re-polled within the window. */
  readonly coalesced: number;
  /**
   * Resources whose service has no refresher (`Repoller.covers`), or whose target does not watch their service: logged
   * and skipped, with no claim.
   */
  readonly skipped: number;
  /** Re-polls or trailing schedules that failed (logged and counted, not retried). */
  readonly failed: number;
  /** Resources of no watched target: not re-polled, with no claim. */
  readonly foreign: number;
  /** Trailing re-polls sent to the queue: one per window in which events were coalesced. */
  readonly trailingScheduled: number;
}

export interface IngestResult {
  readonly outcomes: readonly MessageOutcome[];
  readonly repolls: RepollSummary;
}

/** One message on its way through the phases of `ingestMessages`. */
interface InFlight {
  readonly raw: RawMessage;
  readonly parsed: ParseResult;
  outcome?: ApplyOutcome;
  visibleAt?: number;
  /** The records to write for it: history entries, or its unparsed record. */
  records: StoreItem[];
  error?: string;
}

/**
 * Ingests a batch of raw messages, whatever way they came (SQS, SNS, EventBridge), in four phases:
 * 1. each message is parsed and its state applied (conditional writes, messages concurrently): this is when it is visible;
 * 2. the records of the whole batch (history entries, unparsed records, the raw-body ring) go out in BatchWriteItem calls;
 * 3. each message is marked processed: the first delivery to mark it counts it and asks for its re-poll (message-dedup.ts);
 * 4. the resources the batch touched are re-polled, at most once per resource per window (leading), plus once at the end of a
 *    window in which more events came (trailing: scheduled on the queue, run when that message comes back).
 * Never throws for a bad message; a store fault fails the messages it concerns only (their retry re-applies no-ops).
 */
export async function ingestMessages(deps: IngestDeps, messages: readonly RawMessage[]): Promise<IngestResult> {
  let watch: Watch;
  try {
    watch = watchOf(deps, deps.targets ? await deps.targets() : undefined);
  } catch (error) {
    // Without the targets nothing can be told apart: the batch comes back, as after a store fault.
    const reason = `watched targets not read: ${describeError(error)}`;
    return { outcomes: messages.map((raw) => failed(deps, raw, reason)), repolls: NO_REPOLLS };
  }
  const trailing: { index: number; raw: RawMessage; request: TrailingRepoll }[] = [];
  const ordinary: { index: number; raw: RawMessage }[] = [];
  messages.forEach((raw, index) => {
    const request = parseTrailingRepoll(raw);
    if (request) trailing.push({ index, raw, request });
    else ordinary.push({ index, raw });
  });
  const applied = await ingestEvents(
    deps,
    watch,
    ordinary.map((m) => m.raw),
  );
  const trailingRun = await runTrailingRepolls(deps, watch, trailing);
  const repolls = await runRepolls(deps, watch, applied, trailingRun);
  const outcomes: MessageOutcome[] = new Array<MessageOutcome>(messages.length);
  ordinary.forEach((m, i) => (outcomes[m.index] = applied[i]!));
  trailing.forEach((m, i) => (outcomes[m.index] = trailingRun.outcomes[i]!));
  return { outcomes, repolls };
}

const NO_REPOLLS: RepollSummary = {
  requested: 0,
  issued: 0,
  coalesced: 0,
  skipped: 0,
  failed: 0,
  foreign: 0,
  trailingScheduled: 0,
};

/** What the batch's watched targets admit: messages by their origin, re-polls by their resource's target. */
interface Watch {
  /** False for a message from an account and Region no target is; a message of unknown origin is admitted. */
  admits(origin: MessageOrigin | undefined): boolean;
  /**
   * `skip`: nothing re-reads it (no refresher for its service, or its target does not watch the service);
   * `foreign`: no watched target holds it; `repoll`: it is re-polled.
   */
  verdict(arn: string): 'skip' | 'foreign' | 'repoll';
}

function watchOf(deps: IngestDeps, registry: TargetRegistry | undefined): Watch {
  return {
    admits: (origin) => !registry || !origin || findTarget(registry, origin) !== undefined,
    verdict(arn) {
      if (!deps.repoller.covers(arn)) return 'skip';
      const service = serviceOfArn(arn);
      if (!registry || !service) return 'repoll';
      const target = targetForArn(registry, arn, service);
      if (!target) return 'foreign';
      return target.services.includes(service) ? 'repoll' : 'skip';
    },
  };
}

/** Phases 1 to 3 for the batch's events and alarms; a message of an unwatched origin is dropped before phase 1. */
async function ingestEvents(
  deps: IngestDeps,
  watch: Watch,
  messages: readonly RawMessage[],
): Promise<MessageOutcome[]> {
  if (messages.length === 0) return [];
  const nowMs = deps.clock.now();
  const context: ApplyContext = {
    store: deps.store,
    resolver: deps.resolver ?? new FlowResolver(deps.store, deps.clock),
    nowMs,
    historyExpiresAt: expiresAfterDays(nowMs, deps.settings.eventHistoryDays),
    ...(deps.impacts ? { impacts: deps.impacts } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
  const concurrency = Math.max(1, deps.settings.messageConcurrency);
  const outcomes = new Array<MessageOutcome>(messages.length);
  const admitted: { index: number; m: InFlight }[] = [];
  messages.forEach((raw, index) => {
    const parsed = parseMessage(raw, deps.settings, nowMs);
    if (watch.admits(parsed.origin)) admitted.push({ index, m: { raw, parsed, records: [] } });
    else outcomes[index] = dropped(deps, raw, parsed.origin!);
  });
  const inFlight = admitted.map((a) => a.m);
  await mapWithConcurrency(inFlight, concurrency, (m) => applyState(deps, context, m));
  await writeRecords(deps, inFlight, context.historyExpiresAt);
  const marked = await mapWithConcurrency(inFlight, concurrency, (m) => markAndCount(deps, m));
  admitted.forEach((a, i) => (outcomes[a.index] = marked[i]!));
  return outcomes;
}

/**
 * A message from an account and Region the deployment does not watch: nothing of it is stored (no state, history,
 * unparsed record, raw body or processed marker: anyone's account could have sent it); counted, and its origin logged.
 */
function dropped(deps: IngestDeps, raw: RawMessage, origin: MessageOrigin): MessageOutcome {
  deps.metrics.count('EventsForeignAccount');
  deps.logger?.warn('message from an unwatched account dropped', {
    id: raw.id,
    account: origin.account,
    region: origin.region,
  });
  return { id: raw.id, result: 'dropped', kind: FOREIGN_ACCOUNT, repollArns: [] };
}

/** Phase 1: the message's state, and the records to write for it. */
async function applyState(deps: IngestDeps, context: ApplyContext, m: InFlight): Promise<void> {
  try {
    if (m.parsed.outcome.kind === 'unparsed') {
      const unparsed = m.parsed.outcome;
      m.records = [unparsedItem(m.raw, unparsed, m.parsed.dedupKey, m.parsed.ringKind, context.historyExpiresAt)];
      deps.logger?.warn('unparsed message', { id: m.raw.id, reason: unparsed.reason, detail: unparsed.detail });
      return;
    }
    const message = m.parsed.outcome;
    m.outcome = await applyParsed(context, message);
    m.visibleAt = deps.clock.now();
    m.records = historyItems(
      historyEntry(message),
      m.parsed.dedupKey,
      m.outcome.affected,
      m.raw.receivedAt,
      context.historyExpiresAt,
    );
  } catch (error) {
    m.error = describeError(error);
  }
}

/**
 * Phase 2: every record of the batch in BatchWriteItem calls. A message whose record was not written fails (its retry
 * rewrites it); the raw-body ring goes in calls of its own, best effort: it never fails a message.
 */
async function writeRecords(deps: IngestDeps, inFlight: readonly InFlight[], expiresAt: number): Promise<void> {
  const live = inFlight.filter((m) => m.error === undefined);
  // By key, not by object: unprocessed items come back as new objects. One item per key: BatchWriteItem refuses a
  // request with a key twice (two deliveries of one message in a batch write the same history entry).
  const owners = new Map<string, InFlight[]>();
  const records = new Map<string, StoreItem>();
  for (const m of live) {
    for (const record of m.records) {
      const key = itemKey(record);
      records.set(key, record);
      owners.set(key, [...(owners.get(key) ?? []), m]);
    }
  }
  const ring = new Map(
    (deps.rawRing ?? new RawRing())
      .slotItems(
        inFlight.map((m) => ({ kind: m.parsed.ringKind, raw: m.raw })),
        expiresAt,
      )
      .map((item) => [itemKey(item), item]),
  );
  const [written, ringWrite] = await Promise.allSettled([
    deps.store.putAll([...records.values()]),
    deps.store.putAll([...ring.values()]),
  ]);
  if (ringWrite.status === 'rejected' || ringWrite.value.length > 0)
    deps.logger?.warn('raw message ring not fully written');
  if (written.status === 'rejected') {
    for (const m of live) m.error = describeError(written.reason);
    return;
  }
  for (const item of written.value) {
    for (const m of owners.get(itemKey(item)) ?? [])
      m.error = 'history or unparsed record not written (unprocessed after retries)';
  }
  const writtenAt = deps.clock.now();
  for (const m of live) if (m.visibleAt === undefined) m.visibleAt = writtenAt;
}

const itemKey = (item: StoreItem): string => `${item.pk}\u0000${item.sk}`;

/** Phase 3: the processed marker; only the delivery that lands it counts the message and asks for its re-poll. */
async function markAndCount(deps: IngestDeps, m: InFlight): Promise<MessageOutcome> {
  if (m.error !== undefined) return failed(deps, m.raw, m.error);
  try {
    const result = m.parsed.outcome.kind === 'unparsed' ? 'unparsed' : 'applied';
    if (!(await markProcessed(deps.store, m.parsed.dedupKey, deps.clock.now(), result)))
      return duplicate(deps, m.raw, m.parsed.outcome);
    deps.metrics.count(result === 'applied' ? 'MessagesApplied' : 'UnparsedMessages');
    countChangeCall(deps, m.outcome?.changeCall);
    return {
      id: m.raw.id,
      result,
      kind: kindOf(m.parsed.outcome),
      ...(m.visibleAt !== undefined ? { visibleAt: m.visibleAt } : {}),
      repollArns: m.outcome?.repollArns ?? [],
      ...(m.outcome?.settleArns?.length ? { settleArns: m.outcome.settleArns } : {}),
      ...(m.outcome?.rereadArns?.length ? { rereadArns: m.outcome.rereadArns } : {}),
    };
  } catch (error) {
    return failed(deps, m.raw, describeError(error));
  }
}

/** The counters of a CloudTrail change call (events/change-events.ts), first delivery only. */
function countChangeCall(deps: IngestDeps, change: ApplyOutcome['changeCall']): void {
  if (!change) return;
  if (change.ignored) deps.metrics.count('ChangeCallsIgnored');
  if (change.foreignTargets > 0) deps.metrics.count('ChangeTargetsForeign', change.foreignTargets);
  if (change.unresolved) deps.metrics.count('ChangeCallsUnresolved');
}

function failed(deps: IngestDeps, raw: RawMessage, error: string): MessageOutcome {
  deps.metrics.count('MessagesFailed');
  deps.logger?.error('message failed; it will be retried', { id: raw.id, error });
  return { id: raw.id, result: 'failed', error, repollArns: [] };
}

function applyParsed(context: ApplyContext, message: ParsedMessage): Promise<ApplyOutcome> {
  return message.kind === 'alarm' ? applyAlarm(context, message.alarm, message.delivery) : message.event.apply(context);
}

function historyEntry(message: ParsedMessage) {
  if (message.kind === 'alarm') {
    const a = message.alarm;
    const metric = a.metrics[0];
    return {
      kind: 'alarm',
      time: a.changedAt,
      delivery: message.delivery,
      source: 'aws.cloudwatch',
      detailType: 'CloudWatch Alarm State Change',
      account: a.account,
      region: a.region,
      summary: `Alarm ${a.name} ${a.previousState ?? '?'} → ${a.state}${a.reason ? `: ${a.reason}` : ''}`,
      detail: {
        alarmName: a.name,
        state: a.state,
        ...(a.previousState ? { previousState: a.previousState } : {}),
        ...(a.reason ? { reason: a.reason } : {}),
        ...(metric
          ? { namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions }
          : {}),
      },
    };
  }
  const e = message.event;
  return {
    kind: e.type,
    time: e.envelope.time,
    delivery: message.delivery,
    source: e.envelope.source,
    detailType: e.envelope.detailType,
    account: e.envelope.account,
    region: e.envelope.region,
    summary: e.summary,
    detail: e.detail,
  };
}

function kindOf(outcome: ParsedMessage | { kind: 'unparsed'; reason: string }): string {
  if (outcome.kind === 'unparsed') return outcome.reason;
  return outcome.kind === 'alarm' ? 'alarm' : outcome.event.type;
}

function duplicate(
  deps: IngestDeps,
  raw: RawMessage,
  outcome: ParsedMessage | { kind: 'unparsed'; reason: string },
): MessageOutcome {
  deps.metrics.count('DuplicateMessages');
  return { id: raw.id, result: 'duplicate', kind: kindOf(outcome), repollArns: [] };
}

/** What the batch's trailing re-poll requests did, before its events' re-polls run. */
interface TrailingRun {
  readonly outcomes: readonly MessageOutcome[];
  /** Resources re-polled by a trailing request of this batch: that re-poll also covers the batch's events. */
  readonly repolled: ReadonlySet<string>;
  readonly issued: number;
  readonly coalesced: number;
  readonly failed: number;
  readonly scheduled: number;
  readonly skipped: ReadonlySet<string>;
  /** Resources of no watched target: not re-polled, no claim. */
  readonly foreign: ReadonlySet<string>;
}

/**
 * The trailing re-poll requests of the batch (`{kind:"repoll"}` messages the function sent itself). Each claims the
 * resource without marking: the window it names is over, so the claim opens a new window and re-polls. A claim refused
 * by another window means that window's leading re-poll, which started after this one was due, covers it. A request
 * that comes before its window ended (a clock apart, or a window longer than SQS's delay) is sent again for the rest.
 * A request whose claim or re-send fails is failed, so SQS delivers it again; a failed re-poll is counted only. A
 * request for a resource whose service has no refresher (any more) is applied and recorded as skipped.
 */
async function runTrailingRepolls(
  deps: IngestDeps,
  watch: Watch,
  requests: readonly { raw: RawMessage; request: TrailingRepoll }[],
): Promise<TrailingRun> {
  const run = {
    repolled: new Set<string>(),
    skipped: new Set<string>(),
    foreign: new Set<string>(),
    issued: 0,
    coalesced: 0,
    failed: 0,
    scheduled: 0,
  };
  const windowSeconds = deps.settings.repollWindowSeconds;
  const byResource = new Map<string, number[]>();
  requests.forEach(({ request }, i) => byResource.set(request.arn, [...(byResource.get(request.arn) ?? []), i]));
  const outcomes = new Array<MessageOutcome>(requests.length);
  const applied = (raw: RawMessage): MessageOutcome => ({
    id: raw.id,
    result: 'applied',
    kind: 'repoll-request',
    repollArns: [],
  });
  const repoll = async (arn: string) => {
    run.repolled.add(arn);
    // The window's last word: whatever its coalesced events changed, tags included, is read again.
    if (await repollQuietly(deps, arn, true)) run.issued++;
    else run.failed++;
  };
  await mapWithConcurrency([...byResource.values()], Math.max(1, deps.settings.repollConcurrency), async (indexes) => {
    for (const i of indexes) {
      const { raw, request } = requests[i]!;
      try {
        const verdict = watch.verdict(request.arn);
        if (verdict === 'skip') {
          run.skipped.add(request.arn);
        } else if (verdict === 'foreign') {
          // The target was dropped from the registry since the window opened: nothing reads it any more.
          run.foreign.add(request.arn);
        } else if (run.repolled.has(request.arn)) {
          run.coalesced++;
        } else {
          const claim = await claimRepollWindow(deps.store, request.arn, windowSeconds, deps.clock);
          rememberWindow(deps, request.arn, claim);
          if (claim.claimed) {
            await repoll(request.arn);
          } else if (claim.windowStart === request.windowStart && deps.trailingRepolls) {
            const delay = trailingDelaySeconds(request.windowStart, windowSeconds, deps.clock.now());
            await deps.trailingRepolls.schedule(request, delay);
            run.scheduled++;
          } else if (claim.windowStart === request.windowStart) {
            await repoll(request.arn);
          } else {
            run.coalesced++;
          }
        }
        outcomes[i] = applied(raw);
      } catch (error) {
        outcomes[i] = failed(deps, raw, describeError(error));
      }
    }
  });
  return { outcomes, ...run };
}

/**
 * One claim per distinct resource; a claimed resource is re-polled. With a trailing scheduler, a refused claim marks
 * the live window, and the one caller whose mark lands sends the window's trailing re-poll. A failed re-poll is logged
 * and counted, never retried here; a failed send is counted and its mark released, so the window's next event sends
 * it. A resource whose service has no refresher is skipped before its claim: nothing would re-read it.
 */
async function runRepolls(
  deps: IngestDeps,
  watch: Watch,
  outcomes: readonly MessageOutcome[],
  trailing: TrailingRun,
): Promise<RepollSummary> {
  const requests = outcomes.flatMap((o) => o.repollArns);
  const settle = new Set(outcomes.flatMap((o) => o.settleArns ?? []));
  const reread = new Set(outcomes.flatMap((o) => o.rereadArns ?? []));
  const requested = new Set([...requests, ...trailing.repolled, ...trailing.skipped, ...trailing.foreign]);
  const distinct = [...new Set(requests)];
  const verdicts = new Map(distinct.map((arn) => [arn, watch.verdict(arn)]));
  const skippedArns = [...new Set([...trailing.skipped, ...distinct.filter((arn) => verdicts.get(arn) === 'skip')])];
  const skipped = new Set(skippedArns);
  const foreignArns = [...new Set([...trailing.foreign, ...distinct.filter((arn) => verdicts.get(arn) === 'foreign')])];
  const foreign = new Set(foreignArns);
  const left = (arn: string) => !skipped.has(arn) && !foreign.has(arn);
  // A resource a trailing request re-polled in this batch is covered: the re-poll started after the batch's events.
  const resources = distinct.filter((arn) => !trailing.repolled.has(arn) && left(arn));
  let issued = trailing.issued;
  let failed = trailing.failed;
  let scheduled = trailing.scheduled;
  let coalesced = trailing.coalesced + requests.filter(left).length - resources.length;
  const windowSeconds = deps.settings.repollWindowSeconds;
  const markTrailing = deps.trailingRepolls !== undefined;
  if (skippedArns.length > 0) deps.logger?.info('re-poll skipped: no refresher for the service', { arns: skippedArns });
  if (foreignArns.length > 0)
    deps.logger?.warn('re-poll skipped: the resource is in no watched account and Region', { arns: foreignArns });
  await mapWithConcurrency(resources, Math.max(1, deps.settings.repollConcurrency), async (arn) => {
    const now = deps.clock.now();
    const known = markTrailing ? deps.repollWindows?.trailingScheduled(arn, now) : deps.repollWindows?.isLive(arn, now);
    if (known) {
      coalesced++;
      return;
    }
    let claim: RepollClaim;
    try {
      claim = await claimRepollWindow(deps.store, arn, windowSeconds, deps.clock, { markTrailing });
      rememberWindow(deps, arn, claim);
    } catch (error) {
      failed++;
      deps.logger?.warn('re-poll claim failed', { arn, error: describeError(error) });
      return;
    }
    if (!claim.claimed) {
      coalesced++;
      if (claim.scheduleTrailing && claim.windowStart !== undefined && deps.trailingRepolls) {
        if (await scheduleTrailing(deps, deps.trailingRepolls, arn, claim.windowStart, claim.markerVersion))
          scheduled++;
        else failed++;
      }
      return;
    }
    // The claim stays when the re-poll fails: within the window nothing else re-polls this resource, and the
    // scheduled pollers catch up.
    if (await repollQuietly(deps, arn, reread.has(arn))) issued++;
    else failed++;
    // A deleted resource may still read DELETING: one more re-poll at the window's end tombstones it once it is gone.
    // (A refused claim needs none of its own: the window's trailing re-poll, marked above, comes after this event.)
    if (settle.has(arn) && deps.trailingRepolls && claim.windowStart !== undefined) {
      if (await scheduleTrailing(deps, deps.trailingRepolls, arn, claim.windowStart, undefined)) {
        scheduled++;
        deps.repollWindows?.remember(arn, claim.windowStart, windowSeconds, true);
      } else failed++;
    }
  });
  deps.metrics.count('RepollsIssued', issued);
  deps.metrics.count('RepollsCoalesced', coalesced);
  deps.metrics.count('RepollsFailed', failed);
  deps.metrics.count('RepollsSkipped', skippedArns.length);
  deps.metrics.count('RepollsForeignAccount', foreignArns.length);
  deps.metrics.count('TrailingRepollsScheduled', scheduled);
  return {
    requested: requested.size,
    issued,
    coalesced,
    failed,
    skipped: skippedArns.length,
    foreign: foreignArns.length,
    trailingScheduled: scheduled,
  };
}

function rememberWindow(deps: IngestDeps, arn: string, claim: RepollClaim): void {
  if (claim.windowStart === undefined) return;
  deps.repollWindows?.remember(
    arn,
    claim.windowStart,
    deps.settings.repollWindowSeconds,
    claim.trailingScheduled === true,
  );
}

async function repollQuietly(deps: IngestDeps, arn: string, reread = false): Promise<boolean> {
  try {
    await deps.repoller.repoll(arn, reread ? { refresh: true } : undefined);
    return true;
  } catch (error) {
    // A target whose credentials fail fails its own resources' re-polls only; its failure's name says why.
    const reason = error instanceof TargetCredentialsError ? error.failure : describeError(error);
    deps.logger?.warn('re-poll failed', { arn, error: reason });
    return false;
  }
}

/** Sends the window's trailing re-poll; when the send fails, releases the mark (best effort) and says false. */
async function scheduleTrailing(
  deps: IngestDeps,
  scheduler: TrailingRepollScheduler,
  arn: string,
  windowStart: number,
  markerVersion: number | undefined,
): Promise<boolean> {
  const windowSeconds = deps.settings.repollWindowSeconds;
  try {
    const delay = trailingDelaySeconds(windowStart, windowSeconds, deps.clock.now());
    await scheduler.schedule({ arn, windowStart }, delay);
    return true;
  } catch (error) {
    deps.logger?.error('trailing re-poll not scheduled', { arn, error: describeError(error) });
    deps.repollWindows?.remember(arn, windowStart, windowSeconds, false);
    if (markerVersion !== undefined) {
      await releaseTrailingRepoll(deps.store, arn, markerVersion).catch((releaseError: unknown) =>
        deps.logger?.warn('trailing mark not released', { arn, error: describeError(releaseError) }),
      );
    }
    return false;
  }
}
