import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterAlarmProps {
  readonly queue: sqs.IQueue;
  /** What lands in the queue, for the alarm description, e.g. "events the ingest function failed 5 times". */
  readonly contents: string;
  /**
   * Where the alarm publishes (ALARM and OK).
   * @default - no action; the alarm is visible in the console only
   */
  readonly topic?: sns.ITopic;
}

/** Alarms as soon as a dead-letter queue holds a message: every message there is work the monitor dropped. */
export class DeadLetterAlarm extends Construct {
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterAlarmProps) {
    super(scope, id);
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription: `Dead-letter queue holds ${props.contents}. Inspect the messages, fix the cause, then redrive.`,
      metric: props.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops publishing metrics for a queue that has been empty and idle for six hours.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.topic) {
      this.alarm.addAlarmAction(new actions.SnsAction(props.topic));
      this.alarm.addOkAction(new actions.SnsAction(props.topic));
    }
  }
}
