import { createParameterReader, createSecretsManagerClient, createStsClient } from './clients';
import { systemClock, type Clock } from './clock';
import { ENV, optionalEnv } from './env';
import { createTargetCredentials, type TargetCredentials, type TargetCredentialsDeps } from './target-credentials';
import { TargetRegistrySource } from './watched-targets';

/**
 * How a function reaches its watched targets, created once per cold start: the registry from its environment, and
 * credentials that assume roles and read key pairs with the function's own role.
 */

/**
 * The registry source of a function's environment: WATCHED_TARGETS inline, else the SSM parameter TARGETS_PARAMETER
 * names (the SSM client is created only then), else the deployment alone (ACCOUNT_ID in AWS_REGION).
 */
export function functionTargetRegistry(env: NodeJS.ProcessEnv = process.env): TargetRegistrySource {
  return new TargetRegistrySource(
    env,
    optionalEnv(ENV.targetsParameter, '', env) !== '' ? createParameterReader() : undefined,
  );
}

/** A function's target credentials: STS and Secrets Manager with its own role, the session `media-monitor-<fn>`. */
export function functionTargetCredentials(
  fn: string,
  options: { readonly clock?: Clock; readonly logger?: TargetCredentialsDeps['logger'] } = {},
): TargetCredentials {
  return createTargetCredentials({
    sts: createStsClient(),
    secrets: createSecretsManagerClient(),
    clock: options.clock ?? systemClock,
    sessionName: `media-monitor-${fn}`,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
