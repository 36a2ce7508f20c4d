import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import * as z from 'zod';
import type { Clock } from './clock';
import { targetKey, type CredentialPurpose, type CredentialSource, type WatchedTarget } from './watched-targets';

/**
 * Credentials for one watched target and purpose (read or operate), as an SDK identity provider to give a client.
 *
 * - execution-role: undefined provider, so the client uses the function's own role;
 * - assume-role: `sts:AssumeRole` (ExternalId sent whenever configured), the session cached until
 *   `expiration − refreshMarginMs` and shared by concurrent callers (one call in flight per role); the provider returns
 *   `expiration`, so the SDK asks again before it lapses, and a warm container renews without a cold start; a renewal
 *   that fails keeps the current session while the SDK would still use it (more than 5 minutes left);
 * - key-pair: the secret read from Secrets Manager and cached for `keyPairTtlMs` (rotation is picked up), returned with
 *   `expiration = read + ttl` so the SDK asks again.
 *
 * Identity check: the credentials must act in the target's account (assume-role: the AssumedRoleUser ARN; key-pair:
 * one `sts:GetCallerIdentity` per secret version), else TargetCredentialsError('account-mismatch'): an empty listing
 * under another account's credentials would otherwise tombstone the target's whole estate.
 *
 * Failures: TargetCredentialsError(target key, AWS error name | 'account-mismatch' | 'no-operator' | 'invalid-secret');
 * after one, the source fails at once for `failureBackoffMs` without calling AWS. Each failed call is logged once
 * (deps.logger), with the target key, purpose and failure name.
 *
 * Never logged, stored or returned: access keys, secret keys, session tokens. Errors carry the target key and the AWS
 * error's name only (never its message, which may quote a request).
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
  /**
   * The STS client that checks a key pair's identity, built with that key pair (never the function's role).
   * @default - an STSClient with the Region and endpoint of `sts` and the given credentials
   */
  readonly stsFor?: (credentials: AwsCredentialIdentity) => STSClient;
  /** Told of each failure: the target key, purpose and failure name only. @default - nothing logged */
  readonly logger?: { warn(message: string, attributes: Record<string, unknown>): void };
}

const DEFAULT_REFRESH_MARGIN_MS = 600_000;
const DEFAULT_KEY_PAIR_TTL_MS = 300_000;
const DEFAULT_FAILURE_BACKOFF_MS = 30_000;
/** The SDK's identity memoisation asks a provider again when less than this is left (@smithy/core EXPIRATION_MS). */
const SDK_REFRESH_WINDOW_MS = 300_000;

/** A key pair as stored in its secret: camelCase, or the PascalCase of IAM's CreateAccessKey answer. */
const keyPairSecretSchema = z.union([
  z.object({
    accessKeyId: z.string().min(16),
    secretAccessKey: z.string().min(1),
    sessionToken: z.string().min(1).optional(),
  }),
  z
    .object({
      AccessKeyId: z.string().min(16),
      SecretAccessKey: z.string().min(1),
      SessionToken: z.string().min(1).optional(),
    })
    .transform((k) => ({
      accessKeyId: k.AccessKeyId,
      secretAccessKey: k.SecretAccessKey,
      sessionToken: k.SessionToken,
    })),
]);

/** Credentials one source gave, with the account they act in. */
interface Session {
  readonly credentials: AwsCredentialIdentity & { readonly expiration: Date };
  readonly account: string;
  /** Until when the cache hands out this session. */
  readonly reuseUntil: number;
}

/** The cache of one credential source (one role and external id, or one secret), shared by every target using it. */
interface SourceState {
  session?: Session;
  inFlight?: Promise<Session>;
  failure?: { readonly failure: TargetCredentialsFailure; readonly until: number };
  /** Key pair: the access key id whose identity GetCallerIdentity confirmed, and its account (one check per key). */
  verified?: { readonly accessKeyId: string; readonly account: string };
}

/** A failure raised inside a source's fetch, before it is bound to a target and purpose. */
class SourceFailure extends Error {
  constructor(readonly failure: TargetCredentialsFailure) {
    super(failure);
  }
}

/**
 * The name of an AWS error (`AccessDenied`, `ResourceNotFoundException`), or a Node network code (`ECONNREFUSED`);
 * never its message, which may quote a request.
 */
export function failureName(error: unknown): TargetCredentialsFailure {
  if (error instanceof SourceFailure) return error.failure;
  if (error instanceof Error) {
    if (/^[A-Za-z][A-Za-z0-9_.]{0,99}$/.test(error.name) && error.name !== 'Error') return error.name;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code)) return code;
  }
  return 'Error';
}

/** The account of an STS ARN (`arn:aws:sts::<account>:assumed-role/…`, `arn:aws:iam::<account>:user/…`). */
function accountOfArn(arn: string | undefined): string | undefined {
  return arn?.split(':')[4] || undefined;
}

/** Implements TargetCredentials: see the interface's doc. */
export function createTargetCredentials(deps: TargetCredentialsDeps): TargetCredentials {
  const refreshMarginMs = deps.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const keyPairTtlMs = deps.keyPairTtlMs ?? DEFAULT_KEY_PAIR_TTL_MS;
  const failureBackoffMs = deps.failureBackoffMs ?? DEFAULT_FAILURE_BACKOFF_MS;
  if (refreshMarginMs <= SDK_REFRESH_WINDOW_MS)
    throw new RangeError(`refreshMarginMs must exceed the SDK's ${SDK_REFRESH_WINDOW_MS} ms, got ${refreshMarginMs}`);
  if (keyPairTtlMs <= 0) throw new RangeError(`keyPairTtlMs must be positive, got ${keyPairTtlMs}`);
  if (!/^[\w+=,.@-]{2,64}$/.test(deps.sessionName))
    throw new RangeError(`sessionName must be 2-64 characters of [A-Za-z0-9_+=,.@-], got "${deps.sessionName}"`);
  const stsFor =
    deps.stsFor ??
    ((credentials: AwsCredentialIdentity) =>
      new STSClient({
        region: deps.sts.config.region,
        ...(deps.sts.config.endpoint ? { endpoint: deps.sts.config.endpoint } : {}),
        credentials,
      }));

  const sources = new Map<string, SourceState>();
  const providers = new Map<string, AwsCredentialIdentityProvider | undefined>();

  async function assumeRole(source: Extract<CredentialSource, { type: 'assume-role' }>): Promise<Session> {
    const answer = await deps.sts.send(
      new AssumeRoleCommand({
        RoleArn: source.roleArn,
        RoleSessionName: deps.sessionName,
        DurationSeconds: source.sessionDurationSeconds,
        ...(source.externalId !== undefined ? { ExternalId: source.externalId } : {}),
      }),
    );
    const c = answer.Credentials;
    const account = accountOfArn(answer.AssumedRoleUser?.Arn);
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration || !account)
      throw new SourceFailure('IncompleteAssumeRoleResponse');
    const expiration = new Date(c.Expiration);
    return {
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration,
        accountId: account,
      },
      account,
      reuseUntil: expiration.getTime() - refreshMarginMs,
    };
  }

  async function readKeyPair(
    source: Extract<CredentialSource, { type: 'key-pair' }>,
    state: SourceState,
  ): Promise<Session> {
    const readAt = deps.clock.now();
    const secret = await deps.secrets.send(new GetSecretValueCommand({ SecretId: source.secretArn }));
    let value: unknown;
    try {
      value = JSON.parse(secret.SecretString ?? '');
    } catch {
      throw new SourceFailure('invalid-secret');
    }
    const keys = keyPairSecretSchema.safeParse(value);
    if (!keys.success) throw new SourceFailure('invalid-secret');
    const { accessKeyId, secretAccessKey, sessionToken } = keys.data;
    const identity = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    let account = state.verified?.accessKeyId === accessKeyId ? state.verified.account : undefined;
    if (account === undefined) {
      const caller = await stsFor(identity).send(new GetCallerIdentityCommand({}));
      account = caller.Account ?? accountOfArn(caller.Arn);
      if (!account) throw new SourceFailure('IncompleteGetCallerIdentityResponse');
      state.verified = { accessKeyId, account };
    }
    return {
      credentials: { ...identity, expiration: new Date(readAt + keyPairTtlMs), accountId: account },
      account,
      reuseUntil: readAt + keyPairTtlMs,
    };
  }

  function sourceKey(source: Exclude<CredentialSource, { type: 'execution-role' }>): string {
    return source.type === 'assume-role'
      ? JSON.stringify([source.type, source.roleArn, source.externalId ?? null, source.sessionDurationSeconds])
      : JSON.stringify([source.type, source.secretArn]);
  }

  /** Whether the SDK would still use a session's credentials (it renews within 5 minutes of their expiration). */
  const stillUsable = (session: Session | undefined, now: number): session is Session =>
    session !== undefined && session.credentials.expiration.getTime() - now > SDK_REFRESH_WINDOW_MS;

  /**
   * The source's current session: cached, or the one in flight, or a new one. After a failure, calls fail at once for
   * the backoff, without AWS; an assumed session that a renewal failed to replace is kept while the SDK would still
   * use it (a throttled AssumeRole 10 minutes before expiry does not fail the target). A failed call is logged once,
   * for the target whose call made it.
   */
  function session(
    source: Exclude<CredentialSource, { type: 'execution-role' }>,
    target: WatchedTarget,
    purpose: CredentialPurpose,
  ): Promise<Session> {
    const key = sourceKey(source);
    let state = sources.get(key);
    if (!state) sources.set(key, (state = {}));
    const now = deps.clock.now();
    if (state.session && now < state.session.reuseUntil) return Promise.resolve(state.session);
    if (state.failure && now < state.failure.until) {
      if (stillUsable(state.session, now)) return Promise.resolve(state.session);
      return Promise.reject(new SourceFailure(state.failure.failure));
    }
    if (state.inFlight) return state.inFlight;
    const current = state;
    const fetched = (source.type === 'assume-role' ? assumeRole(source) : readKeyPair(source, current))
      .then(
        (fresh) => {
          current.session = fresh;
          current.failure = undefined;
          return fresh;
        },
        (error: unknown) => {
          const failure = failureName(error);
          const at = deps.clock.now();
          current.failure = { failure, until: at + failureBackoffMs };
          const kept = stillUsable(current.session, at);
          deps.logger?.warn(
            kept ? 'target credentials renewal failed; current session kept' : 'target credentials failed',
            {
              target: targetKey(target),
              purpose,
              failure,
            },
          );
          if (kept) return current.session!;
          current.session = undefined;
          throw new SourceFailure(failure);
        },
      )
      .finally(() => (current.inFlight = undefined));
    current.inFlight = fetched;
    return fetched;
  }

  function fail(target: WatchedTarget, failure: TargetCredentialsFailure, purpose: CredentialPurpose, log: boolean) {
    const error = TargetCredentialsError.of(target, failure, purpose);
    if (log) deps.logger?.warn('target credentials failed', { target: error.target, purpose, failure });
    return error;
  }

  function buildProvider(
    target: WatchedTarget,
    purpose: CredentialPurpose,
    source: CredentialSource | undefined,
  ): AwsCredentialIdentityProvider | undefined {
    if (source === undefined) {
      let logged = false;
      return () => {
        const error = fail(target, 'no-operator', purpose, !logged);
        logged = true;
        return Promise.reject(error);
      };
    }
    if (source.type === 'execution-role') return undefined;
    let mismatchLogged: Session | undefined;
    return async () => {
      let current: Session;
      try {
        current = await session(source, target, purpose);
      } catch (error) {
        throw fail(target, failureName(error), purpose, false);
      }
      // An empty listing under another account's credentials would tombstone the target's whole estate.
      if (current.account !== target.account) {
        const error = fail(target, 'account-mismatch', purpose, mismatchLogged !== current);
        mismatchLogged = current;
        throw error;
      }
      return current.credentials;
    };
  }

  return {
    provider(target, purpose) {
      const source = purpose === 'operate' ? target.operator : target.credentials;
      const key = `${targetKey(target)}|${purpose}|${JSON.stringify(source ?? null)}`;
      if (!providers.has(key)) providers.set(key, buildProvider(target, purpose, source));
      return providers.get(key);
    },
  };
}

/**
 * Resolves a target's credentials once, before anything is read with them, so a failure (TargetCredentialsError) stops
 * a run before it lists anything. Nothing to resolve for the function's own role.
 */
export async function resolveTargetCredentials(
  credentials: TargetCredentials,
  target: WatchedTarget,
  purpose: CredentialPurpose = 'read',
): Promise<void> {
  const provider = credentials.provider(target, purpose);
  if (provider) await provider();
}
