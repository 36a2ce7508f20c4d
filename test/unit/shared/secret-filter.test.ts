import {
  isSecretFieldName,
  REDACTED,
  redactSecretText,
  redactSecrets,
  withoutSecrets,
} from '../../../lambdas/shared/secret-filter';
import { NON_SECRET_FIELD_NAMES, SECRET_FIELD_NAMES } from './secret-field-names';

// Test values only: shaped like the real thing, valid nowhere.
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJl';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('the secret filter', () => {
  it.each(SECRET_FIELD_NAMES)('treats the field %s as secret', (name) => {
    // Act
    const secret = isSecretFieldName(name);

    // Assess
    expect(secret).toBe(true);
  });

  it.each(NON_SECRET_FIELD_NAMES)(
    'keeps the field %s, which names or describes a secret without holding one',
    (name) => {
      // Act
      const secret = isSecretFieldName(name);

      // Assess
      expect(secret).toBe(false);
    },
  );

  it.each([
    ['an Authorization header', `curl -H "Authorization: Bearer ${BEARER}" https://example.com`, BEARER],
    ['a lone bearer token', `retry with bearer ${BEARER}`, BEARER],
    ['basic credentials', 'Authorization: Basic dXNlcjpodW50ZXIy', 'dXNlcjpodW50ZXIy'],
    ['an AWS secret access key', `aws_secret_access_key = ${AWS_SECRET}`, AWS_SECRET],
    ['an AWS secret access key in JSON text', `{"SecretAccessKey":"${AWS_SECRET}"`, AWS_SECRET],
    ['a password assignment', 'connect failed: user=ops password=hunter2 host=10.0.0.1', 'hunter2'],
    ['a quoted passphrase', "passphrase: 'correct horse'", 'correct horse'],
    ['credentials in a URL', 'pull from srt://ops:hunter2@10.0.0.1:5000', 'hunter2'],
    [
      'a private key',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA',
    ],
  ])('redacts %s inside free text', (_, text, secret) => {
    // Act
    const redacted = redactSecretText(text);

    // Assess
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain(REDACTED);
  });

  it('leaves text without secrets as it was', () => {
    // Prepare
    const text =
      'Flow arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc:News secret arn:aws:secretsmanager:eu-west-1:111122223333:secret:k, keyType static-key, tokens 3';

    // Act
    const redacted = redactSecretText(text);

    // Assess
    expect(redacted).toBe(text);
  });

  it('drops secret fields at any depth and redacts secret values in the strings it keeps', () => {
    // Prepare
    const value = {
      Name: 'News',
      Description: `ops note: Authorization: Bearer ${BEARER}`,
      Sources: [{ Transport: { Passphrase: 'p4ss', StreamId: 'cam1' }, SecretArn: 'arn:aws:secretsmanager:x' }],
    };

    // Act
    const filtered = withoutSecrets(value);

    // Assess
    expect(filtered).toEqual({
      Name: 'News',
      Description: `ops note: Authorization: Bearer ${REDACTED}`,
      Sources: [{ Transport: { StreamId: 'cam1' }, SecretArn: 'arn:aws:secretsmanager:x' }],
    });
  });

  it('replaces secret fields with a marker, and secret values in strings, recursing into JSON strings', () => {
    // Prepare
    const value = {
      Message: JSON.stringify({ Password: 'p4ss', note: `password=hunter2` }),
      detail: { token: 'abc', text: `Bearer ${BEARER}` },
    };

    // Act
    const redacted = redactSecrets(value) as { Message: string; detail: Record<string, string> };

    // Assess
    expect(JSON.parse(redacted.Message)).toEqual({ Password: REDACTED, note: `password=${REDACTED}` });
    expect(redacted.detail).toEqual({ token: REDACTED, text: `Bearer ${REDACTED}` });
  });
});
