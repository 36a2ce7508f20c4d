import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import { describeFlow } from '../../../lambdas/mediaconnect/flow-describe';
import { buildFlowRecords } from '../../../lambdas/mediaconnect/flow-records';
import { createMediaConnectClient } from '../../../lambdas/shared/clients';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { ACCOUNT, ManualClock, REGION } from './flow-fixtures';

/**
 * DescribeFlow as real MediaConnect answers it (restJson1, camelCase; Transport nested; fields newer than the pinned
 * client-mediaconnect 3.654.0 such as flowSize, ndiConfig and the NDI transport members), through the production
 * client and the SDK's real deserializer. The raw-body capture in flow-describe.ts stays for these newer fields; this
 * pins what it must keep, on AWS's shape rather than moto's.
 */
const FLOW_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow`;
const SOURCE_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:source:1-11aa22bb11aa22bb-3333cccc4444:Primary`;
const OUTPUT_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:output:1-11aa22bb11aa22bb-5555dddd6666:ToNdi`;

const awsDescribeFlow = {
  flow: {
    flowArn: FLOW_ARN,
    name: 'AwardsShow',
    status: 'ACTIVE',
    availabilityZone: `${REGION}a`,
    egressIp: '54.201.4.39',
    flowSize: 'LARGE',
    ndiConfig: { ndiState: 'ENABLED', machineName: 'awards', ndiDiscoveryServers: [] },
    source: {
      sourceArn: SOURCE_ARN,
      name: 'Primary',
      ingestIp: '54.201.4.39',
      ingestPort: 2000,
      whitelistCidr: '10.24.34.0/23',
      transport: { protocol: 'srt-listener', minLatency: 2000, maxBitrate: 80000000, streamId: 'awards' },
    },
    outputs: [
      {
        outputArn: OUTPUT_ARN,
        name: 'ToNdi',
        outputStatus: 'ENABLED',
        transport: { protocol: 'ndi-speed-hq', ndiSpeedHqQuality: 100, ndiProgramName: 'Awards Main' },
      },
    ],
    entitlements: [],
  },
  messages: { errors: ['Source Primary is not connected'] },
};

function wireClient(body: unknown): MediaConnectClient {
  const client = createMediaConnectClient({ region: REGION });
  client.config.requestHandler = {
    handle: async () => ({
      response: {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: new TextEncoder().encode(JSON.stringify(body)),
      },
    }),
  } as never;
  return client;
}

describe('DescribeFlow on the shape AWS returns', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  it('keeps the nested transport and the fields the pinned SDK model does not know', async () => {
    // Prepare
    const clock = new ManualClock();
    const budget = new RequestBudget(new TokenBucket(100, 100, clock, async (ms) => clock.advance(ms)));

    // Act
    const described = await describeFlow(wireClient(awsDescribeFlow), budget, clock, FLOW_ARN);
    const records = buildFlowRecords(described.document, {
      account: ACCOUNT,
      region: REGION,
      observedAtMs: described.observedAtMs,
      messages: described.messages,
    });

    // Assess
    expect(described.messages).toEqual(['Source Primary is not connected']);
    expect(records.flow).toMatchObject({ name: 'AwardsShow', status: 'ACTIVE', flowSize: 'LARGE' });
    const source = records.children.find((c) => c.sk.startsWith('SOURCE#'));
    const output = records.children.find((c) => c.sk.startsWith('OUTPUT#'));
    expect(source).toMatchObject({ protocol: 'srt-listener', minLatency: 2000, maxBitrate: 80000000 });
    expect(output).toMatchObject({
      protocol: 'ndi-speed-hq',
      transport: { ndiSpeedHqQuality: 100, ndiProgramName: 'Awards Main' },
    });
  });
});
