import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { LOCAL_FUNCTIONS } from './local-functions';

/**
 * `<data dir>/runtime.json`: where a running demo or local runtime can be reached, so `bin/local/fire.ts` (another
 * process) can find the Invoke API, the store and, in the demo, the emulator. Removed when the runtime stops.
 */
const runtimeFileSchema = z.object({
  mode: z.enum(['demo', 'aws']),
  pid: z.number().int(),
  region: z.string(),
  account: z.string(),
  invokeUrl: z.string().url(),
  apiUrl: z.string().url().optional(),
  /** The dashboard (bin/dashboard/server.ts), when served. */
  dashboardUrl: z.string().url().optional(),
  motoEndpoint: z.string().url().optional(),
  dynamodbEndpoint: z.string().url(),
  tableName: z.string(),
});

export type RuntimeFile = z.infer<typeof runtimeFileSchema>;

export const RUNTIME_FILE_NAME = 'runtime.json';

export function writeRuntimeFile(dataDir: string, info: RuntimeFile): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, RUNTIME_FILE_NAME);
  writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`);
  return file;
}

export function removeRuntimeFile(file: string): void {
  rmSync(file, { force: true });
}

/** Reads and validates a runtime file; undefined when it does not exist. Throws on a malformed file. */
export function readRuntimeFile(file: string): RuntimeFile | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = runtimeFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a runtime file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** True when the process that wrote the file is still running. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The commands the demo and `npm start` print to try the runtime from another terminal. */
export function exampleCommands(where: {
  invokeUrl: string;
  apiUrl?: string | undefined;
  flowName: string;
  demo?: boolean;
}): string[] {
  const lines = [
    '',
    `Lambda Invoke API  ${where.invokeUrl}   functions: ${LOCAL_FUNCTIONS.map((f) => f.name).join(', ')}`,
    `REST API           ${where.apiUrl ?? '(not served)'}   authorization off, 127.0.0.1 only`,
    '',
    'Try, from another terminal:',
  ];
  if (where.apiUrl) {
    lines.push(
      `  curl -s ${where.apiUrl}/flows`,
      `  curl -s ${where.apiUrl}/summary`,
      `  curl -s ${where.apiUrl}/alarms`,
    );
  }
  lines.push(
    `  curl -s -X POST ${where.invokeUrl}/2015-03-31/functions/mediaconnect-inventory/invocations -d '{"source":"aws.events","detail-type":"Scheduled Event"}'`,
    `  npx tsx bin/local/fire.ts alarm --flow ${where.flowName}`,
    `  npx tsx bin/local/fire.ts ok --flow ${where.flowName}`,
    `  npx tsx bin/local/fire.ts status --flow ${where.flowName}`,
    '',
  );
  return lines;
}
