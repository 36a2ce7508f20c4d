import type { MetricKind, MetricResource, StoredPartition } from '../polling/metric-kind';
import { METRICS_PAUSED_STATUSES } from './flow-model';
import { METRIC_CATALOG, SCOPE_DIMENSION } from './metric-catalog';

/** The ARNs of a flow's live children of one kind (`SOURCE#<arn>`, `OUTPUT#<arn>`), in stored order. */
const childArns = (partition: StoredPartition, prefix: 'SOURCE#' | 'OUTPUT#'): string[] =>
  partition.children.filter((c) => c.sk.startsWith(prefix)).map((c) => c.sk.slice(prefix.length));

/**
 * MediaConnect flows to the metrics engine: the flow itself (`FlowARN`), each source (`SourceARN`) and each output
 * (`OutputARN`). The keys are the ARNs, so the stored items stay `METRICS#FLOW|SOURCE|OUTPUT#<arn>`. A flow publishes
 * nothing while STARTING, STOPPING, UPDATING, STANDBY or DELETING; a flow whose status is not known yet is polled.
 */
export const mediaConnectFlowMetrics: MetricKind = {
  service: 'mediaconnect',
  type: 'mediaconnect:flow',
  catalog: METRIC_CATALOG,
  // The seed's connector: the 53 FlowARN metrics and the 26 per source, every minute; no output metrics.
  baselineMetrics: METRIC_CATALOG.filter((m) => m.scope !== 'OUTPUT'),
  publishesMetrics: (status) => status === undefined || !METRICS_PAUSED_STATUSES.has(status),
  metricResources(partition: StoredPartition): MetricResource[] {
    const flowArn = partition.meta.arn;
    const resource = (scope: 'FLOW' | 'SOURCE' | 'OUTPUT', arn: string): MetricResource => ({
      scope,
      key: arn,
      dimensions: { [SCOPE_DIMENSION[scope]]: arn },
    });
    return [
      resource('FLOW', flowArn),
      ...childArns(partition, 'SOURCE#').map((arn) => resource('SOURCE', arn)),
      ...childArns(partition, 'OUTPUT#').map((arn) => resource('OUTPUT', arn)),
    ];
  },
};
