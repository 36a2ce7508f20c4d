import { InvalidPageTokenError, PageTokenCodec } from '../../../../lambdas/api/http/page-token';

const SECRET = 'per-deployment-secret-value';
const KEY = {
  pk: 'RES#arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-a:b',
  sk: '#META',
  gsi1pk: 'LIST#x',
  gsi1sk: 'b#arn',
};

function codecAt(now: number, secret = SECRET, salt = 'table-a') {
  return new PageTokenCodec(secret, salt, { now: () => now });
}

describe('PageTokenCodec', () => {
  const scope = { route: 'listFlows', account: '111122223333', region: 'eu-west-1', status: 'ACTIVE' };

  it('gives back the LastEvaluatedKey it encoded for the same query', async () => {
    // Prepare
    const codec = codecAt(1_000_000);

    // Act
    const key = await codec.decode(scope, await codec.encode(scope, KEY));

    // Assess
    expect(key).toEqual(KEY);
  });

  it('rejects a token whose payload was altered', async () => {
    // Prepare
    const codec = codecAt(1_000_000);
    const [body, signature] = (await codec.encode(scope, KEY)).split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    payload.k.pk = 'RES#somewhere-else';
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;

    // Act & Assess
    await expect(codec.decode(scope, forged)).rejects.toThrow(InvalidPageTokenError);
  });

  it('rejects a token replayed against another filter', async () => {
    // Prepare
    const codec = codecAt(1_000_000);
    const token = await codec.encode(scope, KEY);

    // Act & Assess
    await expect(codec.decode({ ...scope, status: 'STANDBY' }, token)).rejects.toThrow('different filters');
  });

  it('rejects a token issued by another deployment', async () => {
    // Prepare
    const token = await codecAt(1_000_000).encode(scope, KEY);

    // Act & Assess
    await expect(codecAt(1_000_000, SECRET, 'table-b').decode(scope, token)).rejects.toThrow(
      'was issued by another deployment',
    );
    await expect(codecAt(1_000_000, 'another-deployment-secret').decode(scope, token)).rejects.toThrow(
      InvalidPageTokenError,
    );
  });

  it('rejects a token after it expires', async () => {
    // Prepare
    const token = await codecAt(1_000_000).encode(scope, KEY);

    // Act & Assess
    await expect(codecAt(1_000_000 + 3_601_000).decode(scope, token)).rejects.toThrow('expired');
    expect(await codecAt(1_000_000 + 3_599_000).decode(scope, token)).toEqual(KEY);
  });

  it.each(['', 'abc', 'a.b.c', 'x'.repeat(5000)])('rejects the malformed token %#', async (token) => {
    // Act & Assess
    await expect(codecAt(1).decode(scope, token)).rejects.toThrow(InvalidPageTokenError);
  });

  it('refuses a short secret', () => {
    // Act & Assess
    expect(() => codecAt(1, 'short')).toThrow(RangeError);
  });
});
