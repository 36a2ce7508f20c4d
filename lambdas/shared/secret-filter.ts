/**
 * The one secret filter, for everything the monitor stores: inventory records (fields dropped) and event bodies and
 * details (fields replaced by a marker). A field is secret by its name; a string is also searched for secret values
 * by pattern (a bearer token, an AWS secret access key, `password=…`, a private key, a URL's password), because free
 * text such as a description or an error message can carry one.
 */

export const REDACTED = '[redacted]';

/**
 * Field names that hold secrets: passwords and passphrases, keys (`Key`, `StaticKeyValue`, `PrivateKey`, `ApiKey`),
 * secrets, tokens, credentials, authorization headers and signatures.
 */
const SECRET_FIELD =
  /passw(or)?d|passphrase|^pass$|^pwd$|secret|token|credential|authorization|signature|private.?key|api.?key|key.?value|key$/i;
/** Names that reference or describe a secret without holding it: a Secrets Manager ARN, a key type or a key id. */
const SECRET_REFERENCE_FIELD = /arn$|type$|id$/i;

export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD.test(name) && !SECRET_REFERENCE_FIELD.test(name);
}

/**
 * Name-value pairs in free text whose value is a secret: `password=…`, `"token": "…"`, `passphrase: '…'`, a key pair's
 * `"sessionToken": "…"` or `AWS_SESSION_TOKEN=…`. Not an ARN's `:secret:<name>`, which names a secret.
 */
const SECRET_ASSIGNMENT =
  /(?<![:/])\b((?:passw(?:or)?d|passphrase|pwd|secret|token|api[_-]?key|aws_?secret_?access_?key|secret_?access_?key|(?:aws_?)?session_?token)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s"',;&]+)/gi;

/** Secret values recognised by their shape, with what replaces them. */
const SECRET_VALUE_PATTERNS: readonly { readonly pattern: RegExp; readonly replace: string }[] = [
  {
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    replace: `-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`,
  },
  // `Authorization: Bearer …`, `Basic …`: the scheme stays, the credentials go.
  { pattern: /\b(Bearer|Basic|Digest)\s+[A-Za-z0-9\-._~+/]+=*/gi, replace: `$1 ${REDACTED}` },
  // `srt://user:password@host`: the user stays.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, replace: `$1${REDACTED}@` },
];

/** Free text with every secret value it contains replaced by `[redacted]`. */
export function redactSecretText(text: string): string {
  let out = text;
  for (const { pattern, replace } of SECRET_VALUE_PATTERNS) out = out.replace(pattern, replace);
  return out.replace(SECRET_ASSIGNMENT, (match, prefix: string, value: string) =>
    value === REDACTED || value === `"${REDACTED}"` ? match : `${prefix}${quoteLike(value)}`,
  );
}

function quoteLike(value: string): string {
  if (value.startsWith('"')) return `"${REDACTED}"`;
  if (value.startsWith("'")) return `'${REDACTED}'`;
  return REDACTED;
}

/** A deep copy without any secret field, its strings redacted: for records whose shape we own (the inventory). */
export function withoutSecrets<T>(value: T): T {
  if (typeof value === 'string') return redactSecretText(value) as T;
  if (Array.isArray(value)) return value.map(withoutSecrets) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isSecretFieldName(key)) out[key] = withoutSecrets(v);
  }
  return out as T;
}

/**
 * A deep copy with every secret field's value replaced by `[redacted]` (so a reader sees the field was there) and its
 * strings redacted, recursing into strings that hold JSON (an SNS `Message` is one): for bodies we do not own.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 32) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (typeof value === 'string') {
    const trimmed = value.trimStart();
    if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && value.length < 1_000_000) {
      try {
        return JSON.stringify(redactSecrets(JSON.parse(value), depth + 1));
      } catch {
        return redactSecretText(value);
      }
    }
    return redactSecretText(value);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value))
      out[key] = isSecretFieldName(key) ? REDACTED : redactSecrets(inner, depth + 1);
    return out;
  }
  return value;
}

/** Text that may be JSON but does not parse (a truncated body): `"password": "…"` pairs and secret values redacted. */
export function redactSecretsInText(text: string): string {
  const pairs = text.replace(/("([^"\\]*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (match, prefix: string, key: string) =>
    isSecretFieldName(key) ? `${prefix}"${REDACTED}"` : match,
  );
  return redactSecretText(pairs);
}
