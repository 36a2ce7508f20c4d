import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DeadLetterAlarm } from './dead-letter-alarm';
import { describeFlowsStatement, getMetricDataStatement, listFlowsStatement } from './mediaconnect-permissions';
import { MonitorFunction } from './monitor-function';
import { INVENTORY_INSTANCES } from '../lambdas/shared/service-quota';
import { monitorEnvironment, resolveMonitorSettings, type MonitorSettings } from './monitor-settings';
import type { StateTable } from './state-table';

export interface MediaConnectPollersProps {
  readonly table: StateTable;
  /**
   * When the inventory poller lists and describes every flow.
   * @default events.Schedule.expression('rate(5 minutes)')
   */
  readonly inventorySchedule?: events.Schedule;
  /**
   * When the metrics poller looks for flows that are due (each flow has its own interval).
   * @default events.Schedule.expression('rate(1 minute)')
   */
  readonly metricsSchedule?: events.Schedule;
  /** @default - DEFAULT_MONITOR_SETTINGS */
  readonly settings?: MonitorSettings;
  /**
   * Where the pollers' dead-letter alarms publish.
   * @default - the alarms have no action
   */
  readonly operationsTopic?: sns.ITopic;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The two scheduled MediaConnect pollers.
 * - Inventory: ListFlows + DescribeFlow per flow, diff-written to the table; read-only on MediaConnect.
 * - Metrics: GetMetricData for the flows that are due; no MediaConnect access at all (flows come from the table).
 *
 * A scheduled run that fails is never retried (neither by EventBridge nor by Lambda's async retries): a retry would run
 * beside the next scheduled run, and each run holds a lease (`lambdas/store/lease.ts`) that makes an overlapping one
 * skip. The next scheduled run continues where the failed one stopped. A failed run lands in the function's dead-letter
 * queue, which alarms.
 */
export class MediaConnectPollers extends Construct {
  public readonly inventoryFunction: MonitorFunction;
  public readonly metricsFunction: MonitorFunction;
  public readonly inventoryRule: events.Rule;
  public readonly metricsRule: events.Rule;

  constructor(scope: Construct, id: string, props: MediaConnectPollersProps) {
    super(scope, id);
    const settings = resolveMonitorSettings(props.settings);
    const environment = monitorEnvironment(this, settings);
    const common = {
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      environment,
    };

    // 20 flows (the default quota) take ~4 s at 5 DescribeFlow/s. A larger estate is spread over several invocations:
    // each stops starting DescribeFlow calls before its remaining time runs out and the next continues from a cursor.
    this.inventoryFunction = new MonitorFunction(this, 'InventoryFunction', {
      ...common,
      entry: 'lambdas/functions/mediaconnect-inventory/handler.ts',
      description: 'Lists and describes every MediaConnect flow and diff-writes the inventory to the state table',
      timeout: Duration.minutes(4),
      asyncInvocation: { retryAttempts: 0, maxEventAge: Duration.minutes(4) },
      // One instance at a time: its share of the account's MediaConnect quota is paced per instance.
      reservedConcurrentExecutions: INVENTORY_INSTANCES,
    });
    props.table.bind(this.inventoryFunction.function, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem']);
    this.inventoryFunction.addToRolePolicy(listFlowsStatement());
    this.inventoryFunction.addToRolePolicy(describeFlowsStatement(this));

    // Ends within the minute so runs don't overlap; GetMetricData answers 500 queries per call in well under a second.
    this.metricsFunction = new MonitorFunction(this, 'MetricsFunction', {
      ...common,
      entry: 'lambdas/functions/metrics/handler.ts',
      description: 'Polls CloudWatch metrics of the MediaConnect flows that are due and stores them in the state table',
      timeout: Duration.seconds(55),
      asyncInvocation: { retryAttempts: 0, maxEventAge: Duration.seconds(60) },
    });
    // UpdateItem: a scheduled run that finds the poller lease held counts the skip on the lease item.
    props.table.bind(this.metricsFunction.function, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem']);
    this.metricsFunction.addToRolePolicy(getMetricDataStatement());

    this.inventoryRule = this.schedule(
      'InventorySchedule',
      this.inventoryFunction,
      props.inventorySchedule ?? events.Schedule.expression('rate(5 minutes)'),
    );
    this.metricsRule = this.schedule(
      'MetricsSchedule',
      this.metricsFunction,
      props.metricsSchedule ?? events.Schedule.expression('rate(1 minute)'),
    );

    for (const [alarmId, fn, what] of [
      ['InventoryDeadLetterAlarm', this.inventoryFunction, 'inventory polls'],
      ['MetricsDeadLetterAlarm', this.metricsFunction, 'metrics polls'],
    ] as const) {
      new DeadLetterAlarm(this, alarmId, {
        queue: fn.deadLetterQueue!,
        contents: `failed scheduled ${what}`,
        topic: props.operationsTopic,
      });
    }
  }

  private schedule(id: string, fn: MonitorFunction, schedule: events.Schedule): events.Rule {
    return new events.Rule(this, id, {
      schedule,
      description: `Media monitor: runs ${fn.node.id}`,
      // A hand-off EventBridge cannot make (Lambda throttling) is not retried: the event goes to the function's DLQ,
      // which alarms, and the next scheduled run comes anyway.
      targets: [
        new targets.LambdaFunction(fn.function, {
          retryAttempts: 0,
          maxEventAge: Duration.minutes(2),
          deadLetterQueue: fn.deadLetterQueue,
        }),
      ],
    });
  }
}
