import type { StoredItem } from '../store/keys';

/**
 * The stored shape of MediaPackage v1 (live) resources: what the poller writes, and what the API, the events path and
 * the chain read. Field names follow AWS's, in camelCase. MediaPackage resources have no lifecycle state, so no
 * `status` is stored (the chain shows `health` and alarms instead).
 *
 * Never stored: an ingest endpoint's `Password`; SPEKE keys and `ConstantInitializationVector`; the CDN authorization
 * beyond the secret's ARN and the role that reads it.
 *
 * | item            | pk                         | sk        |
 * |-----------------|----------------------------|-----------|
 * | channel         | `RES#<channel arn>`        | `#META` (ingest endpoints inline: a channel has two) |
 * | origin endpoint | `RES#<origin endpoint arn>`| `#META` (packaging inline) |
 * | metrics         | `RES#<channel arn>`        | `METRICS#CHANNEL#<id>` |
 * | metrics         | `RES#<origin endpoint arn>`| `METRICS#ENDPOINT#<id>`, `METRICS#INGEST_ENDPOINT#<ingest id>` |
 *
 * `name` is the user Id (MediaPackage v1 resources have no other name), so the GSI1 listing's sort key
 * `<Id>#<arn>` finds a resource by the Id an alarm dimension carries with one bounded Query.
 */

export const CHANNEL_TYPE = 'mediapackage:channel';
export const ORIGIN_ENDPOINT_TYPE = 'mediapackage:origin-endpoint';

interface MediaPackageRecord extends StoredItem {
  arn: string;
  /** The user-assigned Id: what Describe* take, and one of the values CloudWatch dimensions may carry. */
  id: string;
  /** The Id again: MediaPackage v1 resources have no name. */
  name: string;
  description?: string;
  /** AWS `CreatedAt` (ISO-8601); moto gives none. */
  createdAt?: string;
  tags?: Record<string, string>;
  hash: string;
  treeHash?: string;
  lastPolledAt?: string;
  tombstone?: boolean;
  deletedAt?: string;
}

/** One HLS ingest endpoint of a channel: its Id (CloudWatch's `IngestEndpoint`), URL and username, never the password. */
export interface IngestEndpointSummary {
  id?: string;
  url?: string;
  username?: string;
}

export interface ChannelRecord extends MediaPackageRecord {
  type: typeof CHANNEL_TYPE;
  ingestEndpoints?: IngestEndpointSummary[];
  /** CloudWatch Logs group names of the ingress and egress access logs. */
  ingressAccessLogs?: { logGroupName?: string };
  egressAccessLogs?: { logGroupName?: string };
  /** Set by the events path from `MediaPackage Input Notification`. */
  inputNotification?: { event: string; message?: string; at: string };
  inputError?: { event: string; message?: string; at: string };
}

/** SPEKE settings without keys: where the keys come from, the role, the DRM systems. */
export interface SpekeSummary {
  url?: string;
  roleArn?: string;
  resourceId?: string;
  systemIds?: string[];
  certificateArn?: string;
  presetSpeke20Audio?: string;
  presetSpeke20Video?: string;
}

export interface EncryptionSummary {
  /** `AES_128`, `SAMPLE_AES` (HLS), `SAMPLE_AES`/`AES_CTR` (CMAF); absent for DASH and MSS (CENC/PlayReady). */
  encryptionMethod?: string;
  keyRotationIntervalSeconds?: number;
  repeatExtXKey?: boolean;
  speke?: SpekeSummary;
}

export interface StreamSelectionSummary {
  maxVideoBitsPerSecond?: number;
  minVideoBitsPerSecond?: number;
  streamOrder?: string;
}

/** The packaging of an origin endpoint: exactly one of HLS, DASH, MSS or CMAF, with its key settings. */
export interface PackagingSummary {
  type: 'HLS' | 'DASH' | 'MSS' | 'CMAF';
  segmentDurationSeconds?: number;
  /** HLS playlist window. */
  playlistWindowSeconds?: number;
  /** DASH and MSS manifest window. */
  manifestWindowSeconds?: number;
  playlistType?: string;
  adMarkers?: string;
  adTriggers?: string[];
  adsOnDeliveryRestrictions?: string;
  programDateTimeIntervalSeconds?: number;
  /** DASH. */
  profile?: string;
  manifestLayout?: string;
  minBufferTimeSeconds?: number;
  minUpdatePeriodSeconds?: number;
  suggestedPresentationDelaySeconds?: number;
  segmentTemplateFormat?: string;
  utcTiming?: string;
  /** CMAF. */
  segmentPrefix?: string;
  hlsManifests?: {
    id?: string;
    manifestName?: string;
    url?: string;
    playlistWindowSeconds?: number;
    adMarkers?: string;
  }[];
  streamSelection?: StreamSelectionSummary;
  encryption?: EncryptionSummary;
}

export interface OriginEndpointRecord extends MediaPackageRecord {
  type: typeof ORIGIN_ENDPOINT_TYPE;
  /** The Id of the channel the endpoint packages. */
  channelId?: string;
  url?: string;
  manifestName?: string;
  packaging?: PackagingSummary;
  startoverWindowSeconds?: number;
  timeDelaySeconds?: number;
  whitelist?: string[];
  /** `ALLOW` or `DENY`. */
  origination?: string;
  /** CDN authorization: the Secrets Manager secret's ARN and the role that reads it; never the secret. */
  authorization?: { cdnIdentifierSecretArn?: string; secretsRoleArn?: string };
  /** Set by the events path from `MediaPackage Key Provider Notification`. */
  keyProviderError?: { event: string; message?: string; at: string };
}
