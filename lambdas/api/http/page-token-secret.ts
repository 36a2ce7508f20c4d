import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../../shared/clock';
import type { PageTokenKeys, PageTokenKeySet } from './page-token';

export interface SecretsManagerPageTokenKeysOptions {
  /** The secret's ARN or name (API_TOKEN_SECRET_ARN). */
  secretId: string;
  clock: Clock;
  /** How long a fetched key set is used before it is read again. @default 300 */
  maxAgeSeconds?: number;
}

/**
 * The page-token keys from a Secrets Manager secret: AWSCURRENT signs and verifies, AWSPREVIOUS verifies, so a
 * rotation (a new value, by hand or by a rotator) takes effect within `maxAgeSeconds` with no redeploy and without
 * breaking cursors issued just before it. Read at cold start (the first request), then at most once per
 * `maxAgeSeconds`; concurrent requests share one fetch. When a refresh fails, the last key set stays in use. The
 * key is never logged or returned.
 */
export function secretsManagerPageTokenKeys(
  client: Pick<SecretsManagerClient, 'send'>,
  options: SecretsManagerPageTokenKeysOptions,
): PageTokenKeys {
  const maxAgeMs = (options.maxAgeSeconds ?? 300) * 1000;
  let cached: { keys: PageTokenKeySet; fetchedAt: number } | undefined;
  let inFlight: Promise<PageTokenKeySet> | undefined;

  const readStage = async (stage?: 'AWSPREVIOUS'): Promise<string | undefined> => {
    try {
      const answer = await client.send(
        new GetSecretValueCommand({ SecretId: options.secretId, ...(stage ? { VersionStage: stage } : {}) }),
      );
      return answer.SecretString;
    } catch (error) {
      // A secret that was never rotated has no AWSPREVIOUS version.
      if (stage && (error as Error).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  };
  const fetchKeys = async (): Promise<PageTokenKeySet> => {
    const [current, previous] = await Promise.all([readStage(), readStage('AWSPREVIOUS')]);
    if (!current) throw new Error('The page-token secret has no string value');
    return { current, ...(previous ? { previous } : {}) };
  };

  return {
    load: async () => {
      const now = options.clock.now();
      if (cached && now - cached.fetchedAt < maxAgeMs) return cached.keys;
      inFlight ??= fetchKeys()
        .then((keys) => {
          cached = { keys, fetchedAt: options.clock.now() };
          return keys;
        })
        .catch((error: unknown) => {
          if (cached) return cached.keys;
          throw error;
        })
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
  };
}
