/**
 * What of a message may be stored: raw bodies are redacted and truncated, parsed details are made storable (bounded
 * strings, arrays and depth; no non-finite numbers, which DynamoDB cannot hold). Nothing that looks like a secret is
 * kept: MediaPackage ingest passwords, keys, tokens, credentials.
 */

/** Raw bodies kept for debugging are cut to this many characters (items stay far below DynamoDB's 400 KB). */
export const RAW_BODY_MAX_CHARS = 4_000;
/** Unparsed bodies are kept larger: they are what an operator needs to fix a parser. */
export const UNPARSED_BODY_MAX_CHARS = 32_000;

const SECRET_KEY = /(pass(word|phrase)?|secret|token|credential|private.?key|api.?key|authorization|session)/i;
/** Keys that name a reference to a secret rather than the secret (a Secrets Manager ARN). */
const SECRET_REFERENCE_KEY = /arn$/i;
export const REDACTED = '[redacted]';

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !SECRET_REFERENCE_KEY.test(key);
}

/** A JSON value with secret-looking keys redacted, recursing into JSON strings (SNS `Message` is one). */
export function redactJson(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1));
  if (typeof value === 'string') {
    const trimmed = value.trimStart();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && value.length < 1_000_000) {
      try {
        return JSON.stringify(redactJson(JSON.parse(value), depth + 1));
      } catch {
        return value;
      }
    }
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value))
      out[key] = isSecretKey(key) ? REDACTED : redactJson(inner, depth + 1);
    return out;
  }
  return value;
}

/** Redacts `"password": "..."`-like pairs in text that is not valid JSON (a truncated body). */
function redactText(text: string): string {
  return text.replace(/("([^"\\]*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (match, prefix: string, key: string) =>
    isSecretKey(key) ? `${prefix}"${REDACTED}"` : match,
  );
}

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
    redacted = JSON.stringify(redactJson(JSON.parse(body)));
  } catch {
    redacted = redactText(body);
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
 * undefined dropped; secret-looking keys redacted.
 */
export function toStorable(value: unknown, limits: StorableLimits = DEFAULT_LIMITS, depth = 0): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string')
    return value.length > limits.maxString ? `${value.slice(0, limits.maxString)}…` : value;
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
      const stored = isSecretKey(key) ? REDACTED : toStorable(inner, limits, depth + 1);
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
