import type { EncryptionSummary } from './flow-model';

/**
 * What of MediaConnect's encryption settings may be stored. `Encryption` (output, entitlement) and `Decryption` (source)
 * reference secrets (Secrets Manager ARN, SPEKE endpoints) but a response could carry more, now or in a later API version;
 * only these non-secret string fields are kept, everything else is dropped.
 */
const ENCRYPTION_FIELDS: readonly (keyof EncryptionSummary)[] = [
  'keyType',
  'algorithm',
  'roleArn',
  'secretArn',
  'resourceId',
  'deviceId',
  'url',
  'region',
  'constantInitializationVector',
];

export function encryptionSummary(encryption: Record<string, unknown> | undefined): EncryptionSummary | undefined {
  if (!encryption) return undefined;
  const summary: EncryptionSummary = {};
  for (const field of ENCRYPTION_FIELDS) {
    const value = encryption[field];
    if (typeof value === 'string') summary[field] = value;
  }
  return Object.keys(summary).length ? summary : undefined;
}

/**
 * Field names that may hold a secret value: passwords, passphrases, keys, tokens, credentials, secrets (but not a
 * `secretArn`, which names a secret). Matching fields are dropped wherever they appear in free-form data.
 */
const SECRET_FIELD = /password|passphrase|secret(?!arn)|private.?key|key$|key.?value|credential|token/i;

export const isSecretFieldName = (name: string): boolean => SECRET_FIELD.test(name);

/** A deep copy without any field whose name looks secret. */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSecrets) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isSecretFieldName(key)) out[key] = withoutSecrets(v);
  }
  return out as T;
}
