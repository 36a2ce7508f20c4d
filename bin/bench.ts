import * as path from 'node:path';
import {
  BENCH_USAGE,
  BenchArgsError,
  BenchMode,
  BenchOptions,
  parseBenchArgs,
  SubBenchOptions,
  subBenchOptions,
} from './bench/bench-args';
import { allPassed, evaluateTargets, formatReport } from './bench/bench-report';

/**
 * `npm run bench [-- --flows N --metric-set health|full --json]`: the poller benchmark (bin/bench/poller-bench.ts).
 * `npm run bench -- --storm` and `-- --api` run the event-storm and API benches, loaded only when asked for so the
 * poller bench runs without them. Exits 1 when a target fails, 2 on bad arguments.
 */

interface SubBench {
  readonly file: string;
  readonly exportName: string;
}

const SUB_BENCHES: Readonly<Record<Exclude<BenchMode, 'pollers'>, SubBench>> = {
  storm: { file: './bench/storm', exportName: 'runStormBench' },
  sweep: { file: './bench/sweep-bench', exportName: 'runSweepBench' },
  api: { file: './bench/api-bench', exportName: 'runApiBench' },
  cli: { file: './bench/cli-startup', exportName: 'runCliBench' },
  chain: { file: './bench/chain-bench', exportName: 'runChainBench' },
  mediapackage: { file: './bench/mediapackage-bench', exportName: 'runMediaPackageBench' },
  churn: { file: './bench/churn-bench', exportName: 'runChurnBench' },
  targets: { file: './bench/targets-bench', exportName: 'runTargetsBench' },
  feed: { file: './bench/feed-bench', exportName: 'runFeedBench' },
  dashboard: { file: './bench/dashboard-bench', exportName: 'runDashboardBench' },
};

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function runPollers(options: BenchOptions): Promise<void> {
  // Loaded here so `--storm`/`--api` don't pay for the pollers' imports.
  const { runPollerBench } = await import('./bench/poller-bench');
  const figures = await runPollerBench(options, log);
  const checks = evaluateTargets(figures);
  const passed = allPassed(checks);
  if (options.json) process.stdout.write(`${JSON.stringify({ passed, checks, figures }, null, 2)}\n`);
  else process.stdout.write(`\n${formatReport(figures, checks)}\n`);
  if (!passed) process.exitCode = 1;
}

/** Loads a sub-bench by path at run time (a missing file is a clear message, not a crash) and runs it. */
async function runSubBench(mode: Exclude<BenchMode, 'pollers'>, options: SubBenchOptions): Promise<void> {
  const { file, exportName } = SUB_BENCHES[mode];
  let loaded: Record<string, unknown>;
  try {
    // A computed specifier: the bench must type-check and run while these files are still being written.
    const specifier: string = file;
    loaded = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    if (
      !['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND'].includes((error as NodeJS.ErrnoException).code ?? '') ||
      !String((error as Error).message).includes(path.basename(file))
    )
      throw error;
    log(`The ${mode} bench is not available: bin/bench/${path.basename(file)}.ts does not exist yet.`);
    process.exitCode = 2;
    return;
  }
  const run = loaded[exportName];
  if (typeof run !== 'function') {
    log(`bin/bench/${path.basename(file)}.ts does not export a ${exportName}(options) function.`);
    process.exitCode = 2;
    return;
  }
  const result: unknown = await (run as (o: SubBenchOptions) => Promise<unknown>)(options);
  if (result && typeof result === 'object' && (result as { passed?: unknown }).passed === false) process.exitCode = 1;
}

async function main(argv: readonly string[]): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof BenchArgsError)) throw error;
    log(`${error.message}\n\n${BENCH_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return;
  }
  if (options.mode === 'pollers') await runPollers(options);
  else if (options.mode === 'mediapackage' && wholeEstate(argv)) await runWholeEstate(argv);
  else await runSubBench(options.mode, subBenchOptions(options, argv));
}

/** `--endpoints` with `--flows` or `--channels`: the whole chain's estate, not MediaPackage alone. */
const wholeEstate = (argv: readonly string[]): boolean => argv.some((a) => /^--(flows|channels)(=|$)/.test(a));

/**
 * `npm run bench -- --flows F --channels C --endpoints E`: the pollers bench (MediaConnect and MediaLive, their calls,
 * steady-state writes and GetMetricData packing), then the MediaPackage bench (E endpoints), then the link derivation
 * over the whole estate (`--chain`). `GET /chains/{arn}` under load is in `--api`.
 */
async function runWholeEstate(argv: readonly string[]): Promise<void> {
  const withoutEndpoints: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--endpoints') i++;
    else if (!arg.startsWith('--endpoints=')) withoutEndpoints.push(arg);
  }
  await runPollers(parseBenchArgs(withoutEndpoints));
  const mediaPackage = parseBenchArgs(argv);
  await runSubBench('mediapackage', subBenchOptions(mediaPackage, argv));
  const chainArgv = [...argv, '--chain'];
  await runSubBench('chain', subBenchOptions(parseBenchArgs(chainArgv), chainArgv));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  log(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
