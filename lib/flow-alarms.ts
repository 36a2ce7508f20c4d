import { createHash } from 'node:crypto';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlarmSeverity } from '../lambdas/alarms/alarm-severity';

export interface FlowAlarmsProps {
  /** The topic every alarm publishes to, on ALARM and on OK (so the monitor clears it). Same region as the alarms. */
  readonly topic: sns.ITopic;
  /**
   * Flows to watch: source disconnected, source not-recovered packets, output disconnections (by FlowARN).
   * @default []
   */
  readonly flowArns?: readonly string[];
  /**
   * Sources to watch individually: disconnected and not-recovered packets (by SourceARN).
   * @default []
   */
  readonly sourceArns?: readonly string[];
  /**
   * Outputs to watch individually: disconnections (by OutputARN).
   * @default []
   */
  readonly outputArns?: readonly string[];
  /**
   * Prefix of every alarm name.
   * @default 'mediamonitor'
   */
  readonly alarmNamePrefix?: string;
}

/** One alarm of the default set: a metric, how it is aggregated per minute, and when it breaches. */
interface AlarmRule {
  readonly kind: string;
  readonly metricName: string;
  readonly statistic: 'Minimum' | 'Sum';
  readonly operator: cloudwatch.ComparisonOperator;
  readonly threshold: number;
  readonly description: string;
  /** Written into the description as `[severity=<word>]`, the convention lambdas/alarms/alarm-severity.ts reads. */
  readonly severity: AlarmSeverity;
}

const SOURCE_DISCONNECTED: AlarmRule = {
  kind: 'source-disconnected',
  // 1 while connected; the minimum catches a single disconnected second. Zixi, SRT and RIST sources only.
  metricName: 'SourceConnected',
  statistic: 'Minimum',
  operator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  threshold: 1,
  description: 'The source was disconnected during the minute',
  // No signal at all: the flow carries nothing downstream.
  severity: 'critical',
};
const SOURCE_NOT_RECOVERED: AlarmRule = {
  kind: 'source-not-recovered-packets',
  metricName: 'SourceNotRecoveredPackets',
  statistic: 'Sum',
  operator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  threshold: 0,
  description: 'The source lost packets that error correction could not recover',
  // Visible impairment, the flow still carries signal.
  severity: 'major',
};
const OUTPUT_DISCONNECTIONS: AlarmRule = {
  kind: 'output-disconnections',
  metricName: 'OutputDisconnections',
  statistic: 'Sum',
  operator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  threshold: 0,
  description: 'An output disconnected during the minute',
  // One receiver affected; it may reconnect by itself.
  severity: 'minor',
};

/**
 * The default alarm set for MediaConnect flows listed at deploy time (flows are discovered at runtime, so CDK
 * cannot know them otherwise). Each alarm costs $0.10 per month (standard resolution): three per flow, two per
 * source, one per output.
 *
 * MediaConnect posts source and output metrics at flow level too, so the flow alarms use the FlowARN dimension.
 * A stopped flow publishes nothing, so missing data is not a breach.
 */
export class FlowAlarms extends Construct {
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: FlowAlarmsProps) {
    super(scope, id);
    const prefix = props.alarmNamePrefix ?? 'mediamonitor';
    if (!/^[\w.-]{1,64}$/.test(prefix))
      throw new Error('FlowAlarms: alarmNamePrefix must be 1-64 characters of [A-Za-z0-9_.-]');
    const check = (arns: readonly string[] | undefined, type: string) =>
      (arns ?? []).forEach((arn) => {
        if (!new RegExp(`^arn:aws[a-z-]*:mediaconnect:[a-z0-9-]+:\\d{12}:${type}:.+$`).test(arn)) {
          throw new Error(`FlowAlarms: "${arn}" is not a MediaConnect ${type} ARN`);
        }
      });
    check(props.flowArns, 'flow');
    check(props.sourceArns, 'source');
    check(props.outputArns, 'output');

    const action = new actions.SnsAction(props.topic);
    const add = (arn: string, dimension: string, rule: AlarmRule) => {
      const name = `${prefix}-${resourceName(arn)}-${rule.kind}-${shortHash(arn)}`;
      const alarm = new cloudwatch.Alarm(this, `${rule.kind}-${shortHash(arn)}`, {
        alarmName: name,
        alarmDescription: `${rule.description} [severity=${rule.severity}]. ${arn}`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/MediaConnect',
          metricName: rule.metricName,
          dimensionsMap: { [dimension]: arn },
          statistic: rule.statistic,
          period: Duration.minutes(1),
        }),
        comparisonOperator: rule.operator,
        threshold: rule.threshold,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };
    for (const arn of props.flowArns ?? []) {
      [SOURCE_DISCONNECTED, SOURCE_NOT_RECOVERED, OUTPUT_DISCONNECTIONS].forEach((rule) => add(arn, 'FlowARN', rule));
    }
    for (const arn of props.sourceArns ?? []) {
      [SOURCE_DISCONNECTED, SOURCE_NOT_RECOVERED].forEach((rule) => add(arn, 'SourceARN', rule));
    }
    for (const arn of props.outputArns ?? []) add(arn, 'OutputARN', OUTPUT_DISCONNECTIONS);
  }
}

/** The name at the end of a MediaConnect ARN (`…:flow:1-abc-def:AwardsShow` → `AwardsShow`), made alarm-name safe. */
function resourceName(arn: string): string {
  return (arn.split(':').pop() ?? 'resource').replace(/[^\w.-]/g, '_').slice(0, 100);
}

function shortHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}
