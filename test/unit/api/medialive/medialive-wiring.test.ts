import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { DescribeChannelCommand, MediaLiveClient, NotFoundException } from '@aws-sdk/client-medialive';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { RunningApiServer, startApiServer } from '../../../../bin/local/api-server';
import { createApiHandler } from '../../../../lambdas/api/api-handler';
import { createApiDeps } from '../../../../lambdas/api/api-wiring';
import { resolveMetricSet } from '../../../../lambdas/metrics/metric-catalog';
import { StateStore } from '../../../../lambdas/store/state-store';
import { ACCOUNT, fixedClock, REGION, silentLog } from '../api-test-kit';
import { CHANNEL_ARN, channelMeta } from './medialive-fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const mediaLive = mockClient(MediaLiveClient);
const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };

function wiredDeps(overrides: Partial<Parameters<typeof createApiDeps>[0]> = {}) {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION, credentials }));
  return createApiDeps({
    store: new StateStore(doc, 'state-table'),
    mediaConnect: new MediaConnectClient({ region: REGION, credentials }),
    mediaLive: new MediaLiveClient({ region: REGION, credentials }),
    cloudWatch: new CloudWatchClient({ region: REGION, credentials }),
    clock: fixedClock,
    account: ACCOUNT,
    region: REGION,
    tokenSecret: 'a-test-secret-of-enough-length',
    metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 },
    ...overrides,
  });
}

describe('MediaLive API wiring', () => {
  beforeEach(() => {
    ddb.reset();
    mediaLive.reset();
  });

  it("wires the engine's MediaLive refresher: a channel neither MediaLive nor the store knows is not found", async () => {
    // Prepare
    mediaLive.on(DescribeChannelCommand).rejects(new NotFoundException({ message: 'gone', $metadata: {} }));
    ddb.on(GetCommand).resolves({});
    const deps = wiredDeps();

    // Act
    const outcome = await deps.refreshers.medialive?.(CHANNEL_ARN);

    // Assess
    expect(deps.refreshers.mediaconnect).toEqual(expect.any(Function));
    expect(outcome).toMatchObject({ arn: CHANNEL_ARN, change: 'not-found', writes: 0 });
    expect(mediaLive.commandCalls(DescribeChannelCommand)).toHaveLength(1);
  });

  it('takes a MediaLive refresher given by the wiring', async () => {
    // Prepare
    const refresher = jest.fn().mockResolvedValue({ arn: CHANNEL_ARN, change: 'unchanged' });

    // Act
    const deps = wiredDeps({ refreshers: { medialive: refresher } });
    await deps.refreshers.medialive?.(CHANNEL_ARN);

    // Assess
    expect(refresher).toHaveBeenCalledWith(CHANNEL_ARN);
  });

  it('paces MediaLive at the quota split of the API function, in a bucket apart from MediaConnect', async () => {
    // Prepare
    const split = (rps: number, burst: number) => ({
      account: { rps: 5, burst: 30, margin: 0.9 },
      functions: {
        inventory: { share: 3, instances: 1, rps: 2.7, burst: 16 },
        ingest: { share: 1.5, instances: 2, rps: 0.675, burst: 4 },
        api: { share: 0.5, instances: 3, rps, burst },
      },
      total: { rps: 4.5, burst: 27 },
    });

    // Act
    const deps = wiredDeps({ mediaConnectQuota: split(0.15, 1), mediaLiveQuota: split(0.3, 2) });
    const budget = deps.mediaLive.budget();
    const limiter = (budget as unknown as { limiter: { ratePerSecond: number; burst: number } }).limiter;

    // Assess
    expect(limiter).toMatchObject({ ratePerSecond: 0.3, burst: 2 });
    expect(deps.mediaLiveQuota?.functions.api.rps).toBe(0.3);
  });

  it('serves the MediaLive routes on the local runtime API server, from the same route table', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [channelMeta()] });
    const handler = createApiHandler(wiredDeps(), { log: silentLog, roleHeaderEnabled: true });
    const server: RunningApiServer = await startApiServer({ handler });

    try {
      // Act
      const channels = await fetch(`${server.url}/channels?status=IDLE`);
      const devices = await fetch(`${server.url}/input-devices`);
      const badArn = await fetch(`${server.url}/channels/${encodeURIComponent('arn:aws:medialive:flow:x')}`);

      // Assess
      expect(channels.status).toBe(200);
      expect(((await channels.json()) as { items: { arn: string }[] }).items[0]?.arn).toBe(CHANNEL_ARN);
      expect(devices.status).toBe(200);
      expect(badArn.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});
