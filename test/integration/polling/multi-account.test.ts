/**
 * One inventory for three accounts over the real wire (moto_server + dynalite): the default account with the
 * function's own role, 222222222222 through assume-role, 333333333333 through a key pair (an IAM user made while acting
 * as 333, its keys in a secret of the default account). Same flow names in every account; one run per target into
 * one table; items kept apart. Deleting the key-pair secret fails only that target: its status says
 * credentials-failed, its flows stay, the other target's next cycle is fine.
 * Region: af-south-1 (this file's own; moto partitions state by region).
 */
import { DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateFlowCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Context } from 'aws-lambda';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS } from '../../../bin/local/emulators';
import { mediaConnectInventory } from '../../../lambdas/mediaconnect/service';
import { createInventoryHandler, InventoryHandler } from '../../../lambdas/polling/inventory-handler';
import { createMediaConnectClient, createStsClient } from '../../../lambdas/shared/clients';
import { systemClock } from '../../../lambdas/shared/clock';
import { createTargetCredentials } from '../../../lambdas/shared/target-credentials';
import { parseTargetRegistry, TargetRegistry } from '../../../lambdas/shared/watched-targets';
import { GSI1, listPk, pollerPk, STATUS_SK } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints, motoConfig } from '../emulator-env';
import { assumeInto, createKeyPairAccount, storeKeyPairSecret } from '../shared/member-accounts';

const REGION = 'af-south-1';
const ASSUMED = '222222222222';
const KEY_PAIR = '333333333333';
const POLLER = 'mediaconnect-inventory';

const context = {
  functionName: POLLER,
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${LOCAL_ACCOUNT}:function:${POLLER}`,
  awsRequestId: 'it-multi-account',
  getRemainingTimeInMillis: () => 120_000,
} as unknown as Context;
const forTarget = (account: string) => ({ target: `${account}#${REGION}` });

async function createFlows(credentials: AwsCredentialIdentity, names: readonly string[]): Promise<string[]> {
  const client = new MediaConnectClient({ ...motoConfig(REGION), credentials });
  const arns: string[] = [];
  for (const name of names) {
    const created = await client.send(
      new CreateFlowCommand({
        Name: name,
        AvailabilityZone: `${REGION}a`,
        Source: { Name: 'in', Protocol: 'zixi-push', IngestPort: 2088, WhitelistCidr: '10.0.0.0/16' },
      }),
    );
    arns.push(created.Flow?.FlowArn as string);
  }
  return arns;
}

interface StoredFlow {
  arn: string;
  name?: string;
  account?: string;
  tombstone?: boolean;
}

const storedFlows = (store: StateStore, account: string) =>
  store.queryAll<StoredFlow>({ index: GSI1, pk: listPk('mediaconnect:flow', account, REGION) });

const statusOf = (store: StateStore, account: string) =>
  store.get<{ account: string; lastCycle: Record<string, unknown>; lastPolledAt?: string }>(
    { pk: pollerPk(POLLER, account, REGION), sk: STATUS_SK },
    true,
  );

describe('one inventory for many accounts on moto', () => {
  let store: StateStore;
  let registry: TargetRegistry;
  let secretArn: string;
  let handler: InventoryHandler;
  const flows: Record<string, string[]> = {};

  beforeAll(async () => {
    // Prepare: the same flow names in three accounts.
    ({ store } = await createTestStore('multi-account'));
    const keyPair = await createKeyPairAccount(KEY_PAIR, REGION);
    secretArn = await storeKeyPairSecret(REGION, keyPair);
    flows[LOCAL_ACCOUNT] = await createFlows(LOCAL_CREDENTIALS, ['Alpha']);
    flows[ASSUMED] = await createFlows(await assumeInto(ASSUMED, REGION), ['Alpha', 'Bravo']);
    flows[KEY_PAIR] = await createFlows(keyPair, ['Alpha']);
    registry = parseTargetRegistry(
      {
        deployment: { account: LOCAL_ACCOUNT, region: REGION, name: 'it' },
        targets: [
          { account: LOCAL_ACCOUNT, region: REGION },
          {
            account: ASSUMED,
            region: REGION,
            credentials: {
              type: 'assume-role',
              roleArn: `arn:aws:iam::${ASSUMED}:role/media-monitor/media-monitor-read-${REGION}`,
              externalId: 'mm-it-engine',
            },
          },
          { account: KEY_PAIR, region: REGION, credentials: { type: 'key-pair', secretArn } },
        ],
      },
      'it registry',
    );
    const endpoint = emulatorEndpoints().moto;
    const credentials = createTargetCredentials({
      sts: createStsClient({ region: REGION, endpoint }),
      secrets: new SecretsManagerClient(motoConfig(REGION)),
      clock: systemClock,
      sessionName: `media-monitor-${POLLER}`,
      // Re-read the key pair on every run, so the deleted secret is seen at once (the default is 5 minutes).
      keyPairTtlMs: 1,
      failureBackoffMs: 0,
    });
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    handler = createInventoryHandler(
      mediaConnectInventory,
      // The own target's client has no provider: the function's own role, here the emulator's default keys.
      (options) =>
        createMediaConnectClient({
          ...options,
          endpoint,
          credentials: options.credentials ?? (async () => LOCAL_CREDENTIALS),
        }),
      { registry: { get: async () => registry }, credentials, store, env: {} },
    );
  }, 60_000);

  it('polls each account into its own items, the same flow names kept apart', async () => {
    // Act
    const outcomes = await Promise.all(
      [LOCAL_ACCOUNT, ASSUMED, KEY_PAIR].map((account) => handler(forTarget(account), context)),
    );

    // Assess
    expect(outcomes).toEqual([
      expect.objectContaining({
        account: LOCAL_ACCOUNT,
        listing: 'complete',
        changes: expect.objectContaining({ created: 1 }),
      }),
      expect.objectContaining({
        account: ASSUMED,
        listing: 'complete',
        changes: expect.objectContaining({ created: 2 }),
      }),
      expect.objectContaining({
        account: KEY_PAIR,
        listing: 'complete',
        changes: expect.objectContaining({ created: 1 }),
      }),
    ]);
    for (const account of [LOCAL_ACCOUNT, ASSUMED, KEY_PAIR]) {
      const stored = await storedFlows(store, account);
      expect(stored.map((f) => f.arn).sort()).toEqual([...(flows[account] ?? [])].sort());
      expect(stored.every((f) => f.arn.includes(`:${account}:flow:`))).toBe(true);
      expect((await statusOf(store, account))?.account).toBe(account);
    }
    const alphas = new Set([LOCAL_ACCOUNT, ASSUMED, KEY_PAIR].map((account) => flows[account]?.[0]));
    expect(alphas.size).toBe(3);
  });

  it('fails only the key-pair target when its secret is deleted: credentials-failed, its flows untouched', async () => {
    // Prepare
    const before = await statusOf(store, KEY_PAIR);
    await new SecretsManagerClient(motoConfig(REGION)).send(
      new DeleteSecretCommand({ SecretId: secretArn, ForceDeleteWithoutRecovery: true }),
    );

    // Act
    const [failed, other] = await Promise.all([
      handler(forTarget(KEY_PAIR), context),
      handler(forTarget(ASSUMED), context),
    ]);

    // Assess
    expect(failed).toEqual({
      poller: POLLER,
      account: KEY_PAIR,
      region: REGION,
      outcome: 'credentials-failed',
      failure: 'ResourceNotFoundException',
    });
    const status = await statusOf(store, KEY_PAIR);
    expect(status?.lastCycle).toMatchObject({ outcome: 'credentials-failed', errors: ['ResourceNotFoundException'] });
    expect(status?.lastPolledAt).toBe(before?.lastPolledAt);
    const kept = await storedFlows(store, KEY_PAIR);
    expect(kept.map((f) => f.arn)).toEqual(flows[KEY_PAIR]);
    expect(kept.some((f) => f.tombstone)).toBe(false);
    expect(other).toMatchObject({ account: ASSUMED, listing: 'complete', changes: { unchanged: 2, tombstoned: 0 } });
    expect((await statusOf(store, ASSUMED))?.lastCycle).not.toHaveProperty('outcome');
  });
});
