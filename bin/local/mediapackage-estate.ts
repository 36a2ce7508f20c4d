/** What a MediaPackage v1 channel takes in from MediaLive and serves from its origin endpoints, per minute. */
export interface PackageSignal {
  /** Mean ingest rate in Mb/s (both pipelines together). */
  readonly ingressMbps: number;
  /** Player and CDN requests per minute, per origin endpoint. */
  readonly requestsPerMinute: number;
  /** Per-minute probability of some 4xx answers on an endpoint (players asking for segments past the window). */
  readonly egress4xxChance: number;
}

/**
 * The demo's MediaPackage estate, as data: the v1 origin channel that the News-HD MediaLive channel sends to, with an
 * HLS and a DASH origin endpoint, and one v2 channel group with one channel (the Weather-Web channel's HLS output
 * group sends to its ingest endpoint). The MediaLive estate (medialive-estate.ts) names these by channel id and by
 * channel group and channel name.
 *
 * moto 5.2.1 has v1 channels and origin endpoints, but v2 only channel groups and create/get/delete channel: the v2
 * origin endpoints of a real estate cannot be seeded here.
 */

export interface OriginEndpointBlueprint {
  /** The user-assigned endpoint Id (it is also the endpoint's manifest path on AWS). */
  readonly id: string;
  readonly description: string;
  readonly packaging: 'HLS' | 'DASH';
  readonly segmentDurationSeconds: number;
  /** HLS playlist window or DASH manifest window. */
  readonly windowSeconds: number;
  readonly startoverWindowSeconds?: number;
  readonly timeDelaySeconds?: number;
  readonly whitelist?: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface MediaPackageChannelBlueprint {
  /** The user-assigned channel Id: what a MediaLive MEDIA_PACKAGE destination names (`MediaPackageSettings[].ChannelId`). */
  readonly id: string;
  readonly description: string;
  readonly endpoints: readonly OriginEndpointBlueprint[];
  readonly tags: Readonly<Record<string, string>>;
  /** What the channel publishes to `AWS/MediaPackage` while a running MediaLive channel sends to it. */
  readonly signal: PackageSignal;
}

export interface ChannelGroupBlueprint {
  readonly name: string;
  readonly description: string;
  readonly channels: readonly { readonly name: string; readonly description: string }[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface MediaPackageEstate {
  /** MediaPackage v1 channels with their origin endpoints. */
  readonly channels: readonly MediaPackageChannelBlueprint[];
  /** MediaPackage v2 channel groups with their channels. */
  readonly channelGroups: readonly ChannelGroupBlueprint[];
}

/** The MediaPackage v1 channel News-HD sends to. */
export const NEWS_ORIGIN_CHANNEL_ID = 'news-hd-origin';
/** The MediaPackage v2 channel group and channel Weather-Web sends to. */
export const LIVE_ORIGIN_GROUP = 'live-origin';
export const WEATHER_V2_CHANNEL = 'weather-web';

export function demoMediaPackageEstate(): MediaPackageEstate {
  return {
    channels: [
      {
        id: NEWS_ORIGIN_CHANNEL_ID,
        description: 'News-HD origin: packages the News-HD MediaLive channel for the CDN',
        tags: { Environment: 'demo', Channel: 'news' },
        signal: { ingressMbps: 6.2, requestsPerMinute: 240, egress4xxChance: 0.1 },
        endpoints: [
          {
            id: 'news-hd-hls',
            description: 'News-HD HLS for apps and web',
            packaging: 'HLS',
            segmentDurationSeconds: 6,
            windowSeconds: 60,
            startoverWindowSeconds: 3600,
            tags: { Environment: 'demo', Channel: 'news', Format: 'hls' },
          },
          {
            id: 'news-hd-dash',
            description: 'News-HD DASH for smart TVs',
            packaging: 'DASH',
            segmentDurationSeconds: 2,
            windowSeconds: 30,
            timeDelaySeconds: 10,
            whitelist: ['203.0.113.0/24'],
            tags: { Environment: 'demo', Channel: 'news', Format: 'dash' },
          },
        ],
      },
    ],
    channelGroups: [
      {
        name: LIVE_ORIGIN_GROUP,
        description: 'MediaPackage v2 origin for the web channels',
        tags: { Environment: 'demo' },
        channels: [{ name: WEATHER_V2_CHANNEL, description: 'Weather-Web origin' }],
      },
    ],
  };
}
