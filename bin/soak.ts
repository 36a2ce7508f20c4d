import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run soak -- --minutes 60`: runs the demo (the local runtime on moto and dynalite, with the metrics feeder) for
 * the given time and prints the resident memory of the runtime's process and of moto_server every `--every` seconds,
 * then the growth of each per hour. Shorter schedules (`--inventory-every`, `--metrics-every`) compress an hour of
 * polling into less wall time.
 */

export interface ProcessRow {
  readonly pid: number;
  readonly ppid: number;
  readonly rssKb: number;
  readonly command: string;
}

/** `ps -A -o pid=,ppid=,rss=,comm=` as rows. */
export function parsePs(text: string): ProcessRow[] {
  return text
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rssKb: Number(m[3]), command: (m[4] ?? '').trim() }));
}

/** The process and every process below it. */
export function processTree(rows: readonly ProcessRow[], root: number): ProcessRow[] {
  const out = rows.filter((r) => r.pid === root);
  for (let i = 0; i < out.length; i++) out.push(...rows.filter((r) => r.ppid === (out[i] as ProcessRow).pid));
  return out;
}

/** Least-squares slope of (minutes, MB) samples, in MB per hour; 0 with fewer than two samples. */
export function growthMbPerHour(samples: readonly { minutes: number; mb: number }[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mx = samples.reduce((s, p) => s + p.minutes, 0) / n;
  const my = samples.reduce((s, p) => s + p.mb, 0) / n;
  const sxy = samples.reduce((s, p) => s + (p.minutes - mx) * (p.mb - my), 0);
  const sxx = samples.reduce((s, p) => s + (p.minutes - mx) ** 2, 0);
  return sxx === 0 ? 0 : (sxy / sxx) * 60;
}

interface Series {
  readonly name: string;
  readonly samples: { minutes: number; mb: number }[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '60' },
      every: { type: 'string', default: '60' },
      'inventory-every': { type: 'string', default: '300' },
      'metrics-every': { type: 'string', default: '60' },
      port: { type: 'string', default: '0' },
      'api-port': { type: 'string', default: '0' },
    },
  });
  const minutes = Number(values.minutes);
  const everyMs = Number(values.every) * 1000;
  if (!(minutes > 0) || !(everyMs >= 1000)) throw new Error('--minutes must be > 0 and --every ≥ 1 (seconds)');
  const root = path.resolve(__dirname, '..');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'bin', 'demo.ts'),
      '--no-ui',
      '--port',
      String(values.port),
      '--api-port',
      String(values['api-port']),
      '--inventory-every',
      String(values['inventory-every']),
      '--metrics-every',
      String(values['metrics-every']),
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const runtimePid = child.pid as number;
  const startedAt = Date.now();
  const runtime: Series = { name: 'runtime (node: handlers, dynalite)', samples: [] };
  const moto: Series = { name: 'moto_server', samples: [] };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(
    `soak: demo pid ${runtimePid}, ${minutes} min, inventory every ${values['inventory-every']} s, metrics every ${values['metrics-every']} s`,
  );

  const sample = () => {
    const rows = processTree(
      parsePs(execFileSync('ps', ['-A', '-o', 'pid=,ppid=,rss=,comm='], { encoding: 'utf8' })),
      runtimePid,
    );
    const at = (Date.now() - startedAt) / 60_000;
    const own = rows.find((r) => r.pid === runtimePid);
    const motoRss = rows.filter((r) => /moto|python/i.test(r.command)).reduce((s, r) => s + r.rssKb, 0);
    if (own) runtime.samples.push({ minutes: at, mb: own.rssKb / 1024 });
    if (motoRss) moto.samples.push({ minutes: at, mb: motoRss / 1024 });
    out(
      `t=${at.toFixed(1).padStart(6)} min  runtime ${own ? (own.rssKb / 1024).toFixed(0) : '-'} MB  moto ${(motoRss / 1024).toFixed(0)} MB`,
    );
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (child.exitCode !== null) {
        clearInterval(timer);
        resolve();
        return;
      }
      sample();
      if (Date.now() - startedAt >= minutes * 60_000) {
        clearInterval(timer);
        resolve();
      }
    }, everyMs);
  });
  child.kill('SIGTERM');
  for (const series of [runtime, moto]) {
    // The first two minutes are start-up: seeding, first cycles, code loading.
    const steady = series.samples.filter((s) => s.minutes >= 2);
    const first = steady[0];
    const last = steady[steady.length - 1];
    if (!first || !last) continue;
    out(
      `${series.name}: ${first.mb.toFixed(0)} MB at ${first.minutes.toFixed(0)} min → ${last.mb.toFixed(0)} MB at ${last.minutes.toFixed(0)} min, ` +
        `max ${Math.max(...steady.map((s) => s.mb)).toFixed(0)} MB, trend ${growthMbPerHour(steady).toFixed(1)} MB/hour`,
    );
  }
  if (child.exitCode !== null && child.exitCode !== 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
