import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { userInfo } from 'node:os';

/**
 * The credentials the CLI signs with: with `roleArn`, temporary credentials of that role (the read-only or the operator
 * role), assumed through STS with the default credential chain as the source; without it, the default chain itself.
 * The SDK caches and refreshes both.
 */
export function cliCredentials(options: {
  region: string;
  roleArn?: string | undefined;
}): AwsCredentialIdentityProvider {
  if (!options.roleArn) return fromNodeProviderChain({ clientConfig: { region: options.region } });
  return fromTemporaryCredentials({
    params: { RoleArn: options.roleArn, RoleSessionName: sessionName(), DurationSeconds: 3600 },
    clientConfig: { region: options.region },
  });
}

/** `mediamon-<user>`: shows who acted in CloudTrail and in the API's audit trail (the assumed-role ARN ends with it). */
function sessionName(): string {
  let user = 'cli';
  try {
    user = userInfo().username;
  } catch {
    // No user entry (some containers): keep the generic name.
  }
  return `mediamon-${user}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
