import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { RequestSigner } from './api-client';
import { cliCredentials } from './credentials';
import { sigV4Signer } from './sigv4';

/** Credentials for a Region and an optional role to assume. */
export type CredentialsSource = (options: {
  region: string;
  roleArn?: string | undefined;
}) => AwsCredentialIdentity | AwsCredentialIdentityProvider;

/**
 * The signer for a deployed API: SigV4 for `execute-api` in `region`, with the default credential chain or the role it
 * assumes (`credentials` replaces both, in tests). The CLI imports this module only for a deployed API.
 */
export function deployedApiSigner(options: {
  region: string;
  roleArn?: string | undefined;
  /** @default cliCredentials: the SDK's default chain, or `roleArn` assumed through STS */
  credentials?: CredentialsSource;
}): RequestSigner {
  const credentials = (options.credentials ?? cliCredentials)({ region: options.region, roleArn: options.roleArn });
  return sigV4Signer({ region: options.region, credentials });
}

/** The credentials `mediamon dashboard` signs with: the default chain, or `roleArn` assumed through STS. */
export const deployedApiCredentials: CredentialsSource = cliCredentials;
