import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { functionNameOf, InvocationOutcome, LocalFunctionSpec } from './local-functions';

/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`), as `sam local start-lambda` serves it, so
 * `aws lambda invoke --endpoint-url`, the SDK's InvokeCommand or curl can invoke any local function with a raw event.
 * Bound to loopback only: it runs handlers with the operator's credentials and no authorization.
 */

/** What the router needs of the functions: resolve a FunctionName, invoke with an event. */
export interface Invoker {
  resolve(functionName: string): Pick<LocalFunctionSpec, 'name'> | undefined;
  invoke(functionName: string, event: unknown): Promise<InvocationOutcome>;
}

export interface InvokeRequest {
  readonly method: string;
  /** Path and query, e.g. `/2015-03-31/functions/api/invocations?Qualifier=%24LATEST`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface InvokeResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Lambda's synchronous payload limit. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

const INVOCATIONS_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

/**
 * Routes one HTTP request to a function and maps the outcome as Lambda does:
 * - 200 with the handler's JSON result; a handler error is still 200, with `X-Amz-Function-Error: Unhandled` and
 *   `{errorType, errorMessage}`.
 * - `X-Amz-Invocation-Type: Event` answers 202 at once and runs the function in the background; `DryRun` answers 204.
 * - 404 `ResourceNotFoundException` for an unknown function, 400 `InvalidRequestContentException` for a body that
 *   is not JSON, 413 `RequestTooLargeException` above 6 MB, 404 `UnknownOperationException` for any other route.
 * `onBackgroundError` hears about Event invocations that failed (nobody waits for their answer).
 */
export async function routeInvokeRequest(
  functions: Invoker,
  request: InvokeRequest,
  options: { region: string; account: string; onBackgroundError?: (name: string, outcome: InvocationOutcome) => void },
): Promise<InvokeResponse> {
  const url = new URL(request.url, 'http://localhost');
  const match = INVOCATIONS_PATH.exec(url.pathname);
  if (!match || request.method !== 'POST') {
    return errorResponse(404, 'UnknownOperationException', `Unknown operation: ${request.method} ${url.pathname}`);
  }
  const functionName = decodeURIComponent(match[1] as string);
  const spec = functions.resolve(functionNameOf(functionName));
  if (!spec) {
    const arn = functionName.startsWith('arn:')
      ? functionName
      : `arn:aws:lambda:${options.region}:${options.account}:function:${functionName}`;
    return errorResponse(404, 'ResourceNotFoundException', `Function not found: ${arn}`);
  }
  if (Buffer.byteLength(request.body) > MAX_PAYLOAD_BYTES) {
    return errorResponse(
      413,
      'RequestTooLargeException',
      `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
    );
  }
  let event: unknown;
  try {
    event = request.body.trim() === '' ? {} : JSON.parse(request.body);
  } catch (error) {
    return errorResponse(
      400,
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }

  const invocationType = header(request.headers, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (invocationType === 'DryRun') return { status: 204, headers: { 'x-amzn-RequestId': randomUUID() }, body: '' };
  if (invocationType === 'Event') {
    void functions.invoke(spec.name, event).then(
      (outcome) => {
        if (!outcome.ok) options.onBackgroundError?.(spec.name, outcome);
      },
      () => undefined,
    );
    return { status: 202, headers: { 'x-amzn-RequestId': randomUUID() }, body: '' };
  }
  if (invocationType !== 'RequestResponse') {
    return errorResponse(400, 'InvalidParameterValueException', `Unsupported InvocationType: ${invocationType}`);
  }

  const outcome = await functions.invoke(spec.name, event);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amzn-RequestId': outcome.requestId,
    'x-amz-executed-version': '$LATEST',
  };
  if (header(request.headers, 'x-amz-log-type') === 'Tail') headers['x-amz-log-result'] = tailLog(outcome);
  if (!outcome.ok) {
    headers['x-amz-function-error'] = 'Unhandled';
    return {
      status: 200,
      headers,
      body: JSON.stringify({ errorType: outcome.errorType, errorMessage: outcome.errorMessage }),
    };
  }
  return { status: 200, headers, body: JSON.stringify(outcome.result) ?? 'null' };
}

/**
 * The runtime lines of an invocation's log tail (START, END, REPORT), base64 as Lambda returns them. The handlers'
 * own log lines go to the runtime log, since several invocations share one process.
 */
function tailLog(outcome: InvocationOutcome): string {
  const id = outcome.requestId;
  const lines = [
    `START RequestId: ${id} Version: $LATEST`,
    ...(outcome.ok ? [] : [`ERROR ${outcome.errorType}: ${outcome.errorMessage}`]),
    `END RequestId: ${id}`,
    `REPORT RequestId: ${id}\tDuration: ${outcome.durationMs.toFixed(2)} ms`,
  ];
  return Buffer.from(`${lines.join('\n')}\n`).toString('base64');
}

function errorResponse(status: number, type: string, message: string): InvokeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': type, 'x-amzn-RequestId': randomUUID() },
    body: JSON.stringify({ Type: 'User', message }),
  };
}

function header(headers: InvokeRequest['headers'], name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export interface RunningInvokeApi {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  stop(): Promise<void>;
}

/** Serves the Invoke API on 127.0.0.1. Port 0 picks a free port. */
export async function startInvokeApi(
  functions: Invoker,
  options: {
    port: number;
    region: string;
    account: string;
    onBackgroundError?: (name: string, outcome: InvocationOutcome) => void;
  },
): Promise<RunningInvokeApi> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) =>
        routeInvokeRequest(
          functions,
          { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body },
          options,
        ),
      )
      .catch((error: unknown) =>
        error instanceof PayloadTooLargeError
          ? errorResponse(413, 'RequestTooLargeException', error.message)
          : errorResponse(500, 'ServiceException', (error as Error).message),
      )
      .then((response) => {
        res.writeHead(response.status, response.headers);
        res.end(response.body);
      })
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

class PayloadTooLargeError extends Error {
  constructor() {
    super(`Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation`);
    this.name = 'PayloadTooLargeError';
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the body is drained, not kept, so the 413 can still be answered on the same connection.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_PAYLOAD_BYTES ? reject(new PayloadTooLargeError()) : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}
