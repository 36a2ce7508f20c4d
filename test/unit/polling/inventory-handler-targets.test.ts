import type { Flow } from '@aws-sdk/client-mediaconnect';
import type { Context } from 'aws-lambda';
import 'aws-sdk-client-mock-jest';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';
import { mediaConnectInventory } from '../../../lambdas/mediaconnect/service';
import { createInventoryHandler, InventoryHandler } from '../../../lambdas/polling/inventory-handler';
import { ClientOptions, createMediaConnectClient } from '../../../lambdas/shared/clients';
import { ValidationError } from '../../../lambdas/shared/errors';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import {
  TargetCredentials,
  TargetCredentialsError,
  TargetCredentialsFailure,
} from '../../../lambdas/shared/target-credentials';
import { parseTargetRegistry, targetKey, WatchedTarget } from '../../../lambdas/shared/watched-targets';
import { listPk, pollerPk, STATUS_SK } from '../../../lambdas/store/keys';
import { ACCOUNT, listed, REGION, sdkFlow } from '../mediaconnect/flow-fixtures';
import {
  DescribeFlowCommand,
  ListFlowsCommand,
  ListTagsForResourceCommand,
  mockMediaConnect,
} from '../mediaconnect/mediaconnect-world';

/**
 * The inventory handler polls one watched target per invocation: the target's client (its credentials, its Region),
 * its own token bucket and quota, its own lease and statuses; a target whose credentials fail lists nothing.
 */

const mediaConnectMock = mockMediaConnect();

const OWN = ACCOUNT;
const ASSUMED = '222222222222';
const KEY_PAIR = '333333333333';
const LIVE_ONLY = '444444444444';
const POLLER = 'mediaconnect-inventory';

const registry = parseTargetRegistry(
  {
    deployment: { account: OWN, region: REGION, name: 'eu' },
    targets: [
      { account: OWN, region: REGION },
      {
        account: ASSUMED,
        region: REGION,
        credentials: { type: 'assume-role', roleArn: `arn:aws:iam::${ASSUMED}:role/media-monitor/read-${REGION}` },
      },
      {
        account: KEY_PAIR,
        region: REGION,
        credentials: {
          type: 'key-pair',
          secretArn: `arn:aws:secretsmanager:${REGION}:${OWN}:secret:mm/partner-AbCdEf`,
        },
        quotas: { mediaconnect: { rps: 10, burst: 60, shares: { inventory: 6, ingest: 3, api: 1 } } },
      },
      { account: LIVE_ONLY, region: REGION, services: ['medialive'] },
    ],
  },
  'test registry',
);

/** A flow as one account holds it: the fixture's ARNs moved into that account. */
function flowIn(account: string, name: string): Flow {
  return JSON.parse(JSON.stringify(sdkFlow(name)).replaceAll(OWN, account)) as Flow;
}

/**
 * Credentials as the credentials module hands them out, minus AWS: each non-own target gets a provider whose keys name
 * its account (the access key id ends with it), or that fails with the failure set for the target.
 */
class FakeCredentials implements TargetCredentials {
  readonly failures = new Map<string, TargetCredentialsFailure>();
  /** The account the keys of a target act in, when not its own (keys of the wrong account). */
  readonly actsIn = new Map<string, string>();
  readonly resolutions: string[] = [];

  provider(target: WatchedTarget) {
    if (target.credentials.type === 'execution-role') return undefined;
    const key = targetKey(target);
    return async () => {
      this.resolutions.push(key);
      const failure = this.failures.get(key);
      if (failure) throw new TargetCredentialsError(key, failure);
      return { accessKeyId: `AKIA${this.actsIn.get(key) ?? target.account}`, secretAccessKey: 'not-a-real-secret' };
    };
  }
}

/** MediaConnect in several accounts, like moto: the client's credentials choose the account, none = the own one. */
class AccountsWorld {
  readonly flows = new Map<string, Flow[]>();
  readonly clients: { options: ClientOptions; client: ReturnType<typeof createMediaConnectClient> }[] = [];
  /** The account of each ListFlows call, in order. */
  readonly listings: string[] = [];

  factory = (options: ClientOptions) => {
    const client = createMediaConnectClient(options);
    this.clients.push({ options, client });
    return client;
  };

  async accountOf(client: unknown): Promise<string> {
    const entry = this.clients.find((c) => c.client === client);
    if (!entry) throw new Error('a client the handler did not create');
    const identity = entry.options.credentials ? await entry.options.credentials() : undefined;
    return identity ? identity.accessKeyId.replace(/^AKIA/, '') : OWN;
  }

  install(): void {
    mediaConnectMock.on(ListFlowsCommand).callsFake(async (_input: unknown, getClient: () => unknown) => {
      const account = await this.accountOf(getClient());
      this.listings.push(account);
      return { Flows: (this.flows.get(account) ?? []).map(listed), $metadata: {} };
    });
    mediaConnectMock.on(DescribeFlowCommand).callsFake(async (input: { FlowArn: string }, getClient: () => unknown) => {
      const flow = (this.flows.get(await this.accountOf(getClient())) ?? []).find((f) => f.FlowArn === input.FlowArn);
      if (!flow) throw new Error(`no flow ${input.FlowArn} in this account`);
      return { Flow: structuredClone(flow), $metadata: {} };
    });
    mediaConnectMock.on(ListTagsForResourceCommand).resolves({ Tags: {}, $metadata: {} });
  }

  /** ListFlows calls that reached `account`. */
  listingsIn(account: string): number {
    return this.listings.filter((a) => a === account).length;
  }
}

const context = {
  functionName: 'mediaconnect-inventory',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${OWN}:function:mediaconnect-inventory`,
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 240_000,
} as unknown as Context;
const forTarget = (account: string) => ({ target: `${account}#${REGION}` });

function storedFlowArns(store: InMemoryInventoryStore, account: string): string[] {
  const pk = listPk('mediaconnect:flow', account, REGION);
  return [...store.items.values()]
    .filter((item) => item.gsi1pk === pk && item.tombstone === undefined)
    .map((item) => String(item.arn))
    .sort();
}

const statusOf = (store: InMemoryInventoryStore, account: string) =>
  store.item<{ lastCycle: Record<string, unknown>; lastPolledAt?: string; account: string }>(
    pollerPk(POLLER, account, REGION),
    STATUS_SK,
  );

/** The EMF documents the invocation printed. */
async function capturingEmf<T>(act: () => Promise<T>): Promise<{ result: T; emf: Record<string, unknown>[] }> {
  const written: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const result = await act();
    const emf = written
      .flatMap((w) => w.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { result, emf };
  } finally {
    write.mockRestore();
  }
}

describe('the inventory handler per watched target', () => {
  let world: AccountsWorld;
  let credentials: FakeCredentials;
  let store: InMemoryInventoryStore;
  let handler: InventoryHandler;

  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  beforeEach(() => {
    mediaConnectMock.reset();
    world = new AccountsWorld();
    world.flows.set(OWN, [flowIn(OWN, 'Alpha')]);
    world.flows.set(ASSUMED, [flowIn(ASSUMED, 'Alpha'), flowIn(ASSUMED, 'Bravo')]);
    world.flows.set(KEY_PAIR, [flowIn(KEY_PAIR, 'Alpha')]);
    world.install();
    credentials = new FakeCredentials();
    store = new InMemoryInventoryStore();
    handler = createInventoryHandler(mediaConnectInventory, world.factory, {
      registry: { get: async () => registry },
      credentials,
      store,
      env: {},
    });
  });

  afterEach(() => jest.restoreAllMocks());

  it('polls each target with its own client and credentials into its own items, same flow names apart', async () => {
    // Act
    const [assumed, keyPair] = await Promise.all([
      handler(forTarget(ASSUMED), context),
      handler(forTarget(KEY_PAIR), context),
    ]);

    // Assess
    expect(assumed).toMatchObject({ account: ASSUMED, region: REGION, listing: 'complete', changes: { created: 2 } });
    expect(keyPair).toMatchObject({ account: KEY_PAIR, region: REGION, listing: 'complete', changes: { created: 1 } });
    expect(storedFlowArns(store, ASSUMED)).toEqual(
      [flowIn(ASSUMED, 'Alpha'), flowIn(ASSUMED, 'Bravo')].map((f) => f.FlowArn).sort(),
    );
    expect(storedFlowArns(store, KEY_PAIR)).toEqual([flowIn(KEY_PAIR, 'Alpha').FlowArn]);
    expect(storedFlowArns(store, OWN)).toEqual([]);
    expect(world.clients).toHaveLength(2);
    expect(world.clients.map((c) => c.options.region)).toEqual([REGION, REGION]);
    expect(world.clients.every((c) => typeof c.options.credentials === 'function')).toBe(true);
    expect(world.listingsIn(ASSUMED)).toBe(1);
    expect(world.listingsIn(KEY_PAIR)).toBe(1);
    expect(statusOf(store, ASSUMED)?.account).toBe(ASSUMED);
    expect(statusOf(store, KEY_PAIR)?.account).toBe(KEY_PAIR);
    expect(statusOf(store, OWN)).toBeUndefined();
  });

  it('gives each target its own token bucket at its own quota, kept across its invocations', async () => {
    // Prepare
    const acquire = jest.spyOn(TokenBucket.prototype, 'acquire');
    const bucketsIn = (from: number, to?: number) => [
      ...new Set(acquire.mock.contexts.slice(from, to) as TokenBucket[]),
    ];

    // Act
    await handler(forTarget(ASSUMED), context);
    const afterAssumed = acquire.mock.calls.length;
    await handler(forTarget(KEY_PAIR), context);
    const afterKeyPair = acquire.mock.calls.length;
    await handler(forTarget(ASSUMED), context);

    // Assess
    const assumedBuckets = bucketsIn(0, afterAssumed);
    const keyPairBuckets = bucketsIn(afterAssumed, afterKeyPair);
    const againBuckets = bucketsIn(afterKeyPair);
    expect(assumedBuckets).toHaveLength(1);
    expect(keyPairBuckets).toHaveLength(1);
    expect(keyPairBuckets[0]).not.toBe(assumedBuckets[0]);
    expect(againBuckets).toEqual(assumedBuckets);
    // Default MediaConnect quota: inventory share 3 × margin 0.9; the key-pair target's override: share 6 × 0.9.
    expect(assumedBuckets[0]?.ratePerSecond).toBeCloseTo(2.7);
    expect(keyPairBuckets[0]?.ratePerSecond).toBeCloseTo(5.4);
  });

  it('writes credentials-failed for a target whose credentials fail, lists nothing, returns, and polls the others', async () => {
    // Prepare
    await handler(forTarget(KEY_PAIR), context);
    const before = statusOf(store, KEY_PAIR);
    world.flows.set(KEY_PAIR, []);
    credentials.failures.set(`${KEY_PAIR}#${REGION}`, 'ResourceNotFoundException');

    // Act
    const { result, emf } = await capturingEmf(() =>
      Promise.all([handler(forTarget(KEY_PAIR), context), handler(forTarget(ASSUMED), context)]),
    );

    // Assess
    const [failed, other] = result;
    expect(failed).toEqual({
      poller: POLLER,
      account: KEY_PAIR,
      region: REGION,
      outcome: 'credentials-failed',
      failure: 'ResourceNotFoundException',
    });
    expect(other).toMatchObject({ account: ASSUMED, listing: 'complete', changes: { created: 2 } });
    expect(world.listingsIn(KEY_PAIR)).toBe(1);
    expect(storedFlowArns(store, KEY_PAIR)).toEqual([flowIn(KEY_PAIR, 'Alpha').FlowArn]);
    const status = statusOf(store, KEY_PAIR);
    expect(status?.lastCycle).toMatchObject({ outcome: 'credentials-failed', errors: ['ResourceNotFoundException'] });
    expect(status?.lastPolledAt).toBe(before?.lastPolledAt);
    expect(JSON.stringify(status)).not.toContain('not-a-real-secret');
    expect(emf).toContainEqual(
      expect.objectContaining({ TargetCredentialFailures: 1, Target: `${KEY_PAIR}#${REGION}`, poller: POLLER }),
    );
    // The poller's total, without the Target dimension, is what the monitor's alarm reads.
    expect(emf).toContainEqual(expect.objectContaining({ TargetCredentialFailures: 1, poller: POLLER }));
    expect(
      emf.filter((doc) => (doc as Record<string, unknown>).TargetCredentialFailures === 1 && !('Target' in doc)),
    ).toHaveLength(1);
  });

  it('deletes nothing when the credentials act in another account and its listing is empty', async () => {
    // Prepare: the target's flows are stored; its keys now act in an account with no flows.
    await handler(forTarget(KEY_PAIR), context);
    const key = `${KEY_PAIR}#${REGION}`;
    credentials.actsIn.set(key, '999999999999');
    credentials.failures.set(key, 'account-mismatch');
    store.resetCounters();

    // Act
    const outcome = await handler(forTarget(KEY_PAIR), context);

    // Assess
    expect(outcome).toMatchObject({ outcome: 'credentials-failed', failure: 'account-mismatch' });
    expect(world.listingsIn('999999999999')).toBe(0);
    expect(storedFlowArns(store, KEY_PAIR)).toEqual([flowIn(KEY_PAIR, 'Alpha').FlowArn]);
    expect(store.writes.filter((w) => w.op === 'tombstone' || w.pk.startsWith('RES#'))).toEqual([]);
    expect(store.writes.filter((w) => w.sk === STATUS_SK)).toEqual([
      { op: 'update', pk: pollerPk(POLLER, KEY_PAIR, REGION), sk: STATUS_SK },
    ]);
  });

  it('fails the cycle before any tombstone when a listing names another account than the target', async () => {
    // Prepare: keys of another account that the identity check let through; that account holds flows.
    await handler(forTarget(KEY_PAIR), context);
    credentials.actsIn.set(`${KEY_PAIR}#${REGION}`, ASSUMED);
    store.resetCounters();

    // Act
    const run = handler(forTarget(KEY_PAIR), context);

    // Assess
    await expect(run).rejects.toThrow(`Resource ARNs are in account ${ASSUMED}, but ACCOUNT_ID is ${KEY_PAIR}`);
    expect(storedFlowArns(store, KEY_PAIR)).toEqual([flowIn(KEY_PAIR, 'Alpha').FlowArn]);
    expect(store.writes.filter((w) => w.op === 'tombstone' || w.pk.startsWith('RES#'))).toEqual([]);
  });

  it('skips a target that does not watch the service, creating no client', async () => {
    // Act
    const outcome = await handler(forTarget(LIVE_ONLY), context);

    // Assess
    expect(outcome).toEqual({
      poller: POLLER,
      account: LIVE_ONLY,
      region: REGION,
      skipped: true,
      reason: 'service not watched',
    });
    expect(world.clients).toHaveLength(0);
    expect(mediaConnectMock.commandCalls(ListFlowsCommand)).toHaveLength(0);
  });

  it.each([
    ['an unwatched target', { target: `555555555555#${REGION}` }, 'is not watched by this deployment'],
    ['a malformed key', { target: '555555555555' }, 'is not <account>#<region>'],
    ['another event', { source: 'aws.s3' }, 'Expected an EventBridge scheduled event'],
  ])('refuses %s with a ValidationError', async (_case, event, message) => {
    // Act
    const run = handler(event, context);

    // Assess
    await expect(run).rejects.toThrow(ValidationError);
    await expect(handler(event, context)).rejects.toThrow(message);
    expect(mediaConnectMock.commandCalls(ListFlowsCommand)).toHaveLength(0);
  });

  it('polls the deployment’s own target with the function’s own role on a legacy Scheduled Event', async () => {
    // Act
    const outcome = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }, context);

    // Assess
    expect(outcome).toMatchObject({ account: OWN, region: REGION, listing: 'complete', changes: { created: 1 } });
    expect(world.clients).toHaveLength(1);
    expect(world.clients[0]?.options).toEqual({ region: REGION });
    expect(storedFlowArns(store, OWN)).toEqual([flowIn(OWN, 'Alpha').FlowArn]);
    expect(credentials.resolutions).toEqual([]);
  });
});
