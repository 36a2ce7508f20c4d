import { REDACTED, storableBody, toStorable } from '../../../lambdas/events/stored-body';

describe('storableBody', () => {
  it('redacts secret-looking keys, inside JSON strings too, and keeps secret ARNs', () => {
    // Prepare
    const inner = JSON.stringify({
      HlsIngest: { IngestEndpoints: [{ Username: 'u', Password: 'p4ss' }] },
      SecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:key',
    });
    const body = JSON.stringify({ Type: 'Notification', Message: inner, token: 'abc' });

    // Act
    const stored = storableBody(body, 10_000);

    // Assess
    expect(stored.body).not.toContain('p4ss');
    expect(stored.body).not.toContain('"abc"');
    expect(stored.body).toContain('arn:aws:secretsmanager');
    expect(JSON.parse(JSON.parse(stored.body).Message).HlsIngest.IngestEndpoints[0].Password).toBe(REDACTED);
  });

  it('redacts secrets in a body that is not valid JSON, then truncates it', () => {
    // Act
    const body = `{"password": "hunter2", "x": "${'y'.repeat(100)}`;
    const stored = storableBody(body, 40);

    // Assess
    expect(stored).toEqual({
      body: `{"password": "${REDACTED}", "x": "${'y'.repeat(100)}`.slice(0, 40),
      truncated: true,
      length: body.length,
    });
  });
});

describe('toStorable', () => {
  it('drops what DynamoDB cannot hold and bounds what it can', () => {
    // Act
    const stored = toStorable({
      a: Infinity,
      b: NaN,
      c: 'x'.repeat(3_000),
      d: Array.from({ length: 80 }, (_, i) => i),
      f: () => 1,
      g: undefined,
      ok: 1,
    }) as Record<string, unknown>;

    // Assess
    expect(Object.keys(stored).sort()).toEqual(['c', 'd', 'ok']);
    expect((stored.c as string).length).toBe(2_001);
    expect(stored.d).toHaveLength(50);
  });
});
