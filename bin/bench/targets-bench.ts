import {
  DescribeFlowCommand,
  type Flow,
  ListFlowsCommand,
  ListTagsForResourceCommand,
  MediaConnectClient,
} from '@aws-sdk/client-mediaconnect';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import FakeTimers from '@sinonjs/fake-timers';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { mediaConnectInventory } from '../../lambdas/mediaconnect/service';
import { createInventoryHandler } from '../../lambdas/polling/inventory-handler';
import type { ClientOptions } from '../../lambdas/shared/clients';
import { systemClock } from '../../lambdas/shared/clock';
import { createTargetCredentials } from '../../lambdas/shared/target-credentials';
import { parseTargetRegistry, type TargetRegistry } from '../../lambdas/shared/watched-targets';
import { parseSubBenchFlags, type SubBenchOptions } from './bench-args';
import { InMemoryInventoryStore } from './in-memory-inventory-store';

/**
 * The many-targets bench (`npm run bench -- --targets [--targets-count 20 --flows-per-target 300]`): the real
 * MediaConnect inventory handler (registry, assume-role credentials, per-target clients, buckets, leases) polling N
 * member accounts, every target's invocation started at once as the Scheduler fan-out starts them. Each account's
 * MediaConnect is simulated in memory with 20 ms latency and its own 5 req/s, burst 30 quota that answers
 * TooManyRequests beyond it; STS answers AssumeRole with one-hour sessions and counts the calls. Time is virtual
 * (fake timers drive every wait and latency), so minutes of polling run in seconds: the wall times reported are the
 * simulated ones, and the CPU time beside them is real.
 */

const REGION = 'eu-west-1';
const DEPLOYMENT = '100000000000';
const MINUTE = 60_000;
const LATENCY_MS = 20;

const argsSchema = z.object({
  targetsCount: z.coerce.number().int().min(1).max(100).default(20),
  flowsPerTarget: z.coerce.number().int().min(1).max(5_000).default(300),
  cycles: z.coerce.number().int().min(3).max(20).default(4),
});
export type TargetsBenchArgs = z.infer<typeof argsSchema>;

/** The bench's own flags (`--targets-count`, `--flows-per-target`, `--cycles`), validated. */
export function parseTargetsArgs(argv: readonly string[]): TargetsBenchArgs {
  return parseSubBenchFlags(argv, argsSchema);
}

const accountOf = (i: number) => String(200_000_000_000 + i);

/** One member account's MediaConnect: its flows, its own quota bucket, and what it was asked. */
class SimulatedAccount {
  readonly flows: Flow[] = [];
  private tokens = 30;
  private last = Date.now();
  calls = 0;
  throttles = 0;

  constructor(
    readonly account: string,
    count: number,
  ) {
    for (let i = 0; i < count; i++) {
      const name = `flow-${String(i).padStart(4, '0')}`;
      const arn = `arn:aws:mediaconnect:${REGION}:${account}:flow:1-${String(i).padStart(12, '0')}:${name}`;
      const source = { Name: 'primary', SourceArn: `${arn.replace(':flow:', ':source:')}:primary`, IngestPort: 5000 };
      this.flows.push({
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

  /** MediaConnect's 5 req/s, burst 30 per account and Region: a call beyond it is throttled, not queued. */
  private admit(): boolean {
    const now = Date.now();
    this.tokens = Math.min(30, this.tokens + ((now - this.last) / 1000) * 5);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  async send(command: unknown): Promise<unknown> {
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    this.calls++;
    if (!this.admit()) {
      this.throttles++;
      throw Object.assign(new Error('Too many requests'), {
        name: 'TooManyRequestsException',
        $metadata: { httpStatusCode: 429 },
      });
    }
    if (command instanceof ListFlowsCommand) {
      const from = Number(command.input.NextToken ?? 0);
      const size = command.input.MaxResults ?? 1000;
      const page = this.flows.slice(from, from + size).map((f) => ({
        FlowArn: f.FlowArn,
        Name: f.Name,
        Status: f.Status,
        AvailabilityZone: f.AvailabilityZone,
        Description: '',
        SourceType: 'OWNED' as const,
      }));
      return { Flows: page, ...(from + size < this.flows.length ? { NextToken: String(from + size) } : {}) };
    }
    if (command instanceof DescribeFlowCommand)
      return { Flow: structuredClone(this.flows.find((f) => f.FlowArn === command.input.FlowArn)) };
    if (command instanceof ListTagsForResourceCommand) return { Tags: {} };
    throw new Error(`The targets bench does not answer ${(command as object).constructor.name}`);
  }
}

/** What one target's invocation of one cycle cost. */
export interface TargetCycle {
  readonly target: string;
  readonly calls: number;
  readonly throttles: number;
  readonly virtualMs: number;
}

export interface TargetsFigures {
  readonly passed: boolean;
  readonly targets: number;
  readonly flowsPerTarget: number;
  /** The first cycle, per target. */
  readonly firstCycle: readonly TargetCycle[];
  /** AssumeRole calls in each cycle (first, steady ones, then the one after the clock crossed the refresh margin). */
  readonly assumeRolePerCycle: readonly number[];
  readonly assumeRoleAfterRefreshMargin: number;
  /** Simulated wall time of one target alone and of all targets at once (first cycle), and their ratio. */
  readonly aloneMs: number;
  readonly allMs: number;
  readonly ratio: number;
  readonly cpuMs: number;
}

const context = {
  functionName: 'mediaconnect-inventory',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${DEPLOYMENT}:function:mediaconnect-inventory`,
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 240_000,
} as unknown as Context;

/** A fleet: N assume-role targets, their simulated accounts, and the real handler over them. */
function fleet(count: number, flowsPerTarget: number) {
  const accounts = new Map<string, SimulatedAccount>();
  for (let i = 0; i < count; i++) accounts.set(accountOf(i), new SimulatedAccount(accountOf(i), flowsPerTarget));
  const registry: TargetRegistry = parseTargetRegistry(
    {
      deployment: { account: DEPLOYMENT, region: REGION, name: 'bench' },
      targets: [...accounts.keys()].map((account) => ({
        account,
        region: REGION,
        services: ['mediaconnect'],
        credentials: {
          type: 'assume-role',
          roleArn: `arn:aws:iam::${account}:role/media-monitor/media-monitor-read-${REGION}`,
        },
      })),
    },
    'bench registry',
  );
  let assumeRoles = 0;
  const sts = new STSClient({ region: REGION, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  (sts as unknown as { send: (c: unknown) => Promise<unknown> }).send = async (command) => {
    if (!(command instanceof AssumeRoleCommand)) throw new Error('the bench STS answers AssumeRole only');
    assumeRoles++;
    const account = /iam::(\d{12}):/.exec(command.input.RoleArn ?? '')?.[1] ?? '';
    return {
      Credentials: {
        AccessKeyId: `ASIA${account}`,
        SecretAccessKey: 'bench',
        SessionToken: 'bench',
        Expiration: new Date(Date.now() + (command.input.DurationSeconds ?? 3600) * 1000),
      },
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${account}:assumed-role/media-monitor-read/${command.input.RoleSessionName}`,
      },
    };
  };
  const credentials = createTargetCredentials({
    sts,
    secrets: undefined as never,
    clock: systemClock,
    sessionName: 'media-monitor-bench',
  });
  const factory = (options: ClientOptions) => {
    const client = new MediaConnectClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    // The paginator needs a real client instance; only its send is replaced: the call goes to the account whose keys
    // the target's provider hands out (as moto and AWS choose the account by the credentials).
    (client as unknown as { send: (c: unknown) => Promise<unknown> }).send = async (command) => {
      const identity = options.credentials ? await options.credentials() : undefined;
      const account = accounts.get(identity?.accessKeyId.replace(/^ASIA/, '') ?? '');
      if (!account) throw new Error('no simulated account for these credentials');
      return account.send(command);
    };
    return client;
  };
  const handler = createInventoryHandler(mediaConnectInventory, factory, {
    registry: { get: async () => registry },
    credentials,
    store: new InMemoryInventoryStore(),
    env: {},
  });
  return { accounts, handler, assumeRoles: () => assumeRoles };
}

export async function runTargetsBench(
  options: Partial<SubBenchOptions> & { log?: (line: string) => void } = {},
): Promise<TargetsFigures> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const args = parseTargetsArgs(options.argv ?? []);
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' });
  log(
    `targets bench: ${args.targetsCount} targets × ${args.flowsPerTarget} flows, ${args.cycles} cycles (virtual clock)`,
  );
  const cpuStart = process.cpuUsage();
  const clock = FakeTimers.install({
    toFake: ['setTimeout', 'clearTimeout', 'Date'],
    shouldClearNativeTimers: true,
    now: Date.parse('2026-12-02T00:00:00Z'),
  });
  /** Runs the promise to its end, firing each virtual timer as the work waits on it. */
  const drive = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    void work.finally(() => (done = true)).catch(() => undefined);
    while (!done) {
      if (clock.countTimers() > 0) await clock.nextAsync();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    return work;
  };
  try {
    const cycleOf = async (f: ReturnType<typeof fleet>, accounts: readonly string[]) => {
      const startedAt = Date.now();
      const before = new Map([...f.accounts].map(([a, s]) => [a, { calls: s.calls, throttles: s.throttles }]));
      const ended = new Map<string, number>();
      await drive(
        Promise.all(
          accounts.map(async (account) => {
            await f.handler({ target: `${account}#${REGION}` }, context);
            ended.set(account, Date.now());
          }),
        ),
      );
      return {
        wallMs: Date.now() - startedAt,
        perTarget: accounts.map((account) => {
          const sim = f.accounts.get(account) as SimulatedAccount;
          const was = before.get(account) ?? { calls: 0, throttles: 0 };
          return {
            target: `${account}#${REGION}`,
            calls: sim.calls - was.calls,
            throttles: sim.throttles - was.throttles,
            virtualMs: (ended.get(account) ?? startedAt) - startedAt,
          };
        }),
      };
    };

    const alone = fleet(1, args.flowsPerTarget);
    const aloneCycle = await cycleOf(alone, [...alone.accounts.keys()]);

    const all = fleet(args.targetsCount, args.flowsPerTarget);
    const keys = [...all.accounts.keys()];
    const assumeRolePerCycle: number[] = [];
    let firstCycle: TargetCycle[] = [];
    let allMs = 0;
    const cycleStart = Date.now();
    for (let cycle = 0; cycle < args.cycles; cycle++) {
      // Each cycle starts on the 5-minute schedule; together they stay inside the session's refresh margin.
      clock.setSystemTime(cycleStart + cycle * 5 * MINUTE);
      const before = all.assumeRoles();
      const run = await cycleOf(all, keys);
      assumeRolePerCycle.push(all.assumeRoles() - before);
      if (cycle === 0) {
        firstCycle = run.perTarget;
        allMs = run.wallMs;
      }
    }
    // One-hour sessions are renewed 10 minutes before they expire: a cycle at 51 minutes crosses that margin.
    clock.setSystemTime(cycleStart + 51 * MINUTE);
    const beforeRefresh = all.assumeRoles();
    await cycleOf(all, keys);
    const assumeRoleAfterRefreshMargin = all.assumeRoles() - beforeRefresh;

    const cpu = process.cpuUsage(cpuStart);
    const ratio = aloneCycle.wallMs ? allMs / aloneCycle.wallMs : 0;
    const steady = assumeRolePerCycle.slice(1);
    const figures: TargetsFigures = {
      passed:
        ratio <= 1.2 &&
        assumeRolePerCycle[0] === args.targetsCount &&
        steady.every((n) => n === 0) &&
        assumeRoleAfterRefreshMargin === args.targetsCount,
      targets: args.targetsCount,
      flowsPerTarget: args.flowsPerTarget,
      firstCycle,
      assumeRolePerCycle,
      assumeRoleAfterRefreshMargin,
      aloneMs: aloneCycle.wallMs,
      allMs,
      ratio,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    };
    if (options.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    else process.stdout.write(`\n${formatTargets(figures)}\n`);
    return figures;
  } finally {
    clock.uninstall();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatTargets(f: TargetsFigures): string {
  return [
    `Many targets (virtual clock; each account's MediaConnect 5 req/s burst 30, ${LATENCY_MS} ms latency; assume-role)`,
    `  ${f.targets} targets × ${f.flowsPerTarget} flows, every target's invocation at once`,
    ...f.firstCycle.map(
      (t) => `    ${t.target}: ${t.calls} calls, ${t.throttles} throttled, ${seconds(t.virtualMs)} (first cycle)`,
    ),
    `  AssumeRole calls per cycle: ${f.assumeRolePerCycle.join(', ')} (first, then steady); ` +
      `${f.assumeRoleAfterRefreshMargin} when the clock crosses the refresh margin`,
    `  wall time: one target alone ${seconds(f.aloneMs)}, all ${f.targets} at once ${seconds(f.allMs)}: ` +
      `${f.ratio.toFixed(2)}× (goal ≤ 1.2×) ${f.ratio <= 1.2 ? '✔' : '✘'}`,
    `  CPU (real) for the whole bench: ${seconds(f.cpuMs)}`,
    `  ${f.passed ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}
