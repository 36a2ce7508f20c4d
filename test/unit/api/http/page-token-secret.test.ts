import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { InvalidPageTokenError, PageTokenCodec } from '../../../../lambdas/api/http/page-token';
import { secretsManagerPageTokenKeys } from '../../../../lambdas/api/http/page-token-secret';

const secrets = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:page-token-AbCdEf';
const KEY_A = 'first-key-material-0123456789';
const KEY_B = 'second-key-material-0123456789';
const KEY_C = 'third-key-material-0123456789';
const LAST_KEY = { pk: 'RES#x', sk: '#META' };
const scope = { route: 'listFlows' };

/** The secret's stages as Secrets Manager holds them; a rotation makes the current value the previous one. */
function secretStages(current: string, previous?: string) {
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).callsFake((input: { VersionStage?: string }) => {
    if (input.VersionStage === 'AWSPREVIOUS') {
      if (!previous) throw new ResourceNotFoundException({ message: 'no AWSPREVIOUS', $metadata: {} });
      return { SecretString: previous };
    }
    return { SecretString: current };
  });
}

describe('page-token keys from Secrets Manager', () => {
  let now: number;
  const clock = { now: () => now };

  beforeEach(() => {
    now = 1_000_000;
    secretStages(KEY_A);
  });

  it('reads the secret at first use and then from its cache until the cache expires', async () => {
    // Prepare
    const keys = secretsManagerPageTokenKeys(new SecretsManagerClient({}), { secretId: SECRET_ARN, clock });

    // Act
    const first = await Promise.all([keys.load(), keys.load(), keys.load()]);
    now += 299_000;
    await keys.load();
    const callsWhileCached = secrets.commandCalls(GetSecretValueCommand).length;
    now += 2_000;
    await keys.load();

    // Assess
    expect(first).toEqual([{ current: KEY_A }, { current: KEY_A }, { current: KEY_A }]);
    expect(callsWhileCached).toBe(2);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 4);
  });

  it('signs with the rotated key once the cache expires, still accepts the previous key, and refuses a retired one', async () => {
    // Prepare
    const codec = new PageTokenCodec(
      secretsManagerPageTokenKeys(new SecretsManagerClient({}), { secretId: SECRET_ARN, clock, maxAgeSeconds: 60 }),
      'state-table',
      clock,
    );
    const signedWithA = await codec.encode(scope, LAST_KEY);

    // Act: rotate to B; within the cache age nothing changes, after it B signs and A still verifies
    secretStages(KEY_B, KEY_A);
    now += 30_000;
    const stillA = await codec.encode(scope, LAST_KEY);
    now += 31_000;
    const signedWithB = await codec.encode(scope, LAST_KEY);
    const aAfterOneRotation = await codec.decode(scope, signedWithA);
    // rotate again to C: A is retired
    secretStages(KEY_C, KEY_B);
    now += 61_000;
    const bAfterSecondRotation = await codec.decode(scope, signedWithB);

    // Assess
    expect(await new PageTokenCodec(KEY_A, 'state-table', clock).decode(scope, stillA)).toEqual(LAST_KEY);
    expect(await new PageTokenCodec(KEY_B, 'state-table', clock).decode(scope, signedWithB)).toEqual(LAST_KEY);
    await expect(new PageTokenCodec(KEY_A, 'state-table', clock).decode(scope, signedWithB)).rejects.toThrow(
      InvalidPageTokenError,
    );
    expect(aAfterOneRotation).toEqual(LAST_KEY);
    expect(bAfterSecondRotation).toEqual(LAST_KEY);
    await expect(codec.decode(scope, signedWithA)).rejects.toThrow(/key was retired/);
  });

  it('keeps the last keys when a refresh fails', async () => {
    // Prepare
    const keys = secretsManagerPageTokenKeys(new SecretsManagerClient({}), { secretId: SECRET_ARN, clock });
    await keys.load();
    secrets.reset();
    secrets.on(GetSecretValueCommand).rejects(new Error('network down'));
    now += 301_000;

    // Act
    const loaded = await keys.load();

    // Assess
    expect(loaded).toEqual({ current: KEY_A });
  });

  it('fails the first use when the secret cannot be read', async () => {
    // Prepare
    secrets.reset();
    secrets.on(GetSecretValueCommand).rejects(new Error('AccessDenied'));
    const keys = secretsManagerPageTokenKeys(new SecretsManagerClient({}), { secretId: SECRET_ARN, clock });

    // Act & Assess
    await expect(keys.load()).rejects.toThrow('AccessDenied');
  });
});
