import type { StoredItem } from '../store/keys';

/**
 * The stored shape of MediaPackage v2 resources: what the poller writes and the API reads. Field names are AWS's, in
 * camelCase. Each resource is one `#META` item in its own partition (no children):
 *
 * | item            | pk                          | sk                                   |
 * |-----------------|-----------------------------|--------------------------------------|
 * | channel group   | `RES#<channel group arn>`   | `#META`                              |
 * | channel         | `RES#<channel arn>`         | `#META`, `METRICS#CHANNEL#<name>`    |
 * | origin endpoint | `RES#<origin endpoint arn>` | `#META`, `METRICS#ENDPOINT#<name>`   |
 *
 * MediaPackage has no lifecycle state, so no `status` is stored (the chain shows `health` and alarms instead). v2 has no
 * ingest credentials; SPEKE key material (the constant initialization vector) is never stored, only where keys come
 * from (URL, role, DRM systems, resource id).
 */

export const CHANNEL_GROUP_TYPE = 'mediapackagev2:channel-group';
export const CHANNEL_TYPE = 'mediapackagev2:channel';
export const ORIGIN_ENDPOINT_TYPE = 'mediapackagev2:origin-endpoint';

interface MediaPackageV2Record extends StoredItem {
  arn: string;
  name: string;
  channelGroupName: string;
  description?: string;
  createdAt?: string;
  modifiedAt?: string;
  tags?: Record<string, string>;
  hash: string;
  treeHash: string;
  lastPolledAt?: string;
  tombstone?: boolean;
  deletedAt?: string;
}

export interface ChannelGroupRecord extends MediaPackageV2Record {
  type: typeof CHANNEL_GROUP_TYPE;
  /** Where players and CDNs read the group's origin endpoints. */
  egressDomain?: string;
}

export interface IngestEndpointSummary {
  id?: string;
  url: string;
}

export interface ChannelRecord extends MediaPackageV2Record {
  type: typeof CHANNEL_TYPE;
  channelName: string;
  channelGroupArn: string;
  /** `HLS` or `CMAF`. */
  inputType?: string;
  ingestEndpoints?: IngestEndpointSummary[];
  /** `InputSwitchConfiguration.MQCSInputSwitching`. */
  mqcsInputSwitching?: boolean;
  /** `OutputHeaderConfiguration.PublishMQCS`. */
  publishMqcs?: boolean;
}

export interface SegmentEncryptionSummary {
  /** `TsEncryptionMethod` or `CmafEncryptionMethod`. */
  method?: string;
  keyRotationIntervalSeconds?: number;
  spekeUrl?: string;
  roleArn?: string;
  drmSystems?: string[];
  resourceId?: string;
}

export interface SegmentSummary {
  segmentDurationSeconds?: number;
  segmentName?: string;
  tsUseAudioRenditionGroup?: boolean;
  includeIframeOnlyStreams?: boolean;
  tsIncludeDvbSubtitles?: boolean;
  scteFilter?: string[];
  encryption?: SegmentEncryptionSummary;
}

export interface ManifestSummary {
  manifestName: string;
  url?: string;
  childManifestName?: string;
  manifestWindowSeconds?: number;
  programDateTimeIntervalSeconds?: number;
}

export interface OriginEndpointRecord extends MediaPackageV2Record {
  type: typeof ORIGIN_ENDPOINT_TYPE;
  originEndpointName: string;
  channelName: string;
  channelArn: string;
  /** `TS` or `CMAF`. */
  containerType?: string;
  segment?: SegmentSummary;
  startoverWindowSeconds?: number;
  hlsManifests?: ManifestSummary[];
  lowLatencyHlsManifests?: ManifestSummary[];
  dashManifests?: ManifestSummary[];
  /** `ForceEndpointErrorConfiguration.EndpointErrorConditions`. */
  endpointErrorConditions?: string[];
}
