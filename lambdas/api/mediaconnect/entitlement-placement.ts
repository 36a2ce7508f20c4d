import { parseArn, parseMediaConnectArn } from '../../shared/arn';
import { ValidationError } from '../../shared/errors';
import type { EncryptionSetupRef } from '../../shared/watched-targets';
import { ApiError } from '../http/api-error';
import { isSetupEncryption, type EntitlementEncryption, type EntitlementEncryptionInput } from './entitlement-schemas';

const ROLE_ACCOUNT = /^arn:[\w-]+:iam::(\d{12}):role\//;
/** An API Gateway host (`<id>.execute-api.<region>.amazonaws.com`, or its VPC endpoint form), with its Region. */
const API_GATEWAY_HOST = /\.execute-api\.([a-z0-9-]+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/i;

/**
 * Checks an entitlement's encryption against the seeds' placement rules and the roles this deployment may pass,
 * before AWS is called. Each violation is a ValidationError naming the field:
 * - the role is in the flow's account (seed 003/004: MediaConnect assumes a role of the account that owns the flow);
 * - the role is one of `api.encryptionRoleArns` or an encryption setup's (the only roles the API may iam:PassRole;
 *   none named means none);
 * - a static key's secret is in the flow's account and Region (seed 004: no cross-account secrets, one per Region);
 * - a SPEKE proxy on an API Gateway host is in the flow's Region (seed 003, step 7). Other hosts (a custom domain in
 *   front of the proxy) cannot be placed from their name and are left to MediaConnect.
 */
export function checkEncryptionPlacement(
  flowArn: string,
  encryption: EntitlementEncryption,
  encryptionRoleArns: readonly string[],
): void {
  const flow = parseMediaConnectArn(flowArn, 'flow');
  const roleAccount = ROLE_ACCOUNT.exec(encryption.roleArn)?.[1];
  if (roleAccount !== flow.account) {
    throw new ValidationError(
      `encryption.roleArn: the role is in account ${roleAccount ?? '?'}, the flow in account ${flow.account}; ` +
        "MediaConnect only assumes a role of the flow's account",
      'encryption.roleArn',
    );
  }
  if (encryptionRoleArns.length === 0) {
    throw new ValidationError(
      'encryption.roleArn: entitlement encryption is off in this deployment, which names no role MediaConnect may ' +
        'assume; list the role in api.encryptionRoleArns and deploy',
      'encryption.roleArn',
    );
  }
  if (!encryptionRoleArns.includes(encryption.roleArn)) {
    throw new ValidationError(
      'encryption.roleArn: not one of the roles this deployment may pass to MediaConnect (api.encryptionRoleArns)',
      'encryption.roleArn',
    );
  }
  if (encryption.keyType === 'static-key') {
    const secret = parseArn(encryption.secretArn);
    if (secret.account !== flow.account) {
      throw new ValidationError(
        `encryption.secretArn: the secret is in account ${secret.account}, the flow in account ${flow.account}; ` +
          'MediaConnect does not read secrets across accounts',
        'encryption.secretArn',
      );
    }
    if (secret.region !== flow.region) {
      throw new ValidationError(
        `encryption.secretArn: the secret is in Region ${secret.region}, the flow in Region ${flow.region}; ` +
          "store the key in the flow's Region",
        'encryption.secretArn',
      );
    }
    return;
  }
  const proxyRegion = API_GATEWAY_HOST.exec(new URL(encryption.url).hostname)?.[1]?.toLowerCase();
  if (proxyRegion !== undefined && proxyRegion !== flow.region) {
    throw new ValidationError(
      `encryption.url: the API Gateway proxy is in Region ${proxyRegion}, the flow in Region ${flow.region}; ` +
        "MediaConnect needs the proxy in the flow's Region",
      'encryption.url',
    );
  }
}

/**
 * The encryption MediaConnect is given: a named setup resolved to its role and secret, or the explicit form as is.
 * A setup must exist (400 UnknownEncryptionSetup) and be in the flow's Region and account (MediaConnect reads no
 * secret across accounts, seed 004). A member stack's setup names its secret by the partial ARN
 * `…:secret:media-monitor/encryption/<name>` (no random suffix), which is passed on as is.
 */
export function resolveEncryption(
  flowArn: string,
  encryption: EntitlementEncryptionInput,
  setups: readonly EncryptionSetupRef[],
): EntitlementEncryption {
  if (!isSetupEncryption(encryption)) return encryption;
  const setup = setups.find((s) => s.name === encryption.setup);
  if (!setup) {
    const known = setups.map((s) => s.name).join(', ');
    throw new ApiError(
      400,
      'UnknownEncryptionSetup',
      `encryption.setup: no encryption setup named ${encryption.setup} in this deployment` +
        (known ? ` (it has ${known})` : ' (it has none)'),
      { field: 'encryption.setup' },
    );
  }
  const flow = parseMediaConnectArn(flowArn, 'flow');
  if (setup.region !== flow.region) {
    throw new ValidationError(
      `encryption setup ${setup.name} is in ${setup.region}, the flow in ${flow.region}`,
      'encryption.setup',
    );
  }
  if (setup.account !== flow.account) {
    throw new ValidationError(
      `encryption setup ${setup.name} is in account ${setup.account}, the flow in account ${flow.account}; ` +
        'MediaConnect does not read secrets across accounts',
      'encryption.setup',
    );
  }
  return { keyType: 'static-key', roleArn: setup.roleArn, secretArn: setup.secretArn, algorithm: encryption.algorithm };
}

/** The roles the API may pass to MediaConnect: `api.encryptionRoleArns` and every encryption setup's role. */
export function passableRoleArns(
  encryptionRoleArns: readonly string[],
  setups: readonly EncryptionSetupRef[],
): string[] {
  return [...new Set([...encryptionRoleArns, ...setups.map((s) => s.roleArn)])];
}
