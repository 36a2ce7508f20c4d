import type { DiscoveredMetrics, MetricKind, MetricResource, StoredPartition } from '../polling/metric-kind';
import { parseMediaPackageArn } from './arn';
import {
  ENDPOINT_EGRESS_METRIC_NAMES,
  MEDIAPACKAGE_CHANNEL_CATALOG,
  MEDIAPACKAGE_ENDPOINT_CATALOG,
  MEDIAPACKAGE_NAMESPACE,
} from './metric-catalog';
import { CHANNEL_TYPE, ORIGIN_ENDPOINT_TYPE } from './mediapackage-model';

/**
 * MediaPackage v1 to the metrics engine. Which value CloudWatch puts in `Channel` and `OriginEndpoint` is ambiguous:
 * the user guide says the GUID at the end of the ARN, real ListMetrics output shows the user Id (reference §3). So
 * both kinds declare `discovery` and use only values ListMetrics returned: the stored `id` or the ARN's GUID, whichever
 * CloudWatch publishes, and never invent one. No published value (no traffic in the last 3 hours) → no metric
 * resource. When the listing failed, they fall back to the stored `id` (the engine records it in its outcome).
 * MediaPackage resources have no state: they always publish when there is traffic.
 */

/** Discovery TTL: a new endpoint's metrics appear within this many minutes of its first traffic. */
const DISCOVERY_TTL_MINUTES = 15;

const stringField = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The values a resource may be named by in a dimension: its Id, and its ARN's GUID when the ARN is AWS's. */
export function dimensionCandidates(meta: StoredPartition['meta']): string[] {
  const id = stringField(meta.id);
  const parsed = parseMediaPackageArn(meta.arn);
  const guid = parsed && !parsed.suffixIsId ? parsed.suffix : undefined;
  return [...new Set([id, guid].filter((v): v is string => v !== undefined))];
}

/** The first candidate CloudWatch publishes in `dimension`. */
const published = (candidates: readonly string[], discovered: DiscoveredMetrics, dimension: string) =>
  candidates.find((c) => discovered.values(dimension).has(c));

/** A channel: one `CHANNEL` resource, `Channel` = the Id or GUID CloudWatch publishes. */
export const mediaPackageChannelMetrics: MetricKind = {
  service: 'mediapackage',
  type: CHANNEL_TYPE,
  catalog: MEDIAPACKAGE_CHANNEL_CATALOG,
  publishesMetrics: () => true,
  discovery: { namespace: MEDIAPACKAGE_NAMESPACE, ttlMinutes: DISCOVERY_TTL_MINUTES },
  metricResources(partition, discovered): MetricResource[] {
    const candidates = dimensionCandidates(partition.meta);
    const channel = discovered ? published(candidates, discovered, 'Channel') : stringField(partition.meta.id);
    if (!channel) return [];
    // The key is the stored Id whichever value CloudWatch uses, so the item stays put if that ever changes.
    return [{ scope: 'CHANNEL', key: stringField(partition.meta.id) ?? channel, dimensions: { Channel: channel } }];
  },
};

/**
 * An origin endpoint: one `ENDPOINT` resource (`Channel` + `OriginEndpoint`, as a published egress dimension set
 * pairs them, so the channel's value comes from CloudWatch too), and one `INGEST_ENDPOINT` resource per ingest endpoint
 * that published `ActiveInput` for it (`IngestEndpoint` + `OriginEndpoint`). Without a listing: `Channel` = the stored
 * `channelId`, `OriginEndpoint` = the stored `id`, and no ingest endpoint (the endpoint does not store them).
 */
export const mediaPackageOriginEndpointMetrics: MetricKind = {
  service: 'mediapackage',
  type: ORIGIN_ENDPOINT_TYPE,
  catalog: MEDIAPACKAGE_ENDPOINT_CATALOG,
  publishesMetrics: () => true,
  discovery: { namespace: MEDIAPACKAGE_NAMESPACE, ttlMinutes: DISCOVERY_TTL_MINUTES },
  metricResources(partition, discovered): MetricResource[] {
    if (!discovered) {
      const id = stringField(partition.meta.id);
      const channelId = stringField(partition.meta.channelId);
      if (!id || !channelId) return [];
      return [{ scope: 'ENDPOINT', key: id, dimensions: { Channel: channelId, OriginEndpoint: id } }];
    }
    const candidates = new Set(dimensionCandidates(partition.meta));
    const resources: MetricResource[] = [];
    const egress = ENDPOINT_EGRESS_METRIC_NAMES.flatMap((name) => discovered.dimensionSets(name)).find(
      (set) =>
        set.OriginEndpoint !== undefined &&
        candidates.has(set.OriginEndpoint) &&
        set.Channel !== undefined &&
        set.IngestEndpoint === undefined,
    );
    if (egress) {
      const endpoint = egress.OriginEndpoint as string;
      resources.push({
        scope: 'ENDPOINT',
        key: stringField(partition.meta.id) ?? endpoint,
        dimensions: { Channel: egress.Channel as string, OriginEndpoint: endpoint },
      });
    }
    const ingests = new Map<string, string>();
    for (const set of discovered.dimensionSets('ActiveInput')) {
      if (set.OriginEndpoint && candidates.has(set.OriginEndpoint) && set.IngestEndpoint && !set.Channel)
        ingests.set(set.IngestEndpoint, set.OriginEndpoint);
    }
    for (const [ingest, endpoint] of [...ingests].sort(([a], [b]) => a.localeCompare(b)))
      resources.push({
        scope: 'INGEST_ENDPOINT',
        key: ingest,
        dimensions: { IngestEndpoint: ingest, OriginEndpoint: endpoint },
      });
    return resources;
  },
};
