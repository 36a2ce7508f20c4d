import { Sha256 } from '@aws-crypto/sha256-js';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { TargetRegistryInput } from '../../lambdas/shared/watched-targets';
import { memberOperatorRoleName, memberReadRoleName, memberRoleArn, MEMBER_ROLE_PATH } from '../../lib/member-naming';
import { demoEstate, FlowBlueprint } from './demo-estate';
import { feedMetrics, SeededFlow, seedFlows } from './seed-estate';

/**
 * A second account on the emulator, watched as a member account is in AWS: reached through assume-role into the
 * member stack's read role, acted on through its operator role.
 *
 * moto separates accounts by credentials: AssumeRole into `arn:aws:iam::<account>:role/…` returns keys that act in that
 * account. It checks neither that the role exists nor its trust policy or external id (those are tested on the
 * templates and with mocked STS), so the roles are created in the member account only so that they exist there, as a
 * member stack would make them. An unknown access key silently acts as the default account: the pollers' identity
 * check is what stops a wrong key from reading the wrong account.
 */

/** The member account of the local runtime and demo. */
export const MEMBER_ACCOUNT = '222222222222';

/** The deployment name of the local runtime (the registry's `deployment.name`). */
export const LOCAL_DEPLOYMENT = 'local';

/** The services the member account is watched for (its estate has flows only; see `localTargets`). */
export const MEMBER_SERVICES = ['mediaconnect'] as const;

/**
 * The registry of a local runtime that watches its own account and a member account in one Region: the own account
 * with the functions' credentials, the member through assume-role into the member stack's read role, with its
 * operator role for actions (so the demo and the API can act there too).
 *
 * The member is watched for MediaConnect only: moto's MediaLive and MediaPackage v1 ARNs carry no account, so the
 * monitor could not tell which account such an ARN belongs to when more than one target watches the service (AWS's
 * ARNs carry it; `targetForArn`).
 */
export function localTargets(own: { account: string; region: string }, member = MEMBER_ACCOUNT): TargetRegistryInput {
  const role = (name: string) => ({ type: 'assume-role' as const, roleArn: memberRoleArn(member, name) });
  return {
    deployment: { account: own.account, region: own.region, name: LOCAL_DEPLOYMENT },
    targets: [
      { account: own.account, region: own.region },
      {
        account: member,
        region: own.region,
        credentials: role(memberReadRoleName(own.region)),
        operator: role(memberOperatorRoleName(own.region)),
        services: [...MEMBER_SERVICES],
      },
    ],
  };
}

export interface MotoAccess {
  /** moto_server's URL. */
  readonly endpoint: string;
  readonly region: string;
  /** Credentials of the default account (they sign AssumeRole). */
  readonly credentials: AwsCredentialIdentity;
}

/** Temporary credentials of `roleArn` from moto's STS: they act in the role's account. */
export async function assumeRole(moto: MotoAccess, roleArn: string, sessionName = 'media-monitor-local') {
  const sts = new STSClient({ endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials });
  try {
    const answer = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 }),
    );
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error('moto returned no credentials');
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/**
 * Prepares the member account: its read and operator roles (as the member stack makes them, trusted by the monitor's
 * account), then the read role's credentials, with which the caller seeds the member's estate. Idempotent: a role that
 * exists is kept.
 */
export async function prepareMemberAccount(
  moto: MotoAccess,
  monitorAccount: string,
  member = MEMBER_ACCOUNT,
): Promise<{ credentials: AwsCredentialIdentity; roleArns: string[] }> {
  const roleNames = [memberReadRoleName(moto.region), memberOperatorRoleName(moto.region)];
  // The first session only creates the roles; moto would let it act without them.
  const bootstrap = await assumeRole(moto, memberRoleArn(member, roleNames[0]!));
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${monitorAccount}:root` }, Action: 'sts:AssumeRole' },
    ],
  });
  for (const roleName of roleNames) {
    const answer = await iamQuery(moto, bootstrap, 'CreateRole', {
      RoleName: roleName,
      Path: MEMBER_ROLE_PATH,
      AssumeRolePolicyDocument: trust,
    });
    if (!answer.ok && !answer.text.includes('EntityAlreadyExists'))
      throw new Error(`IAM CreateRole ${roleName} in ${member} failed: HTTP ${answer.status}`);
  }
  const roleArns = roleNames.map((name) => memberRoleArn(member, name));
  return { credentials: await assumeRole(moto, roleArns[0]!), roleArns };
}

/**
 * One IAM Query API call to moto, signed with `credentials` (the project has no IAM client; the few calls the local
 * runtime makes are signed with the SDK's SigV4 signer). The answer's text is returned; an error answer's too.
 */
export async function iamQuery(
  moto: Pick<MotoAccess, 'endpoint'>,
  credentials: AwsCredentialIdentity,
  action: string,
  params: Record<string, string> = {},
): Promise<{ ok: boolean; status: number; text: string }> {
  const url = new URL(moto.endpoint);
  const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    }),
  );
  const headers: Record<string, string> = { ...signed.headers };
  delete headers.host;
  const response = await fetch(url, { method: 'POST', headers, body });
  return { ok: response.ok, status: response.status, text: await response.text() };
}

/** The member's flows: names the own account's estate has too (the monitor must keep them apart), one on standby. */
export const MEMBER_FLOW_NAMES = ['NewsHD-Primary', 'Sports-Feed-A', 'Weather-Loop'] as const;

/** The member's estate: the demo's blueprints of MEMBER_FLOW_NAMES, with the member's role and secret ARNs. */
export function memberEstate(member: string, region: string): FlowBlueprint[] {
  const names: readonly string[] = MEMBER_FLOW_NAMES;
  return demoEstate(member, region).filter((b) => names.includes(b.name));
}

export interface SeededMember {
  readonly account: string;
  readonly flows: readonly SeededFlow[];
  readonly datapoints: number;
  /** The member's read-role credentials the estate was seeded with (moto's fake keys). */
  readonly credentials: AwsCredentialIdentity;
}

/**
 * Prepares the member account (`prepareMemberAccount`) and seeds its estate through the read role's credentials, so
 * moto files every flow in the member account: same names as the own account's flows, other ARNs. The live flows get
 * `historyMinutes` of metrics in the member's CloudWatch.
 */
export async function seedMemberAccount(
  moto: MotoAccess,
  monitorAccount: string,
  options: { member?: string; historyMinutes?: number; now?: number } = {},
): Promise<SeededMember> {
  const member = options.member ?? MEMBER_ACCOUNT;
  const now = options.now ?? Date.now();
  const { credentials } = await prepareMemberAccount(moto, monitorAccount, member);
  const config = { endpoint: moto.endpoint, region: moto.region, credentials, maxAttempts: 3 };
  const mediaConnect = new MediaConnectClient(config);
  // The SDK gzips large PutMetricData bodies, and moto 5.2.1 fails to read them back.
  const cloudWatch = new CloudWatchClient({ ...config, disableRequestCompression: true });
  try {
    const flows = await seedFlows(mediaConnect, memberEstate(member, moto.region), now);
    const minutes = options.historyMinutes ?? 30;
    const timestamps = Array.from({ length: minutes }, (_, i) => now - (minutes - 1 - i) * 60_000);
    const datapoints = await feedMetrics(
      cloudWatch,
      flows.filter((f) => f.blueprint.start),
      timestamps,
    );
    return { account: member, flows, datapoints, credentials };
  } finally {
    mediaConnect.destroy();
    cloudWatch.destroy();
  }
}
