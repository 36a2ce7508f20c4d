/**
 * Target credentials over the real STS and Secrets Manager wire (moto_server): assume-role and key-pair targets act in
 * their own accounts, a missing secret fails only its own target, and a key pair of another account is refused.
 * Region: eu-north-1 (this file's own; moto partitions state by region). moto separates accounts by credentials but
 * enforces neither trust policies nor external ids: those are unit and infra tests.
 */
import { DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateFlowCommand, ListFlowsCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import { createMediaConnectClient, createStsClient } from '../../../lambdas/shared/clients';
import { systemClock } from '../../../lambdas/shared/clock';
import { targetClientCache } from '../../../lambdas/shared/target-clients';
import {
  createTargetCredentials,
  TargetCredentialsError,
  type TargetCredentials,
} from '../../../lambdas/shared/target-credentials';
import { watchedTargetSchema, type WatchedTargetInput } from '../../../lambdas/shared/watched-targets';
import { emulatorEndpoints, motoConfig } from '../emulator-env';
import { createKeyPairAccount, storeKeyPairSecret } from './member-accounts';

const REGION = 'eu-north-1';
const READ_ROLE = `arn:aws:iam::222222222222:role/media-monitor/media-monitor-read-${REGION}`;

const target = (input: WatchedTargetInput) => watchedTargetSchema.parse(input);

function newCredentials(): TargetCredentials {
  const endpoint = emulatorEndpoints().moto;
  return createTargetCredentials({
    sts: createStsClient({ region: REGION, endpoint }),
    secrets: new SecretsManagerClient(motoConfig(REGION)),
    clock: systemClock,
    sessionName: 'media-monitor-it',
    failureBackoffMs: 0,
  });
}

async function identityOf(credentials: TargetCredentials, t: ReturnType<typeof target>): Promise<string | undefined> {
  const provider = credentials.provider(t, 'read');
  if (!provider) throw new Error('expected a provider');
  const sts = new STSClient({ region: REGION, endpoint: emulatorEndpoints().moto, credentials: provider });
  return (await sts.send(new GetCallerIdentityCommand({}))).Account;
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

describe('target credentials against moto', () => {
  it("assumes a member's read role: the session acts in 222222222222 and its flows are invisible to the default account", async () => {
    // Prepare
    const credentials = newCredentials();
    const member = target({
      account: '222222222222',
      region: REGION,
      credentials: { type: 'assume-role', roleArn: READ_ROLE, externalId: 'mm-it-1' },
    });
    const clientOf = targetClientCache(
      (options) => createMediaConnectClient({ ...options, endpoint: emulatorEndpoints().moto }),
      credentials,
    );

    // Act
    const account = await identityOf(credentials, member);
    const created = await clientOf(member).send(
      new CreateFlowCommand({
        Name: 'CredsMemberFlow',
        AvailabilityZone: `${REGION}a`,
        Source: { Name: 'in', Protocol: 'zixi-push', IngestPort: 2088, WhitelistCidr: '10.0.0.0/16' },
      }),
    );
    const defaultFlows = await new MediaConnectClient(motoConfig(REGION)).send(new ListFlowsCommand({}));
    const memberFlows = await clientOf(member).send(new ListFlowsCommand({}));

    // Assess
    expect(account).toBe('222222222222');
    expect(created.Flow?.FlowArn).toMatch(new RegExp(`^arn:aws:mediaconnect:${REGION}:222222222222:flow:`));
    expect(defaultFlows.Flows?.map((f) => f.FlowArn)).not.toContain(created.Flow?.FlowArn);
    expect(memberFlows.Flows?.map((f) => f.FlowArn)).toContain(created.Flow?.FlowArn);
  });

  it("reads a key pair of 333333333333 from the monitoring account's secret and acts in 333333333333", async () => {
    // Prepare
    const keys = await createKeyPairAccount('333333333333', REGION);
    const secretArn = await storeKeyPairSecret(REGION, keys);
    const credentials = newCredentials();
    const partner = target({ account: '333333333333', region: REGION, credentials: { type: 'key-pair', secretArn } });

    // Act
    const account = await identityOf(credentials, partner);
    const identity = await credentials.provider(partner, 'read')!();

    // Assess
    expect(account).toBe('333333333333');
    expect(identity.accessKeyId).toBe(keys.accessKeyId);
    expect(identity.expiration!.getTime()).toBeGreaterThan(Date.now());
  });

  it('fails a target whose secret is deleted with ResourceNotFoundException, and leaves another target working', async () => {
    // Prepare
    const keys = await createKeyPairAccount('333333333333', REGION);
    const secretArn = await storeKeyPairSecret(REGION, keys);
    await new SecretsManagerClient(motoConfig(REGION)).send(
      new DeleteSecretCommand({ SecretId: secretArn, ForceDeleteWithoutRecovery: true }),
    );
    const credentials = newCredentials();
    const broken = target({ account: '333333333333', region: REGION, credentials: { type: 'key-pair', secretArn } });
    const other = target({
      account: '222222222222',
      region: REGION,
      credentials: { type: 'assume-role', roleArn: READ_ROLE },
    });

    // Act
    const error = await failureOf(credentials.provider(broken, 'read')!());
    const otherAccount = await identityOf(credentials, other);

    // Assess
    expect(error).toMatchObject({ target: `333333333333#${REGION}`, failure: 'ResourceNotFoundException' });
    expect(otherAccount).toBe('222222222222');
  });

  it('refuses a key pair of the default account configured for 333333333333 with account-mismatch', async () => {
    // Prepare
    const keys = await createKeyPairAccount(LOCAL_ACCOUNT, REGION);
    const secretArn = await storeKeyPairSecret(REGION, keys);
    const credentials = newCredentials();
    const partner = target({ account: '333333333333', region: REGION, credentials: { type: 'key-pair', secretArn } });

    // Act
    const error = await failureOf(credentials.provider(partner, 'read')!());

    // Assess
    expect(error).toMatchObject({ target: `333333333333#${REGION}`, failure: 'account-mismatch' });
    expect(error.message).not.toContain(keys.secretAccessKey);
  });

  it('refuses, through a client, a listing under credentials of another account than the target', async () => {
    // Prepare
    const keys = await createKeyPairAccount(LOCAL_ACCOUNT, REGION);
    const secretArn = await storeKeyPairSecret(REGION, keys);
    const credentials = newCredentials();
    const partner = target({ account: '333333333333', region: REGION, credentials: { type: 'key-pair', secretArn } });
    const client = targetClientCache(
      (options) => createMediaConnectClient({ ...options, endpoint: emulatorEndpoints().moto }),
      credentials,
    )(partner);

    // Act
    const error = await failureOf(client.send(new ListFlowsCommand({})));

    // Assess
    expect(error.failure).toBe('account-mismatch');
  });
});
