import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Context } from 'aws-lambda';
import type { ServiceName } from '../../lambdas/store/keys';
import { INVENTORIES } from '../../lambdas/registry/inventories';

/**
 * The deployed functions, run in-process. Each handler module reads its environment at module load, so the runtime
 * sets `process.env` first and loads a handler on its first invocation; a handler that fails to load (or does not
 * exist yet) makes only that function fail, with the reason kept for the report.
 */

/**
 * The services with an inventory function of their own, in the order their first cycles run (flows before the
 * channels they feed). One function per service (`<service>-inventory`), as deployed.
 *
 * INTEGRATOR: this is the one place that lists services; once `lambdas/registry/inventories.ts` lands, return
 * `INVENTORIES.map((i) => i.service)` here (the registry's `poller` is the same `<service>-inventory` name).
 */
export function inventoryServices(): readonly ServiceName[] {
  return INVENTORIES.map((inventory) => inventory.service);
}

/** The name of a service's inventory function and poller, e.g. `medialive-inventory`. */
export const inventoryFunctionName = (service: ServiceName): string => `${service}-inventory`;

/** The one metrics function of every service (its poller status name too). */
export const METRICS_FUNCTION = 'metrics';

export type LocalFunctionName = string;

export interface LocalFunctionSpec {
  readonly name: LocalFunctionName;
  /** Handler entry file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** As lib/ configures the function; an invocation that runs longer fails as Lambda's would. */
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Other names the Invoke API accepts for it (names it had before). */
  readonly aliases?: readonly string[];
  /** The service whose inventory the function polls, for the inventory functions. */
  readonly inventoryOf?: ServiceName;
}

/** The deployed functions: one inventory function per service, then the shared ones. */
export function localFunctions(services: readonly ServiceName[] = inventoryServices()): LocalFunctionSpec[] {
  return [
    ...services.map((service) => ({
      name: inventoryFunctionName(service),
      entry: `lambdas/functions/${inventoryFunctionName(service)}/handler.ts`,
      timeoutSeconds: 240,
      memoryMb: 512,
      inventoryOf: service,
    })),
    {
      name: METRICS_FUNCTION,
      entry: 'lambdas/functions/metrics/handler.ts',
      timeoutSeconds: 55,
      memoryMb: 512,
      aliases: ['mediaconnect-metrics'],
    },
    { name: 'event-ingest', entry: 'lambdas/functions/event-ingest/handler.ts', timeoutSeconds: 60, memoryMb: 512 },
    {
      name: 'alarm-reconcile',
      entry: 'lambdas/functions/alarm-reconcile/handler.ts',
      timeoutSeconds: 120,
      memoryMb: 512,
    },
    { name: 'api', entry: 'lambdas/functions/api/handler.ts', timeoutSeconds: 25, memoryMb: 512 },
  ];
}

export const LOCAL_FUNCTIONS: readonly LocalFunctionSpec[] = localFunctions();

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** Loads a handler module and returns its `handler` export. */
export type HandlerLoader = (spec: LocalFunctionSpec) => LambdaHandler;

/** Loads `<repo>/<entry>` with require, so it runs under tsx and jest alike. */
export const requireHandler: HandlerLoader = (spec) => {
  // A runtime require on purpose: the handler must load after process.env is set, and only when first invoked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(REPO_ROOT, spec.entry)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') throw new HandlerLoadError(`${spec.entry} does not export a handler function`);
  return mod.handler as LambdaHandler;
};

export class HandlerLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerLoadError';
  }
}

export class UnknownFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`Function not found: ${functionName}`);
    this.name = 'UnknownFunctionError';
  }
}

/** The outcome of one invocation, in the terms Lambda reports it. */
export type InvocationOutcome =
  | { readonly ok: true; readonly result: unknown; readonly durationMs: number; readonly requestId: string }
  | {
      readonly ok: false;
      readonly errorType: string;
      readonly errorMessage: string;
      readonly durationMs: number;
      readonly requestId: string;
    };

export interface FunctionStats {
  invocations: number;
  errors: number;
  lastInvokedAt?: number;
  lastDurationMs?: number;
  lastError?: string;
  /** Why the handler could not be loaded, if it could not. */
  loadError?: string;
}

export interface LocalFunctionsOptions {
  readonly region: string;
  readonly account: string;
  readonly specs?: readonly LocalFunctionSpec[];
  readonly load?: HandlerLoader;
  readonly now?: () => number;
}

/** The functions of one local runtime: lazy loading, a Lambda-like context, timeouts and per-function stats. */
export class LocalFunctions {
  readonly stats = new Map<LocalFunctionName, FunctionStats>();
  private readonly specs: ReadonlyMap<string, LocalFunctionSpec>;
  private readonly aliases: ReadonlyMap<string, string>;
  private readonly handlers = new Map<string, LambdaHandler>();
  private readonly load: HandlerLoader;
  private readonly now: () => number;

  constructor(readonly options: LocalFunctionsOptions) {
    const specs = options.specs ?? LOCAL_FUNCTIONS;
    this.specs = new Map(specs.map((s) => [s.name, s]));
    this.aliases = new Map(specs.flatMap((s) => (s.aliases ?? []).map((alias) => [alias, s.name] as const)));
    this.load = options.load ?? requireHandler;
    this.now = options.now ?? Date.now;
    for (const name of this.specs.keys()) this.stats.set(name, { invocations: 0, errors: 0 });
  }

  /** The function a Lambda Invoke `FunctionName` means: a name, an ARN, a partial ARN, with or without a qualifier. */
  resolve(functionName: string): LocalFunctionSpec | undefined {
    const name = functionNameOf(functionName);
    return this.specs.get(this.aliases.get(name) ?? name);
  }

  names(): LocalFunctionName[] {
    return [...this.specs.keys()];
  }

  /** The inventory functions, one per service, in order. */
  inventories(): LocalFunctionSpec[] {
    return [...this.specs.values()].filter((s) => s.inventoryOf !== undefined);
  }

  /** Loads every handler now, so a broken or missing one is reported at start. Returns the failures by name. */
  preload(): Map<LocalFunctionName, string> {
    const failures = new Map<LocalFunctionName, string>();
    for (const spec of this.specs.values()) {
      try {
        this.handlerOf(spec);
      } catch (error) {
        failures.set(spec.name, this.stats.get(spec.name)?.loadError ?? describe(error));
      }
    }
    return failures;
  }

  /** Invokes a function with a raw event, as Lambda's RequestResponse invocation does. Never throws for handler errors. */
  async invoke(functionName: string, event: unknown): Promise<InvocationOutcome> {
    const spec = this.resolve(functionName);
    if (!spec) throw new UnknownFunctionError(functionName);
    const stats = this.stats.get(spec.name) as FunctionStats;
    const requestId = randomUUID();
    const started = this.now();
    stats.invocations++;
    stats.lastInvokedAt = started;
    let outcome: InvocationOutcome;
    try {
      const handler = this.handlerOf(spec);
      const result = await withTimeout(handler(event, this.context(spec, requestId, started)), spec.timeoutSeconds);
      outcome = { ok: true, result, durationMs: this.now() - started, requestId };
    } catch (error) {
      const { errorType, errorMessage } = lambdaError(error);
      outcome = { ok: false, errorType, errorMessage, durationMs: this.now() - started, requestId };
      stats.errors++;
      stats.lastError = `${errorType}: ${errorMessage}`;
    }
    stats.lastDurationMs = outcome.durationMs;
    return outcome;
  }

  private handlerOf(spec: LocalFunctionSpec): LambdaHandler {
    const cached = this.handlers.get(spec.name);
    if (cached) return cached;
    try {
      const handler = this.load(spec);
      this.handlers.set(spec.name, handler);
      delete (this.stats.get(spec.name) as FunctionStats).loadError;
      return handler;
    } catch (error) {
      const missing =
        (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
        String((error as Error).message).includes(spec.entry.replace(/\.ts$/, ''));
      const reason = missing ? `${spec.entry} does not exist yet` : describe(error);
      (this.stats.get(spec.name) as FunctionStats).loadError = reason;
      throw new HandlerLoadError(reason);
    }
  }

  private context(spec: LocalFunctionSpec, requestId: string, started: number): Context {
    const { region, account } = this.options;
    const deadline = started + spec.timeoutSeconds * 1000;
    const unsupported = () => {
      throw new Error('done/fail/succeed are not supported: return a promise');
    };
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName: spec.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${region}:${account}:function:${spec.name}`,
      memoryLimitInMB: String(spec.memoryMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${spec.name}`,
      logStreamName: `${new Date(started).toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${requestId.replace(/-/g, '')}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - this.now()),
      done: unsupported,
      fail: unsupported,
      succeed: unsupported,
    };
  }
}

/**
 * The bare name in a Lambda `FunctionName`: `api`, `api:$LATEST`, `123456789012:function:api` and
 * `arn:aws:lambda:eu-west-1:123456789012:function:api:prod` all name `api`.
 */
export function functionNameOf(functionName: string): string {
  const match = /^(?:arn:[^:]+:lambda:[^:]*:)?(?:\d{12}:)?function:([^:]+)(?::[^:]+)?$/.exec(functionName);
  return match?.[1] ?? functionName.split(':')[0] ?? functionName;
}

/** Lambda's wire form of an unhandled error: the error's name and message (never its stack). */
export function lambdaError(error: unknown): { errorType: string; errorMessage: string } {
  if (error instanceof Error) return { errorType: error.name || 'Error', errorMessage: error.message };
  return { errorType: 'Error', errorMessage: String(error) };
}

class TimeoutError extends Error {
  constructor(seconds: number) {
    super(`Task timed out after ${seconds.toFixed(2)} seconds`);
    this.name = 'Sandbox.Timedout';
  }
}

function withTimeout<T>(promise: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(seconds)), seconds * 1000);
    timer.unref();
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
