import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { FlowRecord } from '../../../lambdas/mediaconnect/flow-model';
import { refreshFlow } from './flow-refresher';
import type { InventoryDeps as EngineInventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { pollMediaConnectInventory } from '../../../lambdas/mediaconnect/flow-cycle';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { META_SK, resourcePk } from '../../../lambdas/store/keys';
import { ACCOUNT, flowArn, ManualClock, REGION, sdkFlow } from './flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';

type InventoryDeps = EngineInventoryDeps<MediaConnectClient>;

/**
 * These tests go through the SDK's real deserializer: the client's request handler answers with raw HTTP responses,
 * so the error that reaches the inventory is the one the SDK builds from MediaConnect's wire answer (or a proxy's).
 */
interface WireAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): WireAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** MediaConnect's own answer for a flow it does not have (restJson1: the error type in `x-amzn-errortype`). */
const mediaConnectNotFound = (arn: string): WireAnswer =>
  json(
    404,
    { message: `Flow not found: ${arn}` },
    { 'x-amzn-errortype': 'NotFoundException:http://internal.amazon.com/coral/com.amazonaws.mediaconnect/' },
  );
/** A proxy or a wrong endpoint: a 404 page that is not MediaConnect speaking. */
const proxyNotFound = (): WireAnswer => ({
  statusCode: 404,
  headers: { 'content-type': 'text/html' },
  body: '<html><head><title>404 Not Found</title></head><body>nginx</body></html>',
});
/** An emulator route that does not exist: JSON, 404, but no MediaConnect error type. */
const notImplemented = (): WireAnswer => json(404, { message: 'Not yet implemented' });

function wireClient(answer: (path: string) => WireAnswer): MediaConnectClient {
  return new MediaConnectClient({
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { path: string }) => {
        const { statusCode, headers, body } = answer(decodeURIComponent(request.path));
        return { response: { statusCode, headers, body: new TextEncoder().encode(body) } };
      },
    } as never,
  });
}

describe('a 404 from DescribeFlow', () => {
  const alpha = flowArn('Alpha');
  let store: InMemoryInventoryStore;
  let clock: ManualClock;
  let describeAnswer: (arn: string) => WireAnswer;

  const deps = (): InventoryDeps => ({
    client: wireClient((path) => {
      if (path === '/v1/flows') return json(200, { flows: [{ flowArn: alpha, name: 'Alpha', status: 'ACTIVE' }] });
      if (path.startsWith('/v1/flows/')) return describeAnswer(path.slice('/v1/flows/'.length));
      if (path.startsWith('/tags/')) return json(200, { tags: {} });
      return notImplemented();
    }),
    store,
    clock,
    limiter: new TokenBucket(1_000, 1_000, clock, async (ms) => clock.advance(ms)),
    wait: async () => undefined,
    random: () => 0,
  });

  beforeEach(async () => {
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
    const flow = sdkFlow('Alpha');
    describeAnswer = () =>
      json(200, {
        flow: {
          flowArn: flow.FlowArn,
          name: flow.Name,
          status: 'ACTIVE',
          availabilityZone: flow.AvailabilityZone,
          source: { name: 'primary', sourceArn: flow.Source?.SourceArn },
          outputs: [],
          entitlements: [],
        },
      });
    await pollMediaConnectInventory(deps(), { accountId: ACCOUNT, sweepPerCycle: 0 });
    clock.advance(5_000);
  });

  const stored = () => store.item<FlowRecord>(resourcePk(alpha), META_SK);

  it('tombstones the flow when MediaConnect answers NotFoundException', async () => {
    // Prepare
    describeAnswer = mediaConnectNotFound;

    // Act
    const outcome = await refreshFlow(deps(), alpha);

    // Assess
    expect(outcome.change).toBe('tombstoned');
    expect(stored()).toMatchObject({ status: 'DELETED', tombstone: true });
  });

  it.each([
    ['a proxy 404 page', proxyNotFound],
    ['a 404 without a MediaConnect error type', notImplemented],
  ])('leaves the flow as stored and fails the refresh on %s', async (_, answer) => {
    // Prepare
    describeAnswer = answer;

    // Act
    const refresh = refreshFlow(deps(), alpha);

    // Assess
    await expect(refresh).rejects.toBeInstanceOf(Error);
    expect(stored()).toMatchObject({ status: 'ACTIVE' });
    expect(stored()?.tombstone).toBeUndefined();
  });

  it.each([
    ['a proxy 404 page', proxyNotFound],
    ['a 404 without a MediaConnect error type', notImplemented],
  ])('counts %s in a cycle as a failed flow, not a deleted one', async (_, answer) => {
    // Prepare
    describeAnswer = answer;

    // Act
    const outcome = await pollMediaConnectInventory(deps(), { accountId: ACCOUNT, sweepPerCycle: 0 });

    // Assess
    expect(outcome.changes).toMatchObject({ failed: 1, tombstoned: 0 });
    expect(stored()).toMatchObject({ status: 'ACTIVE' });
  });
});
