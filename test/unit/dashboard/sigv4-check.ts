import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IncomingHttpHeaders } from 'node:http';

/** A request as an HTTP server standing in for API Gateway received it. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * What API Gateway does with a request: take the headers the Authorization header says were signed, sign the request
 * again with the same credentials at the same time, and compare.
 */
export async function recomputeAuthorization(
  received: ReceivedRequest,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region = 'eu-west-1',
): Promise<string> {
  const authorization = String(received.headers.authorization);
  const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const headers: Record<string, string> = {};
  for (const name of signedNames) headers[name] = String(received.headers[name]);
  const url = new URL(received.url, `http://${received.headers.host}`);
  const amzDate = String(received.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const signed = await signer.sign(
    new HttpRequest({
      method: received.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      ...(received.body ? { body: received.body } : {}),
    }),
    { signingDate },
  );
  return String(signed.headers.authorization);
}
