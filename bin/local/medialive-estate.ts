/**
 * The demo's MediaLive estate, as data: inputs (one MEDIACONNECT input fed by two demo flows, one RTMP push with a
 * stream key, one URL pull with a password in its URL) and channels (a STANDARD channel that runs on the MediaConnect
 * input with HLS and MediaPackage output groups, and an idle SINGLE_PIPELINE channel on the other two inputs), plus the
 * health signal the running channel publishes to CloudWatch. The MediaPackage output group names the v1 origin channel
 * and the idle channel's HLS group sends to the v2 channel of mediapackage-estate.ts, so the chain runs from the
 * flows to the origin endpoints.
 *
 * The stream key and the URL password are here to prove that nothing secret is ever stored, logged or shown.
 */

import { LIVE_ORIGIN_GROUP, NEWS_ORIGIN_CHANNEL_ID, WEATHER_V2_CHANNEL } from './mediapackage-estate';

/** A MediaConnect flow output that feeds a MediaLive input (by the demo flow's and output's names). */
export interface FlowFeed {
  readonly flow: string;
  readonly output: string;
}

export interface MediaLiveInputBlueprint {
  readonly name: string;
  readonly type: 'MEDIACONNECT' | 'RTMP_PUSH' | 'URL_PULL';
  /** MEDIACONNECT: the flows (one per pipeline) whose outputs feed the input. */
  readonly feeds?: readonly FlowFeed[];
  /** URL_PULL: where MediaLive pulls from. */
  readonly sources?: readonly { readonly url: string; readonly username?: string; readonly passwordParam?: string }[];
  /** RTMP_PUSH: the `app/stream-key` names encoders push to. */
  readonly streamNames?: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface OutputGroupBlueprint {
  readonly name: string;
  readonly type: 'HLS' | 'MEDIA_PACKAGE';
  readonly destination: string;
  /** MEDIA_PACKAGE: the MediaPackage v1 channel id the destination names (mediapackage-estate.ts). */
  readonly mediaPackageChannelId?: string;
  /** HLS: send to this MediaPackage v2 channel's ingest endpoints instead of the CDN (mediapackage-estate.ts). */
  readonly mediaPackageV2?: { readonly channelGroup: string; readonly channel: string };
}

/** What a running channel publishes per minute, per pipeline. */
export interface ChannelSignal {
  /** Mean NetworkIn in Mb/s. */
  readonly networkInMbps: number;
  /** Source frame rate. */
  readonly frameRate: number;
  /** Mean SvqTime in percent. */
  readonly svqPercent: number;
  /** Per-minute probability of HTTP 4xx errors on an output group (by group name), e.g. a CDN refusing segments. */
  readonly output4xxChance?: Readonly<Record<string, number>>;
}

export interface ChannelBlueprint {
  readonly name: string;
  readonly channelClass: 'STANDARD' | 'SINGLE_PIPELINE';
  /** Input names, in attachment order. */
  readonly inputs: readonly string[];
  readonly outputGroups: readonly OutputGroupBlueprint[];
  readonly video: { readonly width: number; readonly height: number; readonly bitrate: number };
  /** Started by the seeder (RUNNING); otherwise left IDLE. */
  readonly start: boolean;
  readonly tags: Readonly<Record<string, string>>;
  readonly signal: ChannelSignal;
}

export interface MediaLiveEstate {
  readonly inputs: readonly MediaLiveInputBlueprint[];
  readonly channels: readonly ChannelBlueprint[];
}

/** The demo's MediaLive estate; the MEDIACONNECT input names outputs of demoEstate()'s flows. */
export function demoMediaLiveEstate(): MediaLiveEstate {
  return {
    inputs: [
      {
        name: 'NewsHD-MediaConnect',
        type: 'MEDIACONNECT',
        feeds: [
          { flow: 'NewsHD-Primary', output: 'MediaLive-News-A' },
          { flow: 'NewsHD-Backup', output: 'MediaLive-News-B' },
        ],
        tags: { Environment: 'demo', Channel: 'news' },
      },
      {
        name: 'Weather-RTMP',
        type: 'RTMP_PUSH',
        streamNames: ['weather/k3y-Rt9xQ2'],
        tags: { Environment: 'demo', Channel: 'weather' },
      },
      {
        name: 'Partner-HLS-Pull',
        type: 'URL_PULL',
        sources: [
          {
            url: 'https://partner:pW-7hx2Lq@origin.partner.example.com/live/weather/index.m3u8',
            username: 'partner',
            passwordParam: '/medialive/partner-hls',
          },
        ],
        tags: { Environment: 'demo', Channel: 'weather' },
      },
    ],
    channels: [
      {
        name: 'News-HD',
        channelClass: 'STANDARD',
        inputs: ['NewsHD-MediaConnect'],
        outputGroups: [
          { name: 'HLS-CDN', type: 'HLS', destination: 'hls-cdn' },
          {
            name: 'MediaPackage',
            type: 'MEDIA_PACKAGE',
            destination: 'mediapackage',
            mediaPackageChannelId: NEWS_ORIGIN_CHANNEL_ID,
          },
        ],
        video: { width: 1920, height: 1080, bitrate: 6_000_000 },
        start: true,
        tags: { Environment: 'demo', Channel: 'news', Tier: 'gold' },
        signal: { networkInMbps: 12, frameRate: 25, svqPercent: 2, output4xxChance: { 'HLS-CDN': 0.2 } },
      },
      {
        name: 'Weather-Web',
        channelClass: 'SINGLE_PIPELINE',
        inputs: ['Weather-RTMP', 'Partner-HLS-Pull'],
        outputGroups: [
          {
            name: 'HLS-Web',
            type: 'HLS',
            destination: 'hls-web',
            mediaPackageV2: { channelGroup: LIVE_ORIGIN_GROUP, channel: WEATHER_V2_CHANNEL },
          },
        ],
        video: { width: 1280, height: 720, bitrate: 3_000_000 },
        start: false,
        tags: { Environment: 'demo', Channel: 'weather', Tier: 'bronze' },
        signal: { networkInMbps: 4, frameRate: 25, svqPercent: 1 },
      },
    ],
  };
}

/** The pipelines a channel class runs: MediaLive publishes only pipeline "0" for a SINGLE_PIPELINE channel. */
export const pipelinesOf = (channelClass: ChannelBlueprint['channelClass']): readonly string[] =>
  channelClass === 'STANDARD' ? ['0', '1'] : ['0'];
