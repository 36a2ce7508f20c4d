import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { OutgoingRequest, RequestSigner } from './api-client';

/**
 * Signs requests to a deployed API with SigV4 for `execute-api`, with the SDK's signer. Loaded only for a deployed API,
 * so a command against the local runtime does not pay for it at startup.
 */
export function sigV4Signer(options: {
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}): RequestSigner {
  const signer = new SignatureV4({
    service: 'execute-api',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  return async (request: OutgoingRequest) => {
    const { url } = request;
    const signed = (await signer.sign(
      new HttpRequest({
        method: request.method,
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: request.query,
        headers: { host: url.host, ...request.headers },
        ...(request.body !== undefined ? { body: request.body } : {}),
      }),
    )) as HttpRequest;
    const headers = { ...signed.headers };
    delete headers.host; // node:http sets Host from the URL; the value is the same.
    return headers;
  };
}
