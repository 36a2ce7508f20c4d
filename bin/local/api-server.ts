import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/**
 * Serves a Lambda API handler over HTTP on loopback, converting each request to the API Gateway REST proxy event
 * (`APIGatewayProxyEvent`) the way API Gateway does, so the handler runs unchanged. There is no IAM here: a SigV4
 * `Authorization` header is accepted and ignored, and the caller's role comes from the `x-mediamon-role` header, which
 * this server sets to `role` when the request has none (the handler must run with `roleHeaderEnabled`).
 */

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface ApiServerOptions {
  handler: ProxyHandler;
  /** @default 0 (a free port) */
  port?: number;
  /** Loopback only by default: the server runs actions with local credentials and no authorization. @default '127.0.0.1' */
  host?: string;
  /** The caller's role when a request sends no `x-mediamon-role`. @default 'operator' */
  role?: 'read-only' | 'operator';
  /** Stage name in the request context. @default 'local' */
  stage?: string;
  /** Requests with a larger body are refused here, as API Gateway refuses them. @default MAX_REQUEST_BYTES */
  maxRequestBytes?: number;
}

export interface RunningApiServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/** API Gateway's REST payload limit; larger requests never reach the function. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

const ROLE_HEADER = 'x-mediamon-role';

export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    void serve(options, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(options: ApiServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const maxBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
    const body = await readBody(request, maxBytes);
    if (body === undefined) {
      // The API's own error envelope, so clients parse one shape whichever layer refused.
      const message = `Request body is larger than ${Math.floor(maxBytes / 1024)} KB`;
      return send(response, { statusCode: 413, body: JSON.stringify({ error: { code: 'PayloadTooLarge', message } }) });
    }
    const event = toProxyEvent(request, body, options);
    const result = await options.handler(event, lambdaContext(event.requestContext.requestId));
    send(response, result);
  } catch {
    // API Gateway's answer when the integration fails.
    send(response, { statusCode: 502, body: JSON.stringify({ message: 'Internal server error' }) });
  }
}

/** The API Gateway REST proxy event for a Node request. The path stays percent-encoded; query values are decoded. */
export function toProxyEvent(
  request: IncomingMessage,
  body: Buffer,
  options: Pick<ApiServerOptions, 'role' | 'stage'> = {},
): APIGatewayProxyEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  // Names come from the client: `__proto__` or `constructor` must be plain keys, not Object.prototype's members.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  const multiValueHeaders: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] as string;
    const value = request.rawHeaders[i + 1] as string;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === ROLE_HEADER)) {
    headers[ROLE_HEADER] = options.role ?? 'operator';
    multiValueHeaders[ROLE_HEADER] = [headers[ROLE_HEADER]];
  }
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  const multiQuery: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const stage = options.stage ?? 'local';
  const requestId = randomUUID();
  const method = request.method ?? 'GET';
  return {
    httpMethod: method,
    path: url.pathname,
    resource: '/{proxy+}',
    headers,
    multiValueHeaders,
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: Object.keys(multiQuery).length ? multiQuery : null,
    pathParameters: { proxy: url.pathname.replace(/^\//, '') },
    stageVariables: null,
    body: body.length ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: null,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: method,
      path: `/${stage}${url.pathname}`,
      stage,
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: '/{proxy+}',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
    },
  };
}

function lambdaContext(requestId: string): Context {
  return {
    awsRequestId: requestId,
    functionName: 'api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:api',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/api',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The request body, or undefined when it is over API Gateway's limit. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(
  response: ServerResponse,
  result: Pick<APIGatewayProxyResult, 'statusCode' | 'body' | 'headers' | 'multiValueHeaders'>,
): void {
  if (response.headersSent) return;
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    ...stringHeaders(result.headers),
  };
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) headers[name] = values.map(String);
  response.writeHead(result.statusCode, headers);
  response.end(result.body);
}

function stringHeaders(headers: APIGatewayProxyResult['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}
