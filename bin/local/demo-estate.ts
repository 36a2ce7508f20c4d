/**
 * The demo's MediaConnect estate, as data: a small broadcaster's contribution and distribution flows with the
 * protocols, failover modes, outputs, entitlements and encryption a real estate has, and a signal profile per flow
 * that decides what CloudWatch datapoints the emulator gets for it.
 *
 * Names contain no `.` or `/`: moto's URL routing (`[^/.]+`) cannot route such flow ARNs.
 */

/** How a flow's signal behaves over time. Values are per one-minute datapoint. */
export interface SignalProfile {
  /** Mean source bitrate in Mb/s. */
  readonly bitrateMbps: number;
  /** Relative bitrate wander, e.g. 0.04 for ±4 %. */
  readonly wander: number;
  /** Per-minute probability of a burst of packets that error correction could not recover. */
  readonly lossBurstChance: number;
  /** Per-minute probability of TS continuity-counter errors. */
  readonly continuityErrorChance: number;
  /** Source names that lost their input this many minutes ago (Connected 0, no bitrate since). */
  readonly disconnected?: { readonly source: string; readonly minutesAgo: number };
  /** Output names whose receiver is gone (OutputConnected 0). */
  readonly disconnectedOutputs?: readonly string[];
}

export interface SourceBlueprint {
  readonly name: string;
  readonly protocol: string;
  readonly description: string;
  readonly ingestPort?: number;
  readonly whitelistCidr?: string;
  readonly maxLatency?: number;
  readonly minLatency?: number;
  readonly maxBitrate?: number;
  readonly streamId?: string;
  readonly senderIpAddress?: string;
  readonly sourceListenerAddress?: string;
  readonly sourceListenerPort?: number;
  /** Static-key decryption of an encrypted Zixi contribution. */
  readonly decryption?: EncryptionBlueprint;
}

export interface OutputBlueprint {
  readonly name: string;
  readonly protocol: string;
  readonly description: string;
  readonly destination?: string;
  readonly port: number;
  readonly cidrAllowList?: readonly string[];
  readonly minLatency?: number;
  readonly maxLatency?: number;
  readonly smoothingLatency?: number;
  readonly streamId?: string;
  readonly remoteId?: string;
  readonly encryption?: EncryptionBlueprint;
}

export interface EncryptionBlueprint {
  readonly keyType: 'static-key' | 'speke' | 'srt-password';
  readonly algorithm?: 'aes128' | 'aes192' | 'aes256';
  readonly roleArn: string;
  readonly secretArn?: string;
  readonly url?: string;
  readonly resourceId?: string;
  readonly deviceId?: string;
  readonly region?: string;
  readonly constantInitializationVector?: string;
}

export interface EntitlementBlueprint {
  readonly name: string;
  readonly description: string;
  readonly subscribers: readonly string[];
  readonly dataTransferSubscriberFeePercent?: number;
  readonly status?: 'ENABLED' | 'DISABLED';
  readonly encryption?: EncryptionBlueprint;
}

export interface FlowBlueprint {
  readonly name: string;
  readonly availabilityZone: string;
  /** One source, or two with a failover config. */
  readonly sources: readonly SourceBlueprint[];
  readonly failover?: {
    readonly mode: 'FAILOVER' | 'MERGE';
    readonly recoveryWindowMs: number;
    readonly primarySource?: string;
  };
  readonly outputs: readonly OutputBlueprint[];
  readonly entitlements: readonly EntitlementBlueprint[];
  readonly tags: Readonly<Record<string, string>>;
  /** Started by the seeder (ACTIVE); otherwise left in STANDBY. */
  readonly start: boolean;
  readonly signal: SignalProfile;
}

/** Subscriber accounts of the demo's partners (entitlements are granted to them). */
export const PARTNER_ACCOUNTS = {
  affiliates: '444455556666',
  sportsRights: '777788889999',
  archive: '210987654321',
} as const;

/** The demo estate for one account and region. Encryption references (roles, secrets) live in the demo account. */
export function demoEstate(account: string, region: string): FlowBlueprint[] {
  const az = (letter: string) => `${region}${letter}`;
  const role = (name: string) => `arn:aws:iam::${account}:role/${name}`;
  const secret = (name: string, suffix: string) =>
    `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${suffix}`;
  const staticKey = (secretName: string, suffix: string): EncryptionBlueprint => ({
    keyType: 'static-key',
    algorithm: 'aes256',
    roleArn: role('MediaConnectSecretsAccess'),
    secretArn: secret(secretName, suffix),
  });
  const speke = (resourceId: string, deviceId: string): EncryptionBlueprint => ({
    keyType: 'speke',
    algorithm: 'aes128',
    roleArn: role('MediaConnectSpekeAccess'),
    url: `https://k7x2m9q4pd.execute-api.${region}.amazonaws.com/SpekeSample/copyProtection`,
    resourceId,
    deviceId,
    region,
    constantInitializationVector: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  });
  const clean = (bitrateMbps: number, extra: Partial<SignalProfile> = {}): SignalProfile => ({
    bitrateMbps,
    wander: 0.04,
    lossBurstChance: 0,
    continuityErrorChance: 0,
    ...extra,
  });

  return [
    {
      name: 'NewsHD-Primary',
      availabilityZone: az('a'),
      sources: [
        {
          name: 'Newsroom-Encoder',
          protocol: 'zixi-push',
          description: 'Newsroom Zixi feed',
          ingestPort: 2088,
          maxLatency: 2000,
          streamId: 'newshd',
          whitelistCidr: '203.0.113.0/24',
          decryption: staticKey('mediaconnect/newsroom-zixi', 'Q1w2E3'),
        },
      ],
      outputs: [
        {
          name: 'MediaLive-News-A',
          protocol: 'rtp-fec',
          description: 'To MediaLive channel News-HD pipeline 0',
          destination: '10.20.1.10',
          port: 5000,
          smoothingLatency: 100,
        },
        {
          name: 'CDN-SRT',
          protocol: 'srt-listener',
          description: 'CDN pull',
          port: 7000,
          cidrAllowList: ['198.51.100.0/24'],
          minLatency: 500,
          encryption: {
            keyType: 'srt-password',
            roleArn: role('MediaConnectSecretsAccess'),
            secretArn: secret('mediaconnect/cdn-srt-pass', 'Zx9Yw8'),
          },
        },
        {
          name: 'Monitoring-Zixi',
          protocol: 'zixi-pull',
          description: 'MCR multiviewer',
          port: 2088,
          remoteId: 'mcr-mv-01',
          maxLatency: 1000,
        },
      ],
      entitlements: [
        {
          name: 'Affiliates-News',
          description: 'News HD for affiliate stations',
          subscribers: [PARTNER_ACCOUNTS.affiliates],
          dataTransferSubscriberFeePercent: 0,
          encryption: staticKey('mediaconnect/affiliates-news', 'Kp4Lm2'),
        },
        {
          name: 'Archive-News',
          description: 'Compliance recording',
          subscribers: [PARTNER_ACCOUNTS.archive],
          encryption: speke('news-hd-archive', '5e1a9c2e-7d7b-4b7e-9a77-1c2b3d4e5f60'),
        },
      ],
      tags: { Environment: 'demo', Channel: 'news', Tier: 'gold' },
      start: true,
      signal: clean(12),
    },
    {
      name: 'NewsHD-Backup',
      availabilityZone: az('b'),
      sources: [
        {
          name: 'Newsroom-Encoder-B',
          protocol: 'zixi-push',
          description: 'Newsroom Zixi feed, backup encoder',
          ingestPort: 2088,
          maxLatency: 2000,
          streamId: 'newshd-b',
        },
      ],
      outputs: [
        {
          name: 'MediaLive-News-B',
          protocol: 'rtp-fec',
          description: 'To MediaLive channel News-HD pipeline 1',
          destination: '10.20.2.10',
          port: 5000,
        },
      ],
      entitlements: [],
      tags: { Environment: 'demo', Channel: 'news', Tier: 'gold' },
      start: true,
      signal: clean(12),
    },
    {
      name: 'Sports-Feed-A',
      availabilityZone: az('a'),
      sources: [
        {
          name: 'Stadium-Main',
          protocol: 'srt-listener',
          description: 'OB truck main link',
          ingestPort: 5001,
          minLatency: 800,
          whitelistCidr: '192.0.2.0/24',
        },
        {
          name: 'Stadium-Backup',
          protocol: 'srt-listener',
          description: 'OB truck bonded cellular',
          ingestPort: 5002,
          minLatency: 1500,
          whitelistCidr: '192.0.2.0/24',
        },
      ],
      failover: { mode: 'FAILOVER', recoveryWindowMs: 200, primarySource: 'Stadium-Main' },
      outputs: [
        {
          name: 'MediaLive-Sports',
          protocol: 'rtp',
          description: 'To MediaLive channel Sports-1',
          destination: '10.20.1.20',
          port: 5010,
        },
        {
          name: 'Rights-Holder-SRT',
          protocol: 'srt-caller',
          description: 'Rights holder ingest',
          destination: '198.51.100.40',
          port: 9000,
          minLatency: 1000,
          streamId: 'sports-a',
        },
      ],
      entitlements: [
        {
          name: 'Sports-Rights-Partner',
          description: 'Live match for the rights partner',
          subscribers: [PARTNER_ACCOUNTS.sportsRights],
          dataTransferSubscriberFeePercent: 50,
          encryption: speke('sports-feed-a', '0f3c7a12-44b8-4bde-9c2e-6d1e5a7f8b90'),
        },
      ],
      tags: { Environment: 'demo', Channel: 'sports', Tier: 'gold' },
      start: true,
      signal: clean(18, { wander: 0.08 }),
    },
    {
      name: 'Sports-Feed-B',
      availabilityZone: az('b'),
      sources: [
        {
          name: 'Remote-Venue',
          protocol: 'srt-caller',
          description: 'Venue encoder over public internet',
          sourceListenerAddress: '203.0.113.77',
          sourceListenerPort: 6000,
          minLatency: 1200,
          streamId: 'venue-b',
        },
      ],
      outputs: [
        {
          name: 'MediaLive-Sports-B',
          protocol: 'rtp-fec',
          description: 'To MediaLive channel Sports-2',
          destination: '10.20.2.20',
          port: 5012,
        },
      ],
      entitlements: [],
      tags: { Environment: 'demo', Channel: 'sports', Tier: 'silver' },
      start: true,
      // A lossy internet path: frequent unrecovered packets and CC errors.
      signal: clean(10, { wander: 0.1, lossBurstChance: 0.35, continuityErrorChance: 0.3 }),
    },
    {
      name: 'Studio-Return',
      availabilityZone: az('a'),
      sources: [
        {
          name: 'Studio-RIST',
          protocol: 'rist',
          description: 'Studio B return',
          ingestPort: 4000,
          maxLatency: 500,
          whitelistCidr: '10.0.0.0/8',
        },
      ],
      outputs: [
        {
          name: 'Gallery-Monitor',
          protocol: 'rist',
          description: 'Gallery confidence monitor',
          destination: '10.30.0.15',
          port: 4002,
        },
      ],
      entitlements: [],
      tags: { Environment: 'demo', Channel: 'studio', Tier: 'silver' },
      start: true,
      signal: clean(6, { lossBurstChance: 0.1 }),
    },
    {
      name: 'Playout-Main',
      availabilityZone: az('c'),
      sources: [
        {
          name: 'Playout-Red',
          protocol: 'rtp',
          description: 'Playout red path (2022-7)',
          ingestPort: 5004,
          whitelistCidr: '10.40.0.0/16',
          maxBitrate: 20_000_000,
        },
        {
          name: 'Playout-Blue',
          protocol: 'rtp',
          description: 'Playout blue path (2022-7)',
          ingestPort: 5006,
          whitelistCidr: '10.41.0.0/16',
          maxBitrate: 20_000_000,
        },
      ],
      failover: { mode: 'MERGE', recoveryWindowMs: 100 },
      outputs: [
        {
          name: 'Distribution-Zixi',
          protocol: 'zixi-push',
          description: 'To distribution partner',
          destination: '198.51.100.60',
          port: 2088,
          streamId: 'playout-main',
          maxLatency: 2000,
          encryption: staticKey('mediaconnect/distribution-zixi', 'Hh7Jj6'),
        },
        {
          name: 'DTT-Headend',
          protocol: 'udp',
          description: 'Terrestrial headend',
          destination: '10.50.0.5',
          port: 1234,
        },
      ],
      entitlements: [
        {
          name: 'Affiliates-Playout',
          description: 'Main channel for affiliates',
          subscribers: [PARTNER_ACCOUNTS.affiliates, PARTNER_ACCOUNTS.sportsRights],
          encryption: staticKey('mediaconnect/affiliates-playout', 'Vb3Nm1'),
        },
      ],
      tags: { Environment: 'demo', Channel: 'main', Tier: 'gold' },
      start: true,
      signal: clean(15, { wander: 0.02 }),
    },
    {
      name: 'Radio-Simulcast',
      availabilityZone: az('a'),
      sources: [
        {
          name: 'Radio-Studio',
          protocol: 'zixi-push',
          description: 'Radio visual studio',
          ingestPort: 2088,
          maxLatency: 1000,
          streamId: 'radio',
        },
      ],
      outputs: [
        {
          name: 'Radio-Web',
          protocol: 'srt-caller',
          description: 'Web simulcast encoder',
          destination: '198.51.100.80',
          port: 9100,
          minLatency: 800,
        },
      ],
      entitlements: [],
      tags: { Environment: 'demo', Channel: 'radio', Tier: 'bronze' },
      start: true,
      // The studio encoder dropped off 12 minutes ago.
      signal: clean(5, { disconnected: { source: 'Radio-Studio', minutesAgo: 12 } }),
    },
    {
      name: 'Concert-Live',
      availabilityZone: az('b'),
      sources: [
        {
          name: 'Arena-SRT',
          protocol: 'srt-listener',
          description: 'Arena production',
          ingestPort: 5020,
          minLatency: 1000,
          whitelistCidr: '0.0.0.0/0',
        },
      ],
      outputs: [
        {
          name: 'CDN-Primary',
          protocol: 'srt-caller',
          description: 'CDN primary ingest',
          destination: '198.51.100.90',
          port: 9200,
          minLatency: 1000,
        },
        {
          name: 'CDN-Backup',
          protocol: 'srt-caller',
          description: 'CDN backup ingest',
          destination: '198.51.100.91',
          port: 9200,
          minLatency: 1000,
        },
      ],
      entitlements: [],
      tags: { Environment: 'demo', Channel: 'events', Tier: 'silver' },
      start: true,
      signal: clean(16, { wander: 0.06, disconnectedOutputs: ['CDN-Backup'] }),
    },
    {
      name: 'Venue-Contribution',
      availabilityZone: az('c'),
      sources: [
        {
          name: 'Venue-UDP',
          protocol: 'udp',
          description: 'Venue encoder over private link',
          ingestPort: 6100,
          whitelistCidr: '10.60.0.0/16',
        },
      ],
      outputs: [
        {
          name: 'Edit-Suite',
          protocol: 'rtp',
          description: 'Edit suite capture',
          destination: '10.30.0.40',
          port: 6200,
        },
      ],
      entitlements: [],
      tags: { Environment: 'demo', Channel: 'events', Tier: 'bronze' },
      start: true,
      signal: clean(8, { continuityErrorChance: 0.08 }),
    },
    {
      name: 'Election-Night',
      availabilityZone: az('a'),
      sources: [
        {
          name: 'Election-Main',
          protocol: 'zixi-push',
          description: 'Election studio main',
          ingestPort: 2088,
          maxLatency: 2000,
          streamId: 'election-main',
        },
        {
          name: 'Election-Backup',
          protocol: 'zixi-push',
          description: 'Election studio backup',
          ingestPort: 2089,
          maxLatency: 2000,
          streamId: 'election-backup',
        },
      ],
      failover: { mode: 'FAILOVER', recoveryWindowMs: 300, primarySource: 'Election-Main' },
      outputs: [
        {
          name: 'MediaLive-Election',
          protocol: 'rtp-fec',
          description: 'To MediaLive channel Election',
          destination: '10.20.1.30',
          port: 5030,
        },
      ],
      entitlements: [
        {
          name: 'Pool-Feed',
          description: 'Pool feed for other broadcasters',
          subscribers: [PARTNER_ACCOUNTS.affiliates, PARTNER_ACCOUNTS.archive],
          encryption: speke('election-pool', '9b2d4f60-1a3c-4e5f-8a7b-2c4d6e8f0a1b'),
        },
      ],
      tags: { Environment: 'demo', Channel: 'news', Tier: 'gold' },
      start: false,
      signal: clean(12),
    },
    {
      name: 'Weather-Loop',
      availabilityZone: az('b'),
      sources: [
        {
          name: 'Weather-Graphics',
          protocol: 'rist',
          description: 'Weather graphics engine',
          ingestPort: 4010,
          maxLatency: 300,
        },
      ],
      outputs: [
        {
          name: 'MediaLive-Weather',
          protocol: 'rtp',
          description: 'To MediaLive channel Weather',
          destination: '10.20.1.40',
          port: 5040,
        },
      ],
      entitlements: [],
      tags: { Environment: 'demo', Channel: 'weather', Tier: 'bronze' },
      start: false,
      signal: clean(4),
    },
    {
      name: 'Archive-Ingest',
      availabilityZone: az('c'),
      sources: [
        {
          name: 'Archive-Playback',
          protocol: 'rtp-fec',
          description: 'Archive playback server',
          ingestPort: 5050,
          whitelistCidr: '10.70.0.0/16',
        },
      ],
      outputs: [
        {
          name: 'Archive-Transcode',
          protocol: 'rtp-fec',
          description: 'To archive transcode farm',
          destination: '10.70.1.5',
          port: 5052,
        },
      ],
      entitlements: [
        {
          name: 'Archive-Partner',
          description: 'Archive sharing with a partner',
          subscribers: [PARTNER_ACCOUNTS.archive],
          status: 'DISABLED',
          encryption: staticKey('mediaconnect/archive-partner', 'Tt5Rr4'),
        },
      ],
      tags: { Environment: 'demo', Channel: 'archive', Tier: 'bronze' },
      start: false,
      signal: clean(20),
    },
    {
      name: 'Esports-Arena',
      availabilityZone: az('a'),
      sources: [
        {
          name: 'Arena-Caller',
          protocol: 'srt-caller',
          description: 'Esports production',
          sourceListenerAddress: '203.0.113.120',
          sourceListenerPort: 6500,
          minLatency: 600,
          streamId: 'esports',
        },
      ],
      outputs: [
        {
          name: 'Streaming-Platform',
          protocol: 'srt-caller',
          description: 'Streaming platform ingest',
          destination: '198.51.100.120',
          port: 9300,
          minLatency: 800,
        },
      ],
      entitlements: [
        {
          name: 'Esports-League',
          description: 'League clean feed',
          subscribers: [PARTNER_ACCOUNTS.sportsRights],
          encryption: speke('esports-clean', '3c5e7a9b-2d4f-4618-8a0c-e2f4a6b8c0d2'),
        },
      ],
      tags: { Environment: 'demo', Channel: 'esports', Tier: 'silver' },
      start: false,
      signal: clean(9),
    },
    {
      name: 'Regional-Opt-Out',
      availabilityZone: az('b'),
      sources: [
        {
          name: 'Regional-Studio',
          protocol: 'rtp-fec',
          description: 'Regional news opt-out',
          ingestPort: 5060,
          whitelistCidr: '10.80.0.0/16',
        },
      ],
      outputs: [
        {
          name: 'Regional-MediaLive',
          protocol: 'rtp-fec',
          description: 'To MediaLive channel Regional',
          destination: '10.20.1.60',
          port: 5060,
        },
      ],
      entitlements: [],
      tags: { Environment: 'demo', Channel: 'regional', Tier: 'bronze' },
      start: false,
      signal: clean(7),
    },
  ];
}
