import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { EncryptionSetupSpec } from './deployment-spec';
import { encryptionSecretName } from './member-naming';
import { StaticKeyEncryption } from './static-key-encryption';

/** One created setup: its config entry and the construct that holds its secret, policy and role. */
export interface EncryptionSetup {
  readonly spec: EncryptionSetupSpec;
  readonly encryption: StaticKeyEncryption;
}

/** The setups whose flows are in one account (they are created in that account's stack). */
export function setupsOfAccount(
  setups: readonly EncryptionSetupSpec[],
  account: string,
): readonly EncryptionSetupSpec[] {
  return setups.filter((setup) => setup.account === account);
}

/**
 * The named static-key encryption setups (config `encryptionSetups`) of the scope's account, one StaticKeyEncryption
 * each (construct id `Encryption-<name>`): the secret `media-monitor/encryption/<name>` created with a generated key
 * (or the configured `secretArn` imported), the role `roleName` that MediaConnect trusts. A setup is regional, like
 * MediaConnect's secrets: `region` is the deployment's Region, and the scope's stack must be in it, in the setups'
 * account. Used by the member stack and by the deployment's own stack.
 */
export function createEncryptionSetups(
  scope: Construct,
  setups: readonly EncryptionSetupSpec[],
  region: string,
): EncryptionSetup[] {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region) && stack.region !== region)
    throw new Error(
      `encryption setups of ${region} cannot be created in a stack of ${stack.region}: MediaConnect reads a secret ` +
        "only in the flow's Region",
    );
  const names = new Set<string>();
  return setups.map((spec) => {
    if (!Token.isUnresolved(stack.account) && spec.account !== stack.account)
      throw new Error(
        `encryption setup ${spec.name} is for account ${spec.account}, not this stack's ${stack.account}: ` +
          "MediaConnect reads a secret only in the flow's account",
      );
    if (names.has(spec.name)) throw new Error(`encryption setup ${spec.name} is defined twice`);
    names.add(spec.name);
    const id = `Encryption-${spec.name}`;
    const encryption = new StaticKeyEncryption(scope, id, {
      roleName: spec.roleName,
      description: `Static key of the media-monitor encryption setup ${spec.name}`,
      ...(spec.secretArn
        ? { secret: importSecret(scope, `${id}-Secret`, spec.secretArn) }
        : { secretName: encryptionSecretName(spec.name), keyBits: spec.keyBits }),
    });
    return { spec, encryption };
  });
}

/** A secret by its full ARN (with Secrets Manager's `-XXXXXX` suffix) or by its partial ARN. */
function importSecret(scope: Construct, id: string, secretArn: string): secretsmanager.ISecret {
  const name = Arn.split(secretArn, ArnFormat.COLON_RESOURCE_NAME).resourceName ?? '';
  return /-[A-Za-z0-9]{6}$/.test(name)
    ? secretsmanager.Secret.fromSecretCompleteArn(scope, id, secretArn)
    : secretsmanager.Secret.fromSecretPartialArn(scope, id, secretArn);
}
