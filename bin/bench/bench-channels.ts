import {
  CreateChannelCommand,
  CreateChannelRequest,
  CreateInputCommand,
  CreateInputRequest,
  DescribeChannelCommand,
  MediaLiveClient,
  paginateListChannels,
  StartChannelCommand,
} from '@aws-sdk/client-medialive';
import { mediaLiveChannelMetrics } from '../../lambdas/medialive/metric-kind';
import { compareKindWithBaseline } from '../../lambdas/metrics/cost-model';
import { resolveMetricSet } from '../../lambdas/metrics/metric-catalog';
import { mapWithConcurrency } from '../../lambdas/shared/rate-limiter';

/**
 * The benchmark's MediaLive estate: C identical STANDARD channels, each on its own URL_PULL input, with an HLS and a
 * MediaPackage output group, started so they are RUNNING (moto: StartChannel answers STARTING, the next
 * DescribeChannel answers RUNNING). Seeded straight into moto, as fast as it answers.
 */
export const BENCH_CHANNEL_SHAPE = { pipelines: 2, outputGroups: 2, inputsPerChannel: 1 } as const;

/** MediaLive's and moto's ListChannels page size. */
export const LIST_CHANNELS_PAGE = 100;

export interface SeededBenchChannel {
  readonly arn: string;
  /** The `ChannelId` dimension. */
  readonly id: string;
  readonly inputArn: string;
}

export interface SeededChannels {
  readonly channels: readonly SeededBenchChannel[];
  readonly durationMs: number;
  /** One full ListChannels pass after seeding, as the poller's listing makes it: moto's cost at this scale. */
  readonly listing: { readonly pages: number; readonly durationMs: number };
}

export const benchChannelName = (index: number): string => `bench-ch-${String(index).padStart(5, '0')}`;

/** The input of bench channel `index`: a URL pull with no credentials (the bench measures cost, not redaction). */
export function benchInputRequest(index: number): CreateInputRequest {
  return {
    Name: `${benchChannelName(index)}-in`,
    Type: 'URL_PULL',
    Sources: ['a', 'b'].map((path) => ({ Url: `https://origin.example.com/bench/${index}/${path}/index.m3u8` })),
    Tags: { team: 'bench' },
  };
}

/** The CreateChannel request of bench channel `index`: STANDARD, one input, an HLS and a MediaPackage group. */
export function benchChannelRequest(index: number, inputId: string): CreateChannelRequest {
  const name = benchChannelName(index);
  return {
    Name: name,
    ChannelClass: 'STANDARD',
    RoleArn: 'arn:aws:iam::123456789012:role/MediaLiveAccessRole',
    InputAttachments: [{ InputAttachmentName: `${name}-in`, InputId: inputId }],
    Destinations: [
      {
        Id: 'hls',
        Settings: ['0', '1'].map((p) => ({ Url: `https://ingest.cdn.example.com/${name}/p${p}/index.m3u8` })),
      },
      { Id: 'mp', MediaPackageSettings: [{ ChannelId: name }] },
    ],
    EncoderSettings: {
      AudioDescriptions: [],
      TimecodeConfig: { Source: 'SYSTEMCLOCK' },
      VideoDescriptions: [
        { Name: 'v720', Width: 1280, Height: 720, CodecSettings: { H264Settings: { Bitrate: 3_000_000 } } },
      ],
      OutputGroups: [
        {
          Name: 'HLS',
          OutputGroupSettings: { HlsGroupSettings: { Destination: { DestinationRefId: 'hls' } } },
          Outputs: [
            {
              OutputName: '720p',
              VideoDescriptionName: 'v720',
              OutputSettings: { HlsOutputSettings: { HlsSettings: { StandardHlsSettings: { M3u8Settings: {} } } } },
            },
          ],
        },
        {
          Name: 'MediaPackage',
          OutputGroupSettings: { MediaPackageGroupSettings: { Destination: { DestinationRefId: 'mp' } } },
          Outputs: [
            { OutputName: 'mp-720p', VideoDescriptionName: 'v720', OutputSettings: { MediaPackageOutputSettings: {} } },
          ],
        },
      ],
    },
    Tags: { team: 'bench', channel: `channel-${(index % 50) + 1}` },
  };
}

/** Creates `count` inputs and channels, starts each channel and describes it until moto answers RUNNING. */
export async function seedBenchChannels(
  mediaLive: MediaLiveClient,
  count: number,
  concurrency = 16,
): Promise<SeededChannels> {
  const started = Date.now();
  const channels = await mapWithConcurrency(
    Array.from({ length: count }, (_, i) => i + 1),
    concurrency,
    async (index) => {
      const input = (await mediaLive.send(new CreateInputCommand(benchInputRequest(index)))).Input;
      if (!input?.Id || !input.Arn) throw new Error(`CreateInput ${benchChannelName(index)} returned no Id`);
      const channel = (await mediaLive.send(new CreateChannelCommand(benchChannelRequest(index, input.Id)))).Channel;
      if (!channel?.Id || !channel.Arn) throw new Error(`CreateChannel ${benchChannelName(index)} returned no Id`);
      await mediaLive.send(new DescribeChannelCommand({ ChannelId: channel.Id }));
      await mediaLive.send(new StartChannelCommand({ ChannelId: channel.Id }));
      const state = (await mediaLive.send(new DescribeChannelCommand({ ChannelId: channel.Id }))).State;
      if (state !== 'RUNNING')
        throw new Error(`${benchChannelName(index)} is ${state ?? 'missing'} after StartChannel`);
      return { arn: channel.Arn, id: channel.Id, inputArn: input.Arn };
    },
  );
  const durationMs = Date.now() - started;
  const listStarted = Date.now();
  let pages = 0;
  for await (const page of paginateListChannels({ client: mediaLive, pageSize: LIST_CHANNELS_PAGE }, {})) {
    pages++;
    if (!page.Channels) break;
  }
  return { channels, durationMs, listing: { pages, durationMs: Date.now() - listStarted } };
}

export interface ChannelPlanCost {
  readonly metricsPerChannelPoll: number;
  readonly pollsPerHour: number;
  readonly usdPerChannelMonth: number;
}

export interface ChannelCostFigures {
  readonly plan: ChannelPlanCost;
  /** Every channel metric, every minute. */
  readonly baseline: ChannelPlanCost;
  readonly savingsFactor: number;
}

/**
 * Cost per channel-month of the default health set at the metrics interval, against polling every MediaLive channel
 * metric of the catalog every minute, for the bench channel's shape (2 pipelines, 2 HTTP output groups on each), from
 * the cost model's estimate for the MediaLive channel kind.
 */
export function channelCostFigures(intervalSeconds: number): ChannelCostFigures {
  const { pipelines, outputGroups } = BENCH_CHANNEL_SHAPE;
  const shape = { PIPELINE: pipelines, OUTPUT_GROUP: pipelines * outputGroups };
  const { plan, baseline, savingsFactor } = compareKindWithBaseline(
    mediaLiveChannelMetrics,
    resolveMetricSet('health'),
    intervalSeconds,
    shape,
    1,
  );
  const perChannel = (e: typeof plan): ChannelPlanCost => ({
    metricsPerChannelPoll: e.metricsPerResourcePoll,
    pollsPerHour: e.pollsPerHour,
    usdPerChannelMonth: e.usdPerResourceMonth,
  });
  return { plan: perChannel(plan), baseline: perChannel(baseline), savingsFactor };
}
