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

  it('gives back the LastEvaluatedKey it encoded for the same query', () => {
    // Prepare
    const codec = codecAt(1_000_000);

    // Act
    const key = codec.decode(scope, codec.encode(scope, KEY));

    // Assess
    expect(key).toEqual(KEY);
  });

  it('rejects a token whose payload was altered', () => {
    // Prepare
    const codec = codecAt(1_000_000);
    const [body, signature] = codec.encode(scope, KEY).split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
    payload.k.pk = 'RES#somewhere-else';
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;

    // Act & Assess
    expect(() => codec.decode(scope, forged)).toThrow(InvalidPageTokenError);
  });

  it('rejects a token replayed against another filter', () => {
    // Prepare
    const codec = codecAt(1_000_000);
    const token = codec.encode(scope, KEY);

    // Act & Assess
    expect(() => codec.decode({ ...scope, status: 'STANDBY' }, token)).toThrow('different filters');
  });

  it('rejects a token issued by another deployment', () => {
    // Prepare
    const token = codecAt(1_000_000).encode(scope, KEY);

    // Act & Assess
    expect(() => codecAt(1_000_000, SECRET, 'table-b').decode(scope, token)).toThrow(
      'altered or was issued by another deployment',
    );
    expect(() => codecAt(1_000_000, 'another-deployment-secret').decode(scope, token)).toThrow(InvalidPageTokenError);
  });

  it('rejects a token after it expires', () => {
    // Prepare
    const token = codecAt(1_000_000).encode(scope, KEY);

    // Act & Assess
    expect(() => codecAt(1_000_000 + 3_601_000).decode(scope, token)).toThrow('expired');
    expect(codecAt(1_000_000 + 3_599_000).decode(scope, token)).toEqual(KEY);
  });

  it.each(['', 'abc', 'a.b.c', 'x'.repeat(5000)])('rejects the malformed token %#', (token) => {
    // Act & Assess
    expect(() => codecAt(1).decode(scope, token)).toThrow(InvalidPageTokenError);
  });

  it('refuses a short secret', () => {
    // Act & Assess
    expect(() => codecAt(1, 'short')).toThrow(RangeError);
  });
});
