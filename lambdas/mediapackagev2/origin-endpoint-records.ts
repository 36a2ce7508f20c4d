import type { GetOriginEndpointResponse, Segment } from '@aws-sdk/client-mediapackagev2';
import { mediaPackageV2Arn } from './arn';
import { withoutUserInfo } from './channel-records';
import {
  ORIGIN_ENDPOINT_TYPE,
  type ManifestSummary,
  type OriginEndpointRecord,
  type SegmentSummary,
} from './mediapackagev2-model';
import {
  bool,
  compact,
  iso,
  metaHeader,
  nonEmpty,
  num,
  OWNED_COMMON_FIELDS,
  sealed,
  str,
  tagsOf,
  type ObservationContext,
} from './record-hash';

/** The origin endpoint fields the poller owns on the `#META` item. */
export const POLLER_OWNED_ORIGIN_ENDPOINT_FIELDS = [
  ...OWNED_COMMON_FIELDS,
  'originEndpointName',
  'channelName',
  'channelArn',
  'containerType',
  'segment',
  'startoverWindowSeconds',
  'hlsManifests',
  'lowLatencyHlsManifests',
  'dashManifests',
  'endpointErrorConditions',
] as const;
export const ORIGIN_ENDPOINT_TRUNCATABLE_FIELDS = [
  'description',
  'tags',
  'dashManifests',
  'lowLatencyHlsManifests',
] as const;

type DescribedEndpoint = GetOriginEndpointResponse & {
  Arn: string;
  ChannelGroupName: string;
  ChannelName: string;
  OriginEndpointName: string;
};

/**
 * An origin endpoint's `#META` record from GetOriginEndpoint: container, segment settings (encryption: method, key
 * rotation, SPEKE URL, role, DRM systems, resource id; never the constant initialization vector), startover window,
 * HLS / low-latency HLS / DASH manifests with their URLs and windows, and the endpoint error conditions.
 */
export function buildOriginEndpointRecord(
  endpoint: DescribedEndpoint,
  context: ObservationContext,
): OriginEndpointRecord {
  return sealed<OriginEndpointRecord>({
    ...metaHeader(ORIGIN_ENDPOINT_TYPE, endpoint.Arn, endpoint.OriginEndpointName, context),
    originEndpointName: endpoint.OriginEndpointName,
    channelName: endpoint.ChannelName,
    channelGroupName: endpoint.ChannelGroupName,
    channelArn: mediaPackageV2Arn(context, endpoint.ChannelGroupName, endpoint.ChannelName),
    containerType: str(endpoint.ContainerType),
    segment: segmentSummary(endpoint.Segment),
    startoverWindowSeconds: num(endpoint.StartoverWindowSeconds),
    hlsManifests: manifests(endpoint.HlsManifests),
    lowLatencyHlsManifests: manifests(endpoint.LowLatencyHlsManifests),
    dashManifests: manifests(endpoint.DashManifests),
    endpointErrorConditions: nonEmpty(endpoint.ForceEndpointErrorConfiguration?.EndpointErrorConditions),
    description: str(endpoint.Description),
    createdAt: iso(endpoint.CreatedAt),
    modifiedAt: iso(endpoint.ModifiedAt),
    tags: tagsOf(endpoint.Tags),
    hash: '',
    treeHash: '',
  });
}

function segmentSummary(segment: Segment | undefined): SegmentSummary | undefined {
  if (!segment) return undefined;
  // ConstantInitializationVector is key material: deliberately not read.
  const encryption = segment.Encryption;
  const speke = encryption?.SpekeKeyProvider;
  const summary = compact<SegmentSummary>({
    segmentDurationSeconds: num(segment.SegmentDurationSeconds),
    segmentName: str(segment.SegmentName),
    tsUseAudioRenditionGroup: bool(segment.TsUseAudioRenditionGroup),
    includeIframeOnlyStreams: bool(segment.IncludeIframeOnlyStreams),
    tsIncludeDvbSubtitles: bool(segment.TsIncludeDvbSubtitles),
    scteFilter: nonEmpty(segment.Scte?.ScteFilter),
    encryption: encryption
      ? compact({
          method: str(
            encryption.EncryptionMethod?.TsEncryptionMethod ?? encryption.EncryptionMethod?.CmafEncryptionMethod,
          ),
          keyRotationIntervalSeconds: num(encryption.KeyRotationIntervalSeconds),
          spekeUrl: withoutUserInfo(speke?.Url),
          roleArn: str(speke?.RoleArn),
          drmSystems: nonEmpty(speke?.DrmSystems),
          resourceId: str(speke?.ResourceId),
        })
      : undefined,
  });
  return Object.keys(summary).length ? summary : undefined;
}

interface AnyManifest {
  ManifestName?: string | undefined;
  Url?: string | undefined;
  ChildManifestName?: string | undefined;
  ManifestWindowSeconds?: number | undefined;
  ProgramDateTimeIntervalSeconds?: number | undefined;
}

function manifests(list: readonly AnyManifest[] | undefined): ManifestSummary[] | undefined {
  return nonEmpty(
    (list ?? []).flatMap((m) =>
      m.ManifestName
        ? [
            compact<ManifestSummary>({
              manifestName: m.ManifestName,
              url: withoutUserInfo(m.Url),
              childManifestName: str(m.ChildManifestName),
              manifestWindowSeconds: num(m.ManifestWindowSeconds),
              programDateTimeIntervalSeconds: num(m.ProgramDateTimeIntervalSeconds),
            }),
          ]
        : [],
    ),
  );
}
