import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { signingTransport, signRequest } from '../../../bin/dashboard/app/api/hosted-transport';
import type { AwsCredentials } from '../../../bin/dashboard/app/api/hosted-auth';

const CREDENTIALS: AwsCredentials = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN',
  expiration: Date.UTC(2026, 11, 2, 11, 0, 0),
};
const DATE = new Date(Date.UTC(2026, 11, 2, 10, 30, 0));
const API = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/v1';
const FLOW = encodeURIComponent('arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc:Awards Show');

describe('signRequest', () => {
  it('signs as the AWS SDK signer does for the same request and credentials', async () => {
    // Prepare
    const body = JSON.stringify({ name: 'partner', subscribers: ['444455556666'] });
    const request = {
      method: 'POST',
      url: `${API}/flows/${FLOW}/entitlements?dryRun=false`,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body,
    };
    const reference = new SignatureV4({
      service: 'execute-api',
      region: 'eu-west-1',
      credentials: {
        accessKeyId: CREDENTIALS.accessKeyId,
        secretAccessKey: CREDENTIALS.secretAccessKey,
        sessionToken: CREDENTIALS.sessionToken,
      },
      sha256: Sha256,
    });
    const expected = await reference.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
        path: `/v1/flows/${FLOW}/entitlements`,
        query: { dryRun: 'false' },
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          host: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
        },
        body,
      },
      { signingDate: DATE },
    );

    // Act
    const headers = await signRequest(request, {
      region: 'eu-west-1',
      service: 'execute-api',
      credentials: CREDENTIALS,
      signingDate: DATE,
    });

    // Assess
    expect(headers.authorization).toBe(expected.headers.authorization);
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEEXAMPLE12\/20261202\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toBe('20261202T103000Z');
    expect(headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(headers).not.toHaveProperty('host');
  });

  it("reproduces the signature of AWS's documented SigV4 example (IAM ListUsers)", async () => {
    // Prepare: https://docs.aws.amazon.com/general/latest/gr/sigv4-create-canonical-request.html (the example's
    // request, key and time), without a session token.
    const request = {
      method: 'GET',
      url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    };

    // Act
    const headers = await signRequest(request, {
      region: 'us-east-1',
      service: 'iam',
      // Long-term keys: no session token, so no x-amz-security-token header.
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        expiration: CREDENTIALS.expiration,
      } as AwsCredentials,
      signingDate: new Date(Date.UTC(2015, 7, 30, 12, 36, 0)),
      applyChecksum: false,
    });

    // Assess
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    );
  });
});

describe('signingTransport', () => {
  it('signs each call with the credentials current at that moment and sends no host header', async () => {
    // Prepare
    const sent: Array<{ url: string; init: RequestInit }> = [];
    const send = async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response('{}', { status: 200 });
    };
    let current = CREDENTIALS;
    const transport = signingTransport('eu-west-1', async () => current, send);

    // Act
    await transport({ method: 'GET', url: `${API}/flows`, headers: { accept: 'application/json' } });
    current = { ...CREDENTIALS, accessKeyId: 'ASIAROTATEDROTATED34', sessionToken: 'rotated-token' };
    await transport({ method: 'GET', url: `${API}/flows`, headers: { accept: 'application/json' } });

    // Assess
    const headers = sent.map((s) => s.init.headers as Record<string, string>);
    expect(headers[0]!.authorization).toContain('Credential=ASIAEXAMPLEEXAMPLE12/');
    expect(headers[1]!.authorization).toContain('Credential=ASIAROTATEDROTATED34/');
    expect(headers[1]!['x-amz-security-token']).toBe('rotated-token');
    expect(sent.every((s) => !('host' in (s.init.headers as object)))).toBe(true);
    expect(sent[0]!.init).toMatchObject({ method: 'GET', credentials: 'omit', mode: 'cors' });
    expect(sent[0]!.url).toBe(`${API}/flows`);
  });
});
