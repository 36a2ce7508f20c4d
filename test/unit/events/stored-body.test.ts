import { REDACTED, storableBody, toStorable } from '../../../lambdas/events/stored-body';
import { NON_SECRET_FIELD_NAMES, SECRET_FIELD_NAMES } from '../shared/secret-field-names';

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

describe('the secret filter on message bodies', () => {
  const bearer = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJl';

  it('redacts a bearer token inside a free-text field of a JSON body', () => {
    // Prepare
    const body = JSON.stringify({
      'detail-type': 'MediaConnect Flow Status Change',
      detail: { note: `curl -H "Authorization: Bearer ${bearer}" https://example.com` },
    });

    // Act
    const stored = storableBody(body, 10_000);

    // Assess
    expect(stored.body).not.toContain(bearer);
    expect(JSON.parse(stored.body).detail.note).toBe(`curl -H "Authorization: Bearer ${REDACTED}" https://example.com`);
  });

  it('redacts a bearer token and a password assignment in an unparsed text body', () => {
    // Prepare
    const body = `not json: Authorization: Bearer ${bearer}; retry with password=hunter2`;

    // Act
    const stored = storableBody(body, 32_000);

    // Assess
    expect(stored.body).toBe(`not json: Authorization: Bearer ${REDACTED}; retry with password=${REDACTED}`);
  });

  it.each(SECRET_FIELD_NAMES)('redacts the value of the field %s in a body and in a stored detail', (name) => {
    // Prepare
    const value = 'value-that-must-not-be-stored';

    // Act
    const body = storableBody(JSON.stringify({ detail: { [name]: value } }), 10_000);
    const detail = toStorable({ [name]: value });

    // Assess
    expect(body.body).not.toContain(value);
    expect(detail).toEqual({ [name]: REDACTED });
  });

  it.each(NON_SECRET_FIELD_NAMES)('keeps the value of the field %s', (name) => {
    // Act
    const detail = toStorable({ [name]: 'kept' });

    // Assess
    expect(detail).toEqual({ [name]: 'kept' });
  });

  it('redacts secret values in the strings of a stored detail', () => {
    // Act
    const detail = toStorable({ message: `Bearer ${bearer}` });

    // Assess
    expect(detail).toEqual({ message: `Bearer ${REDACTED}` });
  });
});
