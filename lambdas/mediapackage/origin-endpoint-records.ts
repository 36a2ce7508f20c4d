import type {
  CmafPackage,
  DashPackage,
  HlsPackage,
  MssPackage,
  OriginEndpoint,
  SpekeKeyProvider,
  StreamSelection,
} from '@aws-sdk/client-mediapackage';
import {
  type EncryptionSummary,
  ORIGIN_ENDPOINT_TYPE,
  type OriginEndpointRecord,
  type PackagingSummary,
  type SpekeSummary,
  type StreamSelectionSummary,
} from './mediapackage-model';
import {
  bool,
  compact,
  compactOrUndefined,
  metaHeader,
  nonEmpty,
  num,
  type ObservationContext,
  OWNED_COMMON_FIELDS,
  str,
  tagsOf,
  withHashes,
} from './record-hash';
import { withoutUserInfo } from './channel-records';

/**
 * Builds an origin endpoint's `#META` record from ListOriginEndpoints' (or DescribeOriginEndpoint's) `OriginEndpoint`:
 * its channel, URL, packaging (one of HLS, DASH, MSS, CMAF) with its key settings, startover window, time delay,
 * whitelist, origination and CDN authorization. Encryption keeps the method, rotation and the SPEKE provider's URL,
 * role and systems; `ConstantInitializationVector` is never read, nor any key. Authorization keeps the secret's ARN
 * and the role only.
 */

export const POLLER_OWNED_ENDPOINT_FIELDS = [
  ...OWNED_COMMON_FIELDS,
  'channelId',
  'url',
  'manifestName',
  'packaging',
  'startoverWindowSeconds',
  'timeDelaySeconds',
  'whitelist',
  'origination',
  'authorization',
] as const;

export const ENDPOINT_TRUNCATABLE_FIELDS = ['whitelist', 'description', 'tags'] as const;

export type ListedOriginEndpoint = OriginEndpoint & { Arn: string; Id: string };

export function buildOriginEndpointRecord(
  endpoint: ListedOriginEndpoint,
  context: ObservationContext,
): OriginEndpointRecord & { treeHash: string } {
  return withHashes<OriginEndpointRecord & { treeHash: string }>({
    ...metaHeader(ORIGIN_ENDPOINT_TYPE, endpoint, context),
    description: str(endpoint.Description),
    createdAt: str(endpoint.CreatedAt),
    channelId: str(endpoint.ChannelId),
    url: withoutUserInfo(endpoint.Url),
    manifestName: str(endpoint.ManifestName),
    packaging: packagingOf(endpoint),
    startoverWindowSeconds: num(endpoint.StartoverWindowSeconds),
    timeDelaySeconds: num(endpoint.TimeDelaySeconds),
    whitelist: nonEmpty((endpoint.Whitelist ?? []).map(str).filter((c): c is string => c !== undefined)),
    origination: str(endpoint.Origination),
    authorization: compactOrUndefined({
      cdnIdentifierSecretArn: arnOnly(endpoint.Authorization?.CdnIdentifierSecret),
      secretsRoleArn: arnOnly(endpoint.Authorization?.SecretsRoleArn),
    }),
    tags: tagsOf(endpoint.Tags),
    hash: '',
    treeHash: '',
  });
}

/** The packaging the endpoint has (AWS allows exactly one), or undefined when it has none. */
export function packagingOf(endpoint: OriginEndpoint): PackagingSummary | undefined {
  if (endpoint.HlsPackage) return hls(endpoint.HlsPackage);
  if (endpoint.DashPackage) return dash(endpoint.DashPackage);
  if (endpoint.MssPackage) return mss(endpoint.MssPackage);
  if (endpoint.CmafPackage) return cmaf(endpoint.CmafPackage);
  return undefined;
}

function hls(p: HlsPackage): PackagingSummary {
  return compact({
    type: 'HLS' as const,
    segmentDurationSeconds: num(p.SegmentDurationSeconds),
    playlistWindowSeconds: num(p.PlaylistWindowSeconds),
    playlistType: str(p.PlaylistType),
    adMarkers: str(p.AdMarkers),
    adTriggers: nonEmpty(p.AdTriggers?.map(String)),
    adsOnDeliveryRestrictions: str(p.AdsOnDeliveryRestrictions),
    programDateTimeIntervalSeconds: num(p.ProgramDateTimeIntervalSeconds),
    streamSelection: streamSelection(p.StreamSelection),
    encryption: p.Encryption
      ? compact<EncryptionSummary>({
          encryptionMethod: str(p.Encryption.EncryptionMethod),
          keyRotationIntervalSeconds: num(p.Encryption.KeyRotationIntervalSeconds),
          repeatExtXKey: bool(p.Encryption.RepeatExtXKey),
          speke: speke(p.Encryption.SpekeKeyProvider),
        })
      : undefined,
  });
}

function dash(p: DashPackage): PackagingSummary {
  return compact({
    type: 'DASH' as const,
    segmentDurationSeconds: num(p.SegmentDurationSeconds),
    manifestWindowSeconds: num(p.ManifestWindowSeconds),
    profile: str(p.Profile),
    manifestLayout: str(p.ManifestLayout),
    minBufferTimeSeconds: num(p.MinBufferTimeSeconds),
    minUpdatePeriodSeconds: num(p.MinUpdatePeriodSeconds),
    suggestedPresentationDelaySeconds: num(p.SuggestedPresentationDelaySeconds),
    segmentTemplateFormat: str(p.SegmentTemplateFormat),
    utcTiming: str(p.UtcTiming),
    adTriggers: nonEmpty(p.AdTriggers?.map(String)),
    adsOnDeliveryRestrictions: str(p.AdsOnDeliveryRestrictions),
    streamSelection: streamSelection(p.StreamSelection),
    encryption: p.Encryption
      ? compact<EncryptionSummary>({
          keyRotationIntervalSeconds: num(p.Encryption.KeyRotationIntervalSeconds),
          speke: speke(p.Encryption.SpekeKeyProvider),
        })
      : undefined,
  });
}

function mss(p: MssPackage): PackagingSummary {
  return compact({
    type: 'MSS' as const,
    segmentDurationSeconds: num(p.SegmentDurationSeconds),
    manifestWindowSeconds: num(p.ManifestWindowSeconds),
    streamSelection: streamSelection(p.StreamSelection),
    encryption: p.Encryption ? compact<EncryptionSummary>({ speke: speke(p.Encryption.SpekeKeyProvider) }) : undefined,
  });
}

function cmaf(p: CmafPackage): PackagingSummary {
  return compact({
    type: 'CMAF' as const,
    segmentDurationSeconds: num(p.SegmentDurationSeconds),
    segmentPrefix: str(p.SegmentPrefix),
    hlsManifests: nonEmpty(
      (p.HlsManifests ?? []).map((m) =>
        compact({
          id: str(m.Id),
          manifestName: str(m.ManifestName),
          url: withoutUserInfo(m.Url),
          playlistWindowSeconds: num(m.PlaylistWindowSeconds),
          adMarkers: str(m.AdMarkers),
        }),
      ),
    ),
    streamSelection: streamSelection(p.StreamSelection),
    encryption: p.Encryption
      ? compact<EncryptionSummary>({
          encryptionMethod: str(p.Encryption.EncryptionMethod),
          keyRotationIntervalSeconds: num(p.Encryption.KeyRotationIntervalSeconds),
          speke: speke(p.Encryption.SpekeKeyProvider),
        })
      : undefined,
  });
}

function streamSelection(s: StreamSelection | undefined): StreamSelectionSummary | undefined {
  return s
    ? compactOrUndefined({
        maxVideoBitsPerSecond: num(s.MaxVideoBitsPerSecond),
        minVideoBitsPerSecond: num(s.MinVideoBitsPerSecond),
        streamOrder: str(s.StreamOrder),
      })
    : undefined;
}

/** Where the keys come from, never a key. */
function speke(p: SpekeKeyProvider | undefined): SpekeSummary | undefined {
  if (!p) return undefined;
  return compactOrUndefined({
    url: withoutUserInfo(p.Url),
    roleArn: arnOnly(p.RoleArn),
    resourceId: str(p.ResourceId),
    systemIds: nonEmpty((p.SystemIds ?? []).map(str).filter((s): s is string => s !== undefined)),
    certificateArn: arnOnly(p.CertificateArn),
    presetSpeke20Audio: str(p.EncryptionContractConfiguration?.PresetSpeke20Audio),
    presetSpeke20Video: str(p.EncryptionContractConfiguration?.PresetSpeke20Video),
  });
}

/** An ARN as given; anything that is not an ARN (a secret pasted into the field) is dropped. */
function arnOnly(value: string | undefined): string | undefined {
  return typeof value === 'string' && /^arn:[\w-]+:[\w-]+:[\w-]*:\d{0,12}:\S{1,1024}$/.test(value) ? value : undefined;
}
