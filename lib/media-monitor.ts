import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/shared/env';
import { targetKey } from '../lambdas/shared/watched-targets';
import { AccessRoles } from './access-roles';
import { AlarmReconciler } from './alarm-reconciler';
import { AlarmTopics } from './alarm-topics';
import { MonitorApi } from './api';
import { resolveChangePathSettings, type ChangePathSettings } from './change-events';
import type { DeploymentSpec } from './deployment-spec';
import { EventIngest, MemberEventBus } from './event-ingest';
import { FlowAlarms } from './flow-alarms';
import { InventoryPollers } from './inventory-pollers';
import { MetricsPoller } from './metrics-poller';
import { MonitorAlarms } from './monitor-alarms';
import { resolveMonitorSettings, type MonitorSettings } from './monitor-settings';
import { suppressMediaMonitorFindings } from './nag-suppressions';
import { StateTable } from './state-table';
import { parseScheduleExpression } from './config';
import { monitorRolePath } from './member-naming';
import type { MonitorFunction } from './monitor-function';
import { PollerSchedules, type ScheduledPoller } from './poller-schedules';
import { MONITORED_SERVICES } from './services/registry';
import {
  credentialResources,
  targetAccessStatements,
  TargetRegistryParameter,
  watchesOnlyItself,
} from './target-registry';

/**
 * The names the pollers that are not per service record their status under (METRICS_POLLER_NAME in
 * lambdas/metrics/metrics-poller.ts, ALARM_RECONCILE_POLLER in lambdas/alarms/alarm-reconciler.ts). Each service's
 * inventory poller and its kinds are named in its registry entry (`lib/services/`).
 */
export const POLLER_NAMES = {
  /** The one metrics poller of every service. */
  metrics: 'metrics',
  alarmReconcile: 'alarm-reconcile',
} as const;

/** The default per-flow alarm set, for MediaConnect resources known at deploy time. */
export interface DefaultAlarmsProps {
  /** @default [] */
  readonly flowArns?: readonly string[];
  /** @default [] */
  readonly sourceArns?: readonly string[];
  /** @default [] */
  readonly outputArns?: readonly string[];
}

export interface MediaMonitorApiProps {
  /** @default 50 */
  readonly throttleRateLimit?: number;
  /** @default 100 */
  readonly throttleBurstLimit?: number;
  /** @default - the deploying account */
  readonly readOnlyPrincipals?: readonly iam.IPrincipal[];
  /** @default - the deploying account */
  readonly operatorPrincipals?: readonly iam.IPrincipal[];
  /** @default - no external id */
  readonly externalId?: string;
  /** Roles the API may pass to MediaConnect for entitlement encryption. @default - none (encryption refused) */
  readonly encryptionRoleArns?: readonly string[];
  /** Create the account-wide `AWS::ApiGateway::Account` CloudWatch role (see MonitorApiProps). @default false */
  readonly createAccountLogRole?: boolean;
  /** Stage access and execution logs (they need that account role). @default - createAccountLogRole */
  readonly stageLogging?: boolean;
  /**
   * The API is also called by the hosted dashboard (AccessRoles `hostedDashboard`).
   * @default false
   */
  readonly hostedDashboard?: boolean;
}

export interface MediaMonitorProps {
  /**
   * When every service's inventory runs, unless `inventorySchedules` names the service.
   * @default events.Schedule.expression('rate(5 minutes)')
   */
  readonly inventorySchedule?: events.Schedule;
  /**
   * Per service key (`mediaconnect`, `medialive`): a schedule for that service's inventory only.
   * @default {}
   */
  readonly inventorySchedules?: Readonly<Record<string, events.Schedule>>;
  /** @default events.Schedule.expression('rate(1 minute)') */
  readonly metricsSchedule?: events.Schedule;
  /** @default - DEFAULT_MONITOR_SETTINGS */
  readonly settings?: MonitorSettings;
  /** @default 14 */
  readonly eventHistoryDays?: number;
  /**
   * When the alarm reconciliation compares the stored active alarms with DescribeAlarms.
   * @default events.Schedule.expression('rate(15 minutes)')
   */
  readonly alarmReconcileSchedule?: events.Schedule;
  /** @default 10 */
  readonly repollWindowSeconds?: number;
  /**
   * Create an SNS topic for media alarms (ingested by the monitor).
   * @default true
   */
  readonly createAlarmTopic?: boolean;
  /**
   * Existing alarm topics to ingest as well.
   * @default []
   */
  readonly existingAlarmTopics?: readonly sns.ITopic[];
  /**
   * Topic for the monitor's own health alarms.
   * @default - a new encrypted topic
   */
  readonly operationsTopic?: sns.ITopic;
  /**
   * Create the default alarm set for these resources; they publish to the alarm topic.
   * @default - no default alarms
   */
  readonly defaultAlarms?: DefaultAlarmsProps;
  /** @default - see MediaMonitorApiProps */
  readonly api?: MediaMonitorApiProps;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Removal policy of the table, queues, log groups and key.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * @default true
   */
  readonly tableDeletionProtection?: boolean;
  /**
   * Change-driven inventory: CloudTrail change rules to the ingest, and the sweep periods of the inventory functions.
   * @default - changeEvents 'cloudtrail', sweepPeriodMinutes { live: 60, off: 5 }
   */
  readonly changePath?: ChangePathSettings;
  /**
   * Attach the cdk-nag suppressions (each with its reason) for findings this construct accepts by design.
   * @default true
   */
  readonly addNagSuppressions?: boolean;
  /**
   * The deployment and the targets it watches. When it watches anything but itself with the functions' own roles
   * (`watchesOnlyItself`), the monitor adds: the registry parameter every function reads (TARGETS_PARAMETER), the
   * function roles' path and their access to the targets' roles and key-pair secrets, one schedule per (poller,
   * target) instead of the rules, the member bus (for targets with `forwardEvents`) and the members' alarm topics.
   * @default - the stack's own account and Region, nothing else: the single-account monitor
   */
  readonly deployment?: DeploymentSpec;
}

/**
 * The media monitor in one construct: the state table, one inventory poller per registered service and the one
 * metrics poller, the real-time event path, the optional default alarms, the IAM-authorized REST API and the two
 * roles that reach it.
 *
 * ```ts
 * new MediaMonitor(this, 'Monitor', { defaultAlarms: { flowArns: ['arn:aws:mediaconnect:…:flow:…:Show'] } });
 * ```
 */
export class MediaMonitor extends Construct {
  public readonly table: StateTable;
  public readonly topics: AlarmTopics;
  /** One inventory function per registered service. */
  public readonly inventoryPollers: InventoryPollers;
  /** The one metrics function of every service. */
  public readonly metricsPoller: MetricsPoller;
  /** Alarms on the monitor's own metrics (stalled pollers, incomplete listings, failed resources), to the operations topic. */
  public readonly monitorAlarms: MonitorAlarms;
  public readonly ingest: EventIngest;
  public readonly alarmReconciler: AlarmReconciler;
  public readonly flowAlarms?: FlowAlarms;
  public readonly api: MonitorApi;
  public readonly accessRoles: AccessRoles;
  /** The registry parameter; only for a deployment that watches more than itself. */
  public readonly targetRegistry?: TargetRegistryParameter;
  /** The schedules per (poller, target); only for a deployment that watches more than itself. */
  public readonly schedules?: PollerSchedules;
  /** The bus member accounts forward to; only when a watched target has `forwardEvents`. */
  public readonly memberBus?: MemberEventBus;

  constructor(scope: Construct, id: string, props: MediaMonitorProps = {}) {
    super(scope, id);
    const deployment =
      props.deployment && !watchesOnlyItself(props.deployment) ? checkDeployment(this, props.deployment) : undefined;
    const rolePath = deployment ? monitorRolePath(deployment.name) : undefined;
    const settings = resolveMonitorSettings(props.settings);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const common = { logRetention, removalPolicy };
    const changePath = resolveChangePathSettings(props.changePath);
    const unknownServices = Object.keys(props.inventorySchedules ?? {}).filter(
      (key) => !MONITORED_SERVICES.some((s) => s.service === key),
    );
    if (unknownServices.length > 0)
      throw new Error(`MediaMonitor: inventorySchedules for unknown services: ${unknownServices.join(', ')}`);
    const inventorySchedules = Object.fromEntries(
      MONITORED_SERVICES.map((s) => [
        s.service,
        props.inventorySchedules?.[s.service] ??
          props.inventorySchedule ??
          events.Schedule.expression(s.defaultInventorySchedule),
      ]),
    );
    const metricsSchedule = props.metricsSchedule ?? events.Schedule.expression('rate(1 minute)');
    const alarmReconcileSchedule = props.alarmReconcileSchedule ?? events.Schedule.expression('rate(15 minutes)');
    // The schedule of each poller status: a service's inventory function and each of its kinds run on its schedule.
    // Also validates every expression before anything is built (or bundled).
    const intervals = pollerIntervals({
      ...Object.fromEntries(
        MONITORED_SERVICES.flatMap((s) =>
          [s.inventoryPoller, ...s.kindPollers].map((poller) => [poller, inventorySchedules[s.service]!]),
        ),
      ),
      [POLLER_NAMES.metrics]: metricsSchedule,
      [POLLER_NAMES.alarmReconcile]: alarmReconcileSchedule,
    });
    // The pollers that publish cycle metrics: each inventory function (its kinds share its lease and its metrics), the
    // metrics poller and the alarm reconciliation.
    const metricPublishers = [
      ...MONITORED_SERVICES.map((s) => s.inventoryPoller),
      POLLER_NAMES.metrics,
      POLLER_NAMES.alarmReconcile,
    ];

    this.table = new StateTable(this, 'StateTable', {
      removalPolicy,
      deletionProtection: props.tableDeletionProtection ?? true,
    });
    this.topics = new AlarmTopics(this, 'Topics', {
      createTopic: props.createAlarmTopic ?? true,
      existingTopics: [...(props.existingAlarmTopics ?? [])],
      operationsTopic: props.operationsTopic,
      removalPolicy,
    });
    if (deployment) this.targetRegistry = new TargetRegistryParameter(this, 'TargetRegistry', { deployment });
    if (props.defaultAlarms) {
      const topic = this.topics.alarmActionTopic;
      if (!topic)
        throw new Error('MediaMonitor: defaultAlarms need the alarm topic or an existing topic in this region');
      this.flowAlarms = new FlowAlarms(this, 'FlowAlarms', { topic, ...props.defaultAlarms });
    }
    this.inventoryPollers = new InventoryPollers(this, 'InventoryPollers', {
      ...common,
      table: this.table,
      settings,
      services: MONITORED_SERVICES,
      schedules: inventorySchedules,
      operationsTopic: this.topics.operationsTopic,
      changePath,
      scheduled: deployment === undefined,
      targetCount: deployment?.watch.length,
      rolePath,
    });
    this.metricsPoller = new MetricsPoller(this, 'MetricsPoller', {
      ...common,
      table: this.table,
      settings,
      schedule: metricsSchedule,
      operationsTopic: this.topics.operationsTopic,
      scheduled: deployment === undefined,
      rolePath,
    });
    // Pollers on a cron schedule have no single period, and one of more than 8 hours none CloudWatch can evaluate.
    const watched = Object.entries(intervals)
      .filter(([poller, seconds]) => metricPublishers.includes(poller) && seconds % 60 === 0 && seconds * 3 <= 86_400)
      .map(([poller, seconds]) => ({ poller, period: Duration.seconds(seconds) }));
    this.monitorAlarms = new MonitorAlarms(this, 'MonitorAlarms', {
      topic: this.topics.operationsTopic,
      pollers: watched,
      // Only a deployment that watches more than itself reads targets with their own credentials.
      ...(deployment ? { credentialPollers: watched.map((w) => w.poller) } : {}),
      listingPollers: MONITORED_SERVICES.map((s) => s.inventoryPoller).filter((p) =>
        watched.some((w) => w.poller === p),
      ),
    });
    const forwardingMembers = (deployment?.watch ?? [])
      .filter((t) => t.forwardEvents && t.account !== deployment?.account)
      .map((t) => t.account);
    if (deployment && forwardingMembers.length > 0)
      this.memberBus = new MemberEventBus(this, 'MemberEventBus', {
        deploymentName: deployment.name,
        memberAccounts: forwardingMembers,
      });
    // Alarm topics of member accounts (their member stacks let this account subscribe): the ingest queue subscribes to
    // each, its policy admits each by aws:SourceArn, and the function accepts their TopicArn.
    const memberAlarmTopics = [...new Set((deployment?.watch ?? []).flatMap((t) => t.alarmTopicArns))].map((arn, i) =>
      sns.Topic.fromTopicArn(this, `MemberAlarmTopic${i}`, arn),
    );
    this.ingest = new EventIngest(this, 'EventIngest', {
      ...common,
      table: this.table,
      settings,
      topics: [...this.topics.ingestTopics, ...memberAlarmTopics],
      memberBus: this.memberBus?.bus,
      rolePath,
      operationsTopic: this.topics.operationsTopic,
      eventHistoryDays: props.eventHistoryDays,
      repollWindowSeconds: props.repollWindowSeconds,
      changePath,
    });
    this.alarmReconciler = new AlarmReconciler(this, 'AlarmReconciler', {
      ...common,
      table: this.table,
      settings,
      schedule: alarmReconcileSchedule,
      eventHistoryDays: props.eventHistoryDays,
      operationsTopic: this.topics.operationsTopic,
      scheduled: deployment === undefined,
      rolePath,
    });
    this.api = new MonitorApi(this, 'Api', {
      ...common,
      table: this.table,
      settings,
      eventHistoryDays: props.eventHistoryDays,
      repollWindowSeconds: props.repollWindowSeconds,
      pollerIntervals: intervals,
      throttleRateLimit: props.api?.throttleRateLimit,
      throttleBurstLimit: props.api?.throttleBurstLimit,
      encryptionRoleArns: props.api?.encryptionRoleArns,
      createAccountLogRole: props.api?.createAccountLogRole,
      stageLogging: props.api?.stageLogging,
      changePath,
      rolePath,
    });
    this.accessRoles = new AccessRoles(this, 'AccessRoles', {
      api: this.api,
      readOnlyPrincipals: props.api?.readOnlyPrincipals,
      operatorPrincipals: props.api?.operatorPrincipals,
      externalId: props.api?.externalId,
      hostedDashboard: props.api?.hostedDashboard,
    });
    // Defence in depth: the API treats a session of the read-only role as read-only whatever API Gateway let through.
    this.api.apiFunction.addEnvironment(ENV.readOnlyRoleArn, this.accessRoles.readOnlyRole.roleArn);
    // Default-deny: the API admits the operator only by this ARN, and refuses every other principal.
    this.api.apiFunction.addEnvironment(ENV.operatorRoleArn, this.accessRoles.operatorRole.roleArn);
    if (deployment) {
      this.bindTargets(deployment);
      this.schedules = new PollerSchedules(this, 'Schedules', {
        groupName: `media-monitor-${deployment.name}`,
        pollers: this.scheduledPollers(deployment, {
          inventory: inventorySchedules,
          metrics: metricsSchedule,
          alarmReconcile: alarmReconcileSchedule,
        }),
      });
    }
    if (props.addNagSuppressions ?? true)
      suppressMediaMonitorFindings({
        functions: [
          ...this.inventoryPollers.functions,
          this.metricsPoller.metricsFunction,
          this.ingest.ingestFunction,
          this.api.apiFunction,
          this.alarmReconciler.reconcileFunction,
        ],
        accessRoles: [this.accessRoles.readOnlyRole, this.accessRoles.operatorRole],
        restApi: this.api.restApi,
        pageTokenSecret: this.api.pageTokenSecret,
        apiHasAccessLogs: this.api.accessLogGroup !== undefined,
      });
  }

  /**
   * Every function reads the registry parameter; each reaches exactly the targets it serves: an inventory function the
   * targets that watch its service, the metrics, reconcile and ingest functions every target (reads), the API every
   * target with read and operator credentials (re-polls and actions).
   */
  private bindTargets(deployment: DeploymentSpec): void {
    const registry = this.targetRegistry!;
    const reads = { read: true, operate: false };
    const bindings: Array<{ fn: MonitorFunction; resources: ReturnType<typeof credentialResources> }> = [
      ...Object.values(this.inventoryPollers.pollers).map((p) => ({
        fn: p.function,
        resources: credentialResources(
          deployment.watch.filter((t) => (t.services as readonly string[]).includes(p.service.service)),
          reads,
        ),
      })),
      { fn: this.metricsPoller.metricsFunction, resources: credentialResources(deployment.watch, reads) },
      { fn: this.alarmReconciler.reconcileFunction, resources: credentialResources(deployment.watch, reads) },
      { fn: this.ingest.ingestFunction, resources: credentialResources(deployment.watch, reads) },
      {
        fn: this.api.apiFunction,
        resources: credentialResources(deployment.watch, { read: true, operate: true }),
      },
    ];
    for (const { fn, resources } of bindings) {
      registry.bind(fn);
      for (const statement of targetAccessStatements(resources)) fn.addToRolePolicy(statement);
    }
  }

  /**
   * One schedule per (poller, target): each service's inventory for the targets that watch the service, on the
   * target's `inventorySchedule` or the service's schedule; the metrics poller for every target, on its
   * `metricsSchedule` or the deployment's; the alarm reconciliation for every target.
   */
  private scheduledPollers(
    deployment: DeploymentSpec,
    schedules: {
      inventory: Record<string, events.Schedule>;
      metrics: events.Schedule;
      alarmReconcile: events.Schedule;
    },
  ): ScheduledPoller[] {
    const inventories = Object.values(this.inventoryPollers.pollers).map((p) => ({
      poller: p.service.inventoryPoller,
      function: p.function,
      targets: deployment.watch
        .filter((t) => (t.services as readonly string[]).includes(p.service.service))
        .map((t) => {
          const schedule = t.inventorySchedule ?? schedules.inventory[p.service.service]!.expressionString;
          return { key: targetKey(t), schedule: validSchedule(schedule) };
        }),
    }));
    return [
      ...inventories.filter((p) => p.targets.length > 0),
      {
        poller: POLLER_NAMES.metrics,
        function: this.metricsPoller.metricsFunction,
        targets: deployment.watch.map((t) => ({
          key: targetKey(t),
          schedule: validSchedule(t.metricsSchedule ?? schedules.metrics.expressionString),
        })),
      },
      {
        poller: POLLER_NAMES.alarmReconcile,
        function: this.alarmReconciler.reconcileFunction,
        targets: deployment.watch.map((t) => ({
          key: targetKey(t),
          schedule: schedules.alarmReconcile.expressionString,
        })),
      },
    ];
  }
}

/**
 * A schedule expression EventBridge rules and Scheduler both accept (`rate(…)`, `cron(…)`); throws naming it otherwise.
 * A target's inventory schedule may be longer than the sweep periods: its function's INVENTORY_INTERVAL_SECONDS stays
 * the deployment's, so such a target sweeps more slowly than `sweepPeriodMinutes.live` says (by the ratio).
 */
function validSchedule(expression: string): string {
  parseScheduleExpression(expression);
  return expression;
}

/** A deployment that watches more than itself must be the stack's own account and Region. */
function checkDeployment(scope: Construct, deployment: DeploymentSpec): DeploymentSpec {
  const stack = Stack.of(scope);
  const mismatch = (value: string, expected: string | undefined) =>
    !Token.isUnresolved(value) && expected !== undefined && value !== expected;
  if (mismatch(stack.account, deployment.account) || mismatch(stack.region, deployment.region))
    throw new Error(
      `MediaMonitor: deployment ${deployment.name} is ${deployment.account}/${deployment.region}, ` +
        `the stack ${stack.account}/${stack.region}`,
    );
  return deployment;
}

/** The period in seconds of each rate() schedule; cron schedules have no single period and are left out. */
function pollerIntervals(schedules: Record<string, events.Schedule>): Record<string, number> {
  const intervals: Record<string, number> = {};
  for (const [name, schedule] of Object.entries(schedules)) {
    const parsed = parseScheduleExpression(schedule.expressionString);
    if (parsed.kind === 'rate') intervals[name] = parsed.seconds;
  }
  return intervals;
}
