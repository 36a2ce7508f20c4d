import { createHash, randomUUID } from 'node:crypto';

/**
 * Sample real-time events in AWS's exact shapes (reference §4–5): a CloudWatch alarm notification in its SNS
 * envelope, and a MediaConnect Flow Status Change from EventBridge. The demo fires them at the local ingest function.
 */

export type SampleAlarmKind = 'source-disconnected' | 'source-not-recovered-packets';
export type AlarmStateValue = 'ALARM' | 'OK';

export interface AlarmTarget {
  readonly flowArn: string;
  readonly sourceArn: string;
  readonly region: string;
  readonly account: string;
}

interface AlarmRule {
  readonly metricName: string;
  readonly statistic: 'MINIMUM' | 'SUM';
  readonly comparison: string;
  readonly threshold: number;
  readonly description: string;
  readonly breachReason: string;
}

// The same rules, names and dimensions as the CDK's FlowAlarms per-source alarms (lib/flow-alarms.ts).
const RULES: Readonly<Record<SampleAlarmKind, AlarmRule>> = {
  'source-disconnected': {
    metricName: 'SourceConnected',
    statistic: 'MINIMUM',
    comparison: 'LessThanThreshold',
    threshold: 1,
    description: 'The source was disconnected during the minute',
    breachReason: '[0.0 (%s)] was less than the threshold (1.0)',
  },
  'source-not-recovered-packets': {
    metricName: 'SourceNotRecoveredPackets',
    statistic: 'SUM',
    comparison: 'GreaterThanThreshold',
    threshold: 0,
    description: 'The source lost packets that error correction could not recover',
    breachReason: '[37.0 (%s)] was greater than the threshold (0.0)',
  },
};

const REGION_NAMES: Readonly<Record<string, string>> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-west-2': 'EU (London)',
  'eu-central-1': 'EU (Frankfurt)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
};

/** The alarm topic of a local runtime; the ingest function only accepts notifications from EXPECTED_TOPIC_ARNS. */
export const alarmTopicArn = (region: string, account: string): string =>
  `arn:aws:sns:${region}:${account}:media-monitor-alarms`;

/** The name FlowAlarms gives a per-source alarm: `mediamonitor-<source name>-<kind>-<hash of the source ARN>`. */
export function sampleAlarmName(sourceArn: string, kind: SampleAlarmKind): string {
  const name = (sourceArn.split(':').pop() ?? 'resource').replace(/[^\w.-]/g, '_').slice(0, 100);
  return `mediamonitor-${name}-${kind}-${createHash('sha256').update(sourceArn).digest('hex').slice(0, 8)}`;
}

/** CloudWatch's datapoint time in a state reason: `15/10/20 14:12:00`. */
function datapointTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:00`;
}

/** CloudWatch's timestamp format in alarm messages: `2020-10-15T14:13:14.090+0000`. */
const alarmTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');

/**
 * An SNS-to-Lambda event carrying a CloudWatch alarm state change (ALARM or OK) for a per-source alarm, exactly as
 * SNS would deliver it (`Sns.Message` is the alarm JSON as a string).
 */
export function alarmNotification(
  target: AlarmTarget,
  kind: SampleAlarmKind,
  state: AlarmStateValue,
  now = Date.now(),
): Record<string, unknown> {
  const rule = RULES[kind];
  const name = sampleAlarmName(target.sourceArn, kind);
  const topicArn = alarmTopicArn(target.region, target.account);
  const at = alarmTime(now);
  const reason =
    state === 'ALARM'
      ? `Threshold Crossed: 1 out of the last 1 datapoints ${rule.breachReason.replace('%s', datapointTime(now - 60_000))} (minimum 1 datapoint for OK -> ALARM transition).`
      : `Threshold Crossed: 1 out of the last 1 datapoints was not breaching (minimum 1 datapoint for ALARM -> OK transition).`;
  const message = {
    AlarmName: name,
    AlarmDescription: `${rule.description}. ${target.sourceArn}`,
    AWSAccountId: target.account,
    AlarmConfigurationUpdatedTimestamp: alarmTime(now - 86_400_000),
    NewStateValue: state,
    NewStateReason: reason,
    StateChangeTime: at,
    Region: REGION_NAMES[target.region] ?? target.region,
    AlarmArn: `arn:aws:cloudwatch:${target.region}:${target.account}:alarm:${name}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    OKActions: [topicArn],
    AlarmActions: [topicArn],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: rule.metricName,
      Namespace: 'AWS/MediaConnect',
      StatisticType: 'Statistic',
      Statistic: rule.statistic,
      Unit: null,
      Dimensions: [{ value: target.sourceArn, name: 'SourceARN' }],
      Period: 60,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      ComparisonOperator: rule.comparison,
      Threshold: rule.threshold,
      TreatMissingData: 'notBreaching',
      EvaluateLowSampleCountPercentile: '',
    },
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: topicArn,
          Subject: `${state}: "${name}" in ${REGION_NAMES[target.region] ?? target.region}`.slice(0, 100),
          Message: JSON.stringify(message),
          Timestamp: new Date(now).toISOString(),
          SignatureVersion: '1',
          Signature: 'bG9jYWwtcnVudGltZS1ub3Qtc2lnbmVk',
          SigningCertUrl: `https://sns.${target.region}.amazonaws.com/SimpleNotificationService-local.pem`,
          UnsubscribeUrl: `https://sns.${target.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}`,
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** A `MediaConnect Flow Status Change` event, as EventBridge delivers it. */
export function flowStatusChangeEvent(
  flowArn: string,
  previousStatus: string,
  currentStatus: string,
  where: { region: string; account: string },
  now = Date.now(),
): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'MediaConnect Flow Status Change',
    source: 'aws.mediaconnect',
    account: where.account,
    time: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: where.region,
    resources: [flowArn],
    detail: { currentStatus, previousStatus },
  };
}
