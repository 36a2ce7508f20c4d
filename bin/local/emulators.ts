import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { stateTableDefinition } from '../../lambdas/store/table-schema';

/**
 * The local AWS: moto_server for the media services, CloudWatch, SNS, SQS and STS, and dynalite
 * (an embedded, LevelDB-backed DynamoDB) for the state table. Used by the demo, the local runtime,
 * the benchmarks and the integration tests.
 */

export const LOCAL_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const LOCAL_ACCOUNT = '123456789012';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Ensures `moto_server` is on PATH, installing moto with pip when it is missing. */
export function ensureMotoInstalled(log: (line: string) => void = console.error): void {
  if (hasCommand('moto_server')) return;
  log('moto_server not found; installing moto[server] with pip ...');
  const pip = hasCommand('pip3') ? 'pip3' : 'pip';
  const result = spawnSync(pip, ['install', '--user', 'moto[server]==5.2.1'], { stdio: 'inherit' });
  if (result.status !== 0 || !hasCommand('moto_server')) {
    throw new Error(
      'moto_server is not available and pip could not install it. Install it with `pip install "moto[server]==5.2.1"` ' +
        'and make sure its bin folder (e.g. ~/.local/bin) is on PATH.',
    );
  }
}

export interface RunningMoto {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts moto_server on loopback and waits until it answers. */
export async function startMoto(port?: number): Promise<RunningMoto> {
  ensureMotoInstalled();
  const chosen = port ?? (await freePort());
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(chosen)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: false,
  });
  // A process that exits without stop() (an uncaught error, process.exit) must not leave moto_server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early (code ${child.exitCode}): ${stderr}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not start on ${endpoint} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    port: chosen,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** Resets all moto state (moto's own reset API). */
export async function resetMoto(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
}

export interface RunningDynalite {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * dynalite 4 ends each Query and Scan stream with `iterator.return()`, which abstract-level 3 iterators (what `level`
 * 10 gives it) lack: every read left its LevelDB iterator open, with the snapshot and entries it holds, and the local
 * runtime grew by ~10 MB a minute. Giving the iterators a `return` that closes them fixes that. Idempotent.
 */
export function closeDynaliteIterators(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const level = require('abstract-level') as Record<string, { prototype: { close(): Promise<void> } } | undefined>;
  for (const name of ['AbstractIterator', 'AbstractKeyIterator', 'AbstractValueIterator']) {
    const proto = level[name]?.prototype as { close(): Promise<void>; return?: () => Promise<void> } | undefined;
    if (proto && typeof proto.return !== 'function')
      proto.return = function (this: { close(): Promise<void> }) {
        return this.close();
      };
  }
}

/**
 * Starts dynalite in-process. With `path`, data persists in LevelDB under that folder; without, in memory.
 */
export async function startDynalite(options: { port?: number; path?: string } = {}): Promise<RunningDynalite> {
  closeDynaliteIterators();
  // dynalite ships no types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynalite = require('dynalite') as (o: Record<string, unknown>) => import('node:http').Server;
  const port = options.port ?? (await freePort());
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Creates the state table if it does not exist yet. */
export async function ensureStateTable(endpoint: string, tableName: string, region = 'us-east-1'): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateTableCommand(stateTableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException) && (error as Error).name !== 'ResourceInUseException') throw error;
  } finally {
    client.destroy();
  }
}
