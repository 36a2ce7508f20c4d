import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AppConfig } from './app-config';
import { createDashboardApi, type DashboardApi, type Transport } from './dashboard-api';
import { startHostedSession, type AwsCredentials, type HostedBrowser } from './hosted-auth';

/**
 * Hosted mode's transport: every API call is signed in the browser with SigV4 (service `execute-api`) using the
 * identity pool's temporary credentials. The signer is the AWS SDK's own (`@smithy/signature-v4` with the pure-JS
 * SHA-256, 8 KB gzipped together); connect.ts loads this module by dynamic import, so only hosted mode downloads it.
 */

export type HostedConfig = Extract<AppConfig, { mode: 'hosted' }>;

/** One request to sign, as a transport receives it. */
export interface UnsignedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** The headers to send: the request's own plus `authorization`, `x-amz-date`, the session token and the payload hash. */
export async function signRequest(
  request: UnsignedRequest,
  options: {
    region: string;
    service: string;
    credentials: AwsCredentials;
    signingDate?: Date;
    applyChecksum?: boolean;
  },
): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: {
      accessKeyId: options.credentials.accessKeyId,
      secretAccessKey: options.credentials.secretAccessKey,
      sessionToken: options.credentials.sessionToken,
    },
    sha256: Sha256,
    applyChecksum: options.applyChecksum ?? true,
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => (query[name] = value));
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      // Already percent-encoded, as the SDK's own clients pass it: the signer encodes it once more (SigV4 for every
      // service but S3).
      path: url.pathname,
      query,
      headers: { ...request.headers, host: url.host },
      ...(request.body === undefined ? {} : { body: request.body }),
    },
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
  // The browser sets `host` itself (a script may not), to the same value that was signed.
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  return headers;
}

/** A transport that signs each request with the credentials `credentials()` answers at that moment. */
export function signingTransport(
  region: string,
  credentials: () => Promise<AwsCredentials>,
  send: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init),
): Transport {
  return async (request) => {
    const headers = await signRequest(request, { region, service: 'execute-api', credentials: await credentials() });
    return send(request.url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      // Another origin: no cookies, and the API answers CORS for this origin only.
      credentials: 'omit',
      mode: 'cors',
    });
  };
}

/** The DashboardApi of a hosted copy: signs the user in (or finishes signing in), then signs every call. */
export async function hostedApi(config: HostedConfig): Promise<DashboardApi> {
  const session = await startHostedSession(config, currentBrowser());
  return createDashboardApi(
    config.apiUrl,
    signingTransport(config.region, () => session.credentials()),
  );
}

/** The real browser behind `HostedBrowser`. Typed structurally, so this module also compiles without the DOM types. */
function currentBrowser(): HostedBrowser {
  const page = globalThis as unknown as {
    sessionStorage: HostedBrowser['storage'];
    location: { href: string; assign(url: string): void };
    history: { replaceState(data: unknown, unused: string, url: string): void };
  };
  return {
    storage: page.sessionStorage,
    currentUrl: () => page.location.href,
    navigate: (url) => page.location.assign(url),
    replaceUrl: (url) => page.history.replaceState(null, '', url),
    fetch: (url, init) => fetch(url, init),
    randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
    sha256: (data) => crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>),
    now: () => Date.now(),
  };
}
