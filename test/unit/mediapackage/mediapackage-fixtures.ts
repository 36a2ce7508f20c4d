import { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import type { Channel, OriginEndpoint } from '@aws-sdk/client-mediapackage';
import type { KindContext } from '../../../lambdas/polling/resource-kind';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import type { Clock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';

/**
 * MediaPackage v1 shapes as AWS returns them (API reference, DescribeChannel / ListOriginEndpoints responses): ARNs end
 * in a GUID, `Id` is the user's; ingest endpoints carry a generated username and password.
 */
export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

export const CHANNEL_GUID = '6d582f2bfe8b4bd3bd8a4f2b3e1c0a11';
export const CHANNEL_ARN = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/${CHANNEL_GUID}`;
export const INGEST_ID_A = '8c1a2b3c4d5e6f708192a3b4c5d6e7f8';
export const INGEST_ID_B = '9d2b3c4d5e6f708192a3b4c5d6e7f809';
export const INGEST_PASSWORD = 'xT3kPq9ZwL2mN8vR';

export const NEWS_CHANNEL: Channel = {
  Arn: CHANNEL_ARN,
  Id: 'news-hd',
  Description: 'News HD packaging',
  CreatedAt: '2026-02-20T09:15:00Z',
  HlsIngest: {
    IngestEndpoints: [
      {
        Id: INGEST_ID_A,
        Url: `https://${INGEST_ID_A.slice(0, 10)}.mediapackage.${REGION}.amazonaws.com/in/v2/${CHANNEL_GUID}/${INGEST_ID_A}/channel`,
        Username: 'a1b2c3d4e5f6',
        Password: INGEST_PASSWORD,
      },
      {
        Id: INGEST_ID_B,
        Url: `https://${INGEST_ID_B.slice(0, 10)}.mediapackage.${REGION}.amazonaws.com/in/v2/${CHANNEL_GUID}/${INGEST_ID_B}/channel`,
        Username: 'f6e5d4c3b2a1',
        Password: INGEST_PASSWORD,
      },
    ],
  },
  IngressAccessLogs: { LogGroupName: '/aws/MediaPackage/IngressAccessLogs' },
  EgressAccessLogs: { LogGroupName: '/aws/MediaPackage/EgressAccessLogs' },
  Tags: { team: 'news', password: 'not-a-tag-to-keep' },
};

export const HLS_GUID = '1f2e3d4c5b6a79880716253443526170';
export const HLS_ENDPOINT: OriginEndpoint = {
  Arn: `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/${HLS_GUID}`,
  Id: 'news-hd-hls',
  ChannelId: 'news-hd',
  Description: 'HLS for web',
  ManifestName: 'index',
  Url: `https://c4af3793bf76b33c.mediapackage.${REGION}.amazonaws.com/out/v1/${HLS_GUID}/index.m3u8`,
  StartoverWindowSeconds: 3600,
  TimeDelaySeconds: 0,
  Whitelist: ['203.0.113.0/24'],
  Origination: 'ALLOW',
  Authorization: {
    CdnIdentifierSecret: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:MediaPackage/cdn-AbCdEf`,
    SecretsRoleArn: `arn:aws:iam::${ACCOUNT}:role/MediaPackageSecretsRole`,
  },
  HlsPackage: {
    SegmentDurationSeconds: 6,
    PlaylistWindowSeconds: 60,
    PlaylistType: 'EVENT',
    AdMarkers: 'SCTE35_ENHANCED',
    AdTriggers: ['SPLICE_INSERT', 'PROVIDER_ADVERTISEMENT'],
    AdsOnDeliveryRestrictions: 'RESTRICTED',
    ProgramDateTimeIntervalSeconds: 0,
    StreamSelection: { StreamOrder: 'ORIGINAL', MaxVideoBitsPerSecond: 2147483647, MinVideoBitsPerSecond: 0 },
    Encryption: {
      EncryptionMethod: 'SAMPLE_AES',
      KeyRotationIntervalSeconds: 60,
      RepeatExtXKey: false,
      ConstantInitializationVector: '0123456789abcdef0123456789abcdef',
      SpekeKeyProvider: {
        Url: 'https://speke.example.com/v1.0/copyProtection',
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/SpekeAccess`,
        ResourceId: 'news-hd-content',
        SystemIds: ['94ce86fb-07ff-4f43-adb8-93d2fa968ca2'],
      },
    },
  },
  Tags: { team: 'news' },
};

export const DASH_GUID = '2a3b4c5d6e7f80910a1b2c3d4e5f6071';
export const DASH_ENDPOINT: OriginEndpoint = {
  Arn: `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/${DASH_GUID}`,
  Id: 'news-hd-dash',
  ChannelId: 'news-hd',
  ManifestName: 'index',
  Url: `https://c4af3793bf76b33c.mediapackage.${REGION}.amazonaws.com/out/v1/${DASH_GUID}/index.mpd`,
  StartoverWindowSeconds: 0,
  TimeDelaySeconds: 10,
  Origination: 'ALLOW',
  DashPackage: {
    SegmentDurationSeconds: 2,
    ManifestWindowSeconds: 60,
    Profile: 'NONE',
    ManifestLayout: 'FULL',
    MinBufferTimeSeconds: 30,
    MinUpdatePeriodSeconds: 15,
    SuggestedPresentationDelaySeconds: 25,
    SegmentTemplateFormat: 'NUMBER_WITH_TIMELINE',
    Encryption: {
      KeyRotationIntervalSeconds: 0,
      SpekeKeyProvider: {
        Url: 'https://speke.example.com/v2.0',
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/SpekeAccess`,
        ResourceId: 'news-hd-dash',
        SystemIds: ['edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', '9a04f079-9840-4286-ab92-e65be0885f95'],
        EncryptionContractConfiguration: { PresetSpeke20Audio: 'PRESET-AUDIO-1', PresetSpeke20Video: 'PRESET-VIDEO-1' },
      },
    },
  },
};

export const MSS_ENDPOINT: OriginEndpoint = {
  Arn: `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/3b4c5d6e7f8091a2b3c4d5e6f7081920`,
  Id: 'news-hd-mss',
  ChannelId: 'news-hd',
  Url: `https://c4af3793bf76b33c.mediapackage.${REGION}.amazonaws.com/out/v1/3b4c5d6e7f8091a2b3c4d5e6f7081920/index.ism/Manifest`,
  Origination: 'DENY',
  MssPackage: {
    SegmentDurationSeconds: 2,
    ManifestWindowSeconds: 60,
    StreamSelection: { StreamOrder: 'VIDEO_BITRATE_DESCENDING' },
  },
};

export const CMAF_ENDPOINT: OriginEndpoint = {
  Arn: `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/4c5d6e7f8091a2b3c4d5e6f708192031`,
  Id: 'news-hd-cmaf',
  ChannelId: 'news-hd',
  Url: `https://c4af3793bf76b33c.mediapackage.${REGION}.amazonaws.com/out/v1/4c5d6e7f8091a2b3c4d5e6f708192031`,
  Origination: 'ALLOW',
  CmafPackage: {
    SegmentDurationSeconds: 4,
    SegmentPrefix: 'seg',
    HlsManifests: [
      {
        Id: 'cmaf-hls',
        ManifestName: 'index',
        Url: `https://c4af3793bf76b33c.mediapackage.${REGION}.amazonaws.com/out/v1/4c5d6e7f8091a2b3c4d5e6f708192031/index.m3u8`,
        PlaylistWindowSeconds: 60,
        AdMarkers: 'NONE',
      },
    ],
    Encryption: {
      EncryptionMethod: 'SAMPLE_AES',
      ConstantInitializationVector: 'fedcba9876543210fedcba9876543210',
      KeyRotationIntervalSeconds: 0,
      SpekeKeyProvider: {
        Url: 'https://speke.example.com/v1.0',
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/SpekeAccess`,
        ResourceId: 'news-hd-cmaf',
        SystemIds: ['94ce86fb-07ff-4f43-adb8-93d2fa968ca2'],
        CertificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`,
      },
    },
  },
};

export const ALL_ENDPOINTS = [HLS_ENDPOINT, DASH_ENDPOINT, MSS_ENDPOINT, CMAF_ENDPOINT];

export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2026-03-01T10:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A kind context over `client` with a generous budget whose backoff takes no time. */
export function kindContext(
  client = new MediaPackageClient({ region: REGION }),
  clock = new ManualClock(),
): KindContext<MediaPackageClient> {
  const budget = new RequestBudget(new TokenBucket(1000, 1000, clock, async (ms) => clock.advance(ms)), {
    wait: async (ms) => clock.advance(ms),
    random: () => 0.5,
  });
  return { client, budget, clock, account: ACCOUNT, region: REGION };
}

/** Everything an async iterable yields. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

export function notFound(message = 'not found'): Error {
  return Object.assign(new Error(message), {
    name: 'NotFoundException',
    $metadata: { httpStatusCode: 404 },
    $fault: 'client',
  });
}
