import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  PutCommandInput,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  call,
  createTestApi,
  DescribeFlowCommand,
  ENTITLEMENT_ARN,
  FLOW_ARN,
  flowMeta,
  flowPath,
  GrantFlowEntitlementsCommand,
  MediaConnectMockTarget,
  MediaConnectStub,
  REGION,
  RevokeFlowEntitlementCommand,
  TestApi,
  UpdateFlowEntitlementCommand,
  entitlementItem,
} from './api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);
const mediaConnect: MediaConnectStub = mockClient(MediaConnectMockTarget);

const OTHER_ACCOUNT = '999988887777';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/MediaConnect-ASM`;
const STATIC_KEY = {
  keyType: 'static-key',
  roleArn: ROLE_ARN,
  secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mySecret1`,
  algorithm: 'aes128',
};
const SPEKE = {
  keyType: 'speke',
  roleArn: ROLE_ARN,
  resourceId: 'MovieNight20171126093045',
  deviceId: 'device-1',
  url: `https://1wm2dx1f33.execute-api.${REGION}.amazonaws.com/SpekeSample/copyProtection`,
  algorithm: 'aes256',
};
const GRANT = { name: 'AnyCompany', subscribers: ['444455556666'] };

/** Lets the event loop run the other requests' pending steps. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function grant(api: TestApi, body: Record<string, unknown>) {
  return call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/entitlements'), body });
}

/**
 * The table's conditional writes, kept in memory: a grant claim is a Put conditioned on the claim's absence (or
 * expiry), so racing requests see each other's claims as DynamoDB would.
 */
function claimTable() {
  const claims = new Map<string, Record<string, unknown>>();
  ddb.on(PutCommand).callsFake((input: PutCommandInput) => {
    const item = input.Item as Record<string, unknown>;
    const key = `${String(item.pk)}|${String(item.sk)}`;
    if (String(item.pk).startsWith('CLAIM#')) {
      const held = claims.get(key);
      const now = Number(input.ExpressionAttributeValues?.[':now']);
      if (held && !(Number(held.expiresAtMs) < now))
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      claims.set(key, item);
    }
    return {};
  });
  ddb.on(DeleteCommand).callsFake((input: { Key: Record<string, unknown> }) => {
    claims.delete(`${String(input.Key.pk)}|${String(input.Key.sk)}`);
    return {};
  });
  return claims;
}

type AwsEntitlement = { Name: string; EntitlementArn: string };

/**
 * MediaConnect's flow, whose entitlements grow with every grant (MediaConnect itself accepts a repeated name).
 * `duringGrant` runs inside GrantFlowEntitlements, before it answers.
 */
function mediaConnectFlow(
  existing: AwsEntitlement[] = [],
  duringGrant: (entitlements: AwsEntitlement[]) => Promise<void> | void = settle,
) {
  const entitlements = [...existing];
  mediaConnect
    .on(DescribeFlowCommand)
    .callsFake(() => ({ Flow: { FlowArn: FLOW_ARN, Entitlements: [...entitlements] } }));
  mediaConnect.on(GrantFlowEntitlementsCommand).callsFake(async (input: { Entitlements: { Name: string }[] }) => {
    await duringGrant(entitlements);
    const name = input.Entitlements[0]!.Name;
    const granted = {
      Name: name,
      EntitlementArn: `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:entitlement:1-${entitlements.length}:${name}`,
      Subscribers: GRANT.subscribers,
    };
    entitlements.push(granted);
    return { FlowArn: FLOW_ARN, Entitlements: [granted] };
  });
  mediaConnect.on(RevokeFlowEntitlementCommand).callsFake((input: { EntitlementArn: string }) => {
    const at = entitlements.findIndex((e) => e.EntitlementArn === input.EntitlementArn);
    if (at >= 0) entitlements.splice(at, 1);
    return { FlowArn: FLOW_ARN, EntitlementArn: input.EntitlementArn };
  });
  return entitlements;
}

describe('entitlement grant rules', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    mediaConnect.reset();
    ddb.on(GetCommand).resolves({ Item: flowMeta() });
    ddb.on(QueryCommand).resolves({ Items: [] });
    claimTable();
    api = createTestApi();
    api.deps.encryptionRoleArns = [ROLE_ARN];
  });

  describe('seed region and account rules', () => {
    it.each([
      [
        'a static-key secret in another Region',
        { ...STATIC_KEY, secretArn: `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:mySecret1` },
        'encryption.secretArn',
        /Region/,
      ],
      [
        'a static-key secret in another account',
        { ...STATIC_KEY, secretArn: `arn:aws:secretsmanager:${REGION}:${OTHER_ACCOUNT}:secret:mySecret1` },
        'encryption.secretArn',
        /account/,
      ],
      [
        'a static-key role in another account',
        { ...STATIC_KEY, roleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/MediaConnect-ASM` },
        'encryption.roleArn',
        /account/,
      ],
      [
        'a SPEKE role in another account',
        { ...SPEKE, roleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/SpekeAccess` },
        'encryption.roleArn',
        /account/,
      ],
      [
        'a SPEKE proxy on an API Gateway host in another Region',
        { ...SPEKE, url: 'https://1wm2dx1f33.execute-api.us-west-2.amazonaws.com/SpekeSample/copyProtection' },
        'encryption.url',
        /Region/,
      ],
    ])('refuses %s with a 400 naming the field, before calling AWS', async (_, encryption, field, reason) => {
      // Act
      const response = await grant(api, { ...GRANT, encryption });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field });
      expect(response.body.error.message).toMatch(reason);
      expect(mediaConnect.calls()).toHaveLength(0);
    });

    it('refuses an update that moves the secret to another Region', async () => {
      // Prepare
      ddb.on(GetCommand).callsFake((input: { Key: { sk: string } }) => ({
        Item: input.Key.sk === '#META' ? flowMeta() : entitlementItem(),
      }));

      // Act
      const response = await call(api, {
        method: 'PATCH',
        path: `${flowPath(FLOW_ARN)}/entitlements/${encodeURIComponent(ENTITLEMENT_ARN)}`,
        body: { encryption: { ...STATIC_KEY, secretArn: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:k` } },
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('encryption.secretArn');
      expect(mediaConnect).toHaveReceivedCommandTimes(UpdateFlowEntitlementCommand, 0);
    });

    it('accepts a SPEKE proxy on a custom domain and a key and role in the flow account and Region', async () => {
      // Prepare
      mediaConnectFlow();

      // Act
      const speke = await grant(api, { ...GRANT, encryption: { ...SPEKE, url: 'https://keys.example.com/speke' } });
      const staticKey = await grant(api, { ...GRANT, name: 'Other', encryption: STATIC_KEY });

      // Assess
      expect(speke.status).toBe(201);
      expect(staticKey.status).toBe(201);
    });
  });

  describe('encryption roles the deployment may pass', () => {
    it('refuses encryption with a clear message when the deployment names no encryption role', async () => {
      // Prepare
      api.deps.encryptionRoleArns = [];

      // Act
      const response = await grant(api, { ...GRANT, encryption: STATIC_KEY });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('encryption.roleArn');
      expect(response.body.error.message).toMatch(/api\.encryptionRoleArns/);
      expect(mediaConnect.calls()).toHaveLength(0);
    });

    it('refuses a role the deployment does not name', async () => {
      // Act
      const response = await grant(api, {
        ...GRANT,
        encryption: { ...STATIC_KEY, roleArn: `arn:aws:iam::${ACCOUNT}:role/SomethingElse` },
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.field).toBe('encryption.roleArn');
      expect(mediaConnect.calls()).toHaveLength(0);
    });

    it('still grants without encryption when no role is named', async () => {
      // Prepare
      api.deps.encryptionRoleArns = [];
      mediaConnectFlow();

      // Act
      const response = await grant(api, GRANT);

      // Assess
      expect(response.status).toBe(201);
    });
  });

  describe('concurrent grants with the same name', () => {
    it('lets exactly one of eight parallel grants succeed and answers 409 to the rest', async () => {
      // Prepare
      const atAws = mediaConnectFlow();

      // Act
      const responses = await Promise.all(Array.from({ length: 8 }, () => grant(api, GRANT)));

      // Assess
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      expect(responses.filter((r) => r.status === 409).every((r) => r.body.error.code === 'Conflict')).toBe(true);
      expect(mediaConnect).toHaveReceivedCommandTimes(GrantFlowEntitlementsCommand, 1);
      expect(atAws.map((e) => e.Name)).toEqual(['AnyCompany']);
    });

    it('refuses a newer grant while an older one is in flight, and releases the claim when the older one ends', async () => {
      // Prepare
      let finishOlder: () => void = () => undefined;
      let olderReachedAws: () => void = () => undefined;
      const reachedAws = new Promise<void>((resolve) => (olderReachedAws = resolve));
      const atAws = mediaConnectFlow([], () => {
        olderReachedAws();
        return new Promise<void>((resolve) => (finishOlder = resolve));
      });
      const claims = claimTable();
      const older = grant(api, GRANT);
      await reachedAws;

      // Act
      const newer = await grant(api, GRANT);
      finishOlder();
      const olderAnswer = await older;

      // Assess
      expect(newer.status).toBe(409);
      expect(newer.body.error.message).toMatch(/in progress/);
      expect(olderAnswer.status).toBe(201);
      expect(atAws).toHaveLength(1);
      expect(claims.size).toBe(0);
    });

    it('refuses a grant whose name MediaConnect already has, though the store has not seen it yet', async () => {
      // Prepare
      mediaConnectFlow([{ Name: 'AnyCompany', EntitlementArn: ENTITLEMENT_ARN }]);

      // Act
      const response = await grant(api, GRANT);

      // Assess
      expect(response.status).toBe(409);
      expect(response.body.error.message).toMatch(/already has an entitlement named AnyCompany/);
      expect(mediaConnect).toHaveReceivedCommandTimes(GrantFlowEntitlementsCommand, 0);
    });

    it('revokes its own grant and answers 409 when one of the same name appeared outside the API meanwhile', async () => {
      // Prepare
      const outside = { Name: 'AnyCompany', EntitlementArn: ENTITLEMENT_ARN };
      const atAws = mediaConnectFlow([], (entitlements) => {
        entitlements.push(outside);
      });

      // Act
      const response = await grant(api, GRANT);

      // Assess
      expect(response.status).toBe(409);
      expect(response.body.error.message).toMatch(/revoked/);
      expect(mediaConnect).toHaveReceivedCommandWith(RevokeFlowEntitlementCommand, {
        FlowArn: FLOW_ARN,
        EntitlementArn: expect.not.stringMatching(`^${ENTITLEMENT_ARN}$`),
      });
      expect(atAws).toEqual([outside]);
    });

    it('takes over a claim whose holder died once the claim has expired', async () => {
      // Prepare
      mediaConnectFlow();
      const claims = claimTable();
      claims.set(`CLAIM#entitlement-grant#${FLOW_ARN}#AnyCompany|#`, { expiresAtMs: 1 });

      // Act
      const response = await grant(api, GRANT);

      // Assess
      expect(response.status).toBe(201);
    });
  });
});
