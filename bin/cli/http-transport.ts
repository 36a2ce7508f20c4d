import { request as httpRequest } from 'node:http';

/** One HTTP exchange as the API client makes it: a full URL, headers already signed when signing applies. */
export interface HttpExchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  body: string;
}

/** Sends one request and reads the whole answer. */
export type HttpTransport = (request: HttpExchange) => Promise<HttpAnswer>;

/** How long the CLI waits for the API before giving up. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The CLI's transport: `node:http` / `node:https`. Not `fetch`: on Node 20 its first call loads and compiles undici,
 * which costs ~0.3 s of CPU, more than the rest of a command (`npm run bench -- --cli`).
 */
export const nodeHttpTransport: HttpTransport = async (exchange) => {
  const url = new URL(exchange.url);
  // https only for a deployed API: loading TLS is skipped against the local runtime.
  const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
  return new Promise<HttpAnswer>((resolve, reject) => {
    const request = send(
      url,
      {
        method: exchange.method,
        headers: {
          ...exchange.headers,
          ...(exchange.body !== undefined ? { 'content-length': String(Buffer.byteLength(exchange.body)) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    request.on('error', reject);
    request.setTimeout(REQUEST_TIMEOUT_MS, () =>
      request.destroy(new Error(`the API did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
    );
    request.end(exchange.body);
  });
};
