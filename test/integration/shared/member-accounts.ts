/**
 * Member accounts on moto, for integration tests of many-account monitoring. moto separates accounts by credentials:
 * AssumeRole into `arn:aws:iam::<account>:role/…` returns keys that act in that account (moto neither checks that the
 * role exists nor its trust policy or external id), and an IAM user's access key acts in the user's account. An
 * unknown access key silently acts as the default account 123456789012.
 *
 * moto accepts IAM's Query protocol signed with any key it knows; the project has no IAM client, so `iamQuery` signs
 * the few IAM calls the kit makes with the local runtime's SigV4 signer (bin/local/member-accounts.ts).
 */
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { LOCAL_CREDENTIALS } from '../../../bin/local/emulators';
import { iamQuery as signedIamQuery } from '../../../bin/local/member-accounts';
import { emulatorEndpoints, motoConfig } from '../emulator-env';

/** Temporary credentials of a role in `accountId` (the member read role's name by default). */
export async function assumeInto(
  accountId: string,
  region: string,
  roleName = `media-monitor-read-${region}`,
): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(motoConfig(region));
  const answer = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/media-monitor/${roleName}`,
      RoleSessionName: 'it-member-accounts',
      DurationSeconds: 3600,
    }),
  );
  const c = answer.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('moto returned no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** One IAM Query API call to moto, signed with `credentials` (the local runtime's signer); returns the XML answer. */
export async function iamQuery(
  credentials: AwsCredentialIdentity,
  action: string,
  params: Record<string, string> = {},
): Promise<string> {
  const answer = await signedIamQuery({ endpoint: emulatorEndpoints().moto }, credentials, action, params);
  if (!answer.ok) throw new Error(`IAM ${action} failed: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
  return answer.text;
}

function xmlValue(xml: string, tag: string): string {
  const match = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml);
  if (!match) throw new Error(`no <${tag}> in the IAM answer`);
  return match[1]!;
}

/**
 * A long-term access key of a new IAM user in `accountId`: what a key-pair target's secret holds. The user is made
 * while acting in that account (assumed role credentials), so moto files user and key there.
 */
export async function createKeyPairAccount(
  accountId: string,
  region: string,
  userName = `it-key-pair-${Math.random().toString(36).slice(2, 10)}`,
): Promise<{ accessKeyId: string; secretAccessKey: string; userName: string }> {
  const acting = accountId === '123456789012' ? LOCAL_CREDENTIALS : await assumeInto(accountId, region);
  await iamQuery(acting, 'CreateUser', { UserName: userName });
  const key = await iamQuery(acting, 'CreateAccessKey', { UserName: userName });
  return { accessKeyId: xmlValue(key, 'AccessKeyId'), secretAccessKey: xmlValue(key, 'SecretAccessKey'), userName };
}

/** Stores a key pair as a key-pair target's secret, in the default (monitoring) account; returns the secret's ARN. */
export async function storeKeyPairSecret(
  region: string,
  keys: { accessKeyId: string; secretAccessKey: string },
  name = `media-monitor/it-key-pair-${Math.random().toString(36).slice(2, 10)}`,
): Promise<string> {
  const secrets = new SecretsManagerClient(motoConfig(region));
  const created = await secrets.send(
    new CreateSecretCommand({
      Name: name,
      SecretString: JSON.stringify({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }),
    }),
  );
  if (!created.ARN) throw new Error('moto returned no secret ARN');
  return created.ARN;
}
