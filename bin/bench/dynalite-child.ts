import { createInterface } from 'node:readline';
import { spawnTsxScript } from './tsx-child';

export interface DynaliteChild {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/** Starts dynalite-process.ts under tsx in a child process and waits for its endpoint. */
export function startDynaliteProcess(): Promise<DynaliteChild> {
  const child = spawnTsxScript('dynalite-process.ts');
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin.end();
      setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`dynalite did not start within ${START_TIMEOUT_MS / 1000} s: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited early (code ${code}): ${stderr}`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const { endpoint } = JSON.parse(line) as { endpoint?: unknown };
        if (typeof endpoint !== 'string') throw new Error(`unexpected first line: ${line}`);
        resolve({ endpoint, pid: child.pid ?? -1, stop });
      } catch (error) {
        void stop();
        reject(error as Error);
      }
    });
  });
}
