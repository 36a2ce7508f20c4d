import {
  DescribeFlowCommand,
  type Flow,
  ListFlowsCommand,
  type ListedFlow,
  ListTagsForResourceCommand,
  MediaConnectClient,
} from '@aws-sdk/client-mediaconnect';
import * as z from 'zod';
import { flowKind } from '../../lambdas/mediaconnect/flow-kind';
import { pollInventoryKind } from '../../lambdas/polling/inventory-cycle';
import type { InventoryDeps } from '../../lambdas/polling/inventory-deps';
import type { Clock } from '../../lambdas/shared/clock';
import { TokenBucket } from '../../lambdas/shared/rate-limiter';
import { serviceQuotaFromEnv } from '../../lambdas/shared/service-quota';
import { InMemoryInventoryStore } from './in-memory-inventory-store';
import { parseSubBenchFlags, type SubBenchOptions } from './bench-args';

/**
 * The rolling-sweep bench (`npm run bench -- --sweep`): the real MediaConnect inventory cycle (engine + flow kind) over a
 * simulated estate on a virtual clock. ListFlows and DescribeFlow are answered in memory and counted; the clock moves
 * only by the token bucket's waits (the inventory's pace of the default 5 rps quota) and by the schedule (a cycle every
 * 5 minutes, each with the real 240 s timeout as deadline), so hours of cycles run in seconds. The store is the
 * in-memory InventoryStore the unit tests use (same conditional-write semantics as the StateStore).
 */

export interface SweepBenchOptions extends Partial<SubBenchOptions> {
  /** Flows of the steady-state comparison. @default 1000 */
  readonly steadyFlows?: number;
  /** Flows of the from-empty run. @default 5000 */
  readonly largeFlows?: number;
  /** Hours simulated per run. @default 4 */
  readonly hours?: number;
  readonly log?: (line: string) => void;
}

const MINUTE = 60_000;
const INTERVAL_MS = 5 * MINUTE;
const TIMEOUT_MS = 240_000;
const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';

/** A clock that moves only when told to. */
class VirtualClock implements Clock {
  constructor(public ms = Date.parse('2026-01-05T00:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The simulated estate: flows by ARN, and every DescribeFlow with its virtual time. */
class SimulatedMediaConnect {
  readonly flows = new Map<string, Flow>();
  readonly describes: { arn: string; atMs: number }[] = [];
  listCalls = 0;
  tagCalls = 0;

  constructor(
    count: number,
    private readonly clock: VirtualClock,
  ) {
    for (let i = 0; i < count; i++) {
      const name = `sweep-${String(i).padStart(5, '0')}`;
      const arn = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-${String(i).padStart(12, '0')}:${name}`;
      const source = { Name: 'primary', SourceArn: `${arn.replace(':flow:', ':source:')}:primary`, IngestPort: 5000 };
      this.flows.set(arn, {
        FlowArn: arn,
        Name: name,
        Status: 'ACTIVE',
        AvailabilityZone: `${REGION}a`,
        Source: source,
        Sources: [source],
        Outputs: [],
        Entitlements: [],
      });
    }
  }

  client(): MediaConnectClient {
    const client = new MediaConnectClient({
      region: REGION,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    // The paginator needs a real client instance; only its send is replaced.
    (client as unknown as { send: (command: unknown) => Promise<unknown> }).send = async (command) =>
      this.send(command);
    return client;
  }

  private async send(command: unknown): Promise<unknown> {
    if (command instanceof ListFlowsCommand) {
      this.listCalls++;
      const arns = [...this.flows.keys()];
      const from = Number(command.input.NextToken ?? 0);
      const size = command.input.MaxResults ?? 1000;
      const page = arns.slice(from, from + size).map((arn) => listedOf(this.flows.get(arn) as Flow));
      return { Flows: page, ...(from + size < arns.length ? { NextToken: String(from + size) } : {}), $metadata: {} };
    }
    if (command instanceof DescribeFlowCommand) {
      const arn = command.input.FlowArn as string;
      this.describes.push({ arn, atMs: this.clock.now() });
      const flow = this.flows.get(arn);
      if (!flow) throw Object.assign(new Error('not found'), { name: 'NotFoundException', $metadata: {} });
      return { Flow: structuredClone(flow), $metadata: {} };
    }
    // A new or changed flow's tags are read once (the kind's enrich).
    if (command instanceof ListTagsForResourceCommand) {
      this.tagCalls++;
      return { Tags: {}, $metadata: {} };
    }
    throw new Error(`The sweep bench does not answer ${(command as object).constructor.name}`);
  }
}

const listedOf = (flow: Flow): ListedFlow => ({
  FlowArn: flow.FlowArn,
  Name: flow.Name,
  Status: flow.Status,
  AvailabilityZone: flow.AvailabilityZone,
  Description: '',
  SourceType: 'OWNED',
});

/** What one simulated run measured, every figure computed from the calls and outcomes it recorded. */
export interface SweepRun {
  readonly flows: number;
  readonly periodMinutes: number;
  readonly cycles: number;
  /** Longest invocation (virtual ms) against the 240 s timeout. */
  readonly maxInvocationMs: number;
  readonly invocationsOverTimeout: number;
  /** From the first cycle to the first complete picture (every flow described once), or null when never reached. */
  readonly firstCompleteAfterMs: number | null;
  /** Largest gap between two describes of one flow (or the last one and the end) after the first complete picture. */
  readonly largestGapMs: number | null;
  readonly flowsOverPeriod: number;
  /** The longest a flow waited across the first complete picture (see `largestGaps`). */
  readonly catchUpMs: number | null;
  /** DescribeFlow calls per hour over the second half of the run (steady state). */
  readonly steadyDescribesPerHour: number;
  readonly describes: number;
  readonly listCalls: number;
  readonly tagCalls: number;
  /** Cycles whose pass was behind (overdue with flows left). */
  readonly behindCycles: number;
  /** The last cycle's pass: flows left of the total. */
  readonly lastRemaining: number;
}

/** Runs `hours` of scheduled cycles over `flows` flows with the given sweep period. */
export async function simulateSweep(input: {
  readonly flows: number;
  readonly periodMinutes: number;
  readonly hours: number;
}): Promise<SweepRun> {
  const clock = new VirtualClock();
  const world = new SimulatedMediaConnect(input.flows, clock);
  const pace = serviceQuotaFromEnv('mediaconnect', {}).functions.inventory;
  const store = new InMemoryInventoryStore();
  const deps: InventoryDeps<MediaConnectClient> = {
    client: world.client(),
    store,
    clock,
    limiter: new TokenBucket(pace.rps, pace.burst, clock, async (ms) => clock.advance(ms)),
    wait: async (ms) => clock.advance(ms),
    random: () => 0.5,
  };
  const start = clock.now();
  const cycles = Math.round((input.hours * 60 * MINUTE) / INTERVAL_MS);
  let maxInvocationMs = 0;
  let overTimeout = 0;
  let behindCycles = 0;
  let firstCompleteAt: number | undefined;
  let lastRemaining = 0;
  for (let n = 0; n < cycles; n++) {
    clock.ms = Math.max(clock.ms, start + n * INTERVAL_MS);
    const invokedAt = clock.now();
    const outcome = await pollInventoryKind(deps, flowKind, {
      accountId: ACCOUNT,
      sweepPerCycle: 0,
      sweepPeriodMs: input.periodMinutes * MINUTE,
      cycleIntervalMs: INTERVAL_MS,
      maxRequests: Math.floor(pace.rps * (INTERVAL_MS / 1000)),
      deadlineMs: invokedAt + TIMEOUT_MS,
    });
    const took = clock.now() - invokedAt;
    maxInvocationMs = Math.max(maxInvocationMs, took);
    if (took > TIMEOUT_MS) overTimeout++;
    if (outcome.pass.behind) behindCycles++;
    lastRemaining = outcome.pass.remaining;
    if (firstCompleteAt === undefined && outcome.pass.firstCompleteAt)
      firstCompleteAt = Date.parse(outcome.pass.firstCompleteAt);
  }
  const end = start + cycles * INTERVAL_MS;
  const gaps = largestGaps(world.describes, [...world.flows.keys()], firstCompleteAt, end, input.periodMinutes);
  const steadyFrom = start + Math.floor(cycles / 2) * INTERVAL_MS;
  const steady = world.describes.filter((d) => d.atMs >= steadyFrom).length;
  return {
    flows: input.flows,
    periodMinutes: input.periodMinutes,
    cycles,
    maxInvocationMs,
    invocationsOverTimeout: overTimeout,
    firstCompleteAfterMs: firstCompleteAt === undefined ? null : firstCompleteAt - start,
    largestGapMs: gaps.largest,
    flowsOverPeriod: gaps.over,
    catchUpMs: gaps.catchUp,
    steadyDescribesPerHour: Math.round((steady * 60 * MINUTE) / (end - steadyFrom)),
    describes: world.describes.length,
    listCalls: world.listCalls,
    tagCalls: world.tagCalls,
    behindCycles,
    lastRemaining,
  };
}

/**
 * After the first complete picture: the largest gap between two describes of one flow (or its last describe and the
 * end), the flows over the period, and the catch-up: the longest a flow waited from its last describe before the
 * picture was complete to its first one after (a first picture that takes longer than the period makes its first
 * flows wait longer than the period once).
 */
export function largestGaps(
  describes: readonly { arn: string; atMs: number }[],
  arns: readonly string[],
  firstCompleteAt: number | undefined,
  endMs: number,
  periodMinutes: number,
): { largest: number | null; over: number; catchUp: number | null } {
  if (firstCompleteAt === undefined) return { largest: null, over: arns.length, catchUp: null };
  const byArn = new Map<string, number[]>();
  for (const d of describes) {
    const times = byArn.get(d.arn);
    if (times) times.push(d.atMs);
    else byArn.set(d.arn, [d.atMs]);
  }
  let largest = 0;
  let over = 0;
  let catchUp = 0;
  for (const arn of arns) {
    const times = byArn.get(arn) ?? [];
    const before = times.filter((t) => t < firstCompleteAt);
    const after = [...times.filter((t) => t >= firstCompleteAt), endMs];
    if (before.length) catchUp = Math.max(catchUp, (after[0] as number) - Math.max(...before));
    let flowGap = 0;
    for (let i = 1; i < after.length; i++) flowGap = Math.max(flowGap, (after[i] as number) - (after[i - 1] as number));
    largest = Math.max(largest, flowGap);
    if (flowGap > periodMinutes * MINUTE) over++;
  }
  return { largest, over, catchUp };
}

export interface SweepFigures {
  readonly passed: boolean;
  readonly steady: {
    readonly today: SweepRun;
    readonly now: SweepRun;
    /** Measured today / now: today is capped by the quota when it cannot describe every flow every cycle. */
    readonly ratio: number;
    /** What "every flow every cycle" asks (12 per flow per hour) / now. */
    readonly demandRatio: number;
  };
  readonly large: { readonly live: SweepRun; readonly off: SweepRun };
}

const argsSchema = z.object({
  steadyFlows: z.coerce.number().int().min(10).max(20_000).default(1000),
  largeFlows: z.coerce.number().int().min(10).max(20_000).default(5000),
  hours: z.coerce.number().min(1).max(24).default(4),
});

/** The bench's own flags (`--steady-flows`, `--large-flows`, `--hours`), validated. */
export function parseSweepArgs(argv: readonly string[]): z.infer<typeof argsSchema> {
  return parseSubBenchFlags(argv, argsSchema);
}

export async function runSweepBench(options: SweepBenchOptions = {}): Promise<SweepFigures> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const args = parseSweepArgs(options.argv ?? []);
  const steadyFlows = options.steadyFlows ?? args.steadyFlows;
  const largeFlows = options.largeFlows ?? args.largeFlows;
  const hours = options.hours ?? args.hours;
  log(`sweep bench: ${steadyFlows} flows steady, ${largeFlows} flows from empty, ${hours} h each (virtual clock)`);
  const today = await simulateSweep({ flows: steadyFlows, periodMinutes: 5, hours });
  const now = await simulateSweep({ flows: steadyFlows, periodMinutes: 60, hours });
  const live = await simulateSweep({ flows: largeFlows, periodMinutes: 60, hours });
  const off = await simulateSweep({ flows: largeFlows, periodMinutes: 5, hours: Math.min(hours, 2) });
  const ratio = now.steadyDescribesPerHour ? today.steadyDescribesPerHour / now.steadyDescribesPerHour : 0;
  const demandRatio = now.steadyDescribesPerHour ? (steadyFlows * 12) / now.steadyDescribesPerHour : 0;
  const passed =
    demandRatio >= 10 &&
    live.invocationsOverTimeout === 0 &&
    live.flowsOverPeriod === 0 &&
    live.firstCompleteAfterMs !== null;
  const figures: SweepFigures = { passed, steady: { today, now, ratio, demandRatio }, large: { live, off } };
  if (options.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  else process.stdout.write(`\n${formatSweep(figures)}\n`);
  return figures;
}

const minutes = (ms: number | null): string => (ms === null ? 'never' : `${(ms / MINUTE).toFixed(1)} min`);

export function formatSweep(f: SweepFigures): string {
  const { today, now, ratio, demandRatio } = f.steady;
  const { live, off } = f.large;
  return [
    `Rolling sweep (virtual clock, inventory pace of the default 5 rps quota, 5-min schedule, 240 s timeout)`,
    ``,
    `${today.flows} flows, steady state: DescribeFlow per hour`,
    `  today (period = interval, 5 min): ${today.steadyDescribesPerHour} measured (the quota's cap; ${today.behindCycles} of ${today.cycles} cycles behind), ${today.flows * 12} to keep 5 min`,
    `  now (period 60 min, path live):   ${now.steadyDescribesPerHour}`,
    `  ratio: ${demandRatio.toFixed(1)}x against every flow every cycle (goal >= 10x) ${demandRatio >= 10 ? 'PASS' : 'FAIL'}; ${ratio.toFixed(1)}x against today's quota-capped rate`,
    ``,
    `${live.flows} flows from empty, path live (period 60 min), ${live.cycles} cycles:`,
    `  longest invocation: ${(live.maxInvocationMs / 1000).toFixed(1)} s of 240 s (${live.invocationsOverTimeout} over)`,
    `  first complete picture after: ${minutes(live.firstCompleteAfterMs)}`,
    `  largest gap between two describes of one flow after it: ${minutes(live.largestGapMs)} vs 60 min (${live.flowsOverPeriod} flows over)`,
    `  catch-up: the longest a flow waited across the first picture: ${minutes(live.catchUpMs)}`,
    `  DescribeFlow per hour in steady state: ${live.steadyDescribesPerHour}`,
    ``,
    `${off.flows} flows, path off (period 5 min), ${off.cycles} cycles:`,
    `  DescribeFlow per hour: ${off.steadyDescribesPerHour} (needed: ${off.flows * 12})`,
    `  first complete picture after: ${minutes(off.firstCompleteAfterMs)}`,
    `  cycles behind: ${off.behindCycles} of ${off.cycles}; last pass ${off.lastRemaining} of ${off.flows} left`,
    `  largest gap: ${minutes(off.largestGapMs)} vs 5 min (${off.flowsOverPeriod} flows over): ${
      off.flowsOverPeriod ? 'the quota cannot describe this estate every 5 min' : 'kept'
    }`,
    ``,
    f.passed ? 'PASS' : 'FAIL',
  ].join('\n');
}
