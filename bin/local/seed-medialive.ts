import {
  Channel,
  CreateChannelCommand,
  CreateChannelRequest,
  CreateInputCommand,
  CreateInputRequest,
  DescribeChannelCommand,
  MediaLiveClient,
  paginateListChannels,
  paginateListInputs,
  StartChannelCommand,
} from '@aws-sdk/client-medialive';
import { MediaConnectClient, UpdateFlowOutputCommand } from '@aws-sdk/client-mediaconnect';
import type { OutputBlueprint } from './demo-estate';
import {
  ChannelBlueprint,
  demoMediaLiveEstate,
  MediaLiveEstate,
  MediaLiveInputBlueprint,
  pipelinesOf,
} from './medialive-estate';
import type { SignalledChannel } from './signal-model';

/**
 * Seeds moto with the demo's MediaLive estate: inputs first (the MEDIACONNECT one names the seeded flows' ARNs, and the
 * feeding flow outputs are re-described to point at it), then channels on those inputs, then starts the channels meant
 * to run. Idempotent by name, like the flow seeding.
 *
 * What moto 5.2.1 does (reference §8), and what the seeder does about it:
 * - CreateChannel answers CREATING; the next DescribeChannel moves it to IDLE.
 * - StartChannel answers STARTING; the next DescribeChannel moves it to RUNNING (AWS takes about a minute). The
 *   seeder describes each channel after creating and after starting it, and keeps the states it saw.
 * - PipelineDetails stays empty and ListAlerts is not implemented (404): the poller's job to degrade, not the seed's.
 * - MediaLive cannot add outputs to a moto flow, as AWS does when a MEDIACONNECT input is created; the feeding output
 *   gets a description naming the input instead (UpdateFlowOutput, which moto implements).
 */

/** The flow outputs the seeder may re-describe: a seeded flow's name, ARN and outputs with their ARNs. */
export interface FlowForFeed {
  readonly name: string;
  readonly arn: string;
  readonly outputs: readonly { readonly name: string; readonly arn: string }[];
  readonly blueprint: { readonly outputs: readonly OutputBlueprint[] };
}

export interface SeededInput {
  readonly name: string;
  readonly arn: string;
  readonly id: string;
  readonly type: string;
  /** MEDIACONNECT inputs: the ARNs of the flows that feed it. */
  readonly flowArns: readonly string[];
}

export interface SeededChannel extends SignalledChannel {
  readonly arn: string;
  readonly blueprint: ChannelBlueprint;
  /** The states the seeder saw, in order, e.g. `CREATING → IDLE → STARTING → RUNNING`. */
  readonly statesSeen: readonly string[];
  readonly state: string;
}

export interface SeededMediaLive {
  readonly inputs: readonly SeededInput[];
  readonly channels: readonly SeededChannel[];
}

export interface MediaLiveSeedClients {
  readonly mediaLive: MediaLiveClient;
  readonly mediaConnect: MediaConnectClient;
}

/** Seeds the inputs and channels of `estate` (default: the demo's) that do not exist yet, and starts the live ones. */
export async function seedMediaLiveEstate(
  clients: MediaLiveSeedClients,
  flows: readonly FlowForFeed[],
  options: {
    readonly account: string;
    readonly estate?: MediaLiveEstate;
    /** The seeded MediaPackage v2 channels' ingest URLs (seed-mediapackage.ts `v2IngestUrls`), for HLS groups that send to v2. */
    readonly v2IngestUrls?: ReadonlyMap<string, readonly string[]>;
  },
): Promise<SeededMediaLive> {
  const estate = options.estate ?? demoMediaLiveEstate();
  const roleArn = `arn:aws:iam::${options.account}:role/MediaLiveAccessRole`;
  const flowsByName = new Map(flows.map((f) => [f.name, f]));

  const existingInputs = new Map<string, { Arn?: string; Id?: string; Type?: string }>();
  for await (const page of paginateListInputs({ client: clients.mediaLive, pageSize: 100 }, {}))
    for (const input of page.Inputs ?? []) if (input.Name) existingInputs.set(input.Name, input);

  const inputs: SeededInput[] = [];
  for (const blueprint of estate.inputs) {
    const feeding = (blueprint.feeds ?? []).map((feed) => {
      const flow = flowsByName.get(feed.flow);
      if (!flow) throw new Error(`MediaLive input ${blueprint.name} is fed by ${feed.flow}, which was not seeded`);
      return { feed, flow };
    });
    const flowArns = feeding.map(({ flow }) => flow.arn);
    const known = existingInputs.get(blueprint.name);
    const created = known?.Id
      ? known
      : (await clients.mediaLive.send(new CreateInputCommand(createInputRequest(blueprint, flowArns, roleArn)))).Input;
    if (!created?.Arn || !created.Id) throw new Error(`CreateInput ${blueprint.name} returned no Arn or Id`);
    inputs.push({ name: blueprint.name, arn: created.Arn, id: created.Id, type: blueprint.type, flowArns });
    for (const { feed, flow } of feeding)
      await pointOutputAtInput(clients.mediaConnect, flow, feed.output, blueprint.name, created.Arn);
  }

  const existingChannels = new Map<string, { Arn?: string; Id?: string }>();
  for await (const page of paginateListChannels({ client: clients.mediaLive, pageSize: 100 }, {}))
    for (const channel of page.Channels ?? []) if (channel.Name) existingChannels.set(channel.Name, channel);

  const inputsByName = new Map(inputs.map((i) => [i.name, i]));
  const channels: SeededChannel[] = [];
  for (const blueprint of estate.channels) {
    const statesSeen: string[] = [];
    let channel: Pick<Channel, 'Arn' | 'Id' | 'State'> | undefined = existingChannels.get(blueprint.name);
    if (!channel?.Id) {
      channel = (
        await clients.mediaLive.send(
          new CreateChannelCommand(
            createChannelRequest(blueprint, inputsByName, roleArn, options.v2IngestUrls ?? new Map()),
          ),
        )
      ).Channel;
      if (channel?.State) statesSeen.push(channel.State);
    }
    const id = channel?.Id;
    if (!id || !channel?.Arn) throw new Error(`CreateChannel ${blueprint.name} returned no Arn or Id`);
    let state = await describeState(clients.mediaLive, id, statesSeen);
    if (blueprint.start && state === 'IDLE') {
      const started = await clients.mediaLive.send(new StartChannelCommand({ ChannelId: id }));
      if (started.State) statesSeen.push(started.State);
      state = await describeState(clients.mediaLive, id, statesSeen);
    }
    channels.push({
      arn: channel.Arn,
      id,
      name: blueprint.name,
      blueprint,
      pipelines: pipelinesOf(blueprint.channelClass),
      outputGroups: blueprint.outputGroups.map((g) => g.name),
      signal: blueprint.signal,
      statesSeen,
      state,
    });
  }
  return { inputs, channels };
}

async function describeState(mediaLive: MediaLiveClient, channelId: string, seen: string[]): Promise<string> {
  const described = await mediaLive.send(new DescribeChannelCommand({ ChannelId: channelId }));
  const state = described.State ?? 'UNKNOWN';
  if (seen[seen.length - 1] !== state) seen.push(state);
  return state;
}

/** The CreateInput request of an input blueprint. The URL password and the stream key are sent, as a user would. */
export function createInputRequest(
  blueprint: MediaLiveInputBlueprint,
  flowArns: readonly string[],
  roleArn: string,
): CreateInputRequest {
  return {
    Name: blueprint.name,
    Type: blueprint.type,
    Tags: { ...blueprint.tags },
    ...(blueprint.type === 'MEDIACONNECT'
      ? { MediaConnectFlows: flowArns.map((FlowArn) => ({ FlowArn })), RoleArn: roleArn }
      : {}),
    ...(blueprint.sources
      ? {
          Sources: blueprint.sources.map((s) => ({ Url: s.url, Username: s.username, PasswordParam: s.passwordParam })),
        }
      : {}),
    ...(blueprint.streamNames ? { Destinations: blueprint.streamNames.map((StreamName) => ({ StreamName })) } : {}),
  };
}

/** The description a feeding flow output gets: it names the MediaLive input, by name and ARN. */
export const feedDescription = (inputName: string, inputArn: string): string =>
  `To MediaLive input ${inputName} (${inputArn})`;

/**
 * Re-describes the flow output that feeds a MediaLive input. moto's UpdateFlowOutput overwrites every field, so the
 * output's own settings are sent again from its blueprint.
 */
async function pointOutputAtInput(
  mediaConnect: MediaConnectClient,
  flow: FlowForFeed,
  outputName: string,
  inputName: string,
  inputArn: string,
): Promise<void> {
  const output = flow.outputs.find((o) => o.name === outputName);
  const blueprint = flow.blueprint.outputs.find((o) => o.name === outputName);
  if (!output?.arn || !blueprint) throw new Error(`flow ${flow.name} has no output ${outputName}`);
  await mediaConnect.send(
    new UpdateFlowOutputCommand({
      FlowArn: flow.arn,
      OutputArn: output.arn,
      Description: feedDescription(inputName, inputArn),
      Protocol: blueprint.protocol as never,
      Destination: blueprint.destination,
      Port: blueprint.port,
      CidrAllowList: blueprint.cidrAllowList ? [...blueprint.cidrAllowList] : undefined,
      MinLatency: blueprint.minLatency,
      MaxLatency: blueprint.maxLatency,
      SmoothingLatency: blueprint.smoothingLatency,
      StreamId: blueprint.streamId,
      RemoteId: blueprint.remoteId,
    }),
  );
}

/**
 * The CreateChannel request of a channel blueprint: its inputs attached by id, one destination per output group (an
 * HLS CDN with a username and password parameter, a MediaPackage v2 channel's ingest endpoints by pipeline, or a
 * MediaPackage v1 channel by id), and a minimal encoder with one video. `v2IngestUrls` holds the seeded v2 channels'
 * ingest URLs by `<channel group>/<channel>`.
 */
export function createChannelRequest(
  blueprint: ChannelBlueprint,
  inputs: ReadonlyMap<string, SeededInput>,
  roleArn: string,
  v2IngestUrls: ReadonlyMap<string, readonly string[]> = new Map(),
): CreateChannelRequest {
  const pipelines = pipelinesOf(blueprint.channelClass);
  const slug = blueprint.name.toLowerCase();
  const videoName = `video_${blueprint.video.height}p`;
  return {
    Name: blueprint.name,
    ChannelClass: blueprint.channelClass,
    RoleArn: roleArn,
    LogLevel: 'WARNING',
    Tags: { ...blueprint.tags },
    InputAttachments: blueprint.inputs.map((name) => {
      const input = inputs.get(name);
      if (!input) throw new Error(`channel ${blueprint.name} attaches ${name}, which was not seeded`);
      return { InputAttachmentName: name, InputId: input.id };
    }),
    Destinations: blueprint.outputGroups.map((group) => {
      if (group.type === 'MEDIA_PACKAGE')
        return { Id: group.destination, MediaPackageSettings: [{ ChannelId: group.mediaPackageChannelId ?? slug }] };
      if (group.mediaPackageV2) {
        const { channelGroup, channel } = group.mediaPackageV2;
        const urls = v2IngestUrls.get(`${channelGroup}/${channel}`);
        if (!urls || urls.length < pipelines.length)
          throw new Error(
            `channel ${blueprint.name} sends to MediaPackage v2 ${channelGroup}/${channel}, which was not seeded with ${pipelines.length} ingest endpoints`,
          );
        // MediaPackage v2 ingest has no username or password parameter: the channel's policy grants access.
        return { Id: group.destination, Settings: pipelines.map((_, i) => ({ Url: urls[i] })) };
      }
      return {
        Id: group.destination,
        Settings: pipelines.map((p) => ({
          Url: `https://ingest.cdn.example.com/${slug}/${group.destination}/pipeline-${p}/index.m3u8`,
          Username: 'medialive',
          PasswordParam: `/medialive/${group.destination}`,
        })),
      };
    }),
    EncoderSettings: {
      AudioDescriptions: [],
      TimecodeConfig: { Source: 'SYSTEMCLOCK' },
      VideoDescriptions: [
        {
          Name: videoName,
          Width: blueprint.video.width,
          Height: blueprint.video.height,
          CodecSettings: { H264Settings: { Bitrate: blueprint.video.bitrate, RateControlMode: 'CBR' } },
        },
      ],
      OutputGroups: blueprint.outputGroups.map((group) => ({
        Name: group.name,
        OutputGroupSettings:
          group.type === 'MEDIA_PACKAGE'
            ? { MediaPackageGroupSettings: { Destination: { DestinationRefId: group.destination } } }
            : {
                HlsGroupSettings: {
                  Destination: { DestinationRefId: group.destination },
                  // MediaPackage v2 ingests HLS over basic PUT.
                  ...(group.mediaPackageV2 ? { HlsCdnSettings: { HlsBasicPutSettings: {} } } : {}),
                },
              },
        Outputs: [
          {
            OutputName: `${slug}-${blueprint.video.height}p`,
            VideoDescriptionName: videoName,
            OutputSettings:
              group.type === 'MEDIA_PACKAGE'
                ? { MediaPackageOutputSettings: {} }
                : { HlsOutputSettings: { HlsSettings: { StandardHlsSettings: { M3u8Settings: {} } } } },
          },
        ],
      })),
    },
  };
}
