/**
 * Events forwarded from a member account, through the ingest function's own code (its handler, loaded with the
 * environment a many-account deployment sets), against moto and dynalite. moto separates accounts by credentials: the
 * member's flows exist only for the keys moto's STS hands out for a role of account 222222222222, so a re-poll made
 * with the deployment's own keys would not find the member's flow at all.
 */
import {
  CreateFlowCommand,
  DescribeFlowCommand,
  MediaConnectClient,
  StartFlowCommand,
  StopFlowCommand,
} from '@aws-sdk/client-mediaconnect';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { cloudTrailEvent } from '../../../bin/local/cloudtrail-events';
import { LOCAL_ACCOUNT, LOCAL_CREDENTIALS } from '../../../bin/local/emulators';
import { DEDUP_SK, dedupPk, rawRingPk } from '../../../lambdas/events/ingest-store';
import { META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints, motoConfig } from '../emulator-env';

const REGION = 'ap-northeast-1';
const MEMBER = '222222222222';
const STRANGER = '333333333333';
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/media-monitor-read-${REGION}`;

type Handler = (event: unknown, context: Context) => Promise<SQSBatchResponse>;
const context = {
  functionName: 'event-ingest',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${LOCAL_ACCOUNT}:function:ingest`,
  awsRequestId: 'r-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

/** The environment a deployment in LOCAL_ACCOUNT that watches itself and MEMBER (assume-role) gives its ingest. */
function ingestEnvironment(tableName: string): Record<string, string> {
  const { moto, dynamodb } = emulatorEndpoints();
  return {
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL: moto,
    DYNAMODB_ENDPOINT_URL: dynamodb,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    STATE_TABLE_NAME: tableName,
    ACCOUNT_ID: LOCAL_ACCOUNT,
    REPOLL_WINDOW_SECONDS: '0',
    WATCHED_TARGETS: JSON.stringify({
      deployment: { account: LOCAL_ACCOUNT, region: REGION, name: 'member-events' },
      targets: [
        { account: LOCAL_ACCOUNT, region: REGION },
        { account: MEMBER, region: REGION, credentials: { type: 'assume-role', roleArn: MEMBER_ROLE } },
      ],
    }),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_DEV: 'true',
    POWERTOOLS_METRICS_DISABLED: 'false',
  };
}

/** A flow named `name`, started (moto reports ACTIVE once described). */
async function createFlow(client: MediaConnectClient, name: string): Promise<string> {
  const created = await client.send(
    new CreateFlowCommand({
      Name: name,
      AvailabilityZone: `${REGION}a`,
      Source: { Name: `${name}-main`, Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
      Outputs: [{ Name: `${name}-out`, Protocol: 'srt-caller', Destination: '10.0.1.1', Port: 6000 }],
    }),
  );
  const flowArn = created.Flow!.FlowArn!;
  await client.send(new StartFlowCommand({ FlowArn: flowArn }));
  await client.send(new DescribeFlowCommand({ FlowArn: flowArn }));
  return flowArn;
}

/** A `MediaConnect Flow Status Change` of `flowArn` as a member's forwarding rule delivers it: its own account. */
function flowStatusChange(flowArn: string, account: string, current: string, previous: string) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'MediaConnect Flow Status Change',
    source: 'aws.mediaconnect',
    account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [flowArn],
    detail: { currentStatus: current, previousStatus: previous },
  };
}

/** Every EMF metric value printed while `run` ran, by name. */
async function emfDuring(log: jest.SpyInstance, run: () => Promise<unknown>): Promise<Record<string, number>> {
  const from = log.mock.calls.length;
  await run();
  const values: Record<string, number> = {};
  for (const [line] of log.mock.calls.slice(from)) {
    if (typeof line !== 'string' || !line.includes('"_aws"')) continue;
    const document = JSON.parse(line) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } } & Record<
      string,
      unknown
    >;
    for (const directive of document._aws.CloudWatchMetrics)
      for (const { Name } of directive.Metrics) values[Name] = (values[Name] ?? 0) + Number(document[Name]);
  }
  return values;
}

describe('events forwarded from a member account, through the ingest handler', () => {
  const saved = { ...process.env };
  let store: StateStore;
  let handler: Handler;
  let ownFlow: string;
  let memberFlow: string;
  let memberMediaConnect: MediaConnectClient;
  let log: jest.SpyInstance;

  const meta = (arn: string) =>
    store.get<{ account: string; status: string; name: string; tombstone?: boolean }>({
      pk: resourcePk(arn),
      sk: META_SK,
    });

  beforeAll(async () => {
    const table = await createTestStore('member-events');
    store = table.store;
    // The member's keys, as moto's STS gives them for a role of the member account.
    const sts = new STSClient(motoConfig(REGION));
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: MEMBER_ROLE, RoleSessionName: 'it-setup' }));
    memberMediaConnect = new MediaConnectClient({
      ...motoConfig(REGION),
      credentials: {
        accessKeyId: assumed.Credentials!.AccessKeyId!,
        secretAccessKey: assumed.Credentials!.SecretAccessKey!,
        sessionToken: assumed.Credentials!.SessionToken!,
      },
    });
    // One flow name in both accounts.
    ownFlow = await createFlow(new MediaConnectClient(motoConfig(REGION)), 'Awards');
    memberFlow = await createFlow(memberMediaConnect, 'Awards');
    Object.assign(process.env, ingestEnvironment(table.tableName));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = (require('../../../lambdas/functions/event-ingest/handler') as { handler: Handler }).handler;
  });

  afterAll(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  beforeEach(() => {
    log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => log.mockRestore());

  it('keeps the two accounts’ flows of one name apart in moto', () => {
    // Assess
    expect(ownFlow).toContain(`:${LOCAL_ACCOUNT}:flow:`);
    expect(memberFlow).toContain(`:${MEMBER}:flow:`);
    expect(ownFlow.endsWith(':Awards') && memberFlow.endsWith(':Awards')).toBe(true);
  });

  it('applies a member’s Flow Status Change to the member’s flow, re-polled with the member’s credentials', async () => {
    // Prepare: the deployment's own flow is known first, through its own event
    await handler(flowStatusChange(ownFlow, LOCAL_ACCOUNT, 'ACTIVE', 'STARTING'), context);
    await memberMediaConnect.send(new StopFlowCommand({ FlowArn: memberFlow }));

    // Act
    const emf = await emfDuring(log, () => handler(flowStatusChange(memberFlow, MEMBER, 'STANDBY', 'ACTIVE'), context));

    // Assess: the re-poll found the member's flow, so it read in the member's account
    expect(await meta(memberFlow)).toMatchObject({ account: MEMBER, name: 'Awards', status: 'STANDBY' });
    expect((await meta(memberFlow))?.tombstone).toBeUndefined();
    expect(await meta(ownFlow)).toMatchObject({ account: LOCAL_ACCOUNT, name: 'Awards', status: 'ACTIVE' });
    expect(emf).toMatchObject({ MessagesApplied: 1, RepollsIssued: 1 });
    expect(emf.RepollsFailed ?? 0).toBe(0);
  });

  it('re-polls the member’s flow with the member’s credentials after a CloudTrail change call of the member', async () => {
    // Prepare
    await memberMediaConnect.send(new StartFlowCommand({ FlowArn: memberFlow }));
    await memberMediaConnect.send(new DescribeFlowCommand({ FlowArn: memberFlow }));
    const call = cloudTrailEvent({
      service: 'mediaconnect',
      eventName: 'StartFlow',
      account: MEMBER,
      region: REGION,
      requestParameters: { flowArn: memberFlow },
      responseElements: { flowArn: memberFlow, status: 'STARTING' },
    });

    // Act
    const emf = await emfDuring(log, () => handler(call, context));

    // Assess
    expect(await meta(memberFlow)).toMatchObject({ account: MEMBER, status: 'ACTIVE' });
    expect(await meta(ownFlow)).toMatchObject({ account: LOCAL_ACCOUNT, status: 'ACTIVE' });
    expect(emf).toMatchObject({ MessagesApplied: 1, RepollsIssued: 1 });
  });

  it('drops an event of an account the deployment does not watch, storing nothing of it', async () => {
    // Prepare
    const strangerFlow = memberFlow.replace(MEMBER, STRANGER);
    const event = flowStatusChange(strangerFlow, STRANGER, 'STANDBY', 'ACTIVE');

    // Act
    const emf = await emfDuring(log, () => handler(event, context));

    // Assess
    expect(emf).toMatchObject({ EventsForeignAccount: 1 });
    expect(emf.MessagesApplied ?? 0).toBe(0);
    expect(await meta(strangerFlow)).toBeUndefined();
    expect(await store.queryAll({ pk: `EVENTS#${strangerFlow}` })).toEqual([]);
    expect(await store.get({ pk: dedupPk(`eb:${event.id}`), sk: DEDUP_SK })).toBeUndefined();
    expect(JSON.stringify(await store.queryAll({ pk: rawRingPk('eventbridge') }))).not.toContain(STRANGER);
  });
});
