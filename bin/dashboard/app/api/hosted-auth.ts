/**
 * Hosted sign-in: Cognito's managed login with the authorization code flow and PKCE (RFC 7636, S256), then the
 * identity pool's temporary credentials for the role the user's group maps to. Plain `fetch`, no AWS SDK.
 * Tokens live in memory and in sessionStorage only (gone with the tab); the credentials in memory only.
 * Every browser dependency is a parameter (`HostedBrowser`), so the logic runs under unit tests without a DOM.
 */

/** The hosted fields of `/config.json` that sign-in needs. */
export interface HostedAuthConfig {
  readonly region: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  readonly cognitoDomain: string;
}

/** The part of `Storage` (sessionStorage) that sign-in uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What sign-in needs from the browser. */
export interface HostedBrowser {
  readonly storage: KeyValueStorage;
  /** The page's current URL. */
  currentUrl(): string;
  /** Leaves the page (to the managed login, or to sign out). */
  navigate(url: string): void;
  /** Replaces the current history entry's URL without loading it (drops `?code=&state=`). */
  replaceUrl(url: string): void;
  fetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<Response>;
  randomBytes(length: number): Uint8Array;
  sha256(data: Uint8Array): Promise<ArrayBuffer>;
  now(): number;
}

/** Temporary AWS credentials of the mapped role; `expiration` in epoch milliseconds. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: number;
}

/** The user pool's tokens; `expiresAt` (epoch ms) is the id token's `exp`. */
export interface UserTokens {
  readonly idToken: string;
  readonly refreshToken?: string;
  readonly expiresAt: number;
}

/** Sign-in failed; the message is for the user (no token, no stack). */
export class SignInError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

const STORAGE = { pkce: 'mediamon.pkce', tokens: 'mediamon.tokens' } as const;
/** Refresh this long before expiry, so a request signed now is not refused as expired when it arrives. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** Base64url without padding (RFC 7636 §A). */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A code verifier: 32 random octets, base64url (43 characters, within RFC 7636's 43-128). */
export function codeVerifier(randomBytes: (length: number) => Uint8Array): string {
  return base64Url(randomBytes(32));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallenge(
  verifier: string,
  sha256: (data: Uint8Array) => Promise<ArrayBuffer>,
): Promise<string> {
  return base64Url(new Uint8Array(await sha256(new TextEncoder().encode(verifier))));
}

/** The redirect URI: the dashboard's root on its own origin (the app client's callback URL). */
export const redirectUriOf = (currentUrl: string): string => `${new URL(currentUrl).origin}/`;

/** The managed login's authorize URL. */
export function authorizeUrl(
  config: HostedAuthConfig,
  request: { redirectUri: string; state: string; challenge: string },
): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.userPoolClientId,
    redirect_uri: request.redirectUri,
    scope: 'openid email profile',
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  });
  return `${config.cognitoDomain}/oauth2/authorize?${params.toString()}`;
}

/** The `exp` of a JWT in epoch milliseconds (the identity pool verifies the token; this only schedules refreshes). */
export function tokenExpiry(jwt: string): number {
  const payload = jwt.split('.')[1];
  if (!payload) throw new SignInError('The sign-in token is malformed.');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const exp = (JSON.parse(json) as { exp?: unknown }).exp;
  if (typeof exp !== 'number') throw new SignInError('The sign-in token has no expiry.');
  return exp * 1000;
}

async function tokenRequest(
  config: HostedAuthConfig,
  browser: HostedBrowser,
  form: Record<string, string>,
): Promise<{ id_token: string; refresh_token?: string }> {
  const response = await browser.fetch(`${config.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.userPoolClientId, ...form }).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as {
    id_token?: string;
    refresh_token?: string;
    error?: string;
  };
  if (!response.ok || !body.id_token)
    throw new SignInError(`Sign-in was refused (${body.error ?? `HTTP ${response.status}`}). Sign in again.`);
  return { id_token: body.id_token, ...(body.refresh_token ? { refresh_token: body.refresh_token } : {}) };
}

/** Exchanges the authorization code (with the PKCE verifier) for the user's tokens. */
export async function exchangeCode(
  config: HostedAuthConfig,
  browser: HostedBrowser,
  request: { code: string; verifier: string; redirectUri: string },
): Promise<UserTokens> {
  const body = await tokenRequest(config, browser, {
    grant_type: 'authorization_code',
    code: request.code,
    code_verifier: request.verifier,
    redirect_uri: request.redirectUri,
  });
  return { idToken: body.id_token, refreshToken: body.refresh_token, expiresAt: tokenExpiry(body.id_token) };
}

/** New tokens from the refresh token (Cognito keeps the refresh token; it does not rotate here). */
export async function refreshTokens(
  config: HostedAuthConfig,
  browser: HostedBrowser,
  refreshToken: string,
): Promise<UserTokens> {
  const body = await tokenRequest(config, browser, { grant_type: 'refresh_token', refresh_token: refreshToken });
  return {
    idToken: body.id_token,
    refreshToken: body.refresh_token ?? refreshToken,
    expiresAt: tokenExpiry(body.id_token),
  };
}

async function identityCall<T>(
  config: HostedAuthConfig,
  browser: HostedBrowser,
  target: 'GetId' | 'GetCredentialsForIdentity',
  body: Record<string, unknown>,
): Promise<T> {
  const response = await browser.fetch(`https://cognito-identity.${config.region}.amazonaws.com/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json().catch(() => ({}))) as T & { __type?: string; message?: string };
  if (!response.ok) {
    const type = (parsed.__type ?? `HTTP ${response.status}`).split('#').pop();
    // NotAuthorizedException: a user in no group (or an ambiguous token) gets no role: the mapping denies it.
    throw new SignInError(`The identity pool refused credentials (${type}): ${parsed.message ?? 'no detail'}`);
  }
  return parsed;
}

/** The mapped role's credentials for a signed-in user: GetId, then GetCredentialsForIdentity, with the id token. */
export async function identityCredentials(
  config: HostedAuthConfig,
  browser: HostedBrowser,
  idToken: string,
): Promise<AwsCredentials> {
  const logins = { [`cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`]: idToken };
  const { IdentityId } = await identityCall<{ IdentityId: string }>(config, browser, 'GetId', {
    IdentityPoolId: config.identityPoolId,
    Logins: logins,
  });
  const { Credentials } = await identityCall<{
    Credentials: { AccessKeyId: string; SecretKey: string; SessionToken: string; Expiration: number };
  }>(config, browser, 'GetCredentialsForIdentity', { IdentityId, Logins: logins });
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretKey,
    sessionToken: Credentials.SessionToken,
    // The identity service answers epoch seconds.
    expiration: Credentials.Expiration * 1000,
  };
}

/**
 * A value that expires (credentials, tokens): `get()` answers the held value until `REFRESH_MARGIN_MS` before its
 * expiry, then loads a new one; concurrent callers share one load, and a failed load is not kept.
 */
export class Expiring<T> {
  private value?: T;
  private loading?: Promise<T>;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly expiresAt: (value: T) => number,
    private readonly now: () => number,
    private readonly marginMs = REFRESH_MARGIN_MS,
  ) {}

  async get(): Promise<T> {
    if (this.value !== undefined && this.now() < this.expiresAt(this.value) - this.marginMs) return this.value;
    this.loading ??= this.load().then(
      (value) => {
        this.value = value;
        this.loading = undefined;
        return value;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  /** Forgets the value, so the next `get` loads. */
  clear(): void {
    this.value = undefined;
  }
}

/** A signed-in hosted session: the role's credentials, refreshed before expiry, and sign-out. */
export interface HostedSession {
  credentials(): Promise<AwsCredentials>;
  signOut(): void;
}

/**
 * Signs the user in, or finishes signing in: on the callback (`?code=&state=`), checks the state against the one saved
 * before leaving, exchanges the code and returns to the page the user asked for; with tokens in sessionStorage, reuses
 * them; otherwise saves a new verifier and state and leaves for the managed login (the promise then never settles).
 */
export async function startHostedSession(config: HostedAuthConfig, browser: HostedBrowser): Promise<HostedSession> {
  const url = new URL(browser.currentUrl());
  const redirectUri = redirectUriOf(url.href);
  const code = url.searchParams.get('code');
  const error = url.searchParams.get('error');
  let tokens: UserTokens | undefined;
  if (code !== null || error !== null) {
    const saved = readJson<{ verifier: string; state: string; returnTo: string }>(browser.storage, STORAGE.pkce);
    browser.storage.removeItem(STORAGE.pkce);
    // The code is single-use: drop it from the address bar now, so a reload after a failure signs in afresh.
    browser.replaceUrl(saved?.returnTo ?? url.pathname);
    if (error !== null) throw new SignInError(`Sign-in failed: ${url.searchParams.get('error_description') ?? error}`);
    if (!saved || saved.state !== url.searchParams.get('state'))
      throw new SignInError('The sign-in answer does not match this tab (state mismatch). Reload to sign in again.');
    tokens = await exchangeCode(config, browser, { code: code!, verifier: saved.verifier, redirectUri });
    browser.storage.setItem(STORAGE.tokens, JSON.stringify(tokens));
  } else {
    tokens = readJson<UserTokens>(browser.storage, STORAGE.tokens);
  }
  if (!tokens || (!tokens.refreshToken && tokens.expiresAt <= browser.now())) {
    await redirectToLogin(config, browser, `${url.pathname}${url.search}${url.hash}`, redirectUri);
    return new Promise<never>(() => undefined);
  }

  let current = tokens;
  // Called only from the credentials' load, which is single-flight: one refresh at a time.
  const freshTokens = async (): Promise<UserTokens> => {
    if (current.expiresAt - REFRESH_MARGIN_MS > browser.now()) return current;
    if (!current.refreshToken) throw new SignInError('The session has expired. Reload to sign in again.');
    current = await refreshTokens(config, browser, current.refreshToken);
    browser.storage.setItem(STORAGE.tokens, JSON.stringify(current));
    return current;
  };
  const credentials = new Expiring<AwsCredentials>(
    async () => identityCredentials(config, browser, (await freshTokens()).idToken),
    (c) => c.expiration,
    () => browser.now(),
  );
  return {
    credentials: () => credentials.get(),
    signOut() {
      browser.storage.removeItem(STORAGE.tokens);
      credentials.clear();
      const params = new URLSearchParams({ client_id: config.userPoolClientId, logout_uri: redirectUri });
      browser.navigate(`${config.cognitoDomain}/logout?${params.toString()}`);
    },
  };
}

async function redirectToLogin(
  config: HostedAuthConfig,
  browser: HostedBrowser,
  returnTo: string,
  redirectUri: string,
): Promise<void> {
  const verifier = codeVerifier((n) => browser.randomBytes(n));
  const state = base64Url(browser.randomBytes(16));
  browser.storage.setItem(STORAGE.pkce, JSON.stringify({ verifier, state, returnTo }));
  const challenge = await codeChallenge(verifier, (data) => browser.sha256(data));
  browser.navigate(authorizeUrl(config, { redirectUri, state, challenge }));
}

function readJson<T>(storage: KeyValueStorage, key: string): T | undefined {
  const raw = storage.getItem(key);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    storage.removeItem(key);
    return undefined;
  }
}
