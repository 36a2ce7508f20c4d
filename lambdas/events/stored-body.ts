/**
 * What of a message may be stored: raw bodies are redacted and truncated, parsed details are made storable (bounded
 * strings, arrays and depth; no non-finite numbers, which DynamoDB cannot hold). Nothing that looks like a secret is
 * kept: MediaPackage ingest passwords, keys, tokens, credentials, and secret values inside free text (the one secret
 * filter, lambdas/shared/secret-filter.ts).
 */
import {
  isSecretFieldName,
  REDACTED,
  redactSecrets,
  redactSecretsInText,
  redactSecretText,
} from '../shared/secret-filter';

/** Raw bodies kept for debugging are cut to this many characters (items stay far below DynamoDB's 400 KB). */
export const RAW_BODY_MAX_CHARS = 4_000;
/** Unparsed bodies are kept larger: they are what an operator needs to fix a parser. */
export const UNPARSED_BODY_MAX_CHARS = 32_000;

export { REDACTED };

export interface StoredBody {
  readonly body: string;
  readonly truncated: boolean;
  /** Length of the original body, in characters. */
  readonly length: number;
}

/** A body as stored: secrets redacted (JSON-aware when it parses), then cut to `maxChars`. */
export function storableBody(body: string, maxChars: number): StoredBody {
  let redacted: string;
  try {
    redacted = JSON.stringify(redactSecrets(JSON.parse(body)));
  } catch {
    redacted = redactSecretsInText(body);
  }
  const truncated = redacted.length > maxChars;
  return { body: truncated ? redacted.slice(0, maxChars) : redacted, truncated, length: body.length };
}

export interface StorableLimits {
  readonly maxString: number;
  readonly maxArray: number;
  readonly maxKeys: number;
  readonly maxDepth: number;
}

const DEFAULT_LIMITS: StorableLimits = { maxString: 2_000, maxArray: 50, maxKeys: 50, maxDepth: 6 };

/**
 * A parsed detail made safe to store: strings, arrays, key counts and depth bounded; non-finite numbers, functions and
 * undefined dropped; secret-looking keys and secret values in strings redacted.
 */
export function toStorable(value: unknown, limits: StorableLimits = DEFAULT_LIMITS, depth = 0): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const redacted = redactSecretText(value);
    return redacted.length > limits.maxString ? `${redacted.slice(0, limits.maxString)}…` : redacted;
  }
  if (depth >= limits.maxDepth) return undefined;
  if (Array.isArray(value)) {
    return value
      .slice(0, limits.maxArray)
      .map((v) => toStorable(v, limits, depth + 1))
      .filter((v) => v !== undefined);
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>).slice(0, limits.maxKeys)) {
      if (key.length === 0 || key.length > 255) continue;
      const stored = isSecretFieldName(key) ? REDACTED : toStorable(inner, limits, depth + 1);
      if (stored !== undefined) out[key] = stored;
    }
    return out;
  }
  return undefined;
}

/** `toStorable` for an object; always returns an object. */
export function storableRecord(
  value: Readonly<Record<string, unknown>>,
  limits?: StorableLimits,
): Record<string, unknown> {
  const stored = toStorable(value, limits);
  return stored !== null && typeof stored === 'object' && !Array.isArray(stored)
    ? (stored as Record<string, unknown>)
    : {};
}
