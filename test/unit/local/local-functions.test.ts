import type { Context } from 'aws-lambda';
import {
  functionNameOf,
  LocalFunctions,
  localFunctions,
  LocalFunctionSpec,
  requireHandler,
} from '../../../bin/local/local-functions';

const SPECS: LocalFunctionSpec[] = [
  { name: 'api', entry: 'lambdas/functions/api/handler.ts', timeoutSeconds: 1, memoryMb: 512 },
  { name: 'event-ingest', entry: 'lambdas/does-not-exist/handler.ts', timeoutSeconds: 1, memoryMb: 256 },
];

describe('local functions', () => {
  it('runs one inventory function per service and one metrics function for all', () => {
    // Act
    const specs = localFunctions(['mediaconnect', 'medialive']);

    // Assess
    expect(specs.filter((s) => s.inventoryOf).map((s) => [s.name, s.entry])).toEqual([
      ['mediaconnect-inventory', 'lambdas/functions/mediaconnect-inventory/handler.ts'],
      ['medialive-inventory', 'lambdas/functions/medialive-inventory/handler.ts'],
    ]);
    expect(specs.filter((s) => s.entry === 'lambdas/functions/metrics/handler.ts').map((s) => s.name)).toEqual([
      'metrics',
    ]);
  });

  it('resolves the metrics function by its old name too, and lists the inventory functions', () => {
    // Prepare
    const functions = new LocalFunctions({ region: 'eu-west-1', account: '123456789012', specs: localFunctions() });

    // Act
    const byOldName = functions.resolve('arn:aws:lambda:eu-west-1:123456789012:function:mediaconnect-metrics');

    // Assess
    expect(byOldName?.name).toBe('metrics');
    expect(functions.inventories().map((s) => s.inventoryOf)).toEqual([
      'mediaconnect',
      'medialive',
      'mediapackage',
      'mediapackagev2',
    ]);
  });

  it('loads a handler on first use and invokes it with a Lambda-like context', async () => {
    // Prepare
    let loads = 0;
    let seen: Context | undefined;
    const functions = new LocalFunctions({
      region: 'eu-west-1',
      account: '123456789012',
      specs: SPECS,
      load: () => {
        loads++;
        return async (event, context) => {
          seen = context;
          return { got: event, remaining: context.getRemainingTimeInMillis() };
        };
      },
    });

    // Act
    const first = await functions.invoke('api', { a: 1 });
    await functions.invoke('api', { a: 2 });

    // Assess
    expect(first).toMatchObject({ ok: true, result: { got: { a: 1 } } });
    expect((first as { result: { remaining: number } }).result.remaining).toBeGreaterThan(0);
    expect(loads).toBe(1);
    expect(seen).toMatchObject({
      functionName: 'api',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:api',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/api',
    });
    expect(seen?.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(functions.stats.get('api')).toMatchObject({ invocations: 2, errors: 0 });
  });

  it('turns a thrown error into an unhandled outcome with its name and message', async () => {
    // Prepare
    const functions = new LocalFunctions({
      region: 'eu-west-1',
      account: '123456789012',
      specs: SPECS,
      load: () => async () => {
        throw Object.assign(new Error('flow not found'), { name: 'NotFoundError' });
      },
    });

    // Act
    const outcome = await functions.invoke('api', {});

    // Assess
    expect(outcome).toMatchObject({ ok: false, errorType: 'NotFoundError', errorMessage: 'flow not found' });
    expect(functions.stats.get('api')).toMatchObject({ errors: 1, lastError: 'NotFoundError: flow not found' });
  });

  it('fails an invocation that runs past the function timeout, as Lambda does', async () => {
    // Prepare
    const functions = new LocalFunctions({
      region: 'eu-west-1',
      account: '123456789012',
      specs: SPECS,
      load: () => () => new Promise(() => undefined),
    });

    // Act
    const outcome = await functions.invoke('api', {});

    // Assess
    expect(outcome).toMatchObject({
      ok: false,
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 1.00 seconds',
    });
  });

  it('reports a handler file that does not exist without failing the other functions', async () => {
    // Prepare
    const functions = new LocalFunctions({
      region: 'eu-west-1',
      account: '123456789012',
      specs: SPECS,
      load: (spec) => (spec.name === 'api' ? async () => 'ok' : requireHandler(spec)),
    });

    // Act
    const failures = functions.preload();
    const missing = await functions.invoke('event-ingest', {});
    const working = await functions.invoke('api', {});

    // Assess
    expect(failures).toEqual(new Map([['event-ingest', 'lambdas/does-not-exist/handler.ts does not exist yet']]));
    expect(missing).toMatchObject({ ok: false, errorType: 'HandlerLoadError' });
    expect(working).toMatchObject({ ok: true, result: 'ok' });
  });

  it('throws for a function it does not have', async () => {
    // Prepare
    const functions = new LocalFunctions({
      region: 'eu-west-1',
      account: '123456789012',
      specs: SPECS,
      load: () => async () => 'ok',
    });

    // Act / Assess
    await expect(functions.invoke('nope', {})).rejects.toMatchObject({ name: 'UnknownFunctionError' });
  });

  it.each([
    ['api', 'api'],
    ['api:$LATEST', 'api'],
    ['123456789012:function:api', 'api'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:api', 'api'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:api:prod', 'api'],
  ])('reads the function name out of %p', (given, name) => {
    // Act / Assess
    expect(functionNameOf(given)).toBe(name);
  });
});
