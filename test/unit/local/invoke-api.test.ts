import { InvokeRequest, Invoker, MAX_PAYLOAD_BYTES, routeInvokeRequest } from '../../../bin/local/invoke-api';
import type { InvocationOutcome } from '../../../bin/local/local-functions';

const WHERE = { region: 'eu-west-1', account: '123456789012' };

/** Functions `api` and `event-ingest`; `api` echoes its event, `event-ingest` fails. Records every invocation. */
function fakeFunctions(): Invoker & { calls: { name: string; event: unknown }[] } {
  const calls: { name: string; event: unknown }[] = [];
  return {
    calls,
    resolve: (name) => (['api', 'event-ingest'].includes(name) ? { name: name as 'api' } : undefined),
    invoke: async (name, event): Promise<InvocationOutcome> => {
      calls.push({ name, event });
      if (name === 'event-ingest')
        return { ok: false, errorType: 'ValidationError', errorMessage: 'bad batch', durationMs: 3, requestId: 'r-2' };
      return { ok: true, result: { echo: event }, durationMs: 5, requestId: 'r-1' };
    },
  };
}

const post = (path: string, body: string, headers: Record<string, string> = {}): InvokeRequest => ({
  method: 'POST',
  url: path,
  headers,
  body,
});

describe('Lambda Invoke API routing', () => {
  it('answers 200 with the handler result as JSON', async () => {
    // Prepare
    const functions = fakeFunctions();

    // Act
    const response = await routeInvokeRequest(
      functions,
      post('/2015-03-31/functions/api/invocations', '{"path":"/flows"}'),
      WHERE,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ echo: { path: '/flows' } });
    expect(response.headers['x-amz-function-error']).toBeUndefined();
    expect(response.headers['x-amzn-RequestId']).toBe('r-1');
    expect(functions.calls).toEqual([{ name: 'api', event: { path: '/flows' } }]);
  });

  it('reports a handler error as Lambda does: 200, X-Amz-Function-Error Unhandled, errorType and errorMessage', async () => {
    // Act
    const response = await routeInvokeRequest(
      fakeFunctions(),
      post('/2015-03-31/functions/event-ingest/invocations', '{}'),
      WHERE,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['x-amz-function-error']).toBe('Unhandled');
    expect(JSON.parse(response.body)).toEqual({ errorType: 'ValidationError', errorMessage: 'bad batch' });
  });

  it('answers 404 ResourceNotFoundException with the function ARN for an unknown function', async () => {
    // Prepare
    const functions = fakeFunctions();

    // Act
    const response = await routeInvokeRequest(functions, post('/2015-03-31/functions/nope/invocations', '{}'), WHERE);

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers['x-amzn-ErrorType']).toBe('ResourceNotFoundException');
    expect(JSON.parse(response.body)).toEqual({
      Type: 'User',
      message: 'Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope',
    });
    expect(functions.calls).toHaveLength(0);
  });

  it('resolves a URL-encoded function ARN and ignores the Qualifier', async () => {
    // Prepare
    const functions = fakeFunctions();
    const arn = encodeURIComponent('arn:aws:lambda:eu-west-1:123456789012:function:api');

    // Act
    const response = await routeInvokeRequest(
      functions,
      post(`/2015-03-31/functions/${arn}/invocations?Qualifier=%24LATEST`, '[]'),
      WHERE,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(functions.calls).toEqual([{ name: 'api', event: [] }]);
  });

  it('rejects a body that is not JSON with 400 InvalidRequestContentException, without invoking', async () => {
    // Prepare
    const functions = fakeFunctions();

    // Act
    const response = await routeInvokeRequest(
      functions,
      post('/2015-03-31/functions/api/invocations', '{not json'),
      WHERE,
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-ErrorType']).toBe('InvalidRequestContentException');
    expect(functions.calls).toHaveLength(0);
  });

  it('invokes with an empty object when the body is empty, as Lambda does', async () => {
    // Prepare
    const functions = fakeFunctions();

    // Act
    await routeInvokeRequest(functions, post('/2015-03-31/functions/api/invocations', ''), WHERE);

    // Assess
    expect(functions.calls).toEqual([{ name: 'api', event: {} }]);
  });

  it('answers 413 RequestTooLargeException above 6 MB', async () => {
    // Act
    const response = await routeInvokeRequest(
      fakeFunctions(),
      post('/2015-03-31/functions/api/invocations', `"${'x'.repeat(MAX_PAYLOAD_BYTES)}"`),
      WHERE,
    );

    // Assess
    expect(response.status).toBe(413);
    expect(response.headers['x-amzn-ErrorType']).toBe('RequestTooLargeException');
  });

  it('answers an Event invocation with 202 and runs the function in the background', async () => {
    // Prepare
    const functions = fakeFunctions();
    const failures: string[] = [];

    // Act
    const response = await routeInvokeRequest(
      functions,
      post('/2015-03-31/functions/event-ingest/invocations', '{"a":1}', { 'x-amz-invocation-type': 'Event' }),
      { ...WHERE, onBackgroundError: (name) => failures.push(name) },
    );
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toBe('');
    expect(functions.calls).toEqual([{ name: 'event-ingest', event: { a: 1 } }]);
    expect(failures).toEqual(['event-ingest']);
  });

  it('answers a DryRun with 204 and does not invoke', async () => {
    // Prepare
    const functions = fakeFunctions();

    // Act
    const response = await routeInvokeRequest(
      functions,
      post('/2015-03-31/functions/api/invocations', '{}', { 'x-amz-invocation-type': 'DryRun' }),
      WHERE,
    );

    // Assess
    expect(response.status).toBe(204);
    expect(functions.calls).toHaveLength(0);
  });

  it('returns the runtime log lines base64 in X-Amz-Log-Result when the tail is asked for', async () => {
    // Act
    const response = await routeInvokeRequest(
      fakeFunctions(),
      post('/2015-03-31/functions/api/invocations', '{}', { 'x-amz-log-type': 'Tail' }),
      WHERE,
    );

    // Assess
    const tail = Buffer.from(response.headers['x-amz-log-result'] ?? '', 'base64').toString('utf8');
    expect(tail).toContain('START RequestId: r-1');
    expect(tail).toContain('REPORT RequestId: r-1\tDuration: 5.00 ms');
  });

  it.each([
    ['GET', '/2015-03-31/functions/api/invocations'],
    ['POST', '/2015-03-31/functions'],
    ['POST', '/2015-03-31/functions/api/configuration'],
  ])('answers 404 UnknownOperationException for %s %s', async (method, path) => {
    // Act
    const response = await routeInvokeRequest(fakeFunctions(), { method, url: path, headers: {}, body: '' }, WHERE);

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers['x-amzn-ErrorType']).toBe('UnknownOperationException');
  });
});
