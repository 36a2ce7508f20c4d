import type { MetricKind, MetricResource, StoredPartition } from '../polling/metric-kind';
import {
  CHANNEL_TYPE,
  ORIGIN_ENDPOINT_TYPE,
  type ChannelRecord,
  type OriginEndpointRecord,
} from './mediapackagev2-model';
import {
  CHANNEL_METRIC_CATALOG,
  channelDimensions,
  ENDPOINT_METRIC_CATALOG,
  endpointDimensions,
} from './metric-catalog';

/** A stored name usable as a dimension value (the API's pattern), or undefined. */
const NAME = /^[A-Za-z0-9_-]{1,256}$/;
const nameOf = (value: unknown): string | undefined =>
  typeof value === 'string' && NAME.test(value) ? value : undefined;

/**
 * MediaPackage v2 channels to the metrics engine: one `CHANNEL` resource, keyed by the channel's name, with dimensions
 * `ChannelGroup` + `Channel` from the stored names (never parsed from the ARN). MediaPackage has no lifecycle state:
 * a channel always publishes (an idle one answers with no datapoints).
 */
export const mediaPackageV2ChannelMetrics: MetricKind = {
  service: 'mediapackagev2',
  type: CHANNEL_TYPE,
  catalog: CHANNEL_METRIC_CATALOG,
  publishesMetrics: () => true,
  metricResources(partition: StoredPartition): MetricResource[] {
    const meta = partition.meta as Partial<ChannelRecord>;
    const group = nameOf(meta.channelGroupName);
    const channel = nameOf(meta.channelName ?? meta.name);
    if (!group || !channel) return [];
    return [{ scope: 'CHANNEL', key: channel, dimensions: channelDimensions(group, channel) }];
  },
};

/** MediaPackage v2 origin endpoints: one `ENDPOINT` resource with `ChannelGroup` + `Channel` + `OriginEndpoint`. */
export const mediaPackageV2EndpointMetrics: MetricKind = {
  service: 'mediapackagev2',
  type: ORIGIN_ENDPOINT_TYPE,
  catalog: ENDPOINT_METRIC_CATALOG,
  publishesMetrics: () => true,
  metricResources(partition: StoredPartition): MetricResource[] {
    const meta = partition.meta as Partial<OriginEndpointRecord>;
    const group = nameOf(meta.channelGroupName);
    const channel = nameOf(meta.channelName);
    const endpoint = nameOf(meta.originEndpointName ?? meta.name);
    if (!group || !channel || !endpoint) return [];
    return [{ scope: 'ENDPOINT', key: endpoint, dimensions: endpointDimensions(group, channel, endpoint) }];
  },
};
