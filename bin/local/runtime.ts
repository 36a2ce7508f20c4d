import { randomBytes, randomUUID } from 'node:crypto';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { ENV } from '../../lambdas/shared/env';
import {
  parseTargetRegistry,
  targetKey,
  type TargetRegistry,
  type TargetRegistryInput,
} from '../../lambdas/shared/watched-targets';
import { DEFAULT_MONITOR_SETTINGS, quotaEnvironment } from '../../lib/monitor-settings';
import { ProxyHandler, startApiServer } from './api-server';
import { CloudTrailEmulator, Delivery } from './cloudtrail-emulator';
import { RunningInvokeApi, startInvokeApi } from './invoke-api';
import {
  HandlerLoader,
  InvocationOutcome,
  LocalFunctionName,
  LocalFunctions,
  LocalFunctionSpec,
  localFunctions,
  METRICS_FUNCTION,
} from './local-functions';
import { alarmTopicArn } from './sample-events';
import { RepeatingTask, ScheduleState } from './schedule';

/**
 * The local runtime: the deployed functions run in-process, on their schedules, against the emulator (demo) or real
 * AWS (`npm start`), with the state table in dynalite. It serves the Lambda Invoke API and, when the API helper's
 * server exists, the REST API, both on 127.0.0.1 only.
 */

export interface LocalRuntimeOptions {
  readonly region: string;
  readonly account: string;
  readonly tableName: string;
  /** dynalite. */
  readonly dynamodbEndpoint: string;
  /** moto for every other AWS service; unset means real AWS through the default credential chain. */
  readonly awsEndpoint?: string;
  /** Credentials to put in the environment (the emulators' fake ones); unset keeps the default chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Invoke API port; 0 picks a free one. @default 3001 */
  readonly invokePort?: number;
  /** REST API port; 0 picks a free one, `false` serves none. @default 3000 */
  readonly apiPort?: number | false;
  /** @default 300 (the deployed `rate(5 minutes)`) */
  readonly inventoryEverySeconds?: number;
  /** @default 60 (the deployed `rate(1 minute)`) */
  readonly metricsEverySeconds?: number;
  /** @default 900 (the deployed `rate(15 minutes)`) */
  readonly alarmReconcileEverySeconds?: number;
  /** Per-flow metrics interval (DEFAULT_METRICS_INTERVAL_SECONDS). @default DEFAULT_MONITOR_SETTINGS */
  readonly defaultMetricsIntervalSeconds?: number;
  /** Run the schedules (first inventory, then metrics, at once). `false` leaves every run to the caller. @default true */
  readonly schedules?: boolean;
  /**
   * The accounts and Regions the functions watch (the registry a deployed stack puts in its SSM parameter), given to
   * every function as WATCHED_TARGETS. The schedules then run each poller once per target that watches its service.
   * @default none: the runtime's own account and Region, read with the runtime's credentials (WATCHED_TARGETS unset)
   */
  readonly targets?: TargetRegistryInput;
  /** More environment for the handlers, applied last. */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default requireHandler */
  readonly load?: HandlerLoader;
  /** The functions to run. @default localFunctions(): one inventory function per service and the shared ones */
  readonly functions?: readonly LocalFunctionSpec[];
  /** Hears about failed scheduled or background runs. */
  readonly onError?: (what: string, message: string) => void;
  /**
   * The change path on the emulator: every successful mutating call of a media-service client in this process (the
   * API's actions, the demo's keys) reaches the ingest function as CloudTrail's event would, and the handlers run
   * with CHANGE_EVENTS=cloudtrail. `false`: no emulation, CHANGE_EVENTS=off (real AWS: its events cannot reach a local
   * runtime). @default on with `awsEndpoint` (the emulator), off without
   */
  readonly cloudTrail?: false | CloudTrailEmulation;
}

export interface CloudTrailEmulation {
  /** CloudTrail's delivery delay. @default 0 */
  readonly delayMs?: number;
  /** Hears about each emulated event once the ingest function took it (or failed to). */
  readonly onDelivery?: (delivery: Delivery) => void;
}

/** The change-path emulation a runtime runs with, or undefined for none. */
export function cloudTrailEmulation(options: LocalRuntimeOptions): CloudTrailEmulation | undefined {
  if (options.cloudTrail === false) return undefined;
  return options.cloudTrail ?? (options.awsEndpoint ? {} : undefined);
}

export interface ApiServerInfo {
  readonly url: string;
  stop(): Promise<void>;
}

export interface LocalRuntime {
  readonly functions: LocalFunctions;
  readonly invokeApi: RunningInvokeApi;
  /** The REST API, when served. */
  readonly api?: ApiServerInfo;
  /** Why the REST API is not served, when it is not (not requested, or its port is taken). */
  readonly apiUnavailable?: string;
  /** Functions whose handler could not be loaded, with the reason. */
  readonly loadFailures: ReadonlyMap<LocalFunctionName, string>;
  readonly environment: Readonly<Record<string, string>>;
  /** The CloudTrail emulator feeding the ingest function, when the change path is emulated. */
  readonly cloudTrail?: CloudTrailEmulator;
  /**
   * Invokes a function with a raw event, as the Invoke API does. The ingest function takes an SQS batch (the deployed
   * path) or, directly, an SNS or EventBridge event.
   */
  invoke(functionName: string, event: unknown): Promise<InvocationOutcome>;
  /** One scheduled run of every service's inventory function for every target, now, side by side; ok when all were. */
  runInventory(): Promise<InvocationOutcome>;
  /** One scheduled run of the metrics poller per target, now. */
  runMetrics(): Promise<InvocationOutcome>;
  /** One scheduled run of the alarm reconciliation per target, now. */
  runAlarmReconcile(): Promise<InvocationOutcome>;
  /**
   * `inventory` merges the inventory functions' schedules; `inventories` has each one by label (the function's name,
   * with `@<account>#<region>` for a target other than the runtime's own). `metrics` and `alarmReconcile` merge theirs.
   */
  schedules(): {
    inventory: ScheduleState;
    inventories: Readonly<Record<string, ScheduleState>>;
    metrics: ScheduleState;
    alarmReconcile: ScheduleState;
  };
  stop(): Promise<void>;
}

/** The environment the handlers read at module load: the same names and defaults as the deployed functions (lib/). */
export function runtimeEnvironment(options: LocalRuntimeOptions): Record<string, string> {
  const settings = DEFAULT_MONITOR_SETTINGS;
  const inventories = (options.functions ?? localFunctions()).filter((f) => f.inventoryOf !== undefined);
  const inventoryEvery = options.inventoryEverySeconds ?? 300;
  const intervals = [
    ...inventories.map((f) => `${f.name}=${inventoryEvery}`),
    `${METRICS_FUNCTION}=${options.metricsEverySeconds ?? 60}`,
    `alarm-reconcile=${options.alarmReconcileEverySeconds ?? 900}`,
  ];
  return {
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    // The SDK's own endpoint variables too, so a client built without the factories still reaches the emulators.
    ...(options.awsEndpoint ? { AWS_ENDPOINT_URL: options.awsEndpoint } : {}),
    DYNAMODB_ENDPOINT_URL: options.dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
    ...(options.credentials
      ? {
          AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
        }
      : {}),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [ENV.tableName]: options.tableName,
    [ENV.accountId]: options.account,
    [ENV.metricSet]: settings.metricSet,
    [ENV.defaultMetricsIntervalSeconds]: String(
      options.defaultMetricsIntervalSeconds ?? settings.defaultMetricsIntervalSeconds,
    ),
    [ENV.metricsHistoryMinutes]: String(settings.metricsHistoryMinutes),
    [ENV.tombstoneRetentionHours]: String(settings.tombstoneRetentionHours),
    ...quotaEnvironment(settings),
    [ENV.describeConcurrency]: String(settings.describeConcurrency),
    [ENV.eventHistoryDays]: '14',
    [ENV.repollWindowSeconds]: '10',
    [ENV.alarmReconcileRps]: '1',
    [ENV.expectedTopicArns]: alarmTopicArn(options.region, options.account),
    // Authorization is off locally: the REST API server is loopback-only and names the caller's role in a header.
    [ENV.apiRoleHeaderEnabled]: 'true',
    // The key of the API's page tokens; deployed it comes from Secrets Manager. Tokens need not outlive the process.
    [ENV.apiTokenSecret]: randomBytes(32).toString('base64url'),
    // So the API judges poller staleness against the local schedules.
    [ENV.pollerIntervals]: intervals.join(','),
    // The change path is live locally only where the emulator sends CloudTrail's events (startLocalRuntime).
    [ENV.changeEvents]: cloudTrailEmulation(options) ? 'cloudtrail' : 'off',
    [ENV.inventoryIntervalSeconds]: String(inventoryEvery),
    ...(options.targets ? { [ENV.watchedTargets]: JSON.stringify(runtimeRegistry(options.targets)) } : {}),
    POWERTOOLS_SERVICE_NAME: 'media-monitor-local',
    POWERTOOLS_METRICS_NAMESPACE: 'MediaMonitor',
    ...options.environment,
  };
}

/** The registry as the functions read it: validated, with its defaults (services, credentials) filled in. */
export function runtimeRegistry(targets: TargetRegistryInput): TargetRegistry {
  return parseTargetRegistry(targets, 'the local runtime targets');
}

/** One scheduled invocation of a function for one target: what its schedule is called and what it sends. */
export interface ScheduledTarget {
  /** `<account>#<region>` */
  readonly target: string;
  /** The function's name, and `@<account>#<region>` for a target other than the runtime's own. */
  readonly label: string;
  readonly event: () => unknown;
}

/**
 * The targets a function's schedules cover, each with the event its schedule delivers, as deployed: an inventory
 * function for every target that watches its service, the metrics and alarm-reconcile functions for every target.
 * The runtime's own target gets the EventBridge rule's Scheduled Event (what a single-target stack sends, and what
 * means the deployment itself); every other target the Scheduler's `{"target": "<account>#<region>"}`.
 */
export function scheduledTargets(
  spec: Pick<LocalFunctionSpec, 'name' | 'inventoryOf'>,
  registry: TargetRegistry | undefined,
  own: { region: string; account: string },
): ScheduledTarget[] {
  const rule = `media-monitor-${spec.name}-schedule`;
  const ownKey = targetKey(own);
  const ownRun: ScheduledTarget = {
    target: ownKey,
    label: spec.name,
    event: () => scheduledEvent(rule, own.region, own.account),
  };
  if (!registry) return [ownRun];
  return registry.targets
    .filter((t) => spec.inventoryOf === undefined || t.services.includes(spec.inventoryOf))
    .map((t) => {
      const key = targetKey(t);
      return key === ownKey ? ownRun : { target: key, label: `${spec.name}@${key}`, event: () => ({ target: key }) };
    });
}

/** One outcome for several invocations side by side: ok when all were; the failures named by function. */
export function combineOutcomes(outcomes: readonly (readonly [string, InvocationOutcome])[]): InvocationOutcome {
  const durationMs = Math.max(0, ...outcomes.map(([, o]) => o.durationMs));
  const requestId = outcomes.map(([, o]) => o.requestId).join(',');
  const failed = outcomes.filter(([, o]) => !o.ok) as (readonly [string, Extract<InvocationOutcome, { ok: false }>])[];
  if (failed.length === 0)
    return {
      ok: true,
      result: Object.fromEntries(outcomes.map(([name, o]) => [name, o.ok ? o.result : undefined])),
      durationMs,
      requestId,
    };
  return {
    ok: false,
    errorType: failed[0]?.[1].errorType ?? 'Error',
    errorMessage: failed.map(([name, o]) => `${name}: ${o.errorMessage}`).join('; '),
    durationMs,
    requestId,
  };
}

/** Several schedules seen as one: the fewest runs, the latest times, every error. */
export function mergeScheduleStates(states: readonly ScheduleState[]): ScheduleState {
  const latest = (pick: (s: ScheduleState) => number | undefined) => {
    const values = states.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : undefined;
  };
  const errors = states.map((s) => s.lastError).filter((e): e is string => Boolean(e));
  const nextAt = states.map((s) => s.nextAt).filter((v): v is number => v !== undefined);
  const lastStartedAt = latest((s) => s.lastStartedAt);
  const lastFinishedAt = latest((s) => s.lastFinishedAt);
  return {
    runs: states.length ? Math.min(...states.map((s) => s.runs)) : 0,
    running: states.some((s) => s.running),
    ...(lastStartedAt !== undefined ? { lastStartedAt } : {}),
    ...(lastFinishedAt !== undefined ? { lastFinishedAt } : {}),
    ...(errors.length ? { lastError: errors.join('; ') } : {}),
    ...(nextAt.length ? { nextAt: Math.min(...nextAt) } : {}),
  };
}

/** The event an EventBridge `rate()` rule delivers to its target. */
export function scheduledEvent(
  ruleName: string,
  region: string,
  account: string,
  now = Date.now(),
): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/${ruleName}`],
    detail: {},
  };
}

/** Sets the environment, starts the Invoke API (and the REST API when available) and, unless told not to, the schedules. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const environment = runtimeEnvironment(options);
  Object.assign(process.env, environment);
  const { region, account } = options;
  const functions = new LocalFunctions({
    region,
    account,
    ...(options.load ? { load: options.load } : {}),
    ...(options.functions ? { specs: options.functions } : {}),
  });
  const loadFailures = functions.preload();
  const report = options.onError ?? (() => undefined);

  const invoke = (functionName: string, event: unknown): Promise<InvocationOutcome> =>
    functions.invoke(functionName, event);
  const registry = options.targets ? runtimeRegistry(options.targets) : undefined;
  type Task = readonly [label: string, task: RepeatingTask<InvocationOutcome>];
  // One schedule per function and target, as deployed: a slow MediaLive cycle never delays MediaConnect's, and one
  // account's cycle never delays another's.
  const schedulesOf = (spec: Pick<LocalFunctionSpec, 'name' | 'inventoryOf'>, everySeconds: number): Task[] =>
    scheduledTargets(spec, registry, { region, account }).map((run) => [
      run.label,
      new RepeatingTask(run.label, everySeconds * 1000, async () => {
        const outcome = await functions.invoke(spec.name, run.event());
        if (!outcome.ok) report(run.label, `${outcome.errorType}: ${outcome.errorMessage}`);
        return outcome;
      }),
    ]);
  const runAll = async (tasks: readonly Task[]): Promise<InvocationOutcome> =>
    combineOutcomes(await Promise.all(tasks.map(async ([label, task]) => [label, await task.runNow()] as const)));
  // A function whose handler cannot load is reported once (loadFailures), not as a failed cycle every period.
  const inventories = functions
    .inventories()
    .filter((spec) => !loadFailures.has(spec.name))
    .flatMap((spec) => schedulesOf(spec, options.inventoryEverySeconds ?? 300));
  const runInventory = (): Promise<InvocationOutcome> => runAll(inventories);
  const metrics = schedulesOf({ name: METRICS_FUNCTION }, options.metricsEverySeconds ?? 60);
  const alarmReconcile = schedulesOf({ name: 'alarm-reconcile' }, options.alarmReconcileEverySeconds ?? 900);
  const allTasks = [...inventories, ...metrics, ...alarmReconcile];

  const emulation = cloudTrailEmulation(options);
  const cloudTrail =
    emulation &&
    new CloudTrailEmulator({
      account,
      ...(emulation.delayMs !== undefined ? { delayMs: emulation.delayMs } : {}),
      ...(emulation.onDelivery ? { onDelivery: emulation.onDelivery } : {}),
      // As the stack's rule puts the event on the ingest queue; the ingest function takes a bare EventBridge event.
      sink: async (call) => {
        const outcome = await functions.invoke('event-ingest', call.event);
        if (!outcome.ok) {
          report('event-ingest', `${call.eventName} via CloudTrail: ${outcome.errorType}: ${outcome.errorMessage}`);
          throw Object.assign(new Error(outcome.errorMessage), { name: outcome.errorType });
        }
        return outcome;
      },
    });
  const detachCloudTrail = cloudTrail?.attachToAll([
    MediaConnectClient,
    MediaLiveClient,
    MediaPackageClient,
    MediaPackageV2Client,
  ]);

  const invokePort = options.invokePort ?? 3001;
  const invokeApi = await startInvokeApi(
    { resolve: (name) => functions.resolve(name), invoke },
    {
      port: invokePort,
      region,
      account,
      onBackgroundError: (name, o) => !o.ok && report(name, `${o.errorType}: ${o.errorMessage}`),
    },
  ).catch((error: NodeJS.ErrnoException) => {
    detachCloudTrail?.();
    throw error.code === 'EADDRINUSE'
      ? new Error(`port ${invokePort} is in use (another demo running?): pass --port <n>`)
      : error;
  });
  const served =
    options.apiPort === false ? { reason: 'not requested' } : await startRestApi(functions, options.apiPort ?? 3000);

  if (options.schedules ?? true) {
    // As after a deployment: one inventory at once, the first metrics cycle right after it, then both on their rates.
    void runInventory()
      .then(() => runAll(metrics))
      .catch(() => undefined)
      .finally(() => {
        inventories.forEach(([, task]) => task.start());
        metrics.forEach(([, task]) => task.start());
        // Its first run is one period after start, as after a deployment: nothing is stored as active before then.
        alarmReconcile.forEach(([, task]) => task.start());
      });
  }

  return {
    functions,
    invokeApi,
    ...('url' in served ? { api: served } : { apiUnavailable: served.reason }),
    loadFailures,
    environment,
    ...(cloudTrail ? { cloudTrail } : {}),
    invoke,
    runInventory,
    runMetrics: () => runAll(metrics),
    runAlarmReconcile: () => runAll(alarmReconcile),
    schedules: () => ({
      inventory: mergeScheduleStates(inventories.map(([, task]) => task.state)),
      inventories: Object.fromEntries(inventories.map(([label, task]) => [label, task.state])),
      metrics: mergeScheduleStates(metrics.map(([, task]) => task.state)),
      alarmReconcile: mergeScheduleStates(alarmReconcile.map(([, task]) => task.state)),
    }),
    stop: async () => {
      allTasks.forEach(([, task]) => task.stop());
      detachCloudTrail?.();
      await cloudTrail?.settled();
      await Promise.all([invokeApi.stop(), 'url' in served ? served.stop() : Promise.resolve()]);
    },
  };
}

/**
 * Serves the API handler as `sam local start-api` does (bin/local/api-server.ts), on loopback, authorization off:
 * every request runs as an operator. Requests go through the same LocalFunctions as every other invocation.
 */
async function startRestApi(functions: LocalFunctions, port: number): Promise<ApiServerInfo | { reason: string }> {
  const handler = (async (event) => {
    const outcome = await functions.invoke('api', event);
    if (!outcome.ok) throw Object.assign(new Error(outcome.errorMessage), { name: outcome.errorType });
    return outcome.result;
  }) as ProxyHandler;
  try {
    const server = await startApiServer({ handler, port, role: 'operator' });
    return { url: server.url, stop: () => server.close() };
  } catch (error) {
    return { reason: `could not listen on 127.0.0.1:${port} (${(error as Error).message})` };
  }
}
