import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MONITOR_METRICS_NAMESPACE, MonitorMetric } from '../lambdas/shared/monitor-metrics';

/** A scheduled poller and the period of its schedule. */
export interface MonitoredPoller {
  /** The poller's name, which is also its function's Powertools service name (`mediaconnect-inventory`). */
  readonly poller: string;
  /** The schedule's period: a multiple of 60 seconds. */
  readonly period: Duration;
}

export interface MonitorAlarmsProps {
  /**
   * Where the alarms publish, on ALARM and on OK: the operations topic.
   * @default - no action; the alarms are visible in the console only
   */
  readonly topic?: sns.ITopic;
  /** The scheduled pollers to watch. */
  readonly pollers: readonly MonitoredPoller[];
  /**
   * The pollers whose listing can be incomplete (they publish `IncompleteListing`): every service's inventory.
   * @default - no incomplete-listing alarm
   */
  readonly listingPollers?: readonly string[];
  /**
   * The share of polled resources that may fail in a cycle before the alarm fires.
   * @default 0.1
   */
  readonly failedShareThreshold?: number;
  /**
   * The pollers that poll watched targets with the targets' credentials (they publish `TargetCredentialFailures`): a
   * deployment that watches other accounts. A failing target fails only its own invocations, so the stalled alarm,
   * which counts every target's cycles, would not see it.
   * @default - no target-credentials alarm
   */
  readonly credentialPollers?: readonly string[];
}

/**
 * Alarms on the monitor's own EMF metrics (lambdas/shared/monitor-metrics.ts), to the operations topic:
 * - a poller that has not completed a cycle in 3 of its periods (missing data is breaching: a dead poller publishes
 *   nothing);
 * - an incomplete listing in 3 cycles in a row (the inventory tombstones nothing meanwhile, so deletions go unseen);
 * - more than 10 % of the resources a poller polled failing, in two cycles in a row;
 * - with watched targets, a target's credentials failing in 2 of a poller's last 3 periods (the metric's `Target`
 *   dimension, and `/summary`, say which).
 * Each costs $0.10 a month per metric it reads (a standard-resolution alarm; the share alarm reads two).
 */
export class MonitorAlarms extends Construct {
  /** By poller: its stalled alarm. */
  public readonly stalledAlarms: Readonly<Record<string, cloudwatch.Alarm>>;
  /** By poller: its failed-share alarm. */
  public readonly failedShareAlarms: Readonly<Record<string, cloudwatch.Alarm>>;
  /** By poller: its incomplete-listing alarm (the listing pollers only). */
  public readonly incompleteListingAlarms: Readonly<Record<string, cloudwatch.Alarm>>;
  /** By poller: its target-credentials alarm (the credential pollers only). */
  public readonly targetCredentialsAlarms: Readonly<Record<string, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: MonitorAlarmsProps) {
    super(scope, id);
    const threshold = props.failedShareThreshold ?? 0.1;
    if (!(threshold > 0 && threshold < 1)) throw new Error('MonitorAlarms: failedShareThreshold must be in (0, 1)');
    for (const { poller, period } of props.pollers) {
      const seconds = period.toSeconds();
      // CloudWatch evaluates at most a day of periods.
      if (seconds < 60 || seconds % 60 !== 0 || seconds * 3 > 86_400)
        throw new Error(`MonitorAlarms: the period of ${poller} must be a multiple of 60 seconds up to 8 hours`);
    }
    const listingPollers = props.listingPollers ?? [];
    const unwatched = listingPollers.filter((p) => !props.pollers.some((watched) => watched.poller === p));
    if (unwatched.length > 0)
      throw new Error(`MonitorAlarms: listing pollers must be among the pollers: ${unwatched.join(', ')}`);
    const stalled: Record<string, cloudwatch.Alarm> = {};
    const failed: Record<string, cloudwatch.Alarm> = {};
    const listing: Record<string, cloudwatch.Alarm> = {};
    const credentials: Record<string, cloudwatch.Alarm> = {};
    const credentialPollers = props.credentialPollers ?? [];
    for (const { poller, period } of props.pollers) {
      const metric = (metricName: string, statistic: string) =>
        new cloudwatch.Metric({
          namespace: MONITOR_METRICS_NAMESPACE,
          metricName,
          dimensionsMap: { service: poller, poller },
          statistic,
          period,
        });
      stalled[poller] = this.notify(
        props.topic,
        new cloudwatch.Alarm(this, `${poller}-stalled`, {
          alarmDescription: `${poller} has not completed a cycle in 3 schedule periods (${period.toMinutes()} min each). Check its logs, errors and dead-letter queue.`,
          metric: metric(MonitorMetric.pollCompleted, 'Sum'),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        }),
      );
      failed[poller] = this.notify(
        props.topic,
        new cloudwatch.Alarm(this, `${poller}-failed-share`, {
          alarmDescription: `More than ${threshold * 100} % of the resources ${poller} polled failed, two cycles in a row. The poller status (GET /pollers) lists them.`,
          metric: new cloudwatch.MathExpression({
            expression: 'IF(polled > 0, failed / polled, 0)',
            usingMetrics: {
              failed: metric(MonitorMetric.resourcesFailed, 'Sum'),
              polled: metric(MonitorMetric.resourcesPolled, 'Sum'),
            },
            label: 'failed share',
            period,
          }),
          threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          // A cycle that did not run is the stalled alarm's business.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      if (listingPollers.includes(poller))
        listing[poller] = this.notify(
          props.topic,
          new cloudwatch.Alarm(this, `${poller}-incomplete-listing`, {
            alarmDescription: `${poller}'s listing was incomplete in 3 cycles in a row: nothing is tombstoned meanwhile, so deleted resources stay listed.`,
            metric: metric(MonitorMetric.incompleteListing, 'Maximum'),
            threshold: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        );
      if (credentialPollers.includes(poller))
        credentials[poller] = this.notify(
          props.topic,
          new cloudwatch.Alarm(this, `${poller}-target-credentials`, {
            alarmDescription: `A watched target's credentials failed in ${poller}, in 2 of its last 3 periods: that target is not polled. The metric's Target dimension and GET /summary name it.`,
            metric: metric(MonitorMetric.targetCredentialFailures, 'Sum'),
            threshold: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        );
    }
    this.stalledAlarms = stalled;
    this.failedShareAlarms = failed;
    this.incompleteListingAlarms = listing;
    this.targetCredentialsAlarms = credentials;
  }

  private notify(topic: sns.ITopic | undefined, alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    if (topic) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    return alarm;
  }
}
