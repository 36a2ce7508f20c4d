import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The credential chain of the Lambda bundles: lib/monitor-function.ts aliases `@aws-sdk/credential-provider-node` (the
 * SDK's default chain) to this module. Lambda gives a function its execution role's credentials in
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, which is the first link of the default chain
 * (`fromEnv`); the other links (SSO, shared INI files, web identity, process, container and instance metadata) never
 * answer inside Lambda, and each client version bundles its own copy of them with STS and SSO clients (about 400 KB
 * of the 960 KB inventory bundle). Tests, the local runtime, the CLI and the bench run unbundled (or bundled by the
 * bench the same way) with the full chain.
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
