import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { freshBundle } from '../cli/cli-bundle';
import { startApiServer } from '../local/api-server';

/**
 * `npm run bench -- --cli [--runs N]`: how long a `mediamon` command takes to start and answer, as a newcomer runs it
 * against the local runtime: `node bin/mediamon.js --api-url http://127.0.0.1:PORT flows`, with no AWS credentials.
 * The API is a stub on loopback that answers one page at once, so the figure is the CLI's own: process start, loading
 * the bundle, one HTTP round trip, printing. Compared with `node -e 0` (Node's own start) and with the TypeScript run
 * through tsx (the CLI before it was bundled). Each command's CPU time (user + system of the child, from /proc on
 * Linux) is what the target is judged on; see startupMs.
 */

/** The startup the issue asks for: a command, apart from npx, starts in under this. */
export const CLI_STARTUP_TARGET_MS = 300;

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

export interface CommandTiming {
  readonly name: string;
  readonly runs: number;
  readonly wallMedianMs: number;
  readonly wallP90Ms: number;
  /** Mean user + system CPU of one run; undefined where /proc is not available. */
  readonly cpuMeanMs?: number;
}

export interface CliBenchResult {
  readonly passed: boolean;
  readonly targetMs: number;
  readonly loadAverage1m: number;
  readonly timings: readonly CommandTiming[];
}

export interface CliBenchOptions {
  readonly json?: boolean;
  readonly argv?: readonly string[];
  readonly log?: (line: string) => void;
}

export async function runCliBench(options: CliBenchOptions = {}): Promise<CliBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { values } = parseArgs({
    args: [...(options.argv ?? [])],
    options: { runs: { type: 'string' } },
    strict: false,
  });
  const runs = Number(values.runs ?? 10);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');

  const built = performance.now();
  if (!freshBundle()) throw new Error('the CLI bundle could not be built (is esbuild installed?)');
  log(`CLI bundle ready in ${Math.round(performance.now() - built)} ms`);

  const page = JSON.stringify({
    items: [
      { name: 'AwardsShow', status: 'ACTIVE', arn: 'arn:aws:mediaconnect:us-east-1:123456789012:flow:1-a:AwardsShow' },
    ],
  });
  const server = await startApiServer({
    handler: () => Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: page }),
  });
  try {
    // No AWS variables: the local runtime needs no credentials and no Region.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const bin = path.join(REPO_ROOT, 'bin', 'mediamon.js');
    const commands: { name: string; args: string[] }[] = [
      { name: 'node -e 0 (Node alone)', args: ['-e', '0'] },
      { name: 'mediamon --help', args: [bin, '--help'] },
      { name: 'mediamon flows (local API)', args: [bin, '--api-url', server.url, 'flows'] },
      {
        name: 'tsx bin/mediamon.ts flows (unbundled)',
        args: ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'bin', 'mediamon.ts'), '--api-url', server.url, 'flows'],
      },
    ];
    const timings: CommandTiming[] = [];
    for (const command of commands) {
      await run(process.execPath, command.args, { env, cwd: REPO_ROOT }); // warm the file cache
      const walls: number[] = [];
      const cpus: number[] = [];
      for (let i = 0; i < runs; i++) {
        const cpuBefore = childrenCpuMs();
        const started = performance.now();
        await run(process.execPath, command.args, { env, cwd: REPO_ROOT });
        walls.push(performance.now() - started);
        const cpuAfter = childrenCpuMs();
        if (cpuBefore !== undefined && cpuAfter !== undefined) cpus.push(cpuAfter - cpuBefore);
      }
      timings.push({
        name: command.name,
        runs,
        wallMedianMs: percentile(walls, 0.5),
        wallP90Ms: percentile(walls, 0.9),
        ...(cpus.length === runs ? { cpuMeanMs: cpus.reduce((a, b) => a + b, 0) / runs } : {}),
      });
    }
    const local = timings.find((t) => t.name.startsWith('mediamon flows'));
    const result: CliBenchResult = {
      passed: local !== undefined && startupMs(local) < CLI_STARTUP_TARGET_MS,
      targetMs: CLI_STARTUP_TARGET_MS,
      loadAverage1m: loadavg()[0] ?? 0,
      timings,
    };
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatCliBench(result)}\n`);
    return result;
  } finally {
    await server.close();
  }
}

/**
 * The figure judged against the target: CPU time where it is measured, else the median wall time. A command's start is
 * single-threaded and CPU-bound, so on an idle machine its wall time is its CPU time plus a few ms; on a machine shared
 * with other work, wall time mostly measures the wait for a core (Node alone then takes as long as the CLI).
 */
function startupMs(timing: CommandTiming): number {
  return timing.cpuMeanMs ?? timing.wallMedianMs;
}

/** The report: one line per command, and the target's verdict. */
export function formatCliBench(result: CliBenchResult): string {
  const width = Math.max(...result.timings.map((t) => t.name.length));
  const ms = (value: number | undefined) => (value === undefined ? '-' : `${Math.round(value)} ms`).padStart(7);
  const local = result.timings.find((t) => t.name.startsWith('mediamon flows'));
  const measure = local?.cpuMeanMs !== undefined ? 'CPU' : 'median wall';
  return [
    `CLI startup, ${result.timings[0]?.runs ?? 0} runs each (load average ${result.loadAverage1m.toFixed(1)})`,
    `${'command'.padEnd(width)}  ${'median'.padStart(7)}  ${'p90'.padStart(7)}  ${'CPU'.padStart(7)}`,
    ...result.timings.map(
      (t) => `${t.name.padEnd(width)}  ${ms(t.wallMedianMs)}  ${ms(t.wallP90Ms)}  ${ms(t.cpuMeanMs)}`,
    ),
    `${result.passed ? 'PASS' : 'FAIL'}  mediamon flows against the local API starts and answers in ${
      local ? `${Math.round(startupMs(local))} ms` : '-'
    } ${measure}, target under ${result.targetMs} ms`,
  ].join('\n');
}

/** The p-th percentile (0-1) of some values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

let ticksPerSecond: number | undefined;

/** User + system CPU of this process's reaped children (cutime + cstime of /proc/self/stat), in ms; Linux only. */
function childrenCpuMs(): number | undefined {
  try {
    if (ticksPerSecond === undefined) {
      // Before reading: getconf is a child too, and its CPU must not count in a measured run.
      const value = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
      ticksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
    }
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    if (!Number.isFinite(ticks)) return undefined;
    return (ticks / ticksPerSecond) * 1000;
  } catch {
    return undefined;
  }
}
