import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Clock } from '../../shared/clock';
import { canonicalJson, contentHash } from '../../store/content-hash';

/** A `nextToken` that was altered, expired, or issued for a different query. */
export class InvalidPageTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPageTokenError';
  }
}

/** What a token is bound to: the route and every filter that shaped the query (not the page size). */
export type QueryScope = Record<string, string | number | boolean | undefined>;

interface TokenPayload {
  /** DynamoDB LastEvaluatedKey. */
  k: Record<string, unknown>;
  /** Hash of the query scope. */
  s: string;
  /** Expiry, epoch seconds. */
  e: number;
}

const MAX_TOKEN_LENGTH = 4096;

/** The key material of the page tokens: the current key signs, the current and the previous one verify. */
export interface PageTokenKeySet {
  current: string;
  /** The key before the last rotation (Secrets Manager's AWSPREVIOUS), so cursors live across a rotation. */
  previous?: string;
}

/** Where the codec gets its keys, on every use; a provider caches as it sees fit. */
export interface PageTokenKeys {
  load(): Promise<PageTokenKeySet>;
}

/** A fixed key (the local runtime, tests, the bench). */
export function staticPageTokenKeys(secret: string): PageTokenKeys {
  const keys = { current: secret };
  return { load: async () => keys };
}

/**
 * Opaque, tamper-evident pagination tokens: `base64url(payload).base64url(HMAC-SHA256(payload))`.
 *
 * Threat model: the caller is already IAM-authorized to read everything any token could reach, so the token is not an
 * authorization device and its key need not be a high-value secret. The signature keeps a caller from (a) crafting an
 * ExclusiveStartKey that DynamoDB would reject (a 500) or that starts inside another partition, and (b) replaying a
 * token from one filter against another (the payload binds a hash of the query's identity). Tokens expire, so a leaked
 * one is short-lived. Each HMAC key is derived with HKDF from the key material (deployed: a Secrets Manager secret,
 * see `secretsManagerPageTokenKeys`) salted with the table name, so two deployments never accept each other's tokens.
 * Tokens are signed with the current key and verified against the current and the previous key, so a rotation does
 * not break a listing in progress; a token signed two rotations ago is refused (400 InvalidNextToken).
 */
export class PageTokenCodec {
  private readonly keys: PageTokenKeys;
  private readonly derived = new Map<string, Buffer>();

  constructor(
    keys: PageTokenKeys | string,
    private readonly salt: string,
    private readonly clock: Clock,
    /** @default 3600 */
    private readonly ttlSeconds = 3600,
  ) {
    this.keys = typeof keys === 'string' ? staticPageTokenKeys(keys) : keys;
    if (typeof keys === 'string') this.hmacKey(keys);
  }

  async encode(scope: QueryScope, lastKey: Record<string, unknown>): Promise<string> {
    const key = this.hmacKey((await this.keys.load()).current);
    const payload: TokenPayload = {
      k: lastKey,
      s: scopeHash(scope),
      e: Math.floor(this.clock.now() / 1000) + this.ttlSeconds,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${sign(key, body)}`;
  }

  /** The LastEvaluatedKey in a token, after checking its signature, scope and expiry. */
  async decode(scope: QueryScope, token: string): Promise<Record<string, unknown>> {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidPageTokenError('nextToken is too long');
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) throw new InvalidPageTokenError('nextToken is malformed');
    const keySet = await this.keys.load();
    const candidates = [keySet.current, ...(keySet.previous ? [keySet.previous] : [])];
    const given = Buffer.from(signature);
    const verified = candidates.some((secret) => {
      const expected = Buffer.from(sign(this.hmacKey(secret), body));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!verified) {
      throw new InvalidPageTokenError(
        'nextToken was altered, was issued by another deployment, or its key was retired; start the listing again',
      );
    }
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    if (payload.s !== scopeHash(scope))
      throw new InvalidPageTokenError('nextToken belongs to a query with different filters');
    if (payload.e * 1000 < this.clock.now())
      throw new InvalidPageTokenError('nextToken has expired; start the listing again');
    return payload.k;
  }

  /** The HMAC key of some key material, derived once per material. */
  private hmacKey(secret: string): Buffer {
    let key = this.derived.get(secret);
    if (!key) {
      if (secret.length < 16) throw new RangeError('The page-token secret must be at least 16 characters');
      key = Buffer.from(hkdfSync('sha256', secret, this.salt, 'mediamon-page-token-v1', 32));
      this.derived.set(secret, key);
    }
    return key;
  }
}

function sign(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}

function scopeHash(scope: QueryScope): string {
  return contentHash(canonicalJson(scope));
}
