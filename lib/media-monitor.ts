import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/shared/env';
import { AccessRoles } from './access-roles';
import { AlarmReconciler } from './alarm-reconciler';
import { AlarmTopics } from './alarm-topics';
import { MonitorApi } from './api';
import { resolveChangePathSettings, type ChangePathSettings } from './change-events';
import { EventIngest } from './event-ingest';
import { FlowAlarms } from './flow-alarms';
import { InventoryPollers } from './inventory-pollers';
import { MetricsPoller } from './metrics-poller';
import { MonitorAlarms } from './monitor-alarms';
import { resolveMonitorSettings, type MonitorSettings } from './monitor-settings';
import { suppressMediaMonitorFindings } from './nag-suppressions';
import { StateTable } from './state-table';
import { parseScheduleExpression } from './config';
import { MONITORED_SERVICES } from './services/registry';

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

  constructor(scope: Construct, id: string, props: MediaMonitorProps = {}) {
    super(scope, id);
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
    });
    this.metricsPoller = new MetricsPoller(this, 'MetricsPoller', {
      ...common,
      table: this.table,
      settings,
      schedule: metricsSchedule,
      operationsTopic: this.topics.operationsTopic,
    });
    // Pollers on a cron schedule have no single period, and one of more than 8 hours none CloudWatch can evaluate.
    const watched = Object.entries(intervals)
      .filter(([poller, seconds]) => metricPublishers.includes(poller) && seconds % 60 === 0 && seconds * 3 <= 86_400)
      .map(([poller, seconds]) => ({ poller, period: Duration.seconds(seconds) }));
    this.monitorAlarms = new MonitorAlarms(this, 'MonitorAlarms', {
      topic: this.topics.operationsTopic,
      pollers: watched,
      listingPollers: MONITORED_SERVICES.map((s) => s.inventoryPoller).filter((p) =>
        watched.some((w) => w.poller === p),
      ),
    });
    this.ingest = new EventIngest(this, 'EventIngest', {
      ...common,
      table: this.table,
      settings,
      topics: this.topics.ingestTopics,
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
    });
    this.accessRoles = new AccessRoles(this, 'AccessRoles', {
      api: this.api,
      readOnlyPrincipals: props.api?.readOnlyPrincipals,
      operatorPrincipals: props.api?.operatorPrincipals,
      externalId: props.api?.externalId,
    });
    // Defence in depth: the API treats a session of the read-only role as read-only whatever API Gateway let through.
    this.api.apiFunction.addEnvironment(ENV.readOnlyRoleArn, this.accessRoles.readOnlyRole.roleArn);
    // Default-deny: the API admits the operator only by this ARN, and refuses every other principal.
    this.api.apiFunction.addEnvironment(ENV.operatorRoleArn, this.accessRoles.operatorRole.roleArn);
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
