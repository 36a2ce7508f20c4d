import { randomUUID } from 'node:crypto';
import {
  AddFlowOutputsCommand,
  AddFlowSourcesCommand,
  CreateFlowCommand,
  DeleteFlowCommand,
  DescribeFlowCommand,
  Flow,
  GrantFlowEntitlementsCommand,
  ListTagsForResourceCommand,
  MediaConnectClient,
  paginateListFlows,
  RemoveFlowOutputCommand,
  RevokeFlowEntitlementCommand,
  StartFlowCommand,
  StopFlowCommand,
  TagResourceCommand,
  UpdateFlowEntitlementCommand,
  UpdateFlowOutputCommand,
  UpdateFlowSourceCommand,
} from '@aws-sdk/client-mediaconnect';
import { CHAIN_LINKS_FIELD, LINKS_HASH_FIELD } from '../../lambdas/chain/link-sync';
import type { RawMessage } from '../../lambdas/events/event-model';
import { RawRing } from '../../lambdas/events/event-history';
import { FlowResolver } from '../../lambdas/events/flow-resolver';
import { IngestDeps, ingestMessages, IngestResult } from '../../lambdas/events/ingest';
import { DEFAULT_INGEST_SETTINGS } from '../../lambdas/events/ingest-config';
import { CountingMetrics } from '../../lambdas/events/ingest-metrics';
import { RepollWindows } from '../../lambdas/events/repoll-coalescer';
import { createResourceRepoller } from '../../lambdas/events/resource-repoller';
import { TrailingRepoll, trailingRepollBody } from '../../lambdas/events/trailing-repoll';
import { pollMediaConnectInventory } from '../../lambdas/mediaconnect/flow-cycle';
import { describeFlow } from '../../lambdas/mediaconnect/flow-describe';
import { describedFlowResource } from '../../lambdas/mediaconnect/flow-kind';
import { mediaConnectInventory } from '../../lambdas/mediaconnect/service';
import { InventoryDeps, newRequestBudget } from '../../lambdas/polling/inventory-deps';
import { createRefresher } from '../../lambdas/polling/inventory-refresh';
import type { InventoryCycleOutcome } from '../../lambdas/polling/inventory-cycle';
import { isNotFound } from '../../lambdas/shared/errors';
import { TokenBucket } from '../../lambdas/shared/rate-limiter';
import { isTombstone } from '../../lambdas/store/child-tombstones';
import { META_SK, resourcePk, TABLE_KEYS } from '../../lambdas/store/keys';
import { StateStore, WRITING_ATTRIBUTE } from '../../lambdas/store/state-store';
import { CloudTrailEmulator, EmittedCall } from '../local/cloudtrail-emulator';
import { SteppableClock } from './bench-clock';

/**
 * The churn scenario: random configuration changes made on moto through a CloudTrail-emulated MediaConnect client,
 * their events ingested through `ingestMessages` (the real refresher re-polls moto), while inventory cycles run on a
 * clock moved one cycle interval at a time; then the store is compared with moto field by field. The integration test
 * (test/integration/mediaconnect/churn.test.ts) and the bench (`npm run bench -- --churn`) run it.
 *
 * moto 5.2.1 (reference §8) lacks UpdateFlow, UntagResource and RemoveFlowSource (404), so the scenario never makes
 * them. It does make calls moto gets wrong, since the store must follow moto whatever it answers: AddFlowOutputs and
 * AddFlowSources replace the flow's outputs or sources (outputs without an ARN, which the records skip),
 * RemoveFlowOutput removes nothing, UpdateFlowEntitlement nulls the entitlement's name, and UpdateFlowOutput and
 * UpdateFlowSource null every member the request leaves out.
 */

/** A seeded PRNG (mulberry32): the same seed makes the same changes, so a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The calls the scenario makes, with their weights (how often each is picked). */
export const CHURN_OPERATIONS = {
  UpdateFlowOutput: 14,
  GrantFlowEntitlements: 12,
  UpdateFlowEntitlement: 12,
  RevokeFlowEntitlement: 8,
  UpdateFlowSource: 14,
  StartFlow: 8,
  StopFlow: 8,
  TagResource: 8,
  AddFlowOutputs: 4,
  RemoveFlowOutput: 3,
  AddFlowSources: 3,
  CreateFlow: 3,
  DeleteFlow: 3,
} as const;

export type ChurnOperation = keyof typeof CHURN_OPERATIONS;

/** moto 5.2.1 answers these with 404 "Not yet implemented": not made. */
export const CALLS_MOTO_LACKS = ['UpdateFlow', 'UntagResource', 'RemoveFlowSource'] as const;

/** Fields of stored records that are the engine's bookkeeping, not AWS's content: left out of the comparison. */
export const BOOKKEEPING_FIELDS = [
  // When the record was observed and written (the cycle's or the re-poll's time, not the content).
  'lastPolledAt',
  'version',
  'observedAt',
  // The tree write in progress mark (state-store.ts).
  WRITING_ATTRIBUTE,
  // The change index's stamp: when the store wrote the item (store/change-index.ts).
  TABLE_KEYS.gsi2pk,
  TABLE_KEYS.gsi2sk,
  // The flow's tree hash folds in its chain links' hash; the children it hashes are compared one by one.
  'treeHash',
  CHAIN_LINKS_FIELD,
  LINKS_HASH_FIELD,
] as const;

/** Where the store and moto disagree, counted per flow. */
export interface StoreComparison {
  /** Flows moto has that the store compared. */
  readonly flowsCompared: number;
  /** Flows moto has that the store lacks, and deleted flows the store still shows live. */
  readonly missed: number;
  /** Flows whose stored `#META` or children differ from what DescribeFlow gives, tags aside. */
  readonly stale: number;
  /**
   * Flows whose stored tags (and so the `#META` hash) alone differ from ListTagsForResource. Tags are re-read on a
   * change event, for a new or changed flow and by the tag round-robin (INVENTORY_TAG_SWEEP_PER_CYCLE), not by every
   * describe of the rolling sweep: a lost TagResource event waits for the round-robin.
   */
  readonly staleTags: number;
  /** Flows moto has whose stored `#META` is a tombstone. */
  readonly falseTombstones: number;
  /** Deleted flows whose `#META` is a tombstone, as it should be. */
  readonly tombstoned: number;
  /**
   * Flows created and deleted with the store never learning of either (both events lost, no cycle between): the store
   * shows nothing, as moto has nothing; with every event delivered there must be none.
   */
  readonly neverStored: number;
  /** What differed (at most 20), e.g. `stale RES#…/OUTPUT#…: description "a" ≠ "b"`. */
  readonly differences: readonly string[];
}

export interface ChangeCounts {
  ok: number;
  failed: number;
  skipped: number;
}

export interface ChurnOptions {
  /** The MediaConnect client config for moto (endpoint, region, credentials). */
  readonly clientConfig: ConstructorParameters<typeof MediaConnectClient>[0] & { region: string };
  readonly store: StateStore;
  readonly account: string;
  readonly seed: number;
  /** Flows created before the churn. */
  readonly flows: number;
  /** Random changes made while the cycles run. */
  readonly changes: number;
  /** Share of the change events lost on the way (0..1). @default 0 */
  readonly dropFraction?: number;
  /** @default 60 min */
  readonly sweepPeriodMs?: number;
  /** @default 5 min */
  readonly cycleIntervalMs?: number;
  /** Cycles without changes after the churn, before the comparison. @default 0 */
  readonly settleCycles?: number;
  /** Name prefix of the flows (moto partitions by region only). @default 'churn' */
  readonly prefix?: string;
  /** Counts the monitor's own MediaConnect calls (the poller's and the re-polls'), e.g. the bench's call counter. */
  readonly instrument?: (client: MediaConnectClient) => void;
  /** A line per cycle. */
  readonly log?: (line: string) => void;
}

export interface ChurnResult {
  readonly seed: number;
  /**
   * Changes by call: made (moto took them), failed (moto refused: no event, as CloudTrail's rule ignores failed calls),
   * skipped (the flow picked had nothing the call could change).
   */
  readonly made: Readonly<Record<string, ChangeCounts>>;
  readonly eventsEmitted: number;
  readonly eventsDropped: number;
  readonly eventsIngested: number;
  /** Ingested change events recorded as unparsed (by reason): none expected. */
  readonly unparsed: Readonly<Record<string, number>>;
  readonly trailingRepolls: number;
  readonly cycles: number;
  /** The comparison right after the churn's last cycle. */
  readonly afterChurn: StoreComparison;
  /** The comparison after the settle cycles (the same as `afterChurn` when there are none). */
  readonly final: StoreComparison;
  /** Each cycle's outcome, in order (the first one lists the new estate). */
  readonly cycleOutcomes: readonly InventoryCycleOutcome[];
}

/** Runs the scenario; the store should be empty for `prefix` flows, moto's region fresh. */
export async function runChurn(options: ChurnOptions): Promise<ChurnResult> {
  const random = seededRandom(options.seed);
  const clock = new SteppableClock();
  const interval = options.cycleIntervalMs ?? 5 * 60_000;
  const sweepPeriodMs = options.sweepPeriodMs ?? 60 * 60_000;
  const cycles = Math.max(1, Math.round(sweepPeriodMs / interval));
  const region = options.clientConfig.region;
  const prefix = options.prefix ?? 'churn';
  const log = options.log ?? (() => undefined);

  // Three clients: the operator's (emulated CloudTrail), the monitor's (counted), the judge's (the comparison's reads).
  const emitted: EmittedCall[] = [];
  const emulator = new CloudTrailEmulator({
    account: options.account,
    now: () => clock.now(),
    sink: (call) => void emitted.push(call),
  });
  const operator = emulator.attach(new MediaConnectClient({ ...options.clientConfig, maxAttempts: 1 }));
  const monitor = new MediaConnectClient({ ...options.clientConfig, maxAttempts: 1 });
  options.instrument?.(monitor);
  const judge = new MediaConnectClient({ ...options.clientConfig, maxAttempts: 3 });
  const monitorDeps: InventoryDeps<MediaConnectClient> = {
    client: monitor,
    store: options.store,
    clock,
    limiter: new TokenBucket(1000, 1000),
    accountId: options.account,
  };

  const trailing: { request: TrailingRepoll; dueAt: number }[] = [];
  const metrics = new CountingMetrics();
  const ingest: IngestDeps = {
    store: options.store,
    clock,
    // The real refresher over moto; the metrics re-poll is not under test (moto has no metrics for these flows).
    repoller: createResourceRepoller({
      refreshers: { mediaconnect: createRefresher(monitorDeps, mediaConnectInventory) },
      pollMetrics: async () => 0,
    }),
    metrics,
    settings: { ...DEFAULT_INGEST_SETTINGS, repollWindowSeconds: 10 },
    resolver: new FlowResolver(options.store, clock),
    rawRing: new RawRing(),
    repollWindows: new RepollWindows(),
    // The ingest queue's delayed message, delivered back when the clock passes its delay.
    trailingRepolls: {
      schedule: async (request, delaySeconds) =>
        void trailing.push({ request, dueAt: clock.now() + delaySeconds * 1000 }),
    },
  };

  const made: Record<string, ChangeCounts> = {};
  const unparsed: Record<string, number> = {};
  let dropped = 0;
  let ingested = 0;
  let trailingRepolls = 0;
  const tally = (result: IngestResult) => {
    for (const o of result.outcomes)
      if (o.result === 'unparsed') unparsed[o.kind ?? 'unknown'] = (unparsed[o.kind ?? 'unknown'] ?? 0) + 1;
  };
  const sqsMessage = (body: string): RawMessage => ({
    id: randomUUID(),
    body,
    receivedAt: clock.now(),
    sentAt: clock.now(),
    regionHint: region,
    origin: 'sqs',
  });
  const deliverEvents = async () => {
    await emulator.settled();
    const calls = emitted.splice(0);
    const kept = calls.filter(() => !(random() < (options.dropFraction ?? 0)));
    dropped += calls.length - kept.length;
    if (kept.length === 0) return;
    ingested += kept.length;
    tally(
      await ingestMessages(
        ingest,
        kept.map((c) => sqsMessage(JSON.stringify(c.event))),
      ),
    );
  };
  const deliverDueRepolls = async () => {
    const due = trailing.filter((t) => t.dueAt <= clock.now());
    if (due.length === 0) return;
    trailing.splice(0, trailing.length, ...trailing.filter((t) => t.dueAt > clock.now()));
    trailingRepolls += due.length;
    tally(
      await ingestMessages(
        ingest,
        due.map((t) => sqsMessage(trailingRepollBody(t.request))),
      ),
    );
  };
  const cycleOutcomes: InventoryCycleOutcome[] = [];
  const cycle = async (label: string) => {
    const outcome = await pollMediaConnectInventory(monitorDeps, {
      accountId: options.account,
      sweepPeriodMs,
      cycleIntervalMs: interval,
    });
    cycleOutcomes.push(outcome);
    const c = outcome.changes;
    log(
      `${label}: listed ${outcome.resourcesListed}, described ${outcome.pass.describedThisRun}, ` +
        `created ${c.created} updated ${c.updated} tombstoned ${c.tombstoned} failed ${c.failed}`,
    );
  };

  const everCreated = new Set<string>();
  const operations = new ChurnOperations(operator, judge, random, region, prefix);
  try {
    for (let i = 0; i < options.flows; i++) everCreated.add(await operations.createFlow());
    await deliverEvents(); // the creates' own events: the store learns the estate before the first cycle too
    await cycle('cycle 0');
    const start = clock.now();
    let changesSoFar = 0;
    for (let c = 1; c <= cycles; c++) {
      const count = Math.floor((options.changes * c) / cycles) - changesSoFar;
      const offsets = Array.from({ length: count }, () => Math.floor(random() * interval)).sort((a, b) => a - b);
      for (const offset of offsets) {
        clock.advance(Math.max(0, start + (c - 1) * interval + offset - clock.now()));
        await deliverDueRepolls();
        const done = await operations.randomChange();
        if (done.created) everCreated.add(done.created);
        const entry = (made[done.operation] ??= { ok: 0, failed: 0, skipped: 0 });
        if (done.ok) entry.ok++;
        else if (done.skipped) entry.skipped++;
        else entry.failed++;
        await deliverEvents();
      }
      changesSoFar += count;
      clock.advance(Math.max(0, start + c * interval - clock.now()));
      await deliverDueRepolls();
      await cycle(`cycle ${c}`);
    }
    const afterChurn = await compareStoreWithMoto(judge, options.store, everCreated);
    let final = afterChurn;
    const settle = options.settleCycles ?? 0;
    for (let s = 1; s <= settle; s++) {
      clock.advance(interval);
      await deliverDueRepolls();
      await cycle(`settle ${s}`);
    }
    if (settle > 0) final = await compareStoreWithMoto(judge, options.store, everCreated);
    return {
      seed: options.seed,
      made,
      eventsEmitted: emulator.stats.emitted,
      eventsDropped: dropped,
      eventsIngested: ingested,
      unparsed,
      trailingRepolls,
      cycles: cycles + settle,
      afterChurn,
      final,
      cycleOutcomes,
    };
  } finally {
    [operator, monitor, judge].forEach((client) => client.destroy());
  }
}

/** One random change: the call made, whether moto took it, and the ARN of a flow it created. */
interface ChangeDone {
  readonly operation: ChurnOperation;
  readonly ok: boolean;
  /** The flow had nothing the call could change: no call was made. */
  readonly skipped?: boolean;
  readonly created?: string;
}

/** The random configuration changes, made through the operator's (emulated) client; reads go through the judge's. */
class ChurnOperations {
  private serial = 0;

  constructor(
    private readonly operator: MediaConnectClient,
    private readonly judge: MediaConnectClient,
    private readonly random: () => number,
    private readonly region: string,
    private readonly prefix: string,
  ) {}

  async createFlow(): Promise<string> {
    const n = ++this.serial;
    const name = `${this.prefix}-${n}`;
    const created = await this.operator.send(
      new CreateFlowCommand({
        Name: name,
        AvailabilityZone: `${this.region}${'abc'.charAt(n % 3)}`,
        Source: {
          Name: `${name}-in`,
          Protocol: 'srt-listener',
          IngestPort: 5000 + (n % 100),
          WhitelistCidr: '10.0.0.0/16',
          Description: 'contribution',
        },
        Outputs: [
          { Name: `${name}-out-a`, Protocol: 'srt-caller', Destination: '198.51.100.7', Port: 6000, Description: 'a' },
          { Name: `${name}-out-b`, Protocol: 'rtp', Destination: '198.51.100.8', Port: 6002 },
        ],
        Entitlements: [{ Name: `${name}-partner`, Subscribers: ['444455556666'], Description: 'partner feed' }],
      }),
    );
    return created.Flow?.FlowArn as string;
  }

  /** Picks a call by weight and a flow at random, and makes the call; moto's refusals are counted, not thrown. */
  async randomChange(): Promise<ChangeDone> {
    const operation = this.pickOperation();
    const flows = await this.listFlows();
    const flowArn = this.pick(flows);
    if (operation === 'CreateFlow' || !flowArn) {
      const created = await this.createFlow().then(
        (arn) => arn,
        () => undefined,
      );
      return { operation: 'CreateFlow', ok: created !== undefined, ...(created ? { created } : {}) };
    }
    try {
      const flow = (await this.judge.send(new DescribeFlowCommand({ FlowArn: flowArn }))).Flow as Flow;
      await this.make(operation, flow);
      return { operation, ok: true };
    } catch (error) {
      return { operation, ok: false, ...(error instanceof NoCandidateError ? { skipped: true } : {}) };
    }
  }

  private async make(operation: ChurnOperation, flow: Flow): Promise<void> {
    const FlowArn = flow.FlowArn as string;
    const tag = `${++this.serial}`;
    const output = this.pick((flow.Outputs ?? []).filter((o) => o.OutputArn));
    const entitlement = this.pick(flow.Entitlements ?? []);
    const source = this.pick(flow.Sources?.length ? flow.Sources : flow.Source ? [flow.Source] : []);
    switch (operation) {
      case 'UpdateFlowOutput':
        if (!output) throw new NoCandidateError();
        await this.operator.send(
          new UpdateFlowOutputCommand({
            FlowArn,
            OutputArn: output.OutputArn,
            Protocol: output.Transport?.Protocol ?? 'srt-caller',
            Destination: `198.51.100.${1 + Math.floor(this.random() * 200)}`,
            Port: 6000 + Math.floor(this.random() * 100),
            Description: `output change ${tag}`,
          }),
        );
        return;
      case 'GrantFlowEntitlements':
        await this.operator.send(
          new GrantFlowEntitlementsCommand({
            FlowArn,
            Entitlements: [
              {
                Name: `ent-${tag}`,
                Subscribers: [String(100000000000 + Math.floor(this.random() * 899999999999))],
                Description: `granted ${tag}`,
              },
            ],
          }),
        );
        return;
      case 'UpdateFlowEntitlement':
        if (!entitlement) throw new NoCandidateError();
        await this.operator.send(
          new UpdateFlowEntitlementCommand({
            FlowArn,
            EntitlementArn: entitlement.EntitlementArn,
            Description: `entitlement change ${tag}`,
            Subscribers: [...(entitlement.Subscribers ?? []), '777788889999'].slice(-3),
          }),
        );
        return;
      case 'RevokeFlowEntitlement':
        if (!entitlement) throw new NoCandidateError();
        await this.operator.send(
          new RevokeFlowEntitlementCommand({ FlowArn, EntitlementArn: entitlement.EntitlementArn }),
        );
        return;
      case 'UpdateFlowSource':
        if (!source) throw new NoCandidateError();
        await this.operator.send(
          new UpdateFlowSourceCommand({
            FlowArn,
            SourceArn: source.SourceArn,
            Protocol: source.Transport?.Protocol ?? 'srt-listener',
            IngestPort: source.IngestPort ?? 5000,
            WhitelistCidr: `10.${Math.floor(this.random() * 250)}.0.0/16`,
            Description: `source change ${tag}`,
          }),
        );
        return;
      case 'StartFlow':
        await this.operator.send(new StartFlowCommand({ FlowArn }));
        return;
      case 'StopFlow':
        await this.operator.send(new StopFlowCommand({ FlowArn }));
        return;
      case 'TagResource':
        await this.operator.send(
          new TagResourceCommand({
            ResourceArn: FlowArn,
            Tags: { change: tag, team: this.random() < 0.5 ? 'news' : 'sport' },
          }),
        );
        return;
      case 'AddFlowOutputs':
        await this.operator.send(
          new AddFlowOutputsCommand({
            FlowArn,
            Outputs: [{ Name: `added-${tag}`, Protocol: 'rtp', Destination: '198.51.100.9', Port: 7000 }],
          }),
        );
        return;
      case 'RemoveFlowOutput':
        if (!output) throw new NoCandidateError();
        await this.operator.send(new RemoveFlowOutputCommand({ FlowArn, OutputArn: output.OutputArn }));
        return;
      case 'AddFlowSources':
        await this.operator.send(
          new AddFlowSourcesCommand({
            FlowArn,
            Sources: [
              { Name: `backup-${tag}`, Protocol: 'srt-listener', IngestPort: 5100, WhitelistCidr: '10.9.0.0/16' },
            ],
          }),
        );
        return;
      case 'DeleteFlow':
        await this.operator.send(new DeleteFlowCommand({ FlowArn }));
        return;
      case 'CreateFlow':
        return;
    }
  }

  private async listFlows(): Promise<string[]> {
    const arns: string[] = [];
    for await (const page of paginateListFlows({ client: this.judge }, {}))
      for (const f of page.Flows ?? []) if (f.FlowArn && f.Name?.startsWith(`${this.prefix}-`)) arns.push(f.FlowArn);
    return arns;
  }

  private pickOperation(): ChurnOperation {
    const entries = Object.entries(CHURN_OPERATIONS) as [ChurnOperation, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.random() * total;
    for (const [operation, weight] of entries) if ((r -= weight) < 0) return operation;
    return entries[0]![0];
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(this.random() * items.length)];
  }
}

/** The picked flow has nothing the call could change (no output with an ARN, no entitlement). */
class NoCandidateError extends Error {
  constructor() {
    super('nothing to change');
    this.name = 'NoCandidateError';
  }
}

/**
 * The store against moto, field by field: for every flow moto has, its stored `#META` and live children must equal the
 * records built from DescribeFlow (and its tags) by `buildFlowRecords`, bookkeeping fields aside; every flow created
 * and no longer at moto must be tombstoned.
 */
export async function compareStoreWithMoto(
  judge: MediaConnectClient,
  store: StateStore,
  everCreated: ReadonlySet<string>,
): Promise<StoreComparison> {
  const region = await judge.config.region();
  const budget = newRequestBudget({
    client: judge,
    store,
    clock: { now: Date.now },
    limiter: new TokenBucket(1000, 1000),
  });
  const atMoto = new Set<string>();
  for await (const page of paginateListFlows({ client: judge }, {}))
    for (const f of page.Flows ?? []) if (f.FlowArn && everCreated.has(f.FlowArn)) atMoto.add(f.FlowArn);
  let missed = 0;
  let stale = 0;
  let staleTags = 0;
  let falseTombstones = 0;
  let tombstoned = 0;
  let neverStored = 0;
  const differences: string[] = [];
  const note = (line: string) => differences.length < 20 && differences.push(line);

  for (const arn of everCreated) {
    const items = await store.queryAll<Record<string, unknown> & { sk: string }>({ pk: resourcePk(arn) });
    const meta = items.find((i) => i.sk === META_SK);
    if (!atMoto.has(arn)) {
      if (!meta) neverStored++;
      else if (isTombstone(meta)) tombstoned++;
      else {
        missed++;
        note(`missed deletion ${arn}: stored live`);
      }
      continue;
    }
    if (!meta) {
      missed++;
      note(`missed ${arn}: not stored`);
      continue;
    }
    if (isTombstone(meta)) {
      falseTombstones++;
      note(`false tombstone ${arn}`);
      continue;
    }
    const described = await describeFlow(judge, budget, { now: Date.now }, arn);
    const tags = await judge
      .send(new ListTagsForResourceCommand({ ResourceArn: arn }))
      .then((out) => out.Tags ?? {})
      // moto answers NotFound for a resource without tags.
      .catch((error: unknown) => {
        if (isNotFound(error)) return {};
        throw error;
      });
    const { tree } = describedFlowResource(described, { region, tags });
    const expected = [tree.meta, ...tree.children] as unknown as (Record<string, unknown> & { sk: string })[];
    const stored = items.filter(
      (i) => i.sk === META_SK || (/^(SOURCE|OUTPUT|ENTITLEMENT)#/.test(i.sk) && !isTombstone(i)),
    );
    const differs = recordDifferences(expected, stored);
    if (differs.length > 0) {
      if (differs.every((d) => /^#META: (tags|hash) /.test(d))) staleTags++;
      else stale++;
      differs.slice(0, 3).forEach((d) => note(`stale ${arn} ${d}`));
    }
  }
  return {
    flowsCompared: atMoto.size,
    missed,
    stale,
    staleTags,
    falseTombstones,
    tombstoned,
    neverStored,
    differences,
  };
}

const IGNORED: ReadonlySet<string> = new Set(BOOKKEEPING_FIELDS);

/** The differences between expected and stored records of one flow, by sort key and field. */
export function recordDifferences(
  expected: readonly (Record<string, unknown> & { sk: string })[],
  stored: readonly (Record<string, unknown> & { sk: string })[],
): string[] {
  const out: string[] = [];
  const storedBySk = new Map(stored.map((s) => [s.sk, s]));
  const expectedSks = new Set(expected.map((e) => e.sk));
  for (const record of expected) {
    const item = storedBySk.get(record.sk);
    if (!item) {
      out.push(`${record.sk}: not stored`);
      continue;
    }
    for (const field of new Set([...Object.keys(record), ...Object.keys(item)])) {
      if (IGNORED.has(field)) continue;
      const want = JSON.stringify(canonical(record[field]));
      const got = JSON.stringify(canonical(item[field]));
      if (want !== got) out.push(`${record.sk}: ${field} ${got ?? 'absent'} ≠ ${want ?? 'absent'}`);
    }
  }
  for (const item of stored) if (!expectedSks.has(item.sk)) out.push(`${item.sk}: stored, not at moto`);
  return out;
}

/** Object keys sorted, so the comparison does not depend on the order DynamoDB gives them back in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}
