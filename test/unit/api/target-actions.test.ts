import {
  DescribeFlowCommand,
  GrantFlowEntitlementsCommand,
  StopFlowCommand,
  UpdateFlowEntitlementCommand,
  type MediaConnectClient,
} from '@aws-sdk/client-mediaconnect';
import { StartChannelCommand, type MediaLiveClient } from '@aws-sdk/client-medialive';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { TargetActions } from '../../../lambdas/api/api-deps';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { TargetCredentialsError } from '../../../lambdas/shared/target-credentials';
import type { WatchedTarget } from '../../../lambdas/shared/watched-targets';
import {
  ACCOUNT,
  call,
  createTestApi,
  flowMeta,
  flowPath,
  NOW,
  REGION,
  registryWith,
  StopFlowCommand as MockedStopFlow,
  MediaConnectMockTarget,
  MediaConnectStub,
  TestApi,
} from './api-test-kit';
import { channelMeta, channelPath } from './medialive/medialive-fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const ownMediaConnect: MediaConnectStub = mockClient(MediaConnectMockTarget);

const B = '222222222222';
const C = '333333333333';
const B_OPERATOR = `arn:aws:iam::${B}:role/media-monitor/media-monitor-operate-${REGION}`;
const flowOf = (account: string) => `arn:aws:mediaconnect:${REGION}:${account}:flow:1-abc-${account}:Feed`;
const B_FLOW = flowOf(B);
const SETUP_ROLE = `arn:aws:iam::${B}:role/MediaConnect-ASM-zixi`;
/** A member stack's setup secret: the partial ARN, without the random suffix. */
const SETUP_SECRET = `arn:aws:secretsmanager:${REGION}:${B}:secret:media-monitor/encryption/zixi`;
/** What a real credential chain holds and a body must never show. */
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const registry = () => ({
  ...registryWith(
    { account: B, region: REGION, operator: { type: 'assume-role', roleArn: B_OPERATOR } },
    { account: C, region: REGION },
  ),
  encryptionSetups: [
    { name: 'zixi', account: B, region: REGION, roleArn: SETUP_ROLE, secretArn: SETUP_SECRET },
    {
      name: 'west',
      account: B,
      region: 'us-west-2',
      roleArn: SETUP_ROLE,
      secretArn: `arn:aws:secretsmanager:us-west-2:${B}:secret:media-monitor/encryption/west`,
    },
    {
      name: 'own',
      account: ACCOUNT,
      region: REGION,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/MediaConnect-ASM-own`,
      secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:media-monitor/encryption/own-AbCdEf`,
    },
  ],
});

/** A target's own clients: they answer by command, and record what was sent through them. */
function targetClients(answers: (command: object) => unknown) {
  const sent: object[] = [];
  const send = jest.fn(async (command: object) => {
    sent.push(command);
    return answers(command);
  });
  return { sent, client: { send } };
}

describe('actions on the resources of watched targets', () => {
  let api: TestApi;
  let b: ReturnType<typeof targetClients>;
  let bRefresh: jest.Mock;
  let actionsFor: jest.Mock<TargetActions, [WatchedTarget]>;

  beforeEach(() => {
    ddb.reset();
    ownMediaConnect.reset();
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    api = createTestApi();
    api.deps.registry = async () => registry();
    b = targetClients((command) => {
      if (command instanceof DescribeFlowCommand) return { Flow: { Entitlements: [] } };
      if (command instanceof GrantFlowEntitlementsCommand)
        return { Entitlements: [{ EntitlementArn: `${B_FLOW}:ent`, Name: 'Partner' }] };
      if (command instanceof StartChannelCommand) return { State: 'STARTING' };
      return { Status: 'STOPPING', Entitlement: {} };
    });
    bRefresh = jest.fn().mockResolvedValue({ change: 'updated' });
    const ownActions = api.deps.actionsFor;
    actionsFor = jest.fn((target: WatchedTarget) =>
      target.account === B
        ? {
            mediaConnect: b.client as unknown as MediaConnectClient,
            mediaLive: {
              client: b.client as unknown as MediaLiveClient,
              budget: () => new RequestBudget(new TokenBucket(100, 100)),
            },
            refreshFlow: bRefresh,
            refreshers: { mediaconnect: bRefresh, medialive: bRefresh },
          }
        : ownActions(target),
    );
    api.deps.actionsFor = actionsFor;
  });

  const storesFlow = (arn: string, account: string) =>
    ddb
      .on(GetCommand, { Key: { pk: `RES#${arn}`, sk: '#META' } })
      .resolves({ Item: flowMeta({ arn, account, pk: `RES#${arn}`, status: 'ACTIVE' }) });

  it("stops a member account's flow with that target's operator client, and refreshes it there", async () => {
    // Prepare
    storesFlow(B_FLOW, B);

    // Act
    const response = await call(api, { method: 'POST', path: flowPath(B_FLOW, '/stop') });

    // Assess
    expect(response.status).toBe(202);
    expect(actionsFor).toHaveBeenCalledWith(
      expect.objectContaining({
        account: B,
        operator: { type: 'assume-role', roleArn: B_OPERATOR, sessionDurationSeconds: 3600 },
      }),
    );
    expect(b.sent).toEqual([expect.any(StopFlowCommand)]);
    expect((b.sent[0] as StopFlowCommand).input).toEqual({ FlowArn: B_FLOW });
    expect(ownMediaConnect).toHaveReceivedCommandTimes(MockedStopFlow, 0);
    expect(bRefresh).toHaveBeenCalledWith(B_FLOW);
  });

  it("starts a member account's channel with that target's MediaLive client", async () => {
    // Prepare
    const arn = `arn:aws:medialive:${REGION}:${B}:channel:7654321`;
    ddb.on(GetCommand, { Key: { pk: `RES#${arn}`, sk: '#META' } }).resolves({ Item: channelMeta({ arn }) });

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(arn, '/start') });

    // Assess
    expect(response.status).toBe(202);
    expect(b.sent).toEqual([expect.any(StartChannelCommand)]);
  });

  it('refuses an action on a target without operator credentials with 403, without calling AWS', async () => {
    // Prepare
    storesFlow(flowOf(C), C);

    // Act
    const response = await call(api, { method: 'POST', path: flowPath(flowOf(C), '/stop') });

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      code: 'NoOperatorCredentials',
      message: `no operator credentials for account ${C}: set watch[].operator`,
    });
    expect(actionsFor).not.toHaveBeenCalled();
  });

  it("operates the deployment's own account with the function's role when it names no operator", async () => {
    // Prepare
    const own = flowOf(ACCOUNT);
    storesFlow(own, ACCOUNT);
    ownMediaConnect.on(MockedStopFlow).resolves({ Status: 'STOPPING' });

    // Act
    const response = await call(api, { method: 'POST', path: flowPath(own, '/stop') });

    // Assess
    expect(response.status).toBe(202);
    expect(actionsFor).toHaveBeenCalledWith(
      expect.objectContaining({ account: ACCOUNT, operator: { type: 'execution-role' } }),
    );
    expect(ownMediaConnect).toHaveReceivedCommandTimes(MockedStopFlow, 1);
    expect(b.sent).toEqual([]);
  });

  it('refuses an action on an account the deployment does not watch with 400 NotWatched', async () => {
    // Act
    const response = await call(api, { method: 'POST', path: flowPath(flowOf('999999999999'), '/start') });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('NotWatched');
    expect(response.body.error.message).toContain(flowOf('999999999999'));
  });

  it('refuses a re-poll of an unwatched account with 400 NotWatched, and re-polls a member resource', async () => {
    // Prepare
    storesFlow(B_FLOW, B);

    // Act
    const unwatched = await call(api, {
      method: 'POST',
      path: '/polls',
      body: { resourceArn: flowOf('999999999999') },
    });
    const member = await call(api, { method: 'POST', path: '/polls', body: { resourceArn: B_FLOW } });

    // Assess
    expect(unwatched.status).toBe(400);
    expect(unwatched.body.error.code).toBe('NotWatched');
    expect(member.status).toBe(202);
    expect(api.repoll).toHaveBeenCalledWith(B_FLOW);
  });

  it("answers 503 TargetCredentialsUnavailable with the failure's name only when the target's credentials fail", async () => {
    // Prepare
    storesFlow(B_FLOW, B);
    const failure = TargetCredentialsError.of(registry().targets[1]!, 'AccessDenied', 'operate');
    Object.assign(failure, { cause: { secretAccessKey: SECRET_KEY }, stack: `at ${SECRET_KEY}` });
    failure.message += ` ${SECRET_KEY}`;
    b.client.send.mockRejectedValueOnce(failure);

    // Act
    const response = await call(api, { method: 'POST', path: flowPath(B_FLOW, '/stop') });

    // Assess
    expect(response.status).toBe(503);
    expect(response.body.error).toEqual({
      code: 'TargetCredentialsUnavailable',
      message: `the operate credentials of ${B}#${REGION} are failing now: AccessDenied`,
    });
    expect(response.headers['Retry-After']).toBe('30');
    expect(JSON.stringify(response.body)).not.toContain(SECRET_KEY);
  });

  it('never echoes a failure that is not a plain error name', async () => {
    // Prepare
    storesFlow(B_FLOW, B);
    b.client.send.mockRejectedValueOnce(
      TargetCredentialsError.of(registry().targets[1]!, `AccessDenied for ${SECRET_KEY}`, 'operate'),
    );

    // Act
    const response = await call(api, { method: 'POST', path: flowPath(B_FLOW, '/stop') });

    // Assess
    expect(response.status).toBe(503);
    expect(response.body.error.message).toBe(`the operate credentials of ${B}#${REGION} are failing now: unknown`);
  });

  describe('named encryption setups', () => {
    const grant = (flowArn: string, encryption: unknown) =>
      call(api, {
        method: 'POST',
        path: flowPath(flowArn, '/entitlements'),
        body: { name: 'Partner', subscribers: ['444455556666'], encryption },
      });

    it("grants with a setup's role and secret (the partial ARN as is), through the flow's target", async () => {
      // Prepare
      storesFlow(B_FLOW, B);

      // Act
      const response = await grant(B_FLOW, { setup: 'zixi', algorithm: 'aes256' });

      // Assess
      expect(response.status).toBe(201);
      const granted = b.sent.find((c) => c instanceof GrantFlowEntitlementsCommand) as GrantFlowEntitlementsCommand;
      expect(granted.input.Entitlements?.[0]?.Encryption).toEqual({
        KeyType: 'static-key',
        RoleArn: SETUP_ROLE,
        SecretArn: SETUP_SECRET,
        Algorithm: 'aes256',
      });
      expect(response.body.subscriberHandoff.encryption).toEqual({ keyType: 'static-key', algorithm: 'aes256' });
    });

    it('updates an entitlement to a setup', async () => {
      // Prepare
      storesFlow(B_FLOW, B);
      const entitlementArn = `arn:aws:mediaconnect:${REGION}:${B}:entitlement:1-abc:Partner`;
      ddb
        .on(GetCommand, { Key: { pk: `RES#${B_FLOW}`, sk: `ENTITLEMENT#${entitlementArn}` } })
        .resolves({ Item: { arn: entitlementArn, name: 'Partner', observedAt: new Date(NOW).toISOString() } });

      // Act
      const response = await call(api, {
        method: 'PATCH',
        path: flowPath(B_FLOW, `/entitlements/${encodeURIComponent(entitlementArn)}`),
        body: { encryption: { setup: 'zixi', keyType: 'static-key', algorithm: 'aes128' } },
      });

      // Assess
      expect(response.status).toBe(200);
      const updated = b.sent.find((c) => c instanceof UpdateFlowEntitlementCommand) as UpdateFlowEntitlementCommand;
      expect(updated.input.Encryption).toMatchObject({ RoleArn: SETUP_ROLE, SecretArn: SETUP_SECRET });
    });

    it.each([
      [
        'an unknown setup',
        B_FLOW,
        { setup: 'nope', algorithm: 'aes256' },
        'UnknownEncryptionSetup',
        'encryption.setup: no encryption setup named nope in this deployment (it has zixi, west, own)',
      ],
      [
        "a setup of another Region than the flow's",
        B_FLOW,
        { setup: 'west', algorithm: 'aes256' },
        'ValidationFailed',
        `encryption setup west is in us-west-2, the flow in ${REGION}`,
      ],
      [
        "a setup of another account than the flow's",
        B_FLOW,
        { setup: 'own', algorithm: 'aes256' },
        'ValidationFailed',
        `encryption setup own is in account ${ACCOUNT}, the flow in account ${B}; MediaConnect does not read secrets across accounts`,
      ],
      [
        'both forms at once',
        B_FLOW,
        { setup: 'zixi', algorithm: 'aes256', roleArn: SETUP_ROLE, secretArn: SETUP_SECRET },
        'ValidationFailed',
        'encryption: give either setup (a named encryption setup) or keyType with roleArn and its key source, not both',
      ],
      [
        'neither form',
        B_FLOW,
        { algorithm: 'aes256' },
        'ValidationFailed',
        'encryption: give either setup (a named encryption setup) or keyType with roleArn and its key source, not both',
      ],
    ])('refuses %s with 400, without calling AWS', async (_, flowArn, encryption, code, message) => {
      // Prepare
      storesFlow(flowArn, B);

      // Act
      const response = await grant(flowArn, encryption);

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code, message });
      expect(b.sent).toEqual([]);
    });

    it("passes a setup's role although api.encryptionRoleArns does not list it", async () => {
      // Prepare
      const own = flowOf(ACCOUNT);
      storesFlow(own, ACCOUNT);
      api.deps.encryptionRoleArns = [];
      ownMediaConnect.on(DescribeFlowCommand as never).resolves({ Flow: { Entitlements: [] } });
      ownMediaConnect
        .on(GrantFlowEntitlementsCommand as never)
        .resolves({ Entitlements: [{ EntitlementArn: `${own}:ent`, Name: 'Partner' }] });

      // Act
      const response = await grant(own, { setup: 'own', algorithm: 'aes128' });

      // Assess
      expect(response.status).toBe(201);
      expect(ownMediaConnect).toHaveReceivedCommandWith(
        GrantFlowEntitlementsCommand as never,
        {
          Entitlements: [expect.objectContaining({ Encryption: expect.objectContaining({ KeyType: 'static-key' }) })],
        } as never,
      );
    });
  });
});
