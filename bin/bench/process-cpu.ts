import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * CPU time of the processes a cycle keeps busy: this one (the pollers and the SDK), moto_server and dynalite. On a
 * loaded machine wall time swings with other work; CPU time says where a cycle's work went. Other processes are read
 * from /proc (Linux); elsewhere only this process is measured.
 */
export interface CpuReading {
  readonly benchMs: number;
  readonly motoMs?: number;
  readonly dynaliteMs?: number;
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const value = Number(out.stdout?.trim());
    ticksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
  }
  return ticksPerSecond;
}

/** utime + stime of a process from /proc/<pid>/stat, in ms; undefined when unreadable. */
export function procCpuMs(
  pid: number | undefined,
  read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): number | undefined {
  if (pid === undefined || pid <= 0) return undefined;
  try {
    const stat = read(`/proc/${pid}/stat`);
    // The command name (field 2) is in parentheses and may hold spaces; fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return ((utime + stime) / clockTicksPerSecond()) * 1000;
  } catch {
    return undefined;
  }
}

/** Reads the CPU time of this process and of the emulators' processes. */
export function readCpu(pids: { moto?: number; dynalite?: number }): CpuReading {
  const own = process.cpuUsage();
  const moto = procCpuMs(pids.moto);
  const dynalite = procCpuMs(pids.dynalite);
  return {
    benchMs: (own.user + own.system) / 1000,
    ...(moto !== undefined ? { motoMs: moto } : {}),
    ...(dynalite !== undefined ? { dynaliteMs: dynalite } : {}),
  };
}

/** CPU spent between two readings. */
export function cpuSince(before: CpuReading, after: CpuReading): CpuReading {
  const delta = (a?: number, b?: number) => (a !== undefined && b !== undefined ? a - b : undefined);
  const moto = delta(after.motoMs, before.motoMs);
  const dynalite = delta(after.dynaliteMs, before.dynaliteMs);
  return {
    benchMs: after.benchMs - before.benchMs,
    ...(moto !== undefined ? { motoMs: moto } : {}),
    ...(dynalite !== undefined ? { dynaliteMs: dynalite } : {}),
  };
}
