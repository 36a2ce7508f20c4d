import { Readable } from 'node:stream';
import { MediaConnectClient, StopFlowCommand } from '@aws-sdk/client-mediaconnect';
import { HttpResponse } from '@smithy/protocol-http';
import type { LambdaHandler, LocalFunctionSpec } from '../../../bin/local/local-functions';
import { startLocalRuntime } from '../../../bin/local/runtime';
import { CLOUDTRAIL_DETAIL_TYPE } from '../../../lambdas/events/change-calls';
import { ENV } from '../../../lambdas/shared/env';

/**
 * The local runtime's change path, with fake handlers: a client the `api` handler creates itself (as the real one does
 * at module load) reaches `event-ingest` with CloudTrail's event after a successful StopFlow. The clients answer from a
 * scripted HTTP handler (aws-sdk-client-mock would bypass the middleware under test); the runtime's Invoke API listens
 * on a free loopback port, nothing leaves the host.
 */

const FLOW = 'arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-abc:news';

function scriptedMediaConnect(): MediaConnectClient {
  return new MediaConnectClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    endpoint: 'http://127.0.0.1:1',
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: new HttpResponse({
          statusCode: 202,
          headers: { 'content-type': 'application/json' },
          body: Readable.from([Buffer.from(JSON.stringify({ flowArn: FLOW, status: 'STOPPING' }))]),
        }),
      }),
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    } as never,
  });
}

const SPECS: LocalFunctionSpec[] = [
  { name: 'api', entry: 'fake/api.ts', timeoutSeconds: 5, memoryMb: 128 },
  { name: 'event-ingest', entry: 'fake/ingest.ts', timeoutSeconds: 5, memoryMb: 128 },
];

describe('local runtime with the CloudTrail emulation', () => {
  // startLocalRuntime sets the handlers' environment on process.env: put it back as it was.
  const savedEnv = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  });

  it('delivers the event of an action the API handler made with its own client to event-ingest, until stopped', async () => {
    // Prepare
    const ingested: unknown[] = [];
    const handlers: Record<string, LambdaHandler> = {
      api: async () => {
        const client = scriptedMediaConnect();
        await client.send(new StopFlowCommand({ FlowArn: FLOW }));
        return { statusCode: 202 };
      },
      'event-ingest': async (event) => {
        ingested.push(event);
        return { batchItemFailures: [] };
      },
    };
    const runtime = await startLocalRuntime({
      region: 'eu-west-1',
      account: '123456789012',
      tableName: 'unit',
      dynamodbEndpoint: 'http://127.0.0.1:1',
      awsEndpoint: 'http://127.0.0.1:1',
      invokePort: 0,
      apiPort: false,
      schedules: false,
      functions: SPECS,
      load: (spec) => handlers[spec.name] as LambdaHandler,
    });

    // Act
    const answer = await runtime.invoke('api', {});
    await runtime.cloudTrail?.settled();
    await runtime.stop();
    await scriptedMediaConnect().send(new StopFlowCommand({ FlowArn: FLOW }));

    // Assess
    expect(answer).toMatchObject({ ok: true });
    expect(runtime.environment[ENV.changeEvents]).toBe('cloudtrail');
    expect(ingested).toEqual([
      expect.objectContaining({
        'detail-type': CLOUDTRAIL_DETAIL_TYPE,
        detail: expect.objectContaining({ eventName: 'StopFlow', requestParameters: { flowArn: FLOW } }),
      }),
    ]);
    expect(runtime.cloudTrail?.stats).toEqual({ emitted: 1, delivered: 1, failed: 0 });
  });

  it('runs without the emulation against real AWS', async () => {
    // Prepare
    const runtime = await startLocalRuntime({
      region: 'eu-west-1',
      account: '123456789012',
      tableName: 'unit',
      dynamodbEndpoint: 'http://127.0.0.1:1',
      invokePort: 0,
      apiPort: false,
      schedules: false,
      functions: SPECS,
      load: () => async () => ({}),
    });

    // Act
    await runtime.stop();

    // Assess
    expect(runtime.cloudTrail).toBeUndefined();
    expect(runtime.environment[ENV.changeEvents]).toBe('off');
    expect(Object.prototype.hasOwnProperty.call(MediaConnectClient.prototype, 'send')).toBe(false);
  });
});
