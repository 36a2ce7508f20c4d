import type { Clock } from '../shared/clock';
import { describeError } from '../shared/errors';
import { mapWithConcurrency } from '../shared/rate-limiter';
import { applyAlarm } from './alarm-applier';
import type { ApplyContext, ApplyOutcome, ParsedMessage, RawMessage } from './event-model';
import { historyItems, RawRing, unparsedItem } from './event-history';
import type { IngestSettings } from './ingest-config';
import type { IngestMetrics } from './ingest-metrics';
import { expiresAfterDays, IngestStore, StoreItem } from './ingest-store';
import { FlowResolver } from './flow-resolver';
import { markProcessed } from './message-dedup';
import { parseMessage, ParseResult } from './message-parser';
import { claimRepollWindow, RepollClaimStore, RepollWindows } from './repoll-coalescer';

/** Re-polls one flow now: describes it (inventory) and fetches its metrics. Injected, so tests and the bench count calls. */
export interface Repoller {
  repollFlow(flowArn: string): Promise<void>;
}

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
  readonly logger?: IngestLogger;
}

/**
 * - `applied`: parsed and applied (state written, or stale and skipped, or history only), first delivery;
 * - `unparsed`: recorded as unparsed with its body, first delivery;
 * - `duplicate`: a redelivery of a message already processed;
 * - `failed`: a real fault (the store unavailable); the caller retries it (SQS partial batch failure).
 */
export type MessageResult = 'applied' | 'unparsed' | 'duplicate' | 'failed';

export interface MessageOutcome {
  readonly id: string;
  readonly result: MessageResult;
  /** The parsed kind (`alarm`, `mediaconnect:flow-status`, …) or the unparsed reason. */
  readonly kind?: string;
  readonly error?: string;
  /** Epoch ms at which the message's state write (or unparsed record) completed. */
  readonly visibleAt?: number;
  /** Flows this message asked to re-poll (first delivery only). */
  readonly repollFlowArns: readonly string[];
}

export interface RepollSummary {
  /** Distinct flows asked for by the batch. */
  readonly requested: number;
  readonly issued: number;
  /** Requests absorbed: repeats within the batch, and flows already re-polled within the window. */
  readonly coalesced: number;
  readonly failed: number;
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
 * 4. the flows the batch touched are re-polled, at most once per flow per window.
 * Never throws for a bad message; a store fault fails the messages it concerns only (their retry re-applies no-ops).
 */
export async function ingestMessages(deps: IngestDeps, messages: readonly RawMessage[]): Promise<IngestResult> {
  const nowMs = deps.clock.now();
  const context: ApplyContext = {
    store: deps.store,
    resolver: deps.resolver ?? new FlowResolver(deps.store, deps.clock),
    nowMs,
    historyExpiresAt: expiresAfterDays(nowMs, deps.settings.eventHistoryDays),
  };
  const concurrency = Math.max(1, deps.settings.messageConcurrency);
  const inFlight: InFlight[] = messages.map((raw) => ({
    raw,
    parsed: parseMessage(raw, deps.settings, nowMs),
    records: [],
  }));
  await mapWithConcurrency(inFlight, concurrency, (m) => applyState(deps, context, m));
  await writeRecords(deps, inFlight, context.historyExpiresAt);
  const outcomes = await mapWithConcurrency(inFlight, concurrency, (m) => markAndCount(deps, m));
  const repolls = await runRepolls(deps, outcomes);
  return { outcomes, repolls };
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
    return {
      id: m.raw.id,
      result,
      kind: kindOf(m.parsed.outcome),
      ...(m.visibleAt !== undefined ? { visibleAt: m.visibleAt } : {}),
      repollFlowArns: m.outcome?.repollFlowArns ?? [],
    };
  } catch (error) {
    return failed(deps, m.raw, describeError(error));
  }
}

function failed(deps: IngestDeps, raw: RawMessage, error: string): MessageOutcome {
  deps.metrics.count('MessagesFailed');
  deps.logger?.error('message failed; it will be retried', { id: raw.id, error });
  return { id: raw.id, result: 'failed', error, repollFlowArns: [] };
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
  return { id: raw.id, result: 'duplicate', kind: kindOf(outcome), repollFlowArns: [] };
}

/** One claim per distinct flow; a claimed flow is re-polled. A failed re-poll is logged and counted, never retried here. */
async function runRepolls(deps: IngestDeps, outcomes: readonly MessageOutcome[]): Promise<RepollSummary> {
  const requests = outcomes.flatMap((o) => o.repollFlowArns);
  const flows = [...new Set(requests)];
  let issued = 0;
  let failed = 0;
  let coalesced = requests.length - flows.length;
  const windowSeconds = deps.settings.repollWindowSeconds;
  await mapWithConcurrency(flows, Math.max(1, deps.settings.repollConcurrency), async (flowArn) => {
    if (deps.repollWindows?.isLive(flowArn, deps.clock.now())) {
      coalesced++;
      return;
    }
    try {
      const claim = await claimRepollWindow(deps.store, flowArn, windowSeconds, deps.clock);
      if (claim.windowStart !== undefined) deps.repollWindows?.remember(flowArn, claim.windowStart, windowSeconds);
      if (!claim.claimed) {
        coalesced++;
        return;
      }
    } catch (error) {
      failed++;
      deps.logger?.warn('re-poll claim failed', { flowArn, error: describeError(error) });
      return;
    }
    try {
      await deps.repoller.repollFlow(flowArn);
      issued++;
    } catch (error) {
      // The claim stays: within the window nothing else re-polls this flow, and the scheduled pollers catch up.
      failed++;
      deps.logger?.warn('re-poll failed', { flowArn, error: describeError(error) });
    }
  });
  deps.metrics.count('RepollsIssued', issued);
  deps.metrics.count('RepollsCoalesced', coalesced);
  deps.metrics.count('RepollsFailed', failed);
  return { requested: flows.length, issued, coalesced, failed };
}
