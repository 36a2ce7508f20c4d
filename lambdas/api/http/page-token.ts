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

/**
 * Opaque, tamper-evident pagination tokens: `base64url(payload).base64url(HMAC-SHA256(payload))`.
 *
 * Threat model: the caller is already IAM-authorized to read everything any token could reach, so the token is not an
 * authorization device and its key need not be a high-value secret. The signature keeps a caller from (a) crafting an
 * ExclusiveStartKey that DynamoDB would reject (a 500) or that starts inside another partition, and (b) replaying a
 * token from one filter against another (the payload binds a hash of the query's identity). Tokens expire, so a leaked
 * one is short-lived. The key is derived with HKDF from API_TOKEN_SECRET (a per-deployment value, see the README)
 * salted with the table name, so two deployments never accept each other's tokens.
 */
export class PageTokenCodec {
  private readonly key: Buffer;

  constructor(
    secret: string,
    salt: string,
    private readonly clock: Clock,
    /** @default 3600 */
    private readonly ttlSeconds = 3600,
  ) {
    if (secret.length < 16) throw new RangeError('The page-token secret must be at least 16 characters');
    this.key = Buffer.from(hkdfSync('sha256', secret, salt, 'mediamon-page-token-v1', 32));
  }

  encode(scope: QueryScope, lastKey: Record<string, unknown>): string {
    const payload: TokenPayload = {
      k: lastKey,
      s: scopeHash(scope),
      e: Math.floor(this.clock.now() / 1000) + this.ttlSeconds,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The LastEvaluatedKey in a token, after checking its signature, scope and expiry. */
  decode(scope: QueryScope, token: string): Record<string, unknown> {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidPageTokenError('nextToken is too long');
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) throw new InvalidPageTokenError('nextToken is malformed');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new InvalidPageTokenError('nextToken was altered or was issued by another deployment');
    }
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    if (payload.s !== scopeHash(scope))
      throw new InvalidPageTokenError('nextToken belongs to a query with different filters');
    if (payload.e * 1000 < this.clock.now())
      throw new InvalidPageTokenError('nextToken has expired; start the listing again');
    return payload.k;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

function scopeHash(scope: QueryScope): string {
  return contentHash(canonicalJson(scope));
}
