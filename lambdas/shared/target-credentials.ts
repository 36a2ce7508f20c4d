import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Clock } from './clock';
import { targetKey, type CredentialPurpose, type WatchedTarget } from './watched-targets';

/**
 * Credentials for one watched target and purpose (read or operate), as an SDK identity provider to give a client.
 *
 * - execution-role: undefined provider, so the client uses the function's own role;
 * - assume-role: `sts:AssumeRole` (ExternalId sent whenever configured), the session cached until
 *   `expiration − refreshMarginMs` and shared by concurrent callers (one call in flight per role); the provider returns
 *   `expiration`, so the SDK asks again before it lapses, and a warm container renews without a cold start;
 * - key-pair: the secret read from Secrets Manager and cached for `keyPairTtlMs` (rotation is picked up), returned with
 *   `expiration = read + ttl` so the SDK asks again.
 *
 * Identity check: the credentials must act in the target's account (assume-role: the AssumedRoleUser ARN; key-pair:
 * one `sts:GetCallerIdentity` per secret version), else TargetCredentialsError('account-mismatch'): an empty listing
 * under another account's credentials would otherwise tombstone the target's whole estate.
 *
 * Never logged, stored or returned: access keys, secret keys, session tokens. Errors carry the target key and the AWS
 * error's name only.
 */
export interface TargetCredentials {
  /** Memoised per (target, purpose). Undefined: use the function's own role (execution-role). */
  provider(target: WatchedTarget, purpose: CredentialPurpose): AwsCredentialIdentityProvider | undefined;
}

export type TargetCredentialsFailure =
  /** The AWS error's name: AccessDenied, ResourceNotFoundException, InvalidClientTokenId, … */
  | string
  /** The credentials act in another account than the target's. */
  | 'account-mismatch'
  /** The target has no operator credentials configured (purpose 'operate'). */
  | 'no-operator'
  /** The secret's value is not `{accessKeyId, secretAccessKey}`. */
  | 'invalid-secret';

/** A target's credentials could not be had. Carries no key material. */
export class TargetCredentialsError extends Error {
  constructor(
    public readonly target: string,
    public readonly failure: TargetCredentialsFailure,
    public readonly purpose: CredentialPurpose = 'read',
  ) {
    super(`credentials for ${target} (${purpose}) failed: ${failure}`);
    this.name = 'TargetCredentialsError';
  }

  static of(target: WatchedTarget, failure: TargetCredentialsFailure, purpose: CredentialPurpose = 'read') {
    return new TargetCredentialsError(targetKey(target), failure, purpose);
  }
}

export interface TargetCredentialsDeps {
  /** Built with the function's own role. */
  readonly sts: STSClient;
  /** Reads key-pair secrets, with the function's own role. */
  readonly secrets: SecretsManagerClient;
  readonly clock: Clock;
  /** RoleSessionName: `media-monitor-<function>`, at most 64 characters. */
  readonly sessionName: string;
  /** Renew an assumed session this long before it expires; must exceed the SDK's own 5 minutes. @default 600_000 */
  readonly refreshMarginMs?: number;
  /** Re-read a key-pair secret after this long. @default 300_000 */
  readonly keyPairTtlMs?: number;
  /** After a failure, the target's provider fails at once for this long, without calling AWS. @default 30_000 */
  readonly failureBackoffMs?: number;
}

/** Implemented by the credentials work (issue 13): see the interface's doc. */
export function createTargetCredentials(deps: TargetCredentialsDeps): TargetCredentials {
  void deps;
  throw new Error('createTargetCredentials: not implemented yet');
}
