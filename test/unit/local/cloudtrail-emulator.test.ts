import { Readable } from 'node:stream';
import {
  DescribeFlowCommand,
  GrantFlowEntitlementsCommand,
  MediaConnectClient,
  StopFlowCommand,
} from '@aws-sdk/client-mediaconnect';
import { CreateChannelCommand, MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { CloudTrailEmulator, Delivery, EmittedCall, emulatedService } from '../../../bin/local/cloudtrail-emulator';
import { CLOUDTRAIL_DETAIL_TYPE } from '../../../lambdas/events/change-calls';

/**
 * aws-sdk-client-mock replaces `send`, so a client's middleware (the emulator) never runs under it. These tests give
 * real clients a scripted HTTP handler instead: the whole stack runs, serializers included, with no network.
 */
function scriptedClient<C>(
  Client: new (config: never) => C,
  answer: (request: HttpRequest) => { status: number; body: unknown },
): C {
  const handler = {
    handle: async (request: HttpRequest) => {
      const { status, body } = answer(request);
      return {
        response: new HttpResponse({
          statusCode: status,
          headers: { 'content-type': 'application/json' },
          body: Readable.from([Buffer.from(JSON.stringify(body))]),
        }),
      };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
  return new Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    endpoint: 'http://127.0.0.1:1',
    maxAttempts: 1,
    requestHandler: handler,
  } as never);
}

const ACCOUNT = '123456789012';
const FLOW = 'arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-abc:news';

function collecting(): { calls: EmittedCall[]; emulator: CloudTrailEmulator } {
  const calls: EmittedCall[] = [];
  let now = Date.parse('2026-12-02T04:00:00.250Z');
  const emulator = new CloudTrailEmulator({
    account: ACCOUNT,
    sink: (call) => void calls.push(call),
    now: () => now++,
  });
  return { calls, emulator };
}

describe('CloudTrail emulator', () => {
  it('emits an AWS API Call via CloudTrail event with the wire-shaped request and response of a successful mutating call', async () => {
    // Prepare
    const { calls, emulator } = collecting();
    const client = emulator.attach(
      scriptedClient(MediaConnectClient, () => ({ status: 202, body: { flowArn: FLOW, status: 'STOPPING' } })),
    );

    // Act
    await client.send(new StopFlowCommand({ FlowArn: FLOW }));
    await emulator.settled();

    // Assess
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ eventName: 'StopFlow', service: 'mediaconnect' });
    expect(calls[0]!.returnedAtMs).toBeGreaterThan(calls[0]!.calledAtMs);
    expect(calls[0]!.event).toMatchObject({
      'detail-type': CLOUDTRAIL_DETAIL_TYPE,
      source: 'aws.mediaconnect',
      account: ACCOUNT,
      region: 'eu-west-1',
      time: '2026-12-02T04:00:00Z',
      detail: {
        eventSource: 'mediaconnect.amazonaws.com',
        eventName: 'StopFlow',
        awsRegion: 'eu-west-1',
        recipientAccountId: ACCOUNT,
        requestParameters: { flowArn: FLOW },
        responseElements: { flowArn: FLOW, status: 'STOPPING' },
      },
    });
    expect((calls[0]!.event.detail as Record<string, unknown>).errorCode).toBeUndefined();
    expect(emulator.stats).toEqual({ emitted: 1, delivered: 1, failed: 0 });
  });

  it('keeps nested members in wire shape: lists of structures with lower-case first letters', async () => {
    // Prepare
    const { calls, emulator } = collecting();
    const client = emulator.attach(
      scriptedClient(MediaConnectClient, () => ({
        status: 200,
        body: { flowArn: FLOW, entitlements: [{ name: 'partner', entitlementArn: `${FLOW}:e`, subscribers: ['1'] }] },
      })),
    );

    // Act
    await client.send(
      new GrantFlowEntitlementsCommand({
        FlowArn: FLOW,
        Entitlements: [{ Name: 'partner', Subscribers: ['444455556666'], DataTransferSubscriberFeePercent: 10 }],
      }),
    );
    await emulator.settled();

    // Assess
    expect((calls[0]!.event.detail as Record<string, unknown>).requestParameters).toEqual({
      flowArn: FLOW,
      entitlements: [{ name: 'partner', subscribers: ['444455556666'], dataTransferSubscriberFeePercent: 10 }],
    });
  });

  it('emits nothing for a read, and nothing for a mutating call that failed', async () => {
    // Prepare
    const { calls, emulator } = collecting();
    const client = emulator.attach(
      scriptedClient(MediaConnectClient, (request) =>
        request.method === 'GET'
          ? { status: 200, body: { flow: { flowArn: FLOW, name: 'news', status: 'ACTIVE' } } }
          : { status: 404, body: { message: 'flow not found' } },
      ),
    );

    // Act
    await client.send(new DescribeFlowCommand({ FlowArn: FLOW }));
    const failed = await client.send(new StopFlowCommand({ FlowArn: FLOW })).catch((e: Error) => e);
    await emulator.settled();

    // Assess
    expect(failed).toBeInstanceOf(Error);
    expect(calls).toEqual([]);
    expect(emulator.stats.emitted).toBe(0);
  });

  it('keeps MediaPackage v2 member names as they are', async () => {
    // Prepare
    const { calls, emulator } = collecting();
    const client = emulator.attach(
      scriptedClient(MediaPackageV2Client, () => ({
        status: 200,
        body: {
          Arn: 'arn:aws:mediapackagev2:eu-west-1:123456789012:channelGroup/live/channel/news',
          ChannelName: 'news',
        },
      })),
    );

    // Act
    await client.send(new CreateChannelCommand({ ChannelGroupName: 'live', ChannelName: 'news' }));
    await emulator.settled();

    // Assess
    expect(calls[0]!.event).toMatchObject({
      source: 'aws.mediapackagev2',
      detail: {
        eventName: 'CreateChannel',
        requestParameters: { ChannelGroupName: 'live', ChannelName: 'news' },
        responseElements: { ChannelName: 'news' },
      },
    });
  });

  it('delivers after the delay, without holding up the call, and reports a sink that failed', async () => {
    // Prepare
    const deliveries: Delivery[] = [];
    let sinkCalledAt = 0;
    const emulator = new CloudTrailEmulator({
      account: ACCOUNT,
      delayMs: 60,
      sink: () => {
        sinkCalledAt = Date.now();
        throw new Error('ingest down');
      },
      onDelivery: (d) => deliveries.push(d),
    });
    const client = emulator.attach(
      scriptedClient(MediaConnectClient, () => ({ status: 202, body: { flowArn: FLOW } })),
    );

    // Act
    const started = Date.now();
    await client.send(new StopFlowCommand({ FlowArn: FLOW }));
    const returnedAfter = Date.now() - started;
    await emulator.settled();

    // Assess
    expect(returnedAfter).toBeLessThan(60);
    expect(sinkCalledAt - started).toBeGreaterThanOrEqual(55);
    expect(deliveries).toEqual([expect.objectContaining({ ok: false, error: 'Error: ingest down' })]);
    expect(emulator.stats).toEqual({ emitted: 1, delivered: 0, failed: 1 });
  });

  it('attaches to every instance of a class at its first send, clients created before included, until undone', async () => {
    // Prepare
    const { calls, emulator } = collecting();
    const before = scriptedClient(MediaConnectClient, () => ({ status: 202, body: { flowArn: FLOW } }));
    const undo = emulator.attachToAll([MediaConnectClient]);
    const after = scriptedClient(MediaConnectClient, () => ({ status: 202, body: { flowArn: FLOW } }));

    // Act
    await before.send(new StopFlowCommand({ FlowArn: FLOW }));
    await after.send(new StopFlowCommand({ FlowArn: FLOW }));
    undo();
    const late = scriptedClient(MediaConnectClient, () => ({ status: 202, body: { flowArn: FLOW } }));
    await late.send(new StopFlowCommand({ FlowArn: FLOW }));
    await emulator.settled();

    // Assess
    expect(calls).toHaveLength(2);
    expect(Object.prototype.hasOwnProperty.call(MediaConnectClient.prototype, 'send')).toBe(false);
  });

  it('refuses a second emulator on a class another one holds', () => {
    // Prepare
    const first = collecting().emulator;
    const undo = first.attachToAll([MediaConnectClient]);

    // Act
    const second = () => collecting().emulator.attachToAll([MediaConnectClient]);

    // Assess
    try {
      expect(second).toThrow('MediaConnectClient already emits CloudTrail events for another emulator');
    } finally {
      undo();
    }
  });

  it('names the watched services by SDK client name', () => {
    // Act / Assess
    expect(emulatedService('MediaLiveClient')).toEqual({ service: 'medialive', style: 'camel' });
    expect(emulatedService('MediaPackageV2Client')).toEqual({ service: 'mediapackagev2', style: 'as-is' });
    expect(emulatedService('CloudWatchClient')).toBeUndefined();
  });
});
