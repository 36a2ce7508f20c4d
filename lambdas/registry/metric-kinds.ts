import { mediaConnectFlowMetrics } from '../mediaconnect/metric-kind';
import { mediaLiveChannelMetrics } from '../medialive/metric-kind';
import { mediaPackageChannelMetrics, mediaPackageOriginEndpointMetrics } from '../mediapackage/metric-kind';
import { mediaPackageV2ChannelMetrics, mediaPackageV2EndpointMetrics } from '../mediapackagev2/metric-kind';
import type { MetricKind } from '../polling/metric-kind';

/**
 * Every resource type with CloudWatch metrics. The one metrics function polls all of them in each cycle, packing their
 * queries into the same GetMetricData calls. Pure data: no service SDK is imported here, so the metrics bundle carries
 * only CloudWatch and DynamoDB clients. A new service adds its `MetricKind` to this list.
 */
export const METRIC_KINDS: readonly MetricKind[] = [
  mediaConnectFlowMetrics,
  mediaLiveChannelMetrics,
  mediaPackageChannelMetrics,
  mediaPackageOriginEndpointMetrics,
  mediaPackageV2ChannelMetrics,
  mediaPackageV2EndpointMetrics,
];
