import { CfnOutput, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface StaticKeyEncryptionProps {
  /** The role MediaConnect assumes. Never `MediaConnectAccessRole` (reserved by MediaConnect). @default - generated */
  readonly roleName?: string;
  /** Import an existing secret instead of creating one. @default - a new secret */
  readonly secret?: secretsmanager.ISecret;
  /** The name of a created secret. @default - generated */
  readonly secretName?: string;
  /** The KMS key of a created secret. @default - a new key with rotation enabled */
  readonly encryptionKey?: kms.IKey;
  /** Key size of a created secret's generated value. @default 256 */
  readonly keyBits?: 128 | 192 | 256;
  readonly description?: string;
}

/** The role name MediaConnect reserves for itself (seed 004: "we highly recommend that you don't use" it). */
export const RESERVED_MEDIACONNECT_ROLE_NAME = 'MediaConnectAccessRole';

/** The four actions MediaConnect needs on the key's secret (seed 004, step 2), and nothing else. */
export const STATIC_KEY_SECRET_ACTIONS = [
  'secretsmanager:GetResourcePolicy',
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:ListSecretVersionIds',
] as const;

/**
 * Secrets Manager generates the created secret's value at deploy time (it never appears in the template): of its
 * alphabet (a-z, A-Z, 0-9, punctuation, space) only 0-9 and a-f remain, so the value is a lowercase hex key of
 * `keyBits / 4` characters, the form MediaConnect's static-key encryption takes (seed 004).
 */
export function hexKeyGeneration(keyBits: 128 | 192 | 256): secretsmanager.SecretStringGenerator {
  return {
    passwordLength: keyBits / 4,
    excludeUppercase: true,
    excludePunctuation: true,
    includeSpace: false,
    excludeCharacters: 'ghijklmnopqrstuvwxyz',
    // Every character drawn uniformly from the 16: requiring "one of each type" would bias the key.
    requireEachIncludedType: false,
  };
}

/**
 * Seed 004 (static-key encryption for MediaConnect sources, outputs and entitlements) in one step: the key in a
 * Secrets Manager secret, a managed policy with exactly the four secret actions on that secret, and a role that only
 * MediaConnect trusts, with the policy attached.
 *
 * The construct is regional: MediaConnect reads a secret only in the flow's own account and Region (it does not share
 * secrets across accounts), so a flow in each Region needs a setup in that Region.
 *
 * A created secret is encrypted with a KMS key (a new one with rotation on unless one is given); the role may decrypt
 * with it only through Secrets Manager in this Region, granted in the key policy, so the IAM policy stays exactly
 * the four actions. With an imported key, add that key-policy statement yourself (`kms:Decrypt` for the role with
 * `kms:ViaService = secretsmanager.<region>.amazonaws.com`); a secret on the `aws/secretsmanager` key needs none.
 */
export class StaticKeyEncryption extends Construct {
  /** The secret holding the hex key. */
  public readonly secret: secretsmanager.ISecret;
  /** The role MediaConnect assumes to read the secret. */
  public readonly role: iam.Role;
  /** The four secret actions on this secret, attached to the role. */
  public readonly policy: iam.ManagedPolicy;
  /** The key a created secret is encrypted with (undefined for an imported secret without a given key). */
  public readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: StaticKeyEncryptionProps = {}) {
    super(scope, id);
    const roleName = props.roleName;
    if (roleName !== undefined && !Token.isUnresolved(roleName)) {
      if (roleName.toLowerCase() === RESERVED_MEDIACONNECT_ROLE_NAME.toLowerCase())
        throw new Error(
          `StaticKeyEncryption: the role name ${roleName} is reserved by MediaConnect (${RESERVED_MEDIACONNECT_ROLE_NAME}); ` +
            'choose another name that says what the role is for, such as MediaConnect-ASM',
        );
      if (!/^[\w+=,.@-]{1,64}$/.test(roleName))
        throw new Error(
          `StaticKeyEncryption: the role name "${roleName}" must be 1-64 characters of [A-Za-z0-9+=,.@_-]`,
        );
    }
    if (props.secret && (props.keyBits !== undefined || props.secretName !== undefined))
      throw new Error('StaticKeyEncryption: keyBits and secretName describe a created secret; drop them with `secret`');
    const keyBits = props.keyBits ?? 256;
    if (![128, 192, 256].includes(keyBits))
      throw new Error(`StaticKeyEncryption: keyBits must be 128, 192 or 256, got ${String(keyBits)}`);
    const description = props.description ?? 'Static key MediaConnect uses to encrypt and decrypt (Zixi, entitlements)';

    this.encryptionKey =
      props.encryptionKey ??
      (props.secret
        ? undefined
        : new kms.Key(this, 'Key', {
            description: `Encrypts the secret of: ${description}`,
            enableKeyRotation: true,
          }));
    this.secret =
      props.secret ??
      new secretsmanager.Secret(this, 'Secret', {
        secretName: props.secretName,
        description,
        encryptionKey: this.encryptionKey,
        generateSecretString: hexKeyGeneration(keyBits),
      });

    this.role = new iam.Role(this, 'Role', {
      roleName,
      description: 'Assumed by MediaConnect to read a static encryption key',
      assumedBy: new iam.ServicePrincipal('mediaconnect.amazonaws.com'),
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Lets MediaConnect read one static encryption key from Secrets Manager',
      // Attached from the policy's side: the key policy names the role, so the role must not depend on the policy
      // (policy -> secret -> key -> role would be a cycle).
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: [...STATIC_KEY_SECRET_ACTIONS],
          resources: [secretArnForPolicies(this.secret)],
        }),
      ],
    });
    // Imported keys ignore this (their policy is not ours): see the class comment.
    this.encryptionKey?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'MediaConnectReadsTheKeyThroughSecretsManager',
        principals: [this.role],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );

    if (!props.secret)
      Validations.of(this.secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The secret is a static encryption key shared with the other end of a MediaConnect Zixi source, output or ' +
          'entitlement: MediaConnect reads it when a flow starts and both ends must hold the same value, so an ' +
          'automatic rotation would break the stream. Replace it by hand (put-secret-value) together with the peer.',
      });

    new CfnOutput(this, 'RoleArn', {
      description: `${this.node.path}: the role MediaConnect assumes for static-key encryption`,
      value: this.role.roleArn,
    });
    new CfnOutput(this, 'SecretArn', {
      description: `${this.node.path}: the secret that holds the static key`,
      value: this.secret.secretArn,
    });
  }
}

/**
 * The ARN an IAM policy names the secret by: its full ARN, or for a secret imported by name or partial ARN the
 * partial ARN followed by the six random characters Secrets Manager appends (`-??????`).
 */
function secretArnForPolicies(secret: secretsmanager.ISecret): string {
  return secret.secretFullArn ?? `${secret.secretArn}-??????`;
}
