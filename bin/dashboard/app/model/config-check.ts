import type { AppConfig } from '../api/app-config';

/** `/config.json` is not what this dashboard reads; the message names the field. */
export class AppConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppConfigError';
  }
}

const HOSTED_FIELDS = [
  'apiUrl',
  'region',
  'userPoolId',
  'userPoolClientId',
  'identityPoolId',
  'cognitoDomain',
] as const;

/**
 * Checks the served `/config.json` against `AppConfig` (by hand: zod stays out of the browser bundle). Throws an
 * AppConfigError naming the first missing or wrong field.
 */
export function parseAppConfig(value: unknown): AppConfig {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new AppConfigError('config.json is not a JSON object');
  const config = value as Record<string, unknown>;
  if (config.mode === 'proxy') {
    if (typeof config.apiBase !== 'string') throw new AppConfigError('config.json: apiBase must be a string');
    return { mode: 'proxy', apiBase: config.apiBase.replace(/\/+$/, '') };
  }
  if (config.mode === 'hosted') {
    for (const field of HOSTED_FIELDS)
      if (typeof config[field] !== 'string' || config[field] === '')
        throw new AppConfigError(`config.json: ${field} must be a non-empty string`);
    const hosted = Object.fromEntries(HOSTED_FIELDS.map((field) => [field, config[field] as string]));
    return { mode: 'hosted', ...(hosted as Omit<Extract<AppConfig, { mode: 'hosted' }>, 'mode'>) };
  }
  throw new AppConfigError(`config.json: mode must be "proxy" or "hosted", not ${JSON.stringify(config.mode)}`);
}
