import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  alarm,
  CHANNEL,
  ChainTestStore,
  FLOW,
  fullChain,
  HLS_ENDPOINT,
  INPUT,
  link,
  PACKAGE_CHANNEL,
} from '../chain/chain-fixtures';
import { openApiDocument } from '../../../lambdas/api/routes';
import { call, createTestApi, READ_ONLY_SESSION_ARN, TestApi } from './api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);

/** Serves the API's Queries from the fixture store, as DynamoDB would answer them. */
function serve(store: ChainTestStore): void {
  ddb.on(QueryCommand).callsFake(async (input: QueryCommandInput) => {
    const values = input.ExpressionAttributeValues ?? {};
    const page = await store.queryPage({
      pk: String(values[':pk']),
      ...(values[':from'] !== undefined ? { skFrom: String(values[':from']) } : {}),
      ...(values[':to'] !== undefined ? { skTo: String(values[':to']) } : {}),
      ...(values[':prefix'] !== undefined ? { skPrefix: String(values[':prefix']) } : {}),
    });
    return { Items: page.items };
  });
}

const chainPath = (arn: string) => `/chains/${encodeURIComponent(arn)}`;

describe('GET /chains/{arn}', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    api = createTestApi();
  });

  it('answers the chain of a flow to the read-only role: nodes with status and alarms, edges with types', async () => {
    // Prepare
    serve(new ChainTestStore().seed(...fullChain(), alarm(FLOW, 'NewsFeed-source-lost', 'ALARM')));

    // Act
    const response = await call(api, { path: chainPath(FLOW), userArn: READ_ONLY_SESSION_ARN });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ root: FLOW, truncated: false, reads: 6 });
    expect(response.body.nodes[0]).toEqual({
      arn: FLOW,
      type: 'mediaconnect:flow',
      service: 'mediaconnect',
      name: 'NewsFeed',
      status: 'ACTIVE',
      alarms: [{ name: 'NewsFeed-source-lost', state: 'ALARM', since: '2026-12-01T09:58:00.000Z' }],
      monitored: true,
      depth: 0,
    });
    expect(response.body.nodes).toHaveLength(6);
    expect(response.body.edges).toContainEqual(
      expect.objectContaining({ from: CHANNEL, to: PACKAGE_CHANNEL, types: ['package-ingest'] }),
    );
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `RES#${FLOW}`, ':from': '#META', ':to': 'LINK#\uffff' },
    });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 6);
  });

  it('walks the direction and depth asked for, and says when the depth cut it', async () => {
    // Prepare
    serve(new ChainTestStore().seed(...fullChain()));

    // Act
    const response = await call(api, {
      path: chainPath(CHANNEL),
      query: { direction: 'upstream', depth: '1' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.nodes.map((n: { arn: string; depth: number }) => [n.arn, n.depth])).toEqual([
      [CHANNEL, 0],
      [INPUT, -1],
    ]);
    expect(response.body.truncated).toBe(true);
  });

  it('caps the nodes at limit', async () => {
    // Prepare
    serve(new ChainTestStore().seed(...fullChain()));

    // Act
    const response = await call(api, { path: chainPath(FLOW), query: { limit: '3' } });

    // Assess
    expect(response.body.nodes).toHaveLength(3);
    expect(response.body.truncated).toBe(true);
  });

  it('answers a linked resource that is not polled, as not monitored', async () => {
    // Prepare
    const remoteInput = 'arn:aws:medialive:us-east-1:444455556666:input:77';
    serve(new ChainTestStore().seed(...fullChain(), ...link(FLOW, remoteInput, 'flow-output')));

    // Act
    const response = await call(api, { path: chainPath(remoteInput) });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.nodes[0]).toMatchObject({ arn: remoteInput, monitored: false, alarms: [] });
    expect(response.body.nodes[1]).toMatchObject({ arn: FLOW, depth: -1, remote: { account: '111122223333' } });
  });

  it('answers 404 NotFound for an ARN with no stored resource and no link', async () => {
    // Prepare
    serve(new ChainTestStore().seed(...fullChain()));

    // Act
    const response = await call(api, { path: chainPath(`${HLS_ENDPOINT}-gone`) });

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'NotFound' });
    expect(response.body.error.message).toContain('No resource or link is stored');
  });

  it.each([
    ['a direction it does not know', FLOW, { direction: 'sideways' }, 'direction'],
    ['depth 0', FLOW, { depth: '0' }, 'depth'],
    ['depth above 10', FLOW, { depth: '11' }, 'depth'],
    ['a depth that is not a number', FLOW, { depth: 'deep' }, 'depth'],
    ['limit above 500', FLOW, { limit: '501' }, 'limit'],
    ['an unknown query parameter', FLOW, { includeDeleted: 'true' }, undefined],
    ['a path that is not an ARN', 'NewsFeed', {}, 'arn'],
    ['an ARN with a control character', `${FLOW}\u0007`, {}, 'arn'],
  ])('answers 400 ValidationFailed for %s, reading nothing', async (_case, arn, query, field) => {
    // Act
    const response = await call(api, { path: chainPath(arn), query });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'ValidationFailed', ...(field ? { field } : {}) });
    expect(typeof response.body.error.message).toBe('string');
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
  });

  it('is documented in the OpenAPI document as a read route with its path and query parameters', () => {
    // Act
    const paths = openApiDocument().paths as Record<string, Record<string, Record<string, unknown>>>;
    const operation = paths['/chains/{arn}']?.get;

    // Assess
    expect(operation).toMatchObject({ operationId: 'getChain', 'x-mediamon-access': 'read' });
    expect((operation?.parameters as { name: string; in: string }[]).map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:arn',
      'query:direction',
      'query:depth',
      'query:limit',
    ]);
  });
});
