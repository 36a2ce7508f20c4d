import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/shared/env';
import { DeadLetterAlarm } from './dead-letter-alarm';
import { MonitorFunction } from './monitor-function';
import { monitorEnvironment, resolveMonitorSettings, type MonitorSettings } from './monitor-settings';
import type { StateTable } from './state-table';

export interface AlarmReconcilerProps {
  readonly table: StateTable;
  /**
   * When the reconciliation runs.
   * @default events.Schedule.expression('rate(15 minutes)')
   */
  readonly schedule?: events.Schedule;
  /**
   * DescribeAlarms calls per second, the reconciliation's own budget (CloudWatch allows 9 per account and region).
   * @default 1
   */
  readonly describeAlarmsRps?: number;
  /**
   * Days the history of fixes and cleared alarms are kept; the same as the event ingest's.
   * @default 14
   */
  readonly eventHistoryDays?: number;
  /** @default - DEFAULT_MONITOR_SETTINGS */
  readonly settings?: MonitorSettings;
  /**
   * Where the dead-letter alarm of failed runs publishes.
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
 * The alarm reconciliation: a scheduled function that compares the alarms the state table holds in ALARM with
 * DescribeAlarms and closes what CloudWatch no longer has in ALARM (lambdas/alarms/alarm-reconciler.ts).
 * It connects the state table (read and write) with CloudWatch (DescribeAlarms on this account's and region's alarms,
 * nothing else). A failed run is not retried (the next is 15 minutes away and redoes all of it); it lands in the
 * function's dead-letter queue, which alarms.
 */
export class AlarmReconciler extends Construct {
  public readonly reconcileFunction: MonitorFunction;
  /** Absent when the deployment schedules the function per target. */
  public readonly rule?: events.Rule;
  public readonly deadLetterAlarm: DeadLetterAlarm;

  constructor(scope: Construct, id: string, props: AlarmReconcilerProps) {
    super(scope, id);
    const describeAlarmsRps = props.describeAlarmsRps ?? 1;
    const eventHistoryDays = props.eventHistoryDays ?? 14;
    if (!(describeAlarmsRps > 0 && describeAlarmsRps <= 9))
      throw new Error('AlarmReconciler: describeAlarmsRps must be greater than 0 and at most 9');
    if (!(eventHistoryDays >= 1)) throw new Error('AlarmReconciler: eventHistoryDays must be at least 1');
    const settings = resolveMonitorSettings(props.settings);

    // 1,000 active alarms take 10 DescribeAlarms calls (10 s at 1 call/s) and a few writes per fix.
    this.reconcileFunction = new MonitorFunction(this, 'ReconcileFunction', {
      entry: 'lambdas/functions/alarm-reconcile/handler.ts',
      description:
        'Closes the stored alarms that CloudWatch no longer has in ALARM and moves unresolved ones to their flow',
      timeout: Duration.minutes(2),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      environment: {
        ...monitorEnvironment(this, settings),
        [ENV.eventHistoryDays]: String(eventHistoryDays),
        [ENV.alarmReconcileRps]: String(describeAlarmsRps),
      },
      asyncInvocation: { retryAttempts: 0, maxEventAge: Duration.minutes(5) },
      rolePath: props.rolePath,
    });
    props.table.bindWriter(this.reconcileFunction.function);
    this.reconcileFunction.addToRolePolicy(describeAlarmsStatement(this));

    if (props.scheduled ?? true)
      this.rule = new events.Rule(this, 'Schedule', {
        schedule: props.schedule ?? events.Schedule.expression('rate(15 minutes)'),
        description: 'Media monitor: runs the alarm reconciliation',
        // EventBridge retries a failed hand-off (Lambda throttling) briefly, then parks the event in the function's DLQ.
        targets: [
          new targets.LambdaFunction(this.reconcileFunction.function, {
            retryAttempts: 2,
            maxEventAge: Duration.minutes(2),
            deadLetterQueue: this.reconcileFunction.deadLetterQueue,
          }),
        ],
      });
    this.deadLetterAlarm = new DeadLetterAlarm(this, 'DeadLetterAlarm', {
      queue: this.reconcileFunction.deadLetterQueue!,
      contents: 'failed alarm reconciliations',
      topic: props.operationsTopic,
    });
  }
}

/**
 * DescribeAlarms on the alarms of this account and region. The action supports the alarm resource type; the alarms
 * are created outside this stack, so their names are unknown at deploy time.
 */
export function describeAlarmsStatement(scope: Construct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['cloudwatch:DescribeAlarms'],
    resources: [
      Stack.of(scope).formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: '*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    ],
  });
}
