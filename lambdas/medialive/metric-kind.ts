import type { MetricKind, MetricResource, StoredPartition } from '../polling/metric-kind';
import { CHANNEL_TYPE, ChannelRecord, METRICS_STATES, PIPELINE_TYPE } from './medialive-model';
import { HTTP_OUTPUT_GROUP_TYPES, MEDIALIVE_METRIC_CATALOG } from './metric-catalog';

/** A SINGLE_PIPELINE channel runs (and publishes) pipeline `0` only; a STANDARD one runs `0` and `1`. */
export function channelPipelines(partition: StoredPartition): string[] {
  const meta = partition.meta as Partial<ChannelRecord>;
  if (meta.channelClass === 'SINGLE_PIPELINE') return ['0'];
  const stored = partition.children
    .filter((c) => c.sk.startsWith('PIPELINE#') && (c.type === undefined || c.type === PIPELINE_TYPE))
    .map((c) => (typeof c.pipelineId === 'string' ? c.pipelineId : c.sk.slice('PIPELINE#'.length)))
    .filter((id) => id !== '');
  // moto (and a channel described before its pipelines were) has no PipelineDetails: both pipelines of a STANDARD channel.
  return stored.length > 0 ? [...new Set(stored)].sort() : ['0', '1'];
}

/**
 * MediaLive channels to the metrics engine: each pipeline (`ChannelId` + `Pipeline`) and each named HTTP output group
 * on each pipeline (`+ OutputGroupName`). Pipeline `0` comes first and carries the channel's metrics schedule. The
 * `ChannelId` dimension is the stored `id` (numeric in AWS, hex in moto), never read from the ARN. A channel publishes
 * metrics only while RUNNING.
 */
export const mediaLiveChannelMetrics: MetricKind = {
  service: 'medialive',
  type: CHANNEL_TYPE,
  catalog: MEDIALIVE_METRIC_CATALOG,
  publishesMetrics: (status) => status !== undefined && METRICS_STATES.has(status),
  metricResources(partition: StoredPartition): MetricResource[] {
    const meta = partition.meta as Partial<ChannelRecord>;
    const channelId = typeof meta.id === 'string' && meta.id !== '' ? meta.id : undefined;
    if (!channelId) return [];
    const pipelines = channelPipelines(partition);
    const groups = [
      ...new Set(
        (meta.encoder?.outputGroups ?? [])
          .filter((g) => HTTP_OUTPUT_GROUP_TYPES.has(g.type) && typeof g.name === 'string' && g.name !== '')
          .map((g) => g.name as string),
      ),
    ];
    return [
      ...pipelines.map((pipeline) => ({
        scope: 'PIPELINE' as const,
        key: pipeline,
        dimensions: { ChannelId: channelId, Pipeline: pipeline },
      })),
      ...pipelines.flatMap((pipeline) =>
        groups.map((group) => ({
          scope: 'OUTPUT_GROUP' as const,
          key: `${pipeline}:${group}`,
          dimensions: { ChannelId: channelId, Pipeline: pipeline, OutputGroupName: group },
        })),
      ),
    ];
  },
};
