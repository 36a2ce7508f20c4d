import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { DashboardBundle } from '../dashboard/build';
import { startDashboardServer, type DashboardUpstream } from '../dashboard/server';
import type { CredentialsSource } from './deployed-api';

/**
 * `mediamon dashboard`: the web dashboard on loopback in front of a deployed API. The server signs every API call with
 * SigV4 using the operator's credentials (the default chain, or `--role-arn` assumed through STS), so no credential
 * reaches the browser and the stack needs no auth infrastructure for it. Against the local runtime's URL it forwards
 * unsigned, as the other commands do. Runs until Ctrl-C.
 *
 * Loaded by run-cli.ts only for this command, and bundled in a file of its own (bin/cli/cli-bundle.js): it loads esbuild
 * to build the app.
 */

/** The port `mediamon dashboard` listens on by default (the demo's dashboard port: run one or the other). */
export const DEFAULT_CLI_DASHBOARD_PORT = 3002;

export interface DashboardCommandOptions {
  readonly apiUrl: string;
  /** False for the local runtime's loopback URL, which is called unsigned. */
  readonly signed: boolean;
  readonly region?: string | undefined;
  readonly roleArn?: string | undefined;
  readonly port: number;
}

export interface DashboardCommandIo {
  stdout(text: string): void;
  /** @default cliCredentials (deployed-api.ts) */
  credentials?: CredentialsSource;
  /** @default buildDashboard() */
  bundle?: DashboardBundle;
  /** Resolves when the server should stop. @default the first SIGINT or SIGTERM */
  untilStopped?: Promise<void>;
}

/** Starts the server, prints its URL, serves until stopped. Throws when the credentials cannot be had at startup. */
export async function runDashboardCommand(options: DashboardCommandOptions, io: DashboardCommandIo): Promise<void> {
  const upstream = await upstreamFor(options, io.credentials);
  const server = await startDashboardServer({
    upstream,
    port: options.port,
    ...(io.bundle ? { bundle: io.bundle } : {}),
  }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`port ${options.port} is in use; choose another with --port (0: any free port)`);
    throw error;
  });
  const signedAs = !options.signed
    ? 'unsigned (local runtime)'
    : options.roleArn
      ? `signed as ${options.roleArn}`
      : 'signed with your default AWS credentials';
  io.stdout(`dashboard ${server.url}\n`);
  io.stdout(`API ${options.apiUrl}, ${signedAs}; credentials stay in this process. Ctrl-C to stop.\n`);
  try {
    await (io.untilStopped ?? signalled());
  } finally {
    await server.close();
  }
}

/**
 * The proxy's upstream. The credentials are resolved once here, so a missing chain or a refused role assumption fails
 * the command at once rather than every call in the browser; the SDK refreshes them later.
 */
async function upstreamFor(
  options: DashboardCommandOptions,
  credentials: CredentialsSource | undefined,
): Promise<DashboardUpstream> {
  if (!options.signed) return { kind: 'local', url: options.apiUrl, role: 'operator' };
  if (!options.region) throw new Error('no Region to sign with');
  const source = credentials ?? (await import('./deployed-api')).deployedApiCredentials;
  const provider: AwsCredentialIdentity | AwsCredentialIdentityProvider = source({
    region: options.region,
    roleArn: options.roleArn,
  });
  try {
    if (typeof provider === 'function') await provider();
  } catch (error) {
    throw new Error(`no usable AWS credentials: ${(error as Error).message}`);
  }
  return { kind: 'signed', url: options.apiUrl, region: options.region, credentials: provider };
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
