import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListFlowsCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { Readable } from 'node:stream';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createTargetCredentials,
  TargetCredentialsError,
  type TargetCredentialsDeps,
} from '../../../lambdas/shared/target-credentials';
import { redactSecrets, redactSecretText } from '../../../lambdas/shared/secret-filter';
import { watchedTargetSchema, type WatchedTargetInput } from '../../../lambdas/shared/watched-targets';

const sts = mockClient(STSClient);
const secrets = mockClient(SecretsManagerClient);

const REGION = 'eu-west-1';
const ROLE_ARN = 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-read-eu-west-1';
const OPERATE_ARN = 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-operate-eu-west-1';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:mm/partner-AbCdEf';
const START = Date.parse('2026-12-02T06:00:00Z');
const MINUTE = 60_000;

/** Key material that must never show up outside the provider's answer. */
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1';
const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN0123456789';
const ACCESS_KEY = 'ASIAEXAMPLE000000001';
const PAIR_ACCESS_KEY = 'AKIAEXAMPLE000000333';
const PAIR_SECRET_KEY = 'pairSecretKeyEXAMPLE0000000000000000000333';

const target = (input: Partial<WatchedTargetInput> & { account: string }) =>
  watchedTargetSchema.parse({ region: REGION, ...input });

const assumeRoleTarget = (extra: Partial<WatchedTargetInput> = {}) =>
  target({
    account: '222222222222',
    credentials: { type: 'assume-role', roleArn: ROLE_ARN, sessionDurationSeconds: 3600 },
    ...extra,
  });
const keyPairTarget = (account = '333333333333') =>
  target({ account, credentials: { type: 'key-pair', secretArn: SECRET_ARN } });

class FakeClock {
  constructor(public at = START) {}
  now = () => this.at;
  advance(ms: number) {
    this.at += ms;
  }
}

function assumeRoleAnswer(clock: FakeClock, account = '222222222222', durationMs = 60 * MINUTE, suffix = '') {
  return {
    Credentials: {
      AccessKeyId: `${ACCESS_KEY}${suffix}`,
      SecretAccessKey: SECRET_KEY,
      SessionToken: `${SESSION_TOKEN}${suffix}`,
      Expiration: new Date(clock.now() + durationMs),
    },
    AssumedRoleUser: {
      Arn: `arn:aws:sts::${account}:assumed-role/media-monitor-read-eu-west-1/media-monitor-inventory`,
      AssumedRoleId: 'AROAEXAMPLE:media-monitor-inventory',
    },
  };
}

function keyPairSecret(accessKeyId = PAIR_ACCESS_KEY, secretAccessKey = PAIR_SECRET_KEY, versionId = 'v1') {
  return { ARN: SECRET_ARN, SecretString: JSON.stringify({ accessKeyId, secretAccessKey }), VersionId: versionId };
}

function callerIdentity(account: string) {
  return { Account: account, Arn: `arn:aws:iam::${account}:user/media-monitor`, UserId: 'AIDAEXAMPLE' };
}

function setup(overrides: Partial<TargetCredentialsDeps> = {}) {
  const clock = new FakeClock();
  const logged: unknown[] = [];
  const credentials = createTargetCredentials({
    sts: new STSClient({ region: REGION }),
    secrets: new SecretsManagerClient({ region: REGION }),
    clock,
    sessionName: 'media-monitor-inventory',
    logger: { warn: (message, attributes) => logged.push({ message, attributes }) },
    ...overrides,
  });
  return { clock, credentials, logged };
}

function providerOf(p: AwsCredentialIdentityProvider | undefined): AwsCredentialIdentityProvider {
  if (!p) throw new Error('expected a provider, got the execution role');
  return p;
}

async function failureOf(promise: Promise<unknown>): Promise<TargetCredentialsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TargetCredentialsError) return error;
    throw error;
  }
  throw new Error('expected a TargetCredentialsError');
}

function awsError(name: string, message: string) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });
}

beforeEach(() => {
  sts.reset();
  secrets.reset();
});

describe('createTargetCredentials: execution role', () => {
  it('gives no provider for an execution-role target, so the client uses the function role', () => {
    // Prepare
    const { credentials } = setup();
    const own = target({ account: '111111111111', operator: { type: 'execution-role' } });

    // Act
    const read = credentials.provider(own, 'read');
    const operate = credentials.provider(own, 'operate');

    // Assess
    expect(read).toBeUndefined();
    expect(operate).toBeUndefined();
    expect(sts).not.toHaveReceivedAnyCommand();
  });
});

describe('createTargetCredentials: assume-role', () => {
  it('assumes the role with the session name and duration, and returns keys, token and expiration', async () => {
    // Prepare
    const { credentials, clock } = setup();
    sts.on(AssumeRoleCommand).resolves(assumeRoleAnswer(clock, '222222222222', 30 * MINUTE));
    const t = assumeRoleTarget({
      credentials: { type: 'assume-role', roleArn: ROLE_ARN, sessionDurationSeconds: 1800 },
    });

    // Act
    const identity = await providerOf(credentials.provider(t, 'read'))();

    // Assess
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: ROLE_ARN,
      RoleSessionName: 'media-monitor-inventory',
      DurationSeconds: 1800,
    });
    expect(identity).toEqual({
      accessKeyId: ACCESS_KEY,
      secretAccessKey: SECRET_KEY,
      sessionToken: SESSION_TOKEN,
      expiration: new Date(START + 30 * MINUTE),
      accountId: '222222222222',
    });
  });

  it('sends ExternalId only when the target configures one', async () => {
    // Prepare
    const { credentials, clock } = setup();
    sts.on(AssumeRoleCommand).resolves(assumeRoleAnswer(clock));
    const withId = assumeRoleTarget({
      credentials: { type: 'assume-role', roleArn: ROLE_ARN, externalId: 'mm-eu-9f3c' },
    });
    const withoutId = assumeRoleTarget({
      region: 'eu-central-1',
      credentials: { type: 'assume-role', roleArn: OPERATE_ARN },
    });

    // Act
    await providerOf(credentials.provider(withId, 'read'))();
    await providerOf(credentials.provider(withoutId, 'read'))();

    // Assess
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'media-monitor-inventory',
      DurationSeconds: 3600,
      ExternalId: 'mm-eu-9f3c',
    });
    expect(sts.commandCalls(AssumeRoleCommand)[1]!.args[0].input).not.toHaveProperty('ExternalId');
  });

  it('reuses the session until expiration minus the refresh margin, then assumes the role again', async () => {
    // Prepare
    const { credentials, clock } = setup({ refreshMarginMs: 10 * MINUTE });
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce(assumeRoleAnswer(clock, '222222222222', 60 * MINUTE, 'A'))
      .resolves(assumeRoleAnswer(new FakeClock(START + 50 * MINUTE), '222222222222', 60 * MINUTE, 'B'));
    const provider = providerOf(credentials.provider(assumeRoleTarget(), 'read'));
    const first = await provider();

    // Act
    clock.advance(50 * MINUTE - 1);
    const beforeMargin = await provider();
    clock.advance(1);
    const atMargin = await provider();

    // Assess
    expect(beforeMargin.accessKeyId).toBe(first.accessKeyId);
    expect(atMargin.accessKeyId).toBe(`${ACCESS_KEY}B`);
    expect(atMargin.expiration).toEqual(new Date(START + 110 * MINUTE));
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('rejects a refresh margin the SDK would undercut (5 minutes or less)', () => {
    // Act
    const build = () => setup({ refreshMarginMs: 300_000 });

    // Assess
    expect(build).toThrow(RangeError);
  });

  it.each(['x', 'a'.repeat(65), 'media monitor'])('rejects the session name "%s" AWS would refuse', (sessionName) => {
    // Act
    const build = () => setup({ sessionName });

    // Assess
    expect(build).toThrow(/^sessionName must be 2-64 characters/);
  });

  it('makes one AssumeRole call for 20 concurrent callers', async () => {
    // Prepare
    const { credentials, clock } = setup();
    sts.on(AssumeRoleCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return assumeRoleAnswer(clock);
    });
    const t = assumeRoleTarget();

    // Act
    const identities = await Promise.all(
      Array.from({ length: 20 }, () => providerOf(credentials.provider(t, 'read'))()),
    );

    // Assess
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(new Set(identities.map((i) => i.sessionToken))).toEqual(new Set([SESSION_TOKEN]));
  });

  it('memoises the provider per target and purpose', () => {
    // Prepare
    const { credentials } = setup();
    const t = assumeRoleTarget({ operator: { type: 'assume-role', roleArn: OPERATE_ARN } });

    // Act
    const read1 = credentials.provider(t, 'read');
    const read2 = credentials.provider(t, 'read');
    const operate = credentials.provider(t, 'operate');

    // Assess
    expect(read1).toBe(read2);
    expect(operate).not.toBe(read1);
  });

  it("fails with account-mismatch when the assumed role's session acts in another account", async () => {
    // Prepare
    const { credentials, clock } = setup();
    sts.on(AssumeRoleCommand).resolves(assumeRoleAnswer(clock, '999999999999'));

    // Act
    const error = await failureOf(providerOf(credentials.provider(assumeRoleTarget(), 'read'))());

    // Assess
    expect(error).toMatchObject({ target: '222222222222#eu-west-1', failure: 'account-mismatch', purpose: 'read' });
  });

  it("uses the operator's role for purpose operate", async () => {
    // Prepare
    const { credentials, clock } = setup();
    sts.on(AssumeRoleCommand).resolves(assumeRoleAnswer(clock));
    const t = assumeRoleTarget({ operator: { type: 'assume-role', roleArn: OPERATE_ARN, externalId: 'op-1' } });

    // Act
    await providerOf(credentials.provider(t, 'operate'))();

    // Assess
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: OPERATE_ARN, ExternalId: 'op-1' });
  });

  it('fails with no-operator for purpose operate when the target has no operator', async () => {
    // Prepare
    const { credentials } = setup();

    // Act
    const error = await failureOf(providerOf(credentials.provider(assumeRoleTarget(), 'operate'))());

    // Assess
    expect(error).toMatchObject({ target: '222222222222#eu-west-1', failure: 'no-operator', purpose: 'operate' });
    expect(sts).not.toHaveReceivedAnyCommand();
  });

  it("fails with the AWS error's name, then fails at once during the backoff and calls AWS again after it", async () => {
    // Prepare
    const { credentials, clock } = setup({ failureBackoffMs: 30_000 });
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(awsError('AccessDenied', 'User: arn:aws:sts::111111111111:assumed-role/x is not authorized'))
      .resolves(assumeRoleAnswer(clock));
    const provider = providerOf(credentials.provider(assumeRoleTarget(), 'read'));

    // Act
    const first = await failureOf(provider());
    clock.advance(29_999);
    const during = await failureOf(provider());
    const callsDuring = sts.commandCalls(AssumeRoleCommand).length;
    clock.advance(1);
    const after = await provider();

    // Assess
    expect(first).toMatchObject({ failure: 'AccessDenied', target: '222222222222#eu-west-1' });
    expect(first.message).toBe('credentials for 222222222222#eu-west-1 (read) failed: AccessDenied');
    expect(during.failure).toBe('AccessDenied');
    expect(callsDuring).toBe(1);
    expect(after.sessionToken).toBe(SESSION_TOKEN);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('keeps the current session while a renewal fails and the SDK would still use it, then fails', async () => {
    // Prepare
    const { credentials, clock, logged } = setup({ refreshMarginMs: 10 * MINUTE, failureBackoffMs: 30_000 });
    sts.on(AssumeRoleCommand).resolvesOnce(assumeRoleAnswer(clock)).rejects(awsError('Throttling', 'Rate exceeded'));
    const provider = providerOf(credentials.provider(assumeRoleTarget(), 'read'));
    const first = await provider();

    // Act
    clock.advance(50 * MINUTE);
    const renewalFailed = await provider();
    clock.advance(29_999);
    const duringBackoff = await provider();
    clock.advance(5 * MINUTE - 29_999);
    const expiring = await failureOf(provider());

    // Assess
    expect(renewalFailed.sessionToken).toBe(first.sessionToken);
    expect(duringBackoff.sessionToken).toBe(first.sessionToken);
    expect(expiring.failure).toBe('Throttling');
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 3);
    expect(logged).toEqual([
      {
        message: 'target credentials renewal failed; current session kept',
        attributes: { target: '222222222222#eu-west-1', purpose: 'read', failure: 'Throttling' },
      },
      {
        message: 'target credentials failed',
        attributes: { target: '222222222222#eu-west-1', purpose: 'read', failure: 'Throttling' },
      },
    ]);
  });

  it('logs a failure once per failed call, not once per caller', async () => {
    // Prepare
    const { credentials, logged } = setup();
    sts.on(AssumeRoleCommand).resolves(assumeRoleAnswer(new FakeClock(), '999999999999'));
    const mismatch = providerOf(credentials.provider(assumeRoleTarget(), 'read'));
    const noOperator = providerOf(credentials.provider(assumeRoleTarget(), 'operate'));

    // Act
    for (let i = 0; i < 5; i += 1) {
      await failureOf(mismatch());
      await failureOf(noOperator());
    }

    // Assess
    expect(logged.map((l) => (l as { attributes: { failure: string } }).attributes.failure)).toEqual([
      'account-mismatch',
      'no-operator',
    ]);
  });

  it('makes 29 AssumeRole calls in 24 hours of once-a-minute use with one-hour sessions', async () => {
    // Prepare
    const { credentials, clock } = setup();
    sts.on(AssumeRoleCommand).callsFake(() => assumeRoleAnswer(clock));
    const provider = providerOf(credentials.provider(assumeRoleTarget(), 'read'));

    // Act
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      await provider();
      clock.advance(MINUTE);
    }

    // Assess
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 29);
  });

  it('gives every concurrent caller the failure of the one shared call', async () => {
    // Prepare
    const { credentials } = setup();
    sts.on(AssumeRoleCommand).rejects(awsError('InvalidClientTokenId', 'The security token is invalid'));
    const t = assumeRoleTarget();

    // Act
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => providerOf(credentials.provider(t, 'read'))()),
    );

    // Assess
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(outcomes.map((o) => o.status === 'rejected' && (o.reason as TargetCredentialsError).failure)).toEqual(
      Array(5).fill('InvalidClientTokenId'),
    );
  });

  it('names a network failure by its code, never by its message', async () => {
    // Prepare
    const { credentials } = setup();
    sts
      .on(AssumeRoleCommand)
      .rejects(Object.assign(new Error(`connect ECONNREFUSED ${SECRET_KEY}`), { code: 'ECONNREFUSED' }));

    // Act
    const error = await failureOf(providerOf(credentials.provider(assumeRoleTarget(), 'read'))());

    // Assess
    expect(error.failure).toBe('ECONNREFUSED');
    expect(error.message).not.toContain(SECRET_KEY);
  });
});

describe('createTargetCredentials: key-pair', () => {
  it("reads the secret, checks its identity with the pair's own keys and returns an expiration", async () => {
    // Prepare
    const { credentials } = setup({ keyPairTtlMs: 5 * MINUTE });
    secrets.on(GetSecretValueCommand).resolves(keyPairSecret());
    sts.on(GetCallerIdentityCommand).resolves(callerIdentity('333333333333'));

    // Act
    const identity = await providerOf(credentials.provider(keyPairTarget(), 'read'))();

    // Assess
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
    expect(identity).toEqual({
      accessKeyId: PAIR_ACCESS_KEY,
      secretAccessKey: PAIR_SECRET_KEY,
      expiration: new Date(START + 5 * MINUTE),
      accountId: '333333333333',
    });
    const checker = sts.commandCalls(GetCallerIdentityCommand)[0]!.thisValue as STSClient;
    const checkerCredentials = (await checker.config.credentials()) as AwsCredentialIdentity;
    expect(checkerCredentials).toMatchObject({ accessKeyId: PAIR_ACCESS_KEY, secretAccessKey: PAIR_SECRET_KEY });
    expect(await checker.config.region()).toBe(REGION);
  });

  it('uses an injected STS factory for the identity check', async () => {
    // Prepare
    const built: AwsCredentialIdentity[] = [];
    const { credentials } = setup({
      stsFor: (keys) => {
        built.push(keys);
        return new STSClient({ region: 'us-east-1', credentials: keys });
      },
    });
    secrets.on(GetSecretValueCommand).resolves(keyPairSecret());
    sts.on(GetCallerIdentityCommand).resolves(callerIdentity('333333333333'));

    // Act
    await providerOf(credentials.provider(keyPairTarget(), 'read'))();

    // Assess
    expect(built).toEqual([{ accessKeyId: PAIR_ACCESS_KEY, secretAccessKey: PAIR_SECRET_KEY }]);
  });

  it('accepts the PascalCase keys of IAM CreateAccessKey, with a session token', async () => {
    // Prepare
    const { credentials } = setup();
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({
        AccessKeyId: PAIR_ACCESS_KEY,
        SecretAccessKey: PAIR_SECRET_KEY,
        SessionToken: SESSION_TOKEN,
      }),
    });
    sts.on(GetCallerIdentityCommand).resolves(callerIdentity('333333333333'));

    // Act
    const identity = await providerOf(credentials.provider(keyPairTarget(), 'read'))();

    // Assess
    expect(identity).toMatchObject({
      accessKeyId: PAIR_ACCESS_KEY,
      secretAccessKey: PAIR_SECRET_KEY,
      sessionToken: SESSION_TOKEN,
    });
  });

  it.each([
    ['not JSON', 'AKIA…:secret'],
    ['no secret key', JSON.stringify({ accessKeyId: PAIR_ACCESS_KEY })],
    ['a bare string', JSON.stringify(PAIR_SECRET_KEY)],
  ])('fails with invalid-secret for a secret that is %s, without calling STS', async (_case, secretString) => {
    // Prepare
    const { credentials } = setup();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: secretString });

    // Act
    const error = await failureOf(providerOf(credentials.provider(keyPairTarget(), 'read'))());

    // Assess
    expect(error).toMatchObject({ target: '333333333333#eu-west-1', failure: 'invalid-secret' });
    expect(error.message).not.toContain(PAIR_SECRET_KEY);
    expect(sts).not.toHaveReceivedAnyCommand();
  });

  it('fails with account-mismatch when the keys act in another account than the target', async () => {
    // Prepare
    const { credentials } = setup();
    secrets.on(GetSecretValueCommand).resolves(keyPairSecret());
    sts.on(GetCallerIdentityCommand).resolves(callerIdentity('123456789012'));

    // Act
    const error = await failureOf(providerOf(credentials.provider(keyPairTarget(), 'read'))());

    // Assess
    expect(error).toMatchObject({ target: '333333333333#eu-west-1', failure: 'account-mismatch' });
  });

  it('re-reads the secret after the TTL and sees a rotated key, checking the new key once', async () => {
    // Prepare
    const { credentials, clock } = setup({ keyPairTtlMs: 5 * MINUTE });
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce(keyPairSecret())
      .resolvesOnce(keyPairSecret())
      .resolves(keyPairSecret('AKIAEXAMPLEROTATED01', 'rotatedSecretKeyEXAMPLE00000000000000000', 'v2'));
    sts.on(GetCallerIdentityCommand).resolves(callerIdentity('333333333333'));
    const provider = providerOf(credentials.provider(keyPairTarget(), 'read'));
    await provider();

    // Act
    clock.advance(5 * MINUTE - 1);
    const cached = await provider();
    clock.advance(1);
    const sameKey = await provider();
    clock.advance(5 * MINUTE);
    const rotated = await provider();

    // Assess
    expect(cached.accessKeyId).toBe(PAIR_ACCESS_KEY);
    expect(sameKey.accessKeyId).toBe(PAIR_ACCESS_KEY);
    expect(sameKey.expiration).toEqual(new Date(START + 10 * MINUTE));
    expect(rotated.accessKeyId).toBe('AKIAEXAMPLEROTATED01');
    expect(rotated.expiration).toEqual(new Date(START + 15 * MINUTE));
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 3);
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 2);
  });

  it("fails with the secret's AWS error name and backs off", async () => {
    // Prepare
    const { credentials, clock } = setup({ failureBackoffMs: 10_000 });
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."))
      .resolves(keyPairSecret());
    sts.on(GetCallerIdentityCommand).resolves(callerIdentity('333333333333'));
    const provider = providerOf(credentials.provider(keyPairTarget(), 'read'));

    // Act
    const first = await failureOf(provider());
    clock.advance(9_999);
    const during = await failureOf(provider());
    const readsDuring = secrets.commandCalls(GetSecretValueCommand).length;
    clock.advance(1);
    const after = await provider();

    // Assess
    expect(first.failure).toBe('ResourceNotFoundException');
    expect(during.failure).toBe('ResourceNotFoundException');
    expect(readsDuring).toBe(1);
    expect(after.accountId).toBe('333333333333');
  });

  it("fails with STS's error name when the key pair is not valid", async () => {
    // Prepare
    const { credentials } = setup();
    secrets.on(GetSecretValueCommand).resolves(keyPairSecret());
    sts.on(GetCallerIdentityCommand).rejects(awsError('InvalidClientTokenId', 'The security token is invalid.'));

    // Act
    const error = await failureOf(providerOf(credentials.provider(keyPairTarget(), 'read'))());

    // Assess
    expect(error.failure).toBe('InvalidClientTokenId');
  });
});

describe('createTargetCredentials: with an SDK client', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  /** A MediaConnect client that answers every call itself, recording the access key each request was signed with. */
  function recordingClient(provider: AwsCredentialIdentityProvider) {
    const signedWith: string[] = [];
    const client = new MediaConnectClient({
      region: REGION,
      credentials: provider,
      requestHandler: {
        handle: async (request: HttpRequest) => {
          signedWith.push(/Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1] ?? '');
          return {
            response: new HttpResponse({
              statusCode: 200,
              headers: { 'content-type': 'application/json' },
              body: Readable.from([Buffer.from('{"flows":[]}')]),
            }),
          };
        },
      },
    });
    return { client, signedWith };
  }

  it('lets the SDK see the expiration: a client signs with a rotated key pair once the TTL has passed', async () => {
    // Prepare: only Date is faked, so the SDK's own memoisation and the provider's clock move together.
    jest.useFakeTimers({
      now: START,
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
    });
    const { credentials } = setup({ clock: { now: () => Date.now() }, keyPairTtlMs: 10 * MINUTE });
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce(keyPairSecret())
      .resolves(keyPairSecret('AKIAEXAMPLEROTATED01', 'rotatedSecretKeyEXAMPLE00000000000000000', 'v2'));
    sts.on(GetCallerIdentityCommand).resolves(callerIdentity('333333333333'));
    const { client, signedWith } = recordingClient(providerOf(credentials.provider(keyPairTarget(), 'read')));

    // Act
    await client.send(new ListFlowsCommand({}));
    jest.setSystemTime(START + 4 * MINUTE);
    await client.send(new ListFlowsCommand({}));
    jest.setSystemTime(START + 6 * MINUTE);
    await client.send(new ListFlowsCommand({}));
    jest.setSystemTime(START + 11 * MINUTE);
    await client.send(new ListFlowsCommand({}));

    // Assess
    expect(signedWith).toEqual([PAIR_ACCESS_KEY, PAIR_ACCESS_KEY, PAIR_ACCESS_KEY, 'AKIAEXAMPLEROTATED01']);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });
});

describe('createTargetCredentials: no key material leaks', () => {
  const KEY_MATERIAL = [SECRET_KEY, SESSION_TOKEN, ACCESS_KEY, PAIR_ACCESS_KEY, PAIR_SECRET_KEY];

  function expectNoKeyMaterial(text: string) {
    for (const value of KEY_MATERIAL) expect(text).not.toContain(value);
  }

  it('keeps keys out of the error message, the serialised error and the log of every failure kind', async () => {
    // Prepare
    const { credentials, clock, logged } = setup();
    sts.on(AssumeRoleCommand).resolves(assumeRoleAnswer(clock, '999999999999'));
    secrets.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({ accessKeyId: PAIR_ACCESS_KEY, secretKey: PAIR_SECRET_KEY }),
    });
    const mismatch = assumeRoleTarget();
    const invalid = keyPairTarget();
    const failing = target({
      account: '444444444444',
      credentials: { type: 'assume-role', roleArn: 'arn:aws:iam::444444444444:role/r' },
    });
    sts
      .on(AssumeRoleCommand, { RoleArn: 'arn:aws:iam::444444444444:role/r' })
      .rejects(awsError('SignatureDoesNotMatch', `Credential=${ACCESS_KEY}/${SECRET_KEY} ${SESSION_TOKEN}`));

    // Act
    const errors = [
      await failureOf(providerOf(credentials.provider(mismatch, 'read'))()),
      await failureOf(providerOf(credentials.provider(invalid, 'read'))()),
      await failureOf(providerOf(credentials.provider(failing, 'read'))()),
    ];

    // Assess
    expect(errors.map((e) => e.failure)).toEqual(['account-mismatch', 'invalid-secret', 'SignatureDoesNotMatch']);
    for (const error of errors) {
      expectNoKeyMaterial(error.message);
      expectNoKeyMaterial(JSON.stringify(error));
      expectNoKeyMaterial(String(error.stack));
      expect(error.cause).toBeUndefined();
    }
    expect(logged).toHaveLength(3);
    expectNoKeyMaterial(JSON.stringify(logged));
    expect(logged[2]).toEqual({
      message: 'target credentials failed',
      attributes: { target: '444444444444#eu-west-1', purpose: 'read', failure: 'SignatureDoesNotMatch' },
    });
  });

  it("redacts a key pair's secret key and session token wherever the secret filter meets them", () => {
    // Prepare
    const secret = { accessKeyId: PAIR_ACCESS_KEY, secretAccessKey: PAIR_SECRET_KEY, sessionToken: SESSION_TOKEN };
    const pascal = { AccessKeyId: ACCESS_KEY, SecretAccessKey: SECRET_KEY, SessionToken: SESSION_TOKEN };
    const shell = `AWS_ACCESS_KEY_ID=${ACCESS_KEY} AWS_SECRET_ACCESS_KEY=${SECRET_KEY} AWS_SESSION_TOKEN=${SESSION_TOKEN}`;

    // Act
    const texts = [
      JSON.stringify(redactSecrets(secret)),
      JSON.stringify(redactSecrets(pascal)),
      redactSecretText(JSON.stringify(secret)),
      redactSecretText(JSON.stringify(pascal)),
      redactSecretText(shell),
    ];

    // Assess
    for (const text of texts) {
      for (const value of [SECRET_KEY, SESSION_TOKEN, PAIR_SECRET_KEY]) expect(text).not.toContain(value);
    }
    expect(texts[4]).toBe(
      `AWS_ACCESS_KEY_ID=${ACCESS_KEY} AWS_SECRET_ACCESS_KEY=[redacted] AWS_SESSION_TOKEN=[redacted]`,
    );
  });
});
