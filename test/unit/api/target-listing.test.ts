import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import { PageTokenCodec } from '../../../lambdas/api/http/page-token';
import { listResources } from '../../../lambdas/api/resource-listing';
import { listAcrossTargets, MAX_QUERIES_PER_PAGE } from '../../../lambdas/api/target-listing';
import { parseTargetRegistry, type TargetRegistry } from '../../../lambdas/shared/watched-targets';
import type { Page, QueryPageOptions, StateStore } from '../../../lambdas/store/state-store';
import { ACCOUNT, call, createTestApi, fixedClock, REGION, registryWith, TestApi } from './api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);

const B = '222222222222';
const C = '333333333333';
const flowPk = (account: string, region = REGION) => `LIST#mediaconnect:flow#${account}#${region}`;

/** A listed flow of an account, as GSI1 holds it (account and Region come from the listing key). */
function listedFlow(account: string, name: string, region = REGION): Record<string, unknown> {
  const arn = `arn:aws:mediaconnect:${region}:${account}:flow:1-${name}:${name}`;
  return {
    pk: `RES#${arn}`,
    sk: '#META',
    gsi1pk: flowPk(account, region),
    gsi1sk: `${name}#${arn}`,
    name,
    status: 'ACTIVE',
  };
}

/** Answers each listing partition's Query with its items (one page each). */
function storesListings(listings: Record<string, Record<string, unknown>[]>) {
  ddb.on(QueryCommand).resolves({ Items: [] });
  for (const [pk, items] of Object.entries(listings))
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': pk } }).resolves({ Items: items });
}

const queriedPartitions = () =>
  ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':pk'] as string);

describe('list routes across watched targets', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    api = createTestApi();
    // The deployment (111122223333) watches two more accounts in its Region, and one account in us-west-2.
    api.deps.registry = async () =>
      registryWith({ account: C, region: REGION }, { account: B, region: REGION }, { account: B, region: 'us-west-2' });
  });

  it('lists every watched target, in target-major order, each row with its account and Region', async () => {
    // Prepare
    storesListings({
      [flowPk(ACCOUNT)]: [listedFlow(ACCOUNT, 'a1')],
      [flowPk(B)]: [listedFlow(B, 'b1'), listedFlow(B, 'b2')],
      [flowPk(B, 'us-west-2')]: [listedFlow(B, 'w1', 'us-west-2')],
      [flowPk(C)]: [listedFlow(C, 'c1')],
    });

    // Act
    const response = await call(api, { path: '/flows' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items.map((i: { name: string; account: string; region: string }) => i.name)).toEqual([
      'a1',
      'b1',
      'b2',
      'w1',
      'c1',
    ]);
    expect(response.body.items[3]).toMatchObject({ account: B, region: 'us-west-2' });
    expect(response.body.items[4]).toMatchObject({ account: C, region: REGION });
    expect(queriedPartitions()).toEqual([flowPk(ACCOUNT), flowPk(B), flowPk(B, 'us-west-2'), flowPk(C)]);
    expect(response.body.nextToken).toBeUndefined();
  });

  it('lists only the targets of the account given', async () => {
    // Prepare
    storesListings({ [flowPk(B)]: [listedFlow(B, 'b1')], [flowPk(B, 'us-west-2')]: [] });

    // Act
    const response = await call(api, { path: '/channels', query: { account: B } });

    // Assess
    expect(response.status).toBe(200);
    expect(queriedPartitions()).toEqual([
      `LIST#medialive:channel#${B}#${REGION}`,
      `LIST#medialive:channel#${B}#us-west-2`,
    ]);
  });

  it('lists only the targets of the Region given', async () => {
    // Prepare
    storesListings({});

    // Act
    const response = await call(api, { path: '/alarms', query: { region: 'us-west-2' } });

    // Assess
    expect(response.status).toBe(200);
    expect(queriedPartitions()).toEqual([`ALARMS#${B}#us-west-2`]);
  });

  it.each([
    ['an account', { account: '999999999999' }, 'account 999999999999 is not watched by this deployment'],
    ['a Region', { region: 'ap-south-1' }, 'region ap-south-1 is not watched by this deployment'],
    [
      'an account in a Region it is not watched in',
      { account: C, region: 'us-west-2' },
      `account ${C} is not watched in region us-west-2 by this deployment`,
    ],
  ])('refuses %s no target has with 400 NotWatched, without a Query', async (_, query, message) => {
    // Act
    const response = await call(api, { path: '/flows', query });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: 'NotWatched', message });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
  });

  it('refuses NotWatched on every list route', async () => {
    // Prepare
    const paths = [
      '/flows',
      '/channels',
      '/inputs',
      '/input-devices',
      '/mediapackage/channels',
      '/mediapackage/origin-endpoints',
      '/mediapackagev2/channel-groups',
      '/mediapackagev2/channels',
      '/mediapackagev2/origin-endpoints',
      '/alarms',
      '/summary',
    ];

    // Act
    const responses = await Promise.all(paths.map((path) => call(api, { path, query: { account: '999999999999' } })));

    // Assess
    expect(responses.map((r) => [r.status, r.body.error?.code])).toEqual(paths.map(() => [400, 'NotWatched']));
  });

  it('continues a page in the next target, and refuses its token on another filter', async () => {
    // Prepare
    storesListings({
      [flowPk(ACCOUNT)]: [listedFlow(ACCOUNT, 'a1')],
      [flowPk(B)]: [listedFlow(B, 'b1'), listedFlow(B, 'b2')],
    });
    const first = await call(api, { path: '/flows', query: { limit: '2' } });
    const nextToken = first.body.nextToken as string;
    const queriesOfFirst = ddb.commandCalls(QueryCommand).length;

    // Act
    const second = await call(api, { path: '/flows', query: { limit: '2', nextToken } });
    const otherFilter = await call(api, { path: '/flows', query: { limit: '2', nextToken, account: B } });
    const otherRoute = await call(api, { path: '/channels', query: { limit: '2', nextToken } });

    // Assess
    expect(first.body.items.map((i: { name: string }) => i.name)).toEqual(['a1', 'b1']);
    expect(second.status).toBe(200);
    const continued = ddb.commandCalls(QueryCommand)[queriesOfFirst]!.args[0].input;
    expect(continued.ExpressionAttributeValues?.[':pk']).toBe(flowPk(B));
    expect(continued.ExclusiveStartKey).toMatchObject({ gsi1pk: flowPk(B), gsi1sk: expect.stringMatching(/^b1#/) });
    expect(otherFilter.status).toBe(400);
    expect(otherFilter.body.error.code).toBe('InvalidNextToken');
    expect(otherRoute.status).toBe(400);
    expect(otherRoute.body.error.code).toBe('InvalidNextToken');
  });

  it('refuses a token whose target the deployment no longer watches', async () => {
    // Prepare
    storesListings({ [flowPk(ACCOUNT)]: [listedFlow(ACCOUNT, 'a1')], [flowPk(B)]: [listedFlow(B, 'b1')] });
    const first = await call(api, { path: '/flows', query: { limit: '1' } });
    api.deps.registry = async () => registryWith({ account: C, region: REGION });

    // Act
    const response = await call(api, { path: '/flows', query: { limit: '1', nextToken: first.body.nextToken } });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'InvalidNextToken' });
    expect(response.body.error.message).toContain(`${B}#${REGION}`);
  });

  it('lists the origin endpoints of a channel Id in every selected target', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });

    // Act
    const response = await call(api, { path: '/mediapackage/origin-endpoints', query: { channelId: 'ch1' } });

    // Assess
    expect(response.status).toBe(200);
    expect(queriedPartitions()).toEqual([
      `LINKKEY#mediapackage-channel:${ACCOUNT}:${REGION}:ch1`,
      `LINKKEY#mediapackage-channel:${B}:${REGION}:ch1`,
      `LINKKEY#mediapackage-channel:${B}:us-west-2:ch1`,
      `LINKKEY#mediapackage-channel:${C}:${REGION}:ch1`,
    ]);
  });
});

/**
 * A GSI1 in memory: each partition's items in sort-key order, a Query page is up to `limit` items after `startKey`,
 * and a LastEvaluatedKey whenever the limit was reached (as DynamoDB does, even on the partition's last item).
 */
function memoryIndex(partitions: Map<string, Record<string, unknown>[]>): Pick<StateStore, 'queryPage'> & {
  queries: number;
} {
  const index = {
    queries: 0,
    async queryPage<T>(options: QueryPageOptions): Promise<Page<T>> {
      index.queries++;
      const all = partitions.get(options.pk) ?? [];
      const from = options.startKey ? all.findIndex((i) => i.gsi1sk === options.startKey?.gsi1sk) + 1 : 0;
      const items = all.slice(from, from + (options.limit ?? all.length));
      const last = items[items.length - 1];
      const reachedLimit = options.limit !== undefined && items.length === options.limit;
      return {
        items: items as T[],
        ...(reachedLimit && last
          ? { lastKey: { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk } }
          : {}),
      };
    },
  };
  return index;
}

function accountOf(i: number): string {
  return String(100000000000 + i * 7919).padStart(12, '0');
}

describe('listAcrossTargets (property)', () => {
  it('gives every item of every target exactly once, in target-major order, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        async (sizes, limit) => {
          // Prepare
          const targets = sizes.map((_, i) => ({ account: accountOf(i), region: REGION }));
          const registry: TargetRegistry = parseTargetRegistry(
            { deployment: { account: targets[0]!.account, region: REGION, name: 'p' }, targets },
            'property registry',
          );
          const partitions = new Map<string, Record<string, unknown>[]>();
          sizes.forEach((size, t) => {
            const account = targets[t]!.account;
            const items = Array.from({ length: size }, (_, i) => listedFlow(account, `f${String(i).padStart(2, '0')}`));
            partitions.set(flowPk(account), items);
          });
          const expected = [...targets]
            .sort((a, b) => a.account.localeCompare(b.account))
            .flatMap((t) => (partitions.get(flowPk(t.account)) ?? []).map((i) => i.gsi1sk));
          const store = memoryIndex(partitions);
          const deps = {
            registry: async () => registry,
            pageTokens: new PageTokenCodec('a-property-secret-of-length', 'table', fixedClock),
          };

          // Act
          const seen: unknown[] = [];
          let nextToken: string | undefined;
          let pages = 0;
          do {
            const page = await listAcrossTargets(deps, { route: 'p' }, { limit, nextToken }, (target, request) =>
              listResources(
                store,
                'mediaconnect:flow',
                { account: target.account, region: target.region },
                request,
                (i) => i,
              ),
            );
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((i) => i.gsi1sk));
            nextToken = page.nextToken;
            pages++;
          } while (nextToken && pages < 500);

          // Assess
          expect(seen).toEqual(expected);
          expect(new Set(seen).size).toBe(seen.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it(`fills a page over empty targets with at most ${MAX_QUERIES_PER_PAGE} Queries, then continues`, async () => {
    // Prepare
    const targets = Array.from({ length: 25 }, (_, i) => ({ account: accountOf(i), region: REGION }));
    const registry = parseTargetRegistry(
      { deployment: { account: targets[0]!.account, region: REGION, name: 'p' }, targets },
      'registry',
    );
    const last = [...targets].sort((a, b) => a.account.localeCompare(b.account))[24]!.account;
    const store = memoryIndex(new Map([[flowPk(last), [listedFlow(last, 'only')]]]));
    const deps = {
      registry: async () => registry,
      pageTokens: new PageTokenCodec('a-property-secret-of-length', 'table', fixedClock),
    };
    const fetch = (target: { account: string; region: string }, request: { limit: number }) =>
      listResources(store, 'mediaconnect:flow', { ...target }, request, (i) => i);

    // Act
    const pages = [];
    let nextToken: string | undefined;
    do {
      const page = await listAcrossTargets(deps, { route: 'p' }, { limit: 5, nextToken }, fetch);
      pages.push(page.items.length);
      nextToken = page.nextToken;
    } while (nextToken);

    // Assess
    expect(pages).toEqual([0, 0, 1]);
    expect(store.queries).toBe(25);
  });
});
