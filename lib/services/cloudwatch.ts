import * as iam from 'aws-cdk-lib/aws-iam';
import type { ResourceStarAction } from './service-definition';

/** Actions outside any one media service that IAM authorizes only on `*`. */
export const COMMON_RESOURCE_STAR_ACTIONS: readonly ResourceStarAction[] = [
  { action: 'cloudwatch:GetMetricData', reason: 'GetMetricData has no resource type; metrics are not IAM resources.' },
  {
    action: 'cloudwatch:ListMetrics',
    reason:
      'ListMetrics has no resource type (metrics are not IAM resources); the metrics poller lists the namespaces whose ' +
      'dimension values it must discover (AWS/MediaPackage: the Id or the GUID).',
  },
  // Added by Lambda active tracing when a function turns it on; X-Ray has no resource type for these.
  { action: 'xray:PutTraceSegments', reason: 'X-Ray has no resource type for trace segments.' },
  { action: 'xray:PutTelemetryRecords', reason: 'X-Ray has no resource type for telemetry records.' },
];

/** GetMetricData: every service's namespace (AWS/MediaConnect, AWS/MediaLive, …) is read through it. */
export function getMetricDataStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] });
}

/** ListMetrics: the metrics engine's discovery of published dimension values (MetricKind.discovery). */
export function listMetricsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['cloudwatch:ListMetrics'], resources: ['*'] });
}
