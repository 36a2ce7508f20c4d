import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureStateTable, LOCAL_CREDENTIALS } from '../../bin/local/emulators';
import { createDocumentClient } from '../../lambdas/shared/clients';
import { StateStore } from '../../lambdas/store/state-store';

/** Endpoints of the emulators that global-setup started. */
export function emulatorEndpoints(): { moto: string; dynamodb: string } {
  const moto = process.env.MOTO_ENDPOINT;
  const dynamodb = process.env.DYNAMODB_ENDPOINT;
  if (!moto || !dynamodb)
    throw new Error('Integration emulators are not running: run through `npm run test:integration`');
  return { moto, dynamodb };
}

/** SDK client config for moto in the given region. */
export function motoConfig(region: string) {
  return { endpoint: emulatorEndpoints().moto, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 };
}

/** A fresh state table in dynalite, and a StateStore over it. */
export async function createTestStore(
  prefix: string,
): Promise<{ store: StateStore; doc: DynamoDBDocumentClient; tableName: string }> {
  const tableName = `it-${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  await ensureStateTable(emulatorEndpoints().dynamodb, tableName);
  const doc = createDocumentClient({ endpoint: emulatorEndpoints().dynamodb, region: 'us-east-1' });
  return { store: new StateStore(doc, tableName), doc, tableName };
}
