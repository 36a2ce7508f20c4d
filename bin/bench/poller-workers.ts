import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import { build } from 'esbuild';
import { WORKER_CONFIG_ENV, WorkerConfig, WorkerCycle, WorkerReply, WorkerRequest } from './worker-protocol';

/** A running poller worker (see worker-protocol.ts). */
export interface PollerWorker {
  readonly pid: number | undefined;
  /** RSS once the poller was wired, before any cycle. */
  readonly startRssMb: number;
  /** Runs one cycle in the worker, with its clock `clockOffsetMs` ahead of real time. */
  poll(clockOffsetMs: number): Promise<WorkerCycle>;
  stop(): Promise<void>;
}

const WORKER_ENTRY = path.join(__dirname, 'poller-worker.ts');
const READY_TIMEOUT_MS = 30_000;

/**
 * Bundles poller-worker.ts into `outDir` with esbuild (the SDK included, as plain JS for this Node), so the worker runs
 * without tsx, as a Lambda runs its bundle. Returns the bundle's path.
 */
export async function bundlePollerWorker(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'poller-worker.js');
  await build({
    entryPoints: [WORKER_ENTRY],
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0] ?? '20'}`,
    format: 'cjs',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Forks the bundled worker with the given config and waits until its poller is wired. */
export function startPollerWorker(bundle: string, config: WorkerConfig): Promise<PollerWorker> {
  // execArgv [] keeps this process's tsx loader out of the worker.
  const child = fork(bundle, [], {
    execArgv: [],
    env: { ...process.env, [WORKER_CONFIG_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending: { resolve: (cycle: WorkerCycle) => void; reject: (error: Error) => void } | undefined;
  let onReady: ((error?: Error) => void) | undefined;
  let startRssMb = 0;

  child.on('message', (reply: WorkerReply) => {
    if (reply.type === 'ready') {
      startRssMb = reply.rssMb;
      onReady?.();
    } else if (reply.type === 'cycle') pending?.resolve(reply.cycle);
    else pending?.reject(new Error(`${config.poller} worker: ${reply.message}`));
    if (reply.type !== 'ready') pending = undefined;
  });
  child.on('exit', (code, signal) => {
    const error = new Error(`${config.poller} worker exited (${signal ?? `code ${code}`})`);
    onReady?.(error);
    pending?.reject(error);
    pending = undefined;
  });

  const worker: PollerWorker = {
    pid: child.pid,
    get startRssMb() {
      return startRssMb;
    },
    poll: (clockOffsetMs) =>
      new Promise<WorkerCycle>((resolve, reject) => {
        if (pending) return reject(new Error(`${config.poller} worker is busy`));
        if (!child.connected) return reject(new Error(`${config.poller} worker is not running`));
        pending = { resolve, reject };
        child.send({ type: 'poll', clockOffsetMs } satisfies WorkerRequest);
      }),
    stop: () => stopChild(child),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`${config.poller} worker did not start within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    onReady = (error) => {
      clearTimeout(timer);
      onReady = undefined;
      if (error) reject(error);
      else resolve(worker);
    };
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    if (child.connected) child.send({ type: 'stop' } satisfies WorkerRequest);
    else child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
  });
}
