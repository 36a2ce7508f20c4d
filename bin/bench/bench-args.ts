import { parseArgs } from 'node:util';
import * as z from 'zod';

/** What `npm run bench -- …` asked for. */
export type BenchMode =
  'pollers' | 'storm' | 'api' | 'cli' | 'chain' | 'mediapackage' | 'sweep' | 'churn' | 'targets' | 'feed' | 'dashboard';

export interface BenchOptions {
  readonly mode: BenchMode;
  /** Flows seeded into moto. @default 200 */
  readonly flows: number;
  /** MediaLive channels (each with its own input) seeded into moto next to the flows. @default 0 */
  readonly channels: number;
  /** The METRIC_SET the metrics poller runs with. @default 'health' */
  readonly metricSet: 'health' | 'full';
  /** Print one JSON document instead of the report table. @default false */
  readonly json: boolean;
  /**
   * Flows given CloudWatch datapoints (the first ones); see bench-fleet.ts for why it is small.
   * @default undefined: as many flows as fit in about 200 datums per feed (5 with the health set, 1 with full)
   */
  readonly datapointFlows?: number;
  /**
   * The inventory poller's MediaConnect request rate. Unset lifts the limit, so cycles measure the code rather than the
   * quota; the report shows each cycle's floor at the production quota beside it. `5` runs at the production rate.
   * @default undefined (no limit)
   */
  readonly mediaConnectRps?: number;
  /**
   * Simulates the inventory Lambda's timeout: each inventory invocation gets this deadline, and the first pass runs as
   * many invocations as it needs. @default undefined (no deadline: the first cycle runs to the end)
   */
  readonly timeoutSeconds?: number;
  readonly help: boolean;
}

/** What `runStormBench` and `runApiBench` receive from the entry: the common flags and every argument as given. */
export interface SubBenchOptions {
  /** Only when `--flows` was given; each bench picks its own default. */
  readonly flows?: number;
  readonly json: boolean;
  /** The raw arguments after `npm run bench --`, for flags of the sub-bench's own. */
  readonly argv: readonly string[];
}

/** A command line the bench cannot run. */
export class BenchArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchArgsError';
  }
}

export const DEFAULT_BENCH_FLOWS = 200;
/** moto keeps every flow in memory; beyond this the seeding alone takes many minutes. */
export const MAX_BENCH_FLOWS = 5_000;
/** moto pages ListChannels at 100 and describes each channel in Python; beyond this seeding takes many minutes. */
export const MAX_BENCH_CHANNELS = 2_000;

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Seeds moto with N MediaConnect flows (2 sources, 3 outputs, 2 entitlements each) and C MediaLive channels (STANDARD,
one input and two output groups each, RUNNING), runs the real inventory pollers (one per service) and the one metrics
poller against moto + dynalite, and prints the figures per service and cycle with PASS/FAIL against the targets.

Options:
  --flows N               flows to seed (1-${MAX_BENCH_FLOWS}, default ${DEFAULT_BENCH_FLOWS})
  --channels C            MediaLive channels to seed next to the flows (0-${MAX_BENCH_CHANNELS}, default 0)
  --metric-set SET        health (default) or full
  --datapoint-flows K     flows that get CloudWatch datapoints (default: about 200 datums' worth, 5 flows with the
                          health set; moto's GetMetricData slows down with every stored datum)
  --mediaconnect-rps R    pace the inventory poller's MediaConnect calls at R/s (default: no limit, and the report
                          shows each cycle's floor at the production quota; 5 runs at the production rate)
  --timeout-seconds T     give each inventory invocation T seconds, as the Lambda timeout does (production: 240);
                          the first pass then runs over as many invocations as it needs, each one timed
  --json                  print a JSON document instead of the table
  --storm                 run the event-storm bench instead (bin/bench/storm.ts)
  --sweep                 run the rolling-sweep bench instead (bin/bench/sweep-bench.ts, virtual clock):
                          --steady-flows (default 1000), --large-flows (default 5000), --hours (default 4)
  --endpoints N           run the MediaPackage v1 bench instead: N origin endpoints over N/2 channels
                          (bin/bench/mediapackage-bench.ts); with --flows or --channels, the whole estate: the
                          pollers bench, then the MediaPackage bench, then link derivation (--chain)
  --api                   run the API bench instead (bin/bench/api-bench.ts)
  --feed [--polls P]      measure the change feed instead (bin/bench/feed-bench.ts): --flows (default 1000) seeded,
                          P idle and P busy GET /changes polls (default 30), read units and the cost of one open
                          dashboard per hour
  --cli [--runs N]        measure mediamon's startup instead (bin/bench/cli-startup.ts)
  --chain [--endpoints E] measure link derivation instead (bin/bench/chain-bench.ts): --flows (default 1000),
                          --channels (default 200) and E origin endpoints (default 400) against dynalite
  --churn                 measure the change path instead (bin/bench/churn-bench.ts): --flows (default 100),
                          --changes (200), --drop (0), --seed, --latency-changes (100), --stormed-changes (20),
                          --change-every-ms (1600), --storm-flows (40)
  --targets               poll many member accounts at once (bin/bench/targets-bench.ts, virtual clock):
                          --targets-count (20), --flows-per-target (300), --cycles (4)
  --dashboard             measure the dashboard in headless Chromium instead (bin/bench/dashboard-bench.ts): the
                          flows list at --flows (default 1000): first render, all rows loaded, rows in the DOM,
                          scroll to the last row, JS heap; then --alarms K (default 5) alarms to the screen
  -h, --help              show this help`;

const positiveInt = (flag: string, max: number) =>
  z.coerce
    .number({ error: `${flag} must be a number` })
    .int(`${flag} must be a whole number`)
    .min(1, `${flag} must be at least 1`)
    .max(max, `${flag} must be at most ${max}`);

const schema = z.object({
  flows: positiveInt('--flows', MAX_BENCH_FLOWS).default(DEFAULT_BENCH_FLOWS),
  channels: z.coerce
    .number({ error: '--channels must be a number' })
    .int('--channels must be a whole number')
    .min(0, '--channels must be at least 0')
    .max(MAX_BENCH_CHANNELS, `--channels must be at most ${MAX_BENCH_CHANNELS}`)
    .default(0),
  metricSet: z.enum(['health', 'full'], { error: '--metric-set must be health or full' }).default('health'),
  datapointFlows: positiveInt('--datapoint-flows', MAX_BENCH_FLOWS).optional(),
  mediaConnectRps: z.coerce
    .number({ error: '--mediaconnect-rps must be a number' })
    .positive('--mediaconnect-rps must be positive')
    .optional(),
  timeoutSeconds: positiveInt('--timeout-seconds', 900).optional(),
});

/**
 * Parses the bench's arguments. `--storm` and `--api` select another bench and leave the remaining flags to it, so
 * only the shared flags are validated in those modes. Throws BenchArgsError on anything it cannot run.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const storm = argv.includes('--storm');
  const sweep = argv.includes('--sweep');
  const api = argv.includes('--api');
  const cli = argv.includes('--cli');
  const chain = argv.includes('--chain');
  const churn = argv.includes('--churn');
  const targets = argv.includes('--targets');
  const feed = argv.includes('--feed');
  const dashboard = argv.includes('--dashboard');
  // `--endpoints` alone runs the MediaPackage bench; with `--chain` it sizes the chain bench's estate.
  const mediapackage = !chain && argv.some((a) => a === '--endpoints' || a.startsWith('--endpoints='));
  if ([storm, api, cli, chain, mediapackage, sweep, churn, targets, feed, dashboard].filter(Boolean).length > 1)
    throw new BenchArgsError(
      '--storm, --api, --cli, --chain, --sweep, --endpoints, --churn, --targets, --feed and --dashboard are separate benches; pick one',
    );
  const mode: BenchMode = sweep
    ? 'sweep'
    : storm
      ? 'storm'
      : api
        ? 'api'
        : cli
          ? 'cli'
          : chain
            ? 'chain'
            : mediapackage
              ? 'mediapackage'
              : churn
                ? 'churn'
                : targets
                  ? 'targets'
                  : feed
                    ? 'feed'
                    : dashboard
                      ? 'dashboard'
                      : 'pollers';

  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: mode === 'pollers',
      allowPositionals: mode !== 'pollers',
      options: {
        flows: { type: 'string' },
        channels: { type: 'string' },
        'metric-set': { type: 'string' },
        'datapoint-flows': { type: 'string' },
        'mediaconnect-rps': { type: 'string' },
        'timeout-seconds': { type: 'string' },
        json: { type: 'boolean', default: false },
        storm: { type: 'boolean', default: false },
        api: { type: 'boolean', default: false },
        cli: { type: 'boolean', default: false },
        chain: { type: 'boolean', default: false },
        churn: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new BenchArgsError((error as Error).message);
  }

  const parsed = schema.safeParse({
    flows: stringValue(values.flows),
    channels: stringValue(values.channels),
    metricSet: stringValue(values['metric-set']),
    datapointFlows: stringValue(values['datapoint-flows']),
    mediaConnectRps: stringValue(values['mediaconnect-rps']),
    timeoutSeconds: stringValue(values['timeout-seconds']),
  });
  if (!parsed.success) throw new BenchArgsError(parsed.error.issues[0]?.message ?? 'invalid arguments');
  return {
    mode,
    ...parsed.data,
    json: values.json === true,
    help: values.help === true,
  };
}

/** The options a sub-bench gets: `flows` only when the user gave it. */
export function subBenchOptions(options: BenchOptions, argv: readonly string[]): SubBenchOptions {
  const flowsGiven = argv.some((arg) => arg === '--flows' || arg.startsWith('--flows='));
  return { ...(flowsGiven ? { flows: options.flows } : {}), json: options.json, argv: [...argv] };
}

/** parseArgs gives `true` for a string option used like a flag in non-strict mode; that is a missing value. */
function stringValue(value: string | boolean | undefined): string | undefined {
  if (value === true) return '';
  return typeof value === 'string' ? value : undefined;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * A sub-bench's own flags: each key of `schema` in kebab case (`flowsPerTarget` is `--flows-per-target`), read as a
 * string and coerced by the schema; other flags are the main bench's. RangeError naming the flag for a bad value.
 */
export function parseSubBenchFlags<S extends z.ZodObject>(argv: readonly string[], schema: S): z.output<S> {
  const keys = Object.keys(schema.shape);
  const { values } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    options: Object.fromEntries(keys.map((key) => [kebab(key), { type: 'string' as const }])),
  });
  const parsed = schema.safeParse(Object.fromEntries(keys.map((key) => [key, values[kebab(key)]])));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(`--${kebab(String(issue?.path[0] ?? ''))}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
