import {
  CreateChannelCommand,
  CreateOriginEndpointCommand,
  CreateOriginEndpointRequest,
  MediaPackageClient,
  paginateListChannels,
  paginateListOriginEndpoints,
} from '@aws-sdk/client-mediapackage';
import {
  CreateChannelCommand as CreateV2ChannelCommand,
  CreateChannelGroupCommand,
  GetChannelCommand as GetV2ChannelCommand,
  GetChannelGroupCommand,
  MediaPackageV2Client,
  paginateListChannelGroups,
} from '@aws-sdk/client-mediapackagev2';
import {
  demoMediaPackageEstate,
  MediaPackageChannelBlueprint,
  MediaPackageEstate,
  OriginEndpointBlueprint,
} from './mediapackage-estate';
import type { SignalledPackageChannel } from './signal-model';

/**
 * Seeds MediaPackage on moto (or AWS): the v1 channels and their origin endpoints, then the v2 channel groups and
 * their channels. Run before MediaLive, whose channels send to these: a MEDIA_PACKAGE destination names a v1 channel
 * by id, an HLS destination a v2 channel's ingest endpoint URL. Idempotent by id and name: a second run on the same
 * emulator creates nothing and answers with the same resources.
 */

export interface MediaPackageClients {
  readonly mediaPackage: MediaPackageClient;
  readonly mediaPackageV2: MediaPackageV2Client;
}

export interface SeededOriginEndpoint {
  readonly id: string;
  readonly arn: string;
  readonly channelId: string;
  readonly packaging: OriginEndpointBlueprint['packaging'];
  readonly url?: string;
}

export interface SeededPackageChannel extends SignalledPackageChannel {
  readonly arn: string;
  readonly endpoints: readonly SeededOriginEndpoint[];
}

export interface SeededV2Channel {
  readonly channelGroupName: string;
  readonly name: string;
  readonly arn: string;
  /** One per pipeline: MediaLive pipeline 0 sends to the first, pipeline 1 to the second. */
  readonly ingestUrls: readonly string[];
}

export interface SeededChannelGroup {
  readonly name: string;
  readonly arn: string;
  readonly egressDomain?: string;
  readonly channels: readonly SeededV2Channel[];
}

export interface SeededMediaPackage {
  readonly channels: readonly SeededPackageChannel[];
  readonly channelGroups: readonly SeededChannelGroup[];
  /** Resources this run created (0 when everything existed). */
  readonly created: number;
}

/** The key of a seeded v2 channel in `v2IngestUrls`. */
export const v2ChannelKey = (channelGroupName: string, channelName: string): string =>
  `${channelGroupName}/${channelName}`;

/** The ingest URLs of every seeded v2 channel, by `v2ChannelKey`. */
export function v2IngestUrls(seeded: SeededMediaPackage): Map<string, readonly string[]> {
  return new Map(
    seeded.channelGroups.flatMap((g) => g.channels.map((c) => [v2ChannelKey(g.name, c.name), c.ingestUrls] as const)),
  );
}

export async function seedMediaPackageEstate(
  clients: MediaPackageClients,
  estate: MediaPackageEstate = demoMediaPackageEstate(),
): Promise<SeededMediaPackage> {
  const v1 = await seedV1(clients.mediaPackage, estate.channels);
  const v2 = await seedV2(clients.mediaPackageV2, estate.channelGroups);
  return { channels: v1.channels, channelGroups: v2.groups, created: v1.created + v2.created };
}

async function seedV1(
  client: MediaPackageClient,
  blueprints: readonly MediaPackageChannelBlueprint[],
): Promise<{ channels: SeededPackageChannel[]; created: number }> {
  let created = 0;
  const existing = new Map<string, string>();
  for await (const page of paginateListChannels({ client, pageSize: 50 }, {}))
    for (const c of page.Channels ?? []) if (c.Id && c.Arn) existing.set(c.Id, c.Arn);

  const channels: SeededPackageChannel[] = [];
  for (const blueprint of blueprints) {
    let arn = existing.get(blueprint.id);
    if (!arn) {
      const out = await client.send(
        new CreateChannelCommand({ Id: blueprint.id, Description: blueprint.description, Tags: { ...blueprint.tags } }),
      );
      if (!out.Arn) throw new Error(`CreateChannel ${blueprint.id} returned no Arn`);
      arn = out.Arn;
      created++;
    }
    // ListOriginEndpoints filters by channel on AWS; moto ignores the filter, so the answer is filtered here too.
    const endpointsOf = new Map<string, SeededOriginEndpoint>();
    for await (const page of paginateListOriginEndpoints({ client, pageSize: 50 }, { ChannelId: blueprint.id }))
      for (const e of page.OriginEndpoints ?? [])
        if (e.Id && e.Arn && e.ChannelId === blueprint.id)
          endpointsOf.set(
            e.Id,
            seededEndpoint(
              e,
              blueprint.endpoints.find((b) => b.id === e.Id),
            ),
          );

    const endpoints: SeededOriginEndpoint[] = [];
    for (const endpoint of blueprint.endpoints) {
      const known = endpointsOf.get(endpoint.id);
      if (known) {
        endpoints.push(known);
        continue;
      }
      const out = await client.send(
        new CreateOriginEndpointCommand(createOriginEndpointRequest(blueprint.id, endpoint)),
      );
      endpoints.push(seededEndpoint(out, endpoint));
      created++;
    }
    channels.push({
      id: blueprint.id,
      arn,
      endpoints,
      endpointIds: endpoints.map((e) => e.id),
      signal: blueprint.signal,
    });
  }
  return { channels, created };
}

function seededEndpoint(
  e: { Id?: string; Arn?: string; ChannelId?: string; Url?: string; HlsPackage?: unknown; DashPackage?: unknown },
  blueprint: OriginEndpointBlueprint | undefined,
): SeededOriginEndpoint {
  if (!e.Id || !e.Arn || !e.ChannelId)
    throw new Error(`origin endpoint ${e.Id ?? '?'} came back without Id, Arn or ChannelId`);
  return {
    id: e.Id,
    arn: e.Arn,
    channelId: e.ChannelId,
    packaging: blueprint?.packaging ?? (e.DashPackage ? 'DASH' : 'HLS'),
    ...(e.Url ? { url: e.Url } : {}),
  };
}

/** The CreateOriginEndpoint request of an endpoint blueprint: HLS or DASH packaging, unencrypted. */
export function createOriginEndpointRequest(
  channelId: string,
  endpoint: OriginEndpointBlueprint,
): CreateOriginEndpointRequest {
  return {
    Id: endpoint.id,
    ChannelId: channelId,
    Description: endpoint.description,
    ManifestName: 'index',
    Origination: 'ALLOW',
    Tags: { ...endpoint.tags },
    ...(endpoint.startoverWindowSeconds !== undefined
      ? { StartoverWindowSeconds: endpoint.startoverWindowSeconds }
      : {}),
    ...(endpoint.timeDelaySeconds !== undefined ? { TimeDelaySeconds: endpoint.timeDelaySeconds } : {}),
    ...(endpoint.whitelist ? { Whitelist: [...endpoint.whitelist] } : {}),
    ...(endpoint.packaging === 'HLS'
      ? {
          HlsPackage: {
            SegmentDurationSeconds: endpoint.segmentDurationSeconds,
            PlaylistWindowSeconds: endpoint.windowSeconds,
            PlaylistType: 'EVENT',
          },
        }
      : {
          DashPackage: {
            SegmentDurationSeconds: endpoint.segmentDurationSeconds,
            ManifestWindowSeconds: endpoint.windowSeconds,
            Profile: 'NONE',
          },
        }),
  };
}

async function seedV2(
  client: MediaPackageV2Client,
  blueprints: MediaPackageEstate['channelGroups'],
): Promise<{ groups: SeededChannelGroup[]; created: number }> {
  let created = 0;
  const existing = new Set<string>();
  for await (const page of paginateListChannelGroups({ client, pageSize: 50 }, {}))
    for (const g of page.Items ?? []) if (g.ChannelGroupName) existing.add(g.ChannelGroupName);

  const groups: SeededChannelGroup[] = [];
  for (const blueprint of blueprints) {
    // moto's CreateChannelGroup replaces a group of the same name (new egress domain, channels lost): create only new ones.
    const group = existing.has(blueprint.name)
      ? await client.send(new GetChannelGroupCommand({ ChannelGroupName: blueprint.name }))
      : await client.send(
          new CreateChannelGroupCommand({
            ChannelGroupName: blueprint.name,
            Description: blueprint.description,
            Tags: { ...blueprint.tags },
          }),
        );
    if (!existing.has(blueprint.name)) created++;
    if (!group.Arn) throw new Error(`channel group ${blueprint.name} came back without an Arn`);

    const channels: SeededV2Channel[] = [];
    for (const channel of blueprint.channels) {
      // moto has no ListChannels for v2: GetChannel tells whether the channel exists.
      let described = await getV2Channel(client, blueprint.name, channel.name);
      if (!described) {
        described = await client.send(
          new CreateV2ChannelCommand({
            ChannelGroupName: blueprint.name,
            ChannelName: channel.name,
            Description: channel.description,
            Tags: { ...blueprint.tags },
          }),
        );
        created++;
      }
      if (!described.Arn) throw new Error(`channel ${blueprint.name}/${channel.name} came back without an Arn`);
      channels.push({
        channelGroupName: blueprint.name,
        name: channel.name,
        arn: described.Arn,
        ingestUrls: (described.IngestEndpoints ?? []).map((e) => e.Url).filter((u): u is string => Boolean(u)),
      });
    }
    groups.push({
      name: blueprint.name,
      arn: group.Arn,
      ...(group.EgressDomain ? { egressDomain: group.EgressDomain } : {}),
      channels,
    });
  }
  return { groups, created };
}

/**
 * A v2 channel, or undefined when it does not exist. GetChannel's path ends in `/` in AWS's model; SDK 3.699 drops
 * the slash, and moto 5.2.1 only routes the path with it (without, it answers "channel group not found"). Sending the
 * slash works on both.
 */
async function getV2Channel(client: MediaPackageV2Client, channelGroupName: string, channelName: string) {
  const command = new GetV2ChannelCommand({ ChannelGroupName: channelGroupName, ChannelName: channelName });
  command.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path?: string };
      if (typeof request.path === 'string' && !request.path.endsWith('/')) request.path += '/';
      return next(args);
    },
    { step: 'build', name: 'getChannelTrailingSlash' },
  );
  try {
    return await client.send(command);
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
