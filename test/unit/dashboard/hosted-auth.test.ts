import { webcrypto } from 'node:crypto';
import {
  authorizeUrl,
  base64Url,
  codeChallenge,
  codeVerifier,
  Expiring,
  REFRESH_MARGIN_MS,
  SignInError,
  startHostedSession,
  tokenExpiry,
  type HostedAuthConfig,
  type HostedBrowser,
} from '../../../bin/dashboard/app/api/hosted-auth';

const sha256 = (data: Uint8Array) => webcrypto.subtle.digest('SHA-256', data);

const CONFIG: HostedAuthConfig = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbCdEfGhI',
  userPoolClientId: '1example23456789example0abc',
  identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
  cognitoDomain: 'https://acme-media-monitor.auth.eu-west-1.amazoncognito.com',
};
const ORIGIN = 'https://d111111abcdef8.cloudfront.net';
const NOW = Date.UTC(2026, 11, 2, 10, 0, 0);

/** An unsigned JWT with this `exp` (epoch ms): the identity pool verifies tokens, the browser only reads `exp`. */
const jwt = (expiresAt: number, sub = 'user-1') =>
  ['{"alg":"none"}', JSON.stringify({ sub, exp: expiresAt / 1000 })]
    .map((part) => base64Url(new TextEncoder().encode(part)))
    .join('.') + '.';

interface FakeBrowser extends HostedBrowser {
  readonly items: Map<string, string>;
  readonly visited: string[];
  readonly replaced: string[];
  readonly calls: Array<{ url: string; headers: Record<string, string>; body: string }>;
  url: string;
  clock: number;
}

/** A browser whose token endpoint and identity pool answer from `answers`, by URL and X-Amz-Target. */
function fakeBrowser(
  url: string,
  answers: (call: { url: string; target?: string; body: string }) => unknown,
): FakeBrowser {
  const items = new Map<string, string>();
  const browser: FakeBrowser = {
    items,
    visited: [],
    replaced: [],
    calls: [],
    url,
    clock: NOW,
    storage: {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
    },
    currentUrl: () => browser.url,
    navigate: (to) => void browser.visited.push(to),
    replaceUrl: (to) => void browser.replaced.push(to),
    fetch: async (to, init) => {
      browser.calls.push({ url: to, headers: init.headers, body: init.body });
      const answer = answers({ url: to, target: init.headers['x-amz-target'], body: init.body });
      return answer instanceof Response ? answer : new Response(JSON.stringify(answer), { status: 200 });
    },
    randomBytes: (length) => new Uint8Array(length).map((_, i) => i + 1),
    sha256,
    now: () => browser.clock,
  };
  return browser;
}

/** Token endpoint and identity pool answers: tokens valid for an hour, credentials for an hour. */
function cognitoAnswers(log: { refreshes: number; credentials: number }) {
  return ({ url, target, body }: { url: string; target?: string; body: string }): unknown => {
    if (url.endsWith('/oauth2/token')) {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') === 'refresh_token') log.refreshes += 1;
      return { id_token: jwt(NOW + (log.refreshes + 1) * 3_600_000), refresh_token: 'refresh-1', token_type: 'Bearer' };
    }
    if (target === 'AWSCognitoIdentityService.GetId') return { IdentityId: 'eu-west-1:identity-1' };
    log.credentials += 1;
    return {
      IdentityId: 'eu-west-1:identity-1',
      Credentials: {
        AccessKeyId: `ASIA${log.credentials}`,
        SecretKey: 'secret',
        SessionToken: `token-${log.credentials}`,
        Expiration: (NOW + 3_600_000) / 1000,
      },
    };
  };
}

describe('PKCE', () => {
  it("derives RFC 7636's verifier and S256 challenge from its example octets (appendix B)", async () => {
    // Prepare
    const octets = new Uint8Array([
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240,
      91, 88, 5, 88, 83, 132, 141, 121,
    ]);

    // Act
    const verifier = codeVerifier(() => octets);
    const challenge = await codeChallenge(verifier, sha256);

    // Assess
    expect(verifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('asks the managed login for a code with the S256 challenge and the state', () => {
    // Act
    const url = new URL(
      authorizeUrl(CONFIG, { redirectUri: `${ORIGIN}/`, state: 'state-1', challenge: 'challenge-1' }),
    );

    // Assess
    expect(`${url.origin}${url.pathname}`).toBe(`${CONFIG.cognitoDomain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CONFIG.userPoolClientId,
      redirect_uri: `${ORIGIN}/`,
      scope: 'openid email profile',
      state: 'state-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
    });
  });

  it("reads a token's expiry from its exp claim", () => {
    // Act
    const expiry = tokenExpiry(jwt(NOW + 60_000));

    // Assess
    expect(expiry).toBe(NOW + 60_000);
  });
});

describe('Expiring', () => {
  it('keeps a value until the refresh margin before its expiry, then loads a new one', async () => {
    // Prepare
    let now = NOW;
    let loads = 0;
    const value = new Expiring(
      async () => ({ n: ++loads, expiresAt: now + 3_600_000 }),
      (v) => v.expiresAt,
      () => now,
    );

    // Act
    const first = await value.get();
    now += 3_600_000 - REFRESH_MARGIN_MS - 1;
    const beforeMargin = await value.get();
    now += 1;
    const atMargin = await value.get();

    // Assess
    expect([first.n, beforeMargin.n, atMargin.n]).toEqual([1, 1, 2]);
  });

  it('shares one load between concurrent callers and does not keep a failure', async () => {
    // Prepare
    let loads = 0;
    const value = new Expiring(
      async () => {
        loads += 1;
        if (loads === 1) throw new Error('throttled');
        return { expiresAt: NOW + 3_600_000 };
      },
      (v) => v.expiresAt,
      () => NOW,
    );

    // Act
    const failed = await Promise.allSettled([value.get(), value.get()]);
    const [a, b] = await Promise.all([value.get(), value.get()]);

    // Assess
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(a).toBe(b);
    expect(loads).toBe(2);
  });
});

describe('startHostedSession', () => {
  it('leaves for the managed login with a saved verifier, state and return path when nobody is signed in', async () => {
    // Prepare
    const browser = fakeBrowser(`${ORIGIN}/flows?q=awards`, () => ({}));

    // Act
    void startHostedSession(CONFIG, browser);
    // The page is left after the challenge is hashed (WebCrypto runs off the main thread).
    for (let i = 0; i < 100 && browser.visited.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));

    // Assess
    const saved = JSON.parse(browser.items.get('mediamon.pkce')!) as {
      verifier: string;
      state: string;
      returnTo: string;
    };
    const login = new URL(browser.visited[0]!);
    expect(saved.returnTo).toBe('/flows?q=awards');
    expect(login.searchParams.get('state')).toBe(saved.state);
    expect(login.searchParams.get('code_challenge')).toBe(await codeChallenge(saved.verifier, sha256));
    expect(login.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/`);
  });

  it('refuses a callback whose state is not the one this tab saved', async () => {
    // Prepare
    const browser = fakeBrowser(`${ORIGIN}/?code=code-1&state=forged`, () => ({}));
    browser.items.set('mediamon.pkce', JSON.stringify({ verifier: 'v', state: 'state-1', returnTo: '/' }));

    // Act
    const started = startHostedSession(CONFIG, browser);

    // Assess
    await expect(started).rejects.toThrow(SignInError);
    await expect(started).rejects.toThrow('state mismatch');
    expect(browser.calls).toEqual([]);
    expect(browser.replaced).toEqual(['/']);
  });

  it('exchanges the code with the verifier, returns to the asked page and signs with the mapped role', async () => {
    // Prepare
    const log = { refreshes: 0, credentials: 0 };
    const browser = fakeBrowser(`${ORIGIN}/?code=code-1&state=state-1`, cognitoAnswers(log));
    browser.items.set(
      'mediamon.pkce',
      JSON.stringify({ verifier: 'verifier-1', state: 'state-1', returnTo: '/flows' }),
    );

    // Act
    const session = await startHostedSession(CONFIG, browser);
    const credentials = await session.credentials();

    // Assess
    const exchange = new URLSearchParams(browser.calls[0]!.body);
    expect(Object.fromEntries(exchange)).toEqual({
      client_id: CONFIG.userPoolClientId,
      grant_type: 'authorization_code',
      code: 'code-1',
      code_verifier: 'verifier-1',
      redirect_uri: `${ORIGIN}/`,
    });
    expect(browser.replaced).toEqual(['/flows']);
    expect(browser.items.has('mediamon.pkce')).toBe(false);
    expect(browser.calls.slice(1).map((c) => [c.url, c.headers['x-amz-target']])).toEqual([
      ['https://cognito-identity.eu-west-1.amazonaws.com/', 'AWSCognitoIdentityService.GetId'],
      ['https://cognito-identity.eu-west-1.amazonaws.com/', 'AWSCognitoIdentityService.GetCredentialsForIdentity'],
    ]);
    expect(JSON.parse(browser.calls[1]!.body)).toEqual({
      IdentityPoolId: CONFIG.identityPoolId,
      Logins: { 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI': expect.any(String) },
    });
    expect(credentials).toEqual({
      accessKeyId: 'ASIA1',
      secretAccessKey: 'secret',
      sessionToken: 'token-1',
      expiration: NOW + 3_600_000,
    });
  });

  it('refreshes the credentials, and the id token with the refresh token, before they expire', async () => {
    // Prepare
    const log = { refreshes: 0, credentials: 0 };
    const browser = fakeBrowser(`${ORIGIN}/`, cognitoAnswers(log));
    browser.items.set(
      'mediamon.tokens',
      JSON.stringify({ idToken: jwt(NOW + 3_600_000), refreshToken: 'refresh-1', expiresAt: NOW + 3_600_000 }),
    );
    const session = await startHostedSession(CONFIG, browser);

    // Act
    const first = await session.credentials();
    browser.clock = NOW + 30 * 60_000;
    const halfway = await session.credentials();
    browser.clock = NOW + 3_600_000 - REFRESH_MARGIN_MS;
    const nearExpiry = await session.credentials();

    // Assess
    expect([first.sessionToken, halfway.sessionToken, nearExpiry.sessionToken]).toEqual([
      'token-1',
      'token-1',
      'token-2',
    ]);
    expect(log.refreshes).toBe(1);
    expect(browser.visited).toEqual([]);
  });

  it('signs out: forgets the tokens and leaves for the managed logout', async () => {
    // Prepare
    const browser = fakeBrowser(`${ORIGIN}/flows`, () => ({}));
    browser.items.set('mediamon.tokens', JSON.stringify({ idToken: jwt(NOW + 3_600_000), expiresAt: NOW + 3_600_000 }));
    const session = await startHostedSession(CONFIG, browser);

    // Act
    session.signOut();

    // Assess
    expect(browser.items.has('mediamon.tokens')).toBe(false);
    expect(browser.visited).toEqual([
      `${CONFIG.cognitoDomain}/logout?client_id=${CONFIG.userPoolClientId}&logout_uri=${encodeURIComponent(`${ORIGIN}/`)}`,
    ]);
  });

  it("shows the identity pool's refusal of a user in no group as a sign-in error", async () => {
    // Prepare
    const browser = fakeBrowser(`${ORIGIN}/`, ({ target }) =>
      target === 'AWSCognitoIdentityService.GetId'
        ? { IdentityId: 'eu-west-1:identity-1' }
        : new Response(JSON.stringify({ __type: 'NotAuthorizedException', message: 'Ambiguous role mapping' }), {
            status: 400,
          }),
    );
    browser.items.set('mediamon.tokens', JSON.stringify({ idToken: jwt(NOW + 3_600_000), expiresAt: NOW + 3_600_000 }));
    const session = await startHostedSession(CONFIG, browser);

    // Act
    const credentials = session.credentials();

    // Assess
    await expect(credentials).rejects.toThrow(
      'The identity pool refused credentials (NotAuthorizedException): Ambiguous role mapping',
    );
  });
});
