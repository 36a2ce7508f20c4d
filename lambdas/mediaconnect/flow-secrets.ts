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

/** The inventory drops secret fields and redacts secret values in strings: the one secret filter. */
export { isSecretFieldName, withoutSecrets } from '../shared/secret-filter';
