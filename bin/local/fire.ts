import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StateStore } from '../../lambdas/store/state-store';
import { LOCAL_CREDENTIALS } from './emulators';
import { readEstateView } from './estate-reader';
import { findSubject, fireAlarm, FireDeps, fireFlowStatus, FireResult } from './fire-events';
import { REPO_ROOT } from './local-functions';
import { isAlive, readRuntimeFile, RUNTIME_FILE_NAME, RuntimeFile } from './runtime-file';
import type { SampleAlarmKind } from './sample-events';

/**
 * Fires a sample real-time event at a running demo (or `npm start`) through its Lambda Invoke API, and reports how
 * long the change took to appear in the state table:
 *
 *   npx tsx bin/local/fire.ts alarm  --flow Sports-Feed-A [--source Stadium-Main] [--kind source-not-recovered-packets]
 *   npx tsx bin/local/fire.ts ok     --flow Sports-Feed-A [--source Stadium-Main] [--kind …]
 *   npx tsx bin/local/fire.ts status --flow NewsHD-Primary
 *
 * `status` stops an ACTIVE flow (or starts a STANDBY one) on the emulator, then sends the Flow Status Change event;
 * against real AWS it sends the event only and changes nothing there.
 */

const USAGE = `Usage: npx tsx bin/local/fire.ts alarm|ok|status --flow <name> [--source <name>] [--kind source-disconnected|source-not-recovered-packets] [--runtime <runtime.json>]\n`;

/** Posts an event to the ingest function through the Invoke API; `ok` false on an HTTP or function error. */
export async function postToIngest(invokeUrl: string, event: unknown): Promise<{ ok: boolean; error?: string }> {
  const response = await fetch(`${invokeUrl}/2015-03-31/functions/event-ingest/invocations`, {
    method: 'POST',
    body: JSON.stringify(event),
  });
  const body = await response.text();
  if (response.status !== 200) return { ok: false, error: `HTTP ${response.status}: ${body.slice(0, 300)}` };
  if (response.headers.get('x-amz-function-error')) return { ok: false, error: body.slice(0, 300) };
  // The ingest function reports per-message failures as a partial batch response.
  const failures = (JSON.parse(body || 'null') as { batchItemFailures?: unknown[] } | null)?.batchItemFailures ?? [];
  return failures.length
    ? { ok: false, error: `${failures.length} message(s) reported as failed by the ingest function` }
    : { ok: true };
}

/** The runtime to talk to: `--runtime`, else a running demo, else a running `npm start`. */
function findRuntime(explicit: string | undefined): RuntimeFile {
  const candidates = explicit
    ? [path.resolve(explicit)]
    : [
        path.join(REPO_ROOT, '.data', 'demo', RUNTIME_FILE_NAME),
        path.join(REPO_ROOT, '.data', 'local', RUNTIME_FILE_NAME),
      ];
  for (const file of candidates) {
    const info = readRuntimeFile(file);
    if (info && isAlive(info.pid)) return info;
  }
  throw new Error(
    `no running demo or local runtime found (looked for ${candidates.map((c) => path.relative(process.cwd(), c)).join(', ')}): start \`npm run demo\` first`,
  );
}

export async function fire(argv: readonly string[]): Promise<FireResult> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      flow: { type: 'string' },
      source: { type: 'string' },
      kind: { type: 'string' },
      runtime: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (!command || !['alarm', 'ok', 'status'].includes(command) || !values.flow) throw new UsageError(USAGE);
  const kind = (values.kind ?? 'source-disconnected') as SampleAlarmKind;
  if (kind !== 'source-disconnected' && kind !== 'source-not-recovered-packets')
    throw new UsageError(`unknown --kind ${kind}\n${USAGE}`);

  const runtime = findRuntime(values.runtime);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const credentials = runtime.mode === 'demo' ? LOCAL_CREDENTIALS : undefined;
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: runtime.dynamodbEndpoint,
      region: runtime.region,
      credentials: credentials ?? LOCAL_CREDENTIALS,
    }),
  );
  const mediaConnect = runtime.motoEndpoint
    ? new MediaConnectClient({ endpoint: runtime.motoEndpoint, region: runtime.region, credentials: LOCAL_CREDENTIALS })
    : undefined;
  try {
    const store = new StateStore(doc, runtime.tableName);
    const view = await readEstateView(store, runtime, Date.now());
    const deps: FireDeps = {
      region: runtime.region,
      account: runtime.account,
      store,
      deliver: (event) => postToIngest(runtime.invokeUrl, event),
      ...(mediaConnect ? { mediaConnect } : {}),
    };
    if (command === 'status') {
      const flow = view.flows.find((f) => f.name === values.flow);
      if (!flow)
        throw new UsageError(
          `no flow named "${values.flow}" in the store (flows: ${view.flows.map((f) => f.name).join(', ')})`,
        );
      return await fireFlowStatus(deps, flow);
    }
    const subject = findSubject(view, values.flow, values.source);
    if (!subject)
      throw new UsageError(
        `no flow "${values.flow}"${values.source ? ` with source "${values.source}"` : ''} in the store`,
      );
    return await fireAlarm(deps, subject, kind, command === 'alarm' ? 'ALARM' : 'OK');
  } finally {
    doc.destroy();
    mediaConnect?.destroy();
  }
}

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

if (require.main === module) {
  fire(process.argv.slice(2))
    .then((result) => {
      process.stdout.write(`${result.summary}\n`);
      process.exit(result.ok ? 0 : 1);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    });
}
