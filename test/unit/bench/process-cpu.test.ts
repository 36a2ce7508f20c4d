import { cpuSince, procCpuMs, readCpu } from '../../../bin/bench/process-cpu';

describe('process CPU', () => {
  it('reads utime and stime from /proc/<pid>/stat, past a command name with spaces and parentheses', () => {
    // Prepare
    // Fields 14 and 15 (utime, stime) are 250 and 50 ticks.
    const stat = '4242 (moto server (py)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 100 1000 500';
    const files: string[] = [];

    // Act
    const ms = procCpuMs(4242, (file) => {
      files.push(file);
      return stat;
    });

    // Assess
    expect(files).toEqual(['/proc/4242/stat']);
    // 300 ticks; CLK_TCK is 100 on Linux
    expect(ms).toBe(3000);
  });

  it('gives nothing for a process it cannot read', () => {
    // Act / Assess
    expect(
      procCpuMs(1, () => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
    expect(procCpuMs(undefined)).toBeUndefined();
  });

  it('subtracts two readings, keeping only the processes read both times', () => {
    // Act
    const delta = cpuSince({ benchMs: 100, motoMs: 1000 }, { benchMs: 350, motoMs: 1600, dynaliteMs: 50 });

    // Assess
    expect(delta).toEqual({ benchMs: 250, motoMs: 600 });
  });

  it('measures this process', () => {
    // Prepare
    const before = readCpu({});
    let x = 0;
    for (let i = 0; i < 2_000_000; i++) x += Math.sqrt(i);

    // Act
    const delta = cpuSince(before, readCpu({}));

    // Assess
    expect(x).toBeGreaterThan(0);
    expect(delta.benchMs).toBeGreaterThan(0);
    expect(delta.motoMs).toBeUndefined();
  });
});
