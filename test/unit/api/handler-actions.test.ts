import {
  BadRequestException,
  GrantFlowEntitlements420Exception,
  InternalServerErrorException,
  NotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-mediaconnect';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  call,
  createTestApi,
  ENTITLEMENT_ARN,
  entitlementItem,
  FLOW_ARN,
  flowMeta,
  flowPath,
  NOW,
  OPERATOR_SESSION_ARN,
  REGION,
  TestApi,
  awsError,
  GrantFlowEntitlementsCommand,
  MediaConnectMockTarget,
  MediaConnectStub,
  RevokeFlowEntitlementCommand,
  StartFlowCommand,
  StopFlowCommand,
  UpdateFlowEntitlementCommand,
  DescribeFlowCommand,
} from './api-test-kit';
import { AuditLog } from '../../../lambdas/api/audit';

const ddb = mockClient(DynamoDBDocumentClient);
const mediaConnect: MediaConnectStub = mockClient(MediaConnectMockTarget);

const STATIC_KEY = {
  keyType: 'static-key',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/MediaConnect-ASM`,
  secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mySecret1`,
  algorithm: 'aes128',
};
const SPEKE = {
  keyType: 'speke',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/SpekeAccess`,
  resourceId: 'MovieNight20171126093045',
  deviceId: 'device-1',
  url: 'https://1wm2dx1f33.execute-api.eu-central-1.amazonaws.com/SpekeSample/copyProtection',
  algorithm: 'aes256',
  constantInitializationVector: '0123456789abcdef0123456789ABCDEF',
};
const GRANT = {
  name: 'AnyCompany_Entitlement',
  subscribers: ['444455556666', '123456789012'],
  description: 'For AnyCompany',
  dataTransferSubscriberFeePercent: 15,
};

/** The audit items the API put. */
function auditItems(): Record<string, unknown>[] {
  return ddb
    .commandCalls(PutCommand)
    .map((c) => c.args[0].input.Item as Record<string, unknown>)
    .filter((item) => item.kind === 'audit');
}

function storesFlow(meta: Record<string, unknown> = flowMeta()) {
  ddb.on(GetCommand, { Key: { pk: `RES#${FLOW_ARN}`, sk: '#META' } }).resolves({ Item: meta });
}

describe('API actions', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    mediaConnect.reset();
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    // A grant checks MediaConnect's own entitlements before and after granting.
    mediaConnect.on(DescribeFlowCommand).resolves({ Flow: { FlowArn: FLOW_ARN, Entitlements: [] } });
    api = createTestApi();
  });

  describe('POST /flows/{flowArn}/start and /stop', () => {
    it('starts a standby flow, records the caller in the audit trail and refreshes the flow', async () => {
      // Prepare
      storesFlow(flowMeta({ status: 'STANDBY' }));
      mediaConnect.on(StartFlowCommand).resolves({ FlowArn: FLOW_ARN, Status: 'STARTING' });

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ flowArn: FLOW_ARN, action: 'start', status: 'STARTING', refreshed: true });
      expect(mediaConnect).toHaveReceivedCommandWith(StartFlowCommand, { FlowArn: FLOW_ARN });
      expect(api.refreshFlow).toHaveBeenCalledWith(FLOW_ARN);
      expect(auditItems()).toEqual([
        expect.objectContaining({
          pk: `EVENTS#${FLOW_ARN}`,
          sk: expect.stringMatching(/^2025-11-25T10:00:00\.000Z#audit-/),
          kind: 'audit',
          action: 'flow.start',
          outcome: 'succeeded',
          actor: OPERATOR_SESSION_ARN,
          callerId: 'AROAEXAMPLE:alice',
          role: 'operator',
          requestId: 'aws-req-1',
          expiresAt: Math.floor(NOW / 1000) + 14 * 86_400,
        }),
      ]);
    });

    it('stops an active flow', async () => {
      // Prepare
      storesFlow(flowMeta({ status: 'ACTIVE' }));
      mediaConnect.on(StopFlowCommand).resolves({ FlowArn: FLOW_ARN, Status: 'STOPPING' });

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/stop') });

      // Assess
      expect(response.status).toBe(202);
      expect(response.body.status).toBe('STOPPING');
      expect(mediaConnect).toHaveReceivedCommandTimes(StopFlowCommand, 1);
    });

    it.each(['STARTING', 'STOPPING', 'UPDATING'])(
      'refuses a second call on a flow stored as %s with 409, without calling AWS',
      async (status) => {
        // Prepare
        storesFlow(flowMeta({ status }));

        // Act
        const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

        // Assess
        expect(response.status).toBe(409);
        expect(response.body.error.code).toBe('Conflict');
        expect(mediaConnect).toHaveReceivedCommandTimes(StartFlowCommand, 0);
      },
    );

    it('refreshes a flow stored as STARTING 10 minutes ago and stops it when AWS says it is ACTIVE', async () => {
      // Prepare
      storesFlow(flowMeta({ status: 'STARTING', observedAt: new Date(NOW - 600_000).toISOString() }));
      api.refreshFlow.mockImplementation(async () => storesFlow(flowMeta({ status: 'ACTIVE' })));
      mediaConnect.on(StopFlowCommand).resolves({ FlowArn: FLOW_ARN, Status: 'STOPPING' });

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/stop') });

      // Assess
      expect(response.status).toBe(202);
      expect(response.body.status).toBe('STOPPING');
      expect(api.claimRepoll).toHaveBeenCalledWith(FLOW_ARN);
      expect(api.refreshFlow).toHaveBeenCalledTimes(2);
      expect(mediaConnect).toHaveReceivedCommandTimes(StopFlowCommand, 1);
    });

    it('refuses with 409 a flow stuck in transition whose refresh finds it still STARTING', async () => {
      // Prepare
      storesFlow(flowMeta({ status: 'STARTING', observedAt: new Date(NOW - 600_000).toISOString() }));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/stop') });

      // Assess
      expect(response.status).toBe(409);
      expect(api.refreshFlow).toHaveBeenCalledTimes(1);
      expect(mediaConnect).toHaveReceivedCommandTimes(StopFlowCommand, 0);
    });

    it('refuses with 409, not 5xx, a stale transition whose refresh fails', async () => {
      // Prepare
      storesFlow(flowMeta({ status: 'UPDATING', observedAt: new Date(NOW - 600_000).toISOString() }));
      api.refreshFlow.mockRejectedValue(new Error('TooManyRequestsException'));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(409);
      expect(mediaConnect).toHaveReceivedCommandTimes(StartFlowCommand, 0);
    });

    it('does not refresh a stale transition that a re-poll of the current window already covers', async () => {
      // Prepare
      storesFlow(flowMeta({ status: 'STOPPING', observedAt: new Date(NOW - 600_000).toISOString() }));
      api.claimRepoll.mockResolvedValue(false);

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(409);
      expect(api.refreshFlow).not.toHaveBeenCalled();
    });

    it('refuses a recent transition (under 3 minutes) without refreshing it', async () => {
      // Prepare
      storesFlow(flowMeta({ status: 'STARTING', observedAt: new Date(NOW - 170_000).toISOString() }));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/stop') });

      // Assess
      expect(response.status).toBe(409);
      expect(api.claimRepoll).not.toHaveBeenCalled();
      expect(api.refreshFlow).not.toHaveBeenCalled();
    });

    it('answers 409 when AWS refuses because the flow is changing state', async () => {
      // Prepare
      storesFlow(flowMeta({ status: 'STANDBY' }));
      mediaConnect
        .on(StartFlowCommand)
        .rejects(awsError(BadRequestException, 'Flow is currently STOPPING and cannot be started', 400));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(409);
      expect(auditItems()).toEqual([expect.objectContaining({ outcome: 'failed', error: 'BadRequestException' })]);
    });

    it.each([
      ['unknown', undefined],
      ['tombstoned', flowMeta({ tombstone: true })],
    ])('answers 404 for an %s flow', async (_case, meta) => {
      // Prepare
      if (meta) storesFlow(meta);

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/stop') });

      // Assess
      expect(response.status).toBe(404);
      expect(mediaConnect).toHaveReceivedCommandTimes(StopFlowCommand, 0);
    });

    it('maps an AWS throttle to 429 with Retry-After', async () => {
      // Prepare
      storesFlow();
      mediaConnect.on(StartFlowCommand).rejects(awsError(TooManyRequestsException, 'Too many', 429));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(429);
      expect(response.headers['Retry-After']).toBe('2');
    });

    it('maps an AWS NotFound to 404', async () => {
      // Prepare
      storesFlow();
      mediaConnect.on(StartFlowCommand).rejects(awsError(NotFoundException, 'Flow not found.', 404));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(404);
    });

    it('answers 502 without detail when AWS fails', async () => {
      // Prepare
      storesFlow();
      mediaConnect.on(StartFlowCommand).rejects(awsError(InternalServerErrorException, 'internal stack at x', 500));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(502);
      expect(response.body).toEqual({
        error: { code: 'UpstreamError', message: 'AWS failed to handle the request; try again' },
      });
    });

    it('still succeeds, reporting refreshed false, when the refresh after the action fails', async () => {
      // Prepare
      storesFlow();
      mediaConnect.on(StartFlowCommand).resolves({ Status: 'STARTING' });
      api.refreshFlow.mockRejectedValue(new Error('DescribeFlow throttled'));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(202);
      expect(response.body.refreshed).toBe(false);
    });
  });

  describe('PUT /flows/{flowArn}/polling', () => {
    it('updates only the polling attribute of a live flow', async () => {
      // Prepare
      ddb.on(UpdateCommand).resolves({});

      // Act
      const response = await call(api, {
        method: 'PUT',
        path: flowPath(FLOW_ARN, '/polling'),
        body: { enabled: false, intervalSeconds: 600 },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ flowArn: FLOW_ARN, polling: { enabled: false, intervalSeconds: 600 } });
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
        Key: { pk: `RES#${FLOW_ARN}`, sk: '#META' },
        // The polling settings and the change-index stamp only, so a dashboard sees the new setting.
        UpdateExpression: 'SET #polling = :polling, #gsi2pk = :gsi2pk, #gsi2sk = :gsi2sk',
        ExpressionAttributeValues: {
          ':polling': { enabled: false, intervalSeconds: 600 },
          ':true': true,
          ':gsi2pk': `CHG#${ACCOUNT}#${REGION}`,
          ':gsi2sk': expect.stringMatching(/^\d{4}-.*Z#[\w-]{12}$/),
        },
      });
      expect(auditItems()).toEqual([
        expect.objectContaining({ action: 'flow.polling', detail: { enabled: false, intervalSeconds: 600 } }),
      ]);
    });

    it('answers 404 when the flow is unknown or tombstoned', async () => {
      // Prepare
      ddb
        .on(UpdateCommand)
        .rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));

      // Act
      const response = await call(api, {
        method: 'PUT',
        path: flowPath(FLOW_ARN, '/polling'),
        body: { enabled: true, intervalSeconds: 60 },
      });

      // Assess
      expect(response.status).toBe(404);
      expect(auditItems()).toEqual([]);
    });

    it.each([
      [{ enabled: true, intervalSeconds: 90 }, 'intervalSeconds'],
      [{ enabled: true, intervalSeconds: 0 }, 'intervalSeconds'],
      [{ enabled: true, intervalSeconds: 86_460 }, 'intervalSeconds'],
      [{ enabled: true, intervalSeconds: 120.5 }, 'intervalSeconds'],
      [{ enabled: 'yes', intervalSeconds: 60 }, 'enabled'],
      [{ intervalSeconds: 60 }, 'enabled'],
      [{ enabled: true, intervalSeconds: 60, lastPolled: 'now' }, 'lastPolled'],
    ])('refuses %j with a 400 naming %s', async (body, field) => {
      // Act
      const response = await call(api, { method: 'PUT', path: flowPath(FLOW_ARN, '/polling'), body });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe(field);
      expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 0);
    });
  });

  describe('POST /flows/{flowArn}/entitlements', () => {
    it('grants with static-key encryption and answers what to give the subscriber', async () => {
      // Prepare
      storesFlow();
      const arn = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:entitlement:1-11aa:AnyCompany_Entitlement`;
      mediaConnect.on(GrantFlowEntitlementsCommand).resolves({
        Entitlements: [
          {
            EntitlementArn: arn,
            Name: GRANT.name,
            Subscribers: GRANT.subscribers,
            Description: GRANT.description,
            DataTransferSubscriberFeePercent: 15,
            EntitlementStatus: 'ENABLED',
            Encryption: {
              RoleArn: STATIC_KEY.roleArn,
              SecretArn: STATIC_KEY.secretArn,
              Algorithm: 'aes128',
              KeyType: 'static-key',
            },
          },
        ],
      });

      // Act
      const response = await call(api, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/entitlements'),
        body: { ...GRANT, encryption: STATIC_KEY },
      });

      // Assess
      expect(response.status).toBe(201);
      expect(mediaConnect).toHaveReceivedCommandWith(GrantFlowEntitlementsCommand, {
        FlowArn: FLOW_ARN,
        Entitlements: [
          {
            Name: GRANT.name,
            Subscribers: GRANT.subscribers,
            Description: GRANT.description,
            DataTransferSubscriberFeePercent: 15,
            EntitlementStatus: 'ENABLED',
            Encryption: {
              KeyType: 'static-key',
              RoleArn: STATIC_KEY.roleArn,
              SecretArn: STATIC_KEY.secretArn,
              Algorithm: 'aes128',
            },
          },
        ],
      });
      expect(response.body).toMatchObject({
        entitlementArn: arn,
        name: GRANT.name,
        entitlementStatus: 'ENABLED',
        encryption: { keyType: 'static-key', algorithm: 'aes128' },
        refreshed: true,
        subscriberHandoff: {
          entitlementArn: arn,
          region: REGION,
          dataTransferSubscriberFeePercent: 15,
          encryption: { keyType: 'static-key', algorithm: 'aes128' },
        },
      });
      expect(auditItems()).toEqual([
        expect.objectContaining({
          action: 'entitlement.grant',
          outcome: 'succeeded',
          detail: expect.objectContaining({ entitlementArn: arn }),
        }),
      ]);
    });

    it('grants with SPEKE encryption, defaulting the fee to 0 and the status to ENABLED', async () => {
      // Prepare
      storesFlow();
      mediaConnect.on(GrantFlowEntitlementsCommand).resolves({
        Entitlements: [{ EntitlementArn: ENTITLEMENT_ARN, Name: 'Speke', Subscribers: ['444455556666'] }],
      });

      // Act
      const response = await call(api, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/entitlements'),
        body: { name: 'Speke', subscribers: ['444455556666'], encryption: SPEKE },
      });

      // Assess
      expect(response.status).toBe(201);
      expect(mediaConnect).toHaveReceivedCommandWith(GrantFlowEntitlementsCommand, {
        Entitlements: [
          {
            Name: 'Speke',
            Subscribers: ['444455556666'],
            DataTransferSubscriberFeePercent: 0,
            EntitlementStatus: 'ENABLED',
            Encryption: {
              KeyType: 'speke',
              RoleArn: SPEKE.roleArn,
              ResourceId: SPEKE.resourceId,
              DeviceId: SPEKE.deviceId,
              Url: SPEKE.url,
              Algorithm: 'aes256',
              ConstantInitializationVector: SPEKE.constantInitializationVector,
            },
          },
        ],
      });
      expect(response.body.subscriberHandoff).toEqual({
        entitlementArn: ENTITLEMENT_ARN,
        region: REGION,
        dataTransferSubscriberFeePercent: 0,
        encryption: { keyType: 'speke', algorithm: 'aes256' },
      });
    });

    it('refuses a name the flow already has, without calling AWS', async () => {
      // Prepare
      storesFlow();
      ddb.on(QueryCommand).resolves({ Items: [entitlementItem({ name: GRANT.name })] });

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/entitlements'), body: GRANT });

      // Assess
      expect(response.status).toBe(409);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        ExpressionAttributeValues: { ':pk': `RES#${FLOW_ARN}`, ':prefix': 'ENTITLEMENT#' },
      });
      expect(mediaConnect).toHaveReceivedCommandTimes(GrantFlowEntitlementsCommand, 0);
    });

    it('maps the entitlement limit (HTTP 420) to 409 and audits the failure', async () => {
      // Prepare
      storesFlow();
      mediaConnect
        .on(GrantFlowEntitlementsCommand)
        .rejects(awsError(GrantFlowEntitlements420Exception, 'You have reached the limit of 50 entitlements', 420));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/entitlements'), body: GRANT });

      // Assess
      expect(response.status).toBe(409);
      expect(response.body.error).toEqual({
        code: 'LimitExceeded',
        message: 'AWS refused: You have reached the limit of 50 entitlements',
      });
      expect(auditItems()).toEqual([
        expect.objectContaining({ outcome: 'failed', error: 'GrantFlowEntitlements420Exception' }),
      ]);
    });

    it('maps an AWS BadRequest (a duplicate name AWS knows of) to 400 with its message', async () => {
      // Prepare
      storesFlow();
      mediaConnect
        .on(GrantFlowEntitlementsCommand)
        .rejects(awsError(BadRequestException, 'An entitlement with this name already exists', 400));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/entitlements'), body: GRANT });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        'AWS rejected the request: An entitlement with this name already exists',
      );
    });

    it('answers 404 for a tombstoned flow', async () => {
      // Prepare
      storesFlow(flowMeta({ tombstone: true }));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/entitlements'), body: GRANT });

      // Assess
      expect(response.status).toBe(404);
    });

    it.each([
      ['a subscriber with hyphens', { ...GRANT, subscribers: ['4444-5555-6666'] }, 'subscribers.0'],
      ['no subscriber', { ...GRANT, subscribers: [] }, 'subscribers'],
      ['a repeated subscriber', { ...GRANT, subscribers: ['444455556666', '444455556666'] }, 'subscribers'],
      ['a fee over 100', { ...GRANT, dataTransferSubscriberFeePercent: 101 }, 'dataTransferSubscriberFeePercent'],
      ['a negative fee', { ...GRANT, dataTransferSubscriberFeePercent: -1 }, 'dataTransferSubscriberFeePercent'],
      ['an unknown status', { ...GRANT, entitlementStatus: 'PAUSED' }, 'entitlementStatus'],
      ['a missing name', { subscribers: ['444455556666'] }, 'name'],
      ['a name with a colon', { ...GRANT, name: 'a:b' }, 'name'],
      ['an unknown field', { ...GRANT, tags: {} }, 'tags'],
      [
        // Neither a named setup nor a key type: which of the two forms is meant is unknown.
        'encryption without a key type',
        { ...GRANT, encryption: { roleArn: STATIC_KEY.roleArn, secretArn: STATIC_KEY.secretArn, algorithm: 'aes128' } },
        'encryption',
      ],
      [
        'static-key without a secret',
        { ...GRANT, encryption: { ...STATIC_KEY, secretArn: undefined } },
        'encryption.secretArn',
      ],
      [
        'static-key with a SPEKE field',
        { ...GRANT, encryption: { ...STATIC_KEY, resourceId: 'x' } },
        'encryption.resourceId',
      ],
      [
        'SPEKE with a secret',
        { ...GRANT, encryption: { ...SPEKE, secretArn: STATIC_KEY.secretArn } },
        'encryption.secretArn',
      ],
      ['SPEKE without a device id', { ...GRANT, encryption: { ...SPEKE, deviceId: undefined } }, 'encryption.deviceId'],
      [
        'SPEKE with an http URL',
        { ...GRANT, encryption: { ...SPEKE, url: 'http://key.example.com' } },
        'encryption.url',
      ],
      [
        'a short constant IV',
        { ...GRANT, encryption: { ...SPEKE, constantInitializationVector: 'abcd' } },
        'encryption.constantInitializationVector',
      ],
      [
        'an unknown algorithm',
        { ...GRANT, encryption: { ...STATIC_KEY, algorithm: 'aes512' } },
        'encryption.algorithm',
      ],
      [
        'a role ARN that is not a role',
        { ...GRANT, encryption: { ...STATIC_KEY, roleArn: 'arn:aws:iam::111122223333:user/bob' } },
        'encryption.roleArn',
      ],
    ])('refuses %s with a 400 naming the field', async (_case, body, field) => {
      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/entitlements'), body });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field });
      expect(mediaConnect).toHaveReceivedCommandTimes(GrantFlowEntitlementsCommand, 0);
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 0);
    });
  });

  describe('PATCH and DELETE /flows/{flowArn}/entitlements/{entitlementArn}', () => {
    const path = flowPath(FLOW_ARN, `/entitlements/${encodeURIComponent(ENTITLEMENT_ARN)}`);

    function storesEntitlement() {
      storesFlow();
      ddb
        .on(GetCommand, { Key: { pk: `RES#${FLOW_ARN}`, sk: `ENTITLEMENT#${ENTITLEMENT_ARN}` } })
        .resolves({ Item: entitlementItem() });
    }

    it('disables an entitlement and changes its description, sending only those fields', async () => {
      // Prepare
      storesEntitlement();
      mediaConnect.on(UpdateFlowEntitlementCommand).resolves({
        FlowArn: FLOW_ARN,
        Entitlement: {
          EntitlementArn: ENTITLEMENT_ARN,
          Name: 'AnyCompany',
          Subscribers: ['444455556666'],
          EntitlementStatus: 'DISABLED',
          Description: 'paused',
        },
      });

      // Act
      const response = await call(api, {
        method: 'PATCH',
        path,
        body: { entitlementStatus: 'DISABLED', description: 'paused' },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        entitlementArn: ENTITLEMENT_ARN,
        entitlementStatus: 'DISABLED',
        description: 'paused',
        refreshed: true,
      });
      const sent = mediaConnect.commandCalls(UpdateFlowEntitlementCommand)[0]!.args[0].input;
      expect(sent).toEqual({
        FlowArn: FLOW_ARN,
        EntitlementArn: ENTITLEMENT_ARN,
        EntitlementStatus: 'DISABLED',
        Description: 'paused',
      });
      expect(auditItems()).toEqual([
        expect.objectContaining({
          action: 'entitlement.update',
          detail: { entitlementStatus: 'DISABLED', description: 'paused' },
        }),
      ]);
    });

    it('changes subscribers and encryption', async () => {
      // Prepare
      storesEntitlement();
      mediaConnect.on(UpdateFlowEntitlementCommand).resolves({
        Entitlement: { EntitlementArn: ENTITLEMENT_ARN, Name: 'AnyCompany', Subscribers: ['777788889999'] },
      });

      // Act
      const response = await call(api, {
        method: 'PATCH',
        path,
        body: { subscribers: ['777788889999'], encryption: STATIC_KEY },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(mediaConnect).toHaveReceivedCommandWith(UpdateFlowEntitlementCommand, {
        Subscribers: ['777788889999'],
        Encryption: {
          KeyType: 'static-key',
          RoleArn: STATIC_KEY.roleArn,
          SecretArn: STATIC_KEY.secretArn,
          Algorithm: 'aes128',
        },
      });
    });

    it('refuses an empty change', async () => {
      // Act
      const response = await call(api, { method: 'PATCH', path, body: {} });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain('at least one field');
    });

    it('answers 404 for an entitlement the flow does not have', async () => {
      // Prepare
      storesFlow();

      // Act
      const response = await call(api, { method: 'PATCH', path, body: { entitlementStatus: 'ENABLED' } });

      // Assess
      expect(response.status).toBe(404);
      expect(mediaConnect).toHaveReceivedCommandTimes(UpdateFlowEntitlementCommand, 0);
    });

    it('answers 404 for an entitlement that is only a tombstone', async () => {
      // Prepare: the entitlement was revoked; the inventory left a tombstone in its place.
      storesFlow();
      ddb.on(GetCommand, { Key: { pk: `RES#${FLOW_ARN}`, sk: `ENTITLEMENT#${ENTITLEMENT_ARN}` } }).resolves({
        Item: { pk: `RES#${FLOW_ARN}`, sk: `ENTITLEMENT#${ENTITLEMENT_ARN}`, version: 2, tombstone: true },
      });

      // Act
      const response = await call(api, { method: 'PATCH', path, body: { entitlementStatus: 'ENABLED' } });

      // Assess
      expect(response.status).toBe(404);
      expect(mediaConnect).toHaveReceivedCommandTimes(UpdateFlowEntitlementCommand, 0);
    });

    it('refuses an entitlement ARN of another Region', async () => {
      // Prepare
      const other = ENTITLEMENT_ARN.replace(REGION, 'us-east-1');

      // Act
      const response = await call(api, {
        method: 'DELETE',
        path: flowPath(FLOW_ARN, `/entitlements/${encodeURIComponent(other)}`),
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('entitlementArn');
    });

    it('revokes an entitlement and refreshes the flow', async () => {
      // Prepare
      storesEntitlement();
      mediaConnect.on(RevokeFlowEntitlementCommand).resolves({ FlowArn: FLOW_ARN, EntitlementArn: ENTITLEMENT_ARN });

      // Act
      const response = await call(api, { method: 'DELETE', path });

      // Assess
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        flowArn: FLOW_ARN,
        entitlementArn: ENTITLEMENT_ARN,
        revoked: true,
        refreshed: true,
      });
      expect(mediaConnect).toHaveReceivedCommandWith(RevokeFlowEntitlementCommand, {
        FlowArn: FLOW_ARN,
        EntitlementArn: ENTITLEMENT_ARN,
      });
      expect(api.refreshFlow).toHaveBeenCalledTimes(1);
      expect(auditItems()).toEqual([
        expect.objectContaining({
          action: 'entitlement.revoke',
          detail: { entitlementArn: ENTITLEMENT_ARN, name: 'AnyCompany' },
        }),
      ]);
    });

    it('maps the AWS NotFound of a revoke to 404', async () => {
      // Prepare
      storesEntitlement();
      mediaConnect.on(RevokeFlowEntitlementCommand).rejects(awsError(NotFoundException, 'entitlement not found', 404));

      // Act
      const response = await call(api, { method: 'DELETE', path });

      // Assess
      expect(response.status).toBe(404);
    });
  });

  describe('POST /polls', () => {
    it('re-polls a flow when it wins the claim', async () => {
      // Prepare
      storesFlow();

      // Act
      const response = await call(api, { method: 'POST', path: '/polls', body: { resourceArn: FLOW_ARN } });

      // Assess
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ resourceArn: FLOW_ARN, coalesced: false, polled: true });
      expect(api.claimRepoll).toHaveBeenCalledWith(FLOW_ARN);
      expect(api.repoll).toHaveBeenCalledWith(FLOW_ARN);
    });

    it('re-polls a stored MediaLive channel through the same claim', async () => {
      // Prepare
      const channelArn = 'arn:aws:medialive:eu-central-1:111122223333:channel:1234567';
      ddb
        .on(GetCommand, { Key: { pk: `RES#${channelArn}`, sk: '#META' } })
        .resolves({ Item: { arn: channelArn, type: 'medialive:channel', status: 'RUNNING' } });

      // Act
      const response = await call(api, { method: 'POST', path: '/polls', body: { resourceArn: channelArn } });

      // Assess
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ resourceArn: channelArn, coalesced: false, polled: true });
      expect(api.claimRepoll).toHaveBeenCalledWith(channelArn);
      expect(api.repoll).toHaveBeenCalledWith(channelArn);
    });

    it('coalesces with a re-poll already claimed', async () => {
      // Prepare
      storesFlow();
      api.claimRepoll.mockResolvedValue(false);

      // Act
      const response = await call(api, { method: 'POST', path: '/polls', body: { resourceArn: FLOW_ARN } });

      // Assess
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ resourceArn: FLOW_ARN, coalesced: true, polled: false });
      expect(api.repoll).not.toHaveBeenCalled();
      expect(auditItems()).toEqual([
        expect.objectContaining({ action: 'resource.repoll', detail: { coalesced: true } }),
      ]);
    });

    it('answers 404 for an unknown flow or channel and 400 for a resource type that is not polled', async () => {
      // Act
      const unknown = await call(api, { method: 'POST', path: '/polls', body: { resourceArn: FLOW_ARN } });
      const channel = await call(api, {
        method: 'POST',
        path: '/polls',
        body: { resourceArn: 'arn:aws:medialive:eu-central-1:111122223333:channel:1' },
      });
      const endpoint = await call(api, {
        method: 'POST',
        path: '/polls',
        body: { resourceArn: 'arn:aws:mediapackage:eu-central-1:111122223333:origin_endpoints/abc' },
      });
      const source = await call(api, {
        method: 'POST',
        path: '/polls',
        body: { resourceArn: 'arn:aws:mediaconnect:eu-central-1:111122223333:source:1-abc:Main' },
      });

      // Assess
      expect(unknown.status).toBe(404);
      expect(channel.status).toBe(404);
      expect(endpoint.status).toBe(400);
      expect(source.status).toBe(400);
      expect(api.claimRepoll).not.toHaveBeenCalled();
    });
  });
  describe('the change path (CHANGE_EVENTS=cloudtrail)', () => {
    /** The calls the API recorded as expected from CloudTrail: `eventName arn`. */
    function expectedCalls(): string[] {
      return ddb
        .commandCalls(UpdateCommand)
        .map((c) => c.args[0].input)
        .filter((input) => String(input.Key?.pk).startsWith('CHANGEPATH#'))
        .map((input) => {
          expect(input.Key?.pk).toBe(`CHANGEPATH#${ACCOUNT}#${REGION}`);
          expect(input.ExpressionAttributeValues?.[':value']).toBe(NOW);
          return String(input.Key?.sk)
            .replace(/^CALL#/, '')
            .replace('#', ' ');
        });
    }

    beforeEach(() => {
      ddb.on(UpdateCommand).resolves({});
      api.deps.audit = new AuditLog(api.deps.store, { now: () => NOW }, 14, { changeEvents: 'cloudtrail' });
      storesFlow(flowMeta({ status: 'STANDBY' }));
      ddb
        .on(GetCommand, { Key: { pk: `RES#${FLOW_ARN}`, sk: `ENTITLEMENT#${ENTITLEMENT_ARN}` } })
        .resolves({ Item: entitlementItem() });
    });

    it.each([
      ['POST', '/start', undefined, 'StartFlow'],
      ['POST', '/stop', undefined, 'StopFlow'],
      ['POST', '/entitlements', GRANT, 'GrantFlowEntitlements'],
      [
        'PATCH',
        `/entitlements/${encodeURIComponent(ENTITLEMENT_ARN)}`,
        { entitlementStatus: 'DISABLED' },
        'UpdateFlowEntitlement',
      ],
      ['DELETE', `/entitlements/${encodeURIComponent(ENTITLEMENT_ARN)}`, undefined, 'RevokeFlowEntitlement'],
    ])('%s %s records %s on the flow ARN once it succeeds', async (method, suffix, body, eventName) => {
      // Prepare
      mediaConnect.on(StartFlowCommand).resolves({ FlowArn: FLOW_ARN, Status: 'STARTING' });
      mediaConnect.on(StopFlowCommand).resolves({ FlowArn: FLOW_ARN, Status: 'STOPPING' });
      mediaConnect.on(GrantFlowEntitlementsCommand).resolves({
        Entitlements: [{ EntitlementArn: `${ENTITLEMENT_ARN}2`, Name: GRANT.name }],
      });
      mediaConnect.on(UpdateFlowEntitlementCommand).resolves({ FlowArn: FLOW_ARN, Entitlement: {} });
      mediaConnect.on(RevokeFlowEntitlementCommand).resolves({ FlowArn: FLOW_ARN });

      // Act
      const response = await call(api, { method, path: flowPath(FLOW_ARN, suffix), ...(body ? { body } : {}) });

      // Assess
      expect(response.status).toBeLessThan(300);
      expect(expectedCalls()).toEqual([`${eventName} ${FLOW_ARN}`]);
    });

    it('records nothing when MediaConnect refuses the call', async () => {
      // Prepare
      mediaConnect.on(StartFlowCommand).rejects(awsError(InternalServerErrorException, 'boom', 500));

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(502);
      expect(expectedCalls()).toEqual([]);
    });

    it('answers the action even when recording the expected call fails', async () => {
      // Prepare
      ddb.on(UpdateCommand).rejects(new Error('DynamoDB is unavailable'));
      mediaConnect.on(StartFlowCommand).resolves({ FlowArn: FLOW_ARN, Status: 'STARTING' });

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start') });

      // Assess
      expect(response.status).toBe(202);
      expect(auditItems()).toEqual([expect.objectContaining({ action: 'flow.start', outcome: 'succeeded' })]);
    });
  });
});
