import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DeadLetterAlarm } from './dead-letter-alarm';
import { MonitorFunction } from './monitor-function';
import { monitorEnvironment, resolveMonitorSettings, type MonitorSettings } from './monitor-settings';
import { schedulePoller } from './poller-schedule';
import { getMetricDataStatement, listMetricsStatement } from './services/cloudwatch';
import type { StateTable } from './state-table';

export interface MetricsPollerProps {
  readonly table: StateTable;
  /**
   * When the poller looks for resources that are due (each resource has its own interval).
   * @default events.Schedule.expression('rate(1 minute)')
   */
  readonly schedule?: events.Schedule;
  /** @default - DEFAULT_MONITOR_SETTINGS */
  readonly settings?: MonitorSettings;
  /**
   * Where the dead-letter alarm publishes.
   * @default - the alarm has no action
   */
  readonly operationsTopic?: sns.ITopic;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Create the EventBridge rule. A deployment that watches many targets schedules the function per target instead
   * (PollerSchedules).
   * @default true
   */
  readonly scheduled?: boolean;
  /** The execution role's path (MonitorFunction.rolePath). @default - no path */
  readonly rolePath?: string;
}

/**
 * The one metrics poller for every service: it reads the due resources of every registered metric kind from the
 * table and packs all their queries into the same GetMetricData calls (⌈queries / 500⌉ per cycle, not per service).
 * It needs CloudWatch (GetMetricData, and ListMetrics for kinds that discover their dimension values) and the table
 * only: no service SDK in its bundle and no service access in its role.
 */
export class MetricsPoller extends Construct {
  public readonly metricsFunction: MonitorFunction;
  /** Absent when the deployment schedules the function per target. */
  public readonly rule?: events.Rule;
  public readonly schedule: events.Schedule;

  constructor(scope: Construct, id: string, props: MetricsPollerProps) {
    super(scope, id);
    const settings = resolveMonitorSettings(props.settings);
    // Ends within the minute so runs don't overlap; GetMetricData answers 500 queries per call in well under a second.
    this.metricsFunction = new MonitorFunction(this, 'Function', {
      entry: 'lambdas/functions/metrics/handler.ts',
      description:
        'Polls the CloudWatch metrics of every monitored resource that is due and stores them in the state table',
      timeout: Duration.seconds(55),
      asyncInvocation: { retryAttempts: 0, maxEventAge: Duration.seconds(60) },
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      environment: monitorEnvironment(this, settings),
      rolePath: props.rolePath,
    });
    // UpdateItem: a scheduled run that finds the poller lease held counts the skip on the lease item.
    props.table.bind(this.metricsFunction.function, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem']);
    this.metricsFunction.addToRolePolicy(getMetricDataStatement());
    // Kinds with ambiguous dimension values (MediaPackage v1) list what CloudWatch publishes, once per TTL.
    this.metricsFunction.addToRolePolicy(listMetricsStatement());

    this.schedule = props.schedule ?? events.Schedule.expression('rate(1 minute)');
    if (props.scheduled ?? true) this.rule = schedulePoller(this, 'Schedule', this.metricsFunction, this.schedule);
    new DeadLetterAlarm(this, 'DeadLetterAlarm', {
      queue: this.metricsFunction.deadLetterQueue!,
      contents: 'failed scheduled metrics polls',
      topic: props.operationsTopic,
    });
  }
}
