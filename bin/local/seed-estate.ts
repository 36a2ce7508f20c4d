import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateFlowCommand,
  CreateFlowRequest,
  DescribeFlowCommand,
  Flow,
  ListFlowsCommand,
  MediaConnectClient,
  StartFlowCommand,
  TagResourceCommand,
} from '@aws-sdk/client-mediaconnect';
import { ListChannelsCommand, MediaLiveClient } from '@aws-sdk/client-medialive';
import type { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import type { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { mapWithConcurrency } from '../../lambdas/shared/rate-limiter';
import { demoEstate, EncryptionBlueprint, FlowBlueprint } from './demo-estate';
import { LOCAL_ACCOUNT } from './emulators';
import type { MediaLiveEstate } from './medialive-estate';
import type { MediaPackageEstate } from './mediapackage-estate';
import { SeededMediaPackage, seedMediaPackageEstate, v2IngestUrls } from './seed-mediapackage';
import { SeededChannel, SeededMediaLive, seedMediaLiveEstate } from './seed-medialive';
import {
  channelMinuteDatapoints,
  flowMinuteDatapoints,
  MetricDatum,
  packageMinuteDatapoints,
  SignalledChannel,
  SignalledFlow,
  SignalledPackageChannel,
} from './signal-model';
import { TRANSPORT_FIELDS } from '../../lambdas/mediaconnect/flow-records';

/**
 * Seeds moto with the demo estate (flows, failover sources, outputs, entitlements with static-key and SPEKE
 * encryption; MediaPackage v1 channels and origin endpoints, a v2 channel group and channel; MediaLive inputs and
 * channels, one fed by two flows and sending to MediaPackage), starts the flows and channels meant to be live,
 * and backfills their CloudWatch history. Used by the demo and by tests. Works against moto only: real CloudWatch
 * refuses PutMetricData into an `AWS/` namespace.
 */

export interface DemoClients {
  readonly mediaConnect: MediaConnectClient;
  readonly mediaLive: MediaLiveClient;
  readonly cloudWatch: CloudWatchClient;
  readonly mediaPackage: MediaPackageClient;
  readonly mediaPackageV2: MediaPackageV2Client;
}

export interface SeedOptions {
  /** Account of the encryption role and secret ARNs. @default LOCAL_ACCOUNT (moto's default account) */
  readonly account?: string;
  /** Minutes of one-minute datapoints to backfill for the started flows. @default 30 */
  readonly historyMinutes?: number;
  /** The estate. @default demoEstate(account, region) */
  readonly blueprints?: readonly FlowBlueprint[];
  /** The MediaLive estate; its MEDIACONNECT inputs name flows of `blueprints`. @default demoMediaLiveEstate() */
  readonly mediaLive?: MediaLiveEstate;
  /** The MediaPackage estate the MediaLive channels send to. @default demoMediaPackageEstate() */
  readonly mediaPackage?: MediaPackageEstate;
  /** Epoch ms that counts as now. @default Date.now() */
  readonly now?: number;
}

export interface SeededFlow extends SignalledFlow {
  readonly blueprint: FlowBlueprint;
  readonly entitlementArns: readonly string[];
}

export interface SeededEstate {
  readonly flowArns: string[];
  readonly flows: SeededFlow[];
  readonly mediaLive: SeededMediaLive;
  readonly mediaPackage: SeededMediaPackage;
  /** Datapoints put into CloudWatch by the backfill, both services. */
  readonly datapoints: number;
}

/** AWS accepts up to 1000 MetricData entries per PutMetricData; 500 keeps each request well under its 1 MB cap. */
const PUT_METRIC_BATCH = 500;
const MEDIACONNECT_NAMESPACE = 'AWS/MediaConnect';
const MEDIALIVE_NAMESPACE = 'AWS/MediaLive';
const MEDIAPACKAGE_NAMESPACE = 'AWS/MediaPackage';

/** A MediaPackage channel and the MediaLive channels that send to it: it publishes while one of them runs. */
export interface PackageFeed {
  readonly channel: SignalledPackageChannel;
  /** ARNs of the MediaLive channels whose MEDIA_PACKAGE output group names the channel's Id. */
  readonly fedBy: readonly string[];
}

/** Each seeded MediaPackage v1 channel with the seeded MediaLive channels that send to it. */
export function packageFeeds(channels: readonly SeededChannel[], seeded: SeededMediaPackage): PackageFeed[] {
  return seeded.channels.map((channel) => ({
    channel,
    fedBy: channels
      .filter((c) => c.blueprint.outputGroups.some((g) => g.mediaPackageChannelId === channel.id))
      .map((c) => c.arn),
  }));
}

/**
 * Creates every flow of the estate that does not exist yet (by name), tags it, starts the flows meant to be live and
 * backfills their metrics. Idempotent per name, so seeding the same emulator twice reuses the flows. Returns the
 * seeded flows with their source and output ARNs.
 */
export async function seedDemoEstate(clients: DemoClients, options: SeedOptions = {}): Promise<SeededEstate> {
  const region = await clients.mediaConnect.config.region();
  const account = options.account ?? LOCAL_ACCOUNT;
  const now = options.now ?? Date.now();
  const blueprints = options.blueprints ?? demoEstate(account, region);
  const flows = await seedFlows(clients.mediaConnect, blueprints, now);

  // MediaPackage first: the MediaLive channels' destinations name its channels and their ingest endpoints.
  const mediaPackage = await seedMediaPackageEstate(
    { mediaPackage: clients.mediaPackage, mediaPackageV2: clients.mediaPackageV2 },
    options.mediaPackage,
  );
  const mediaLive = await seedMediaLiveEstate(
    { mediaLive: clients.mediaLive, mediaConnect: clients.mediaConnect },
    flows,
    {
      account,
      v2IngestUrls: v2IngestUrls(mediaPackage),
      ...(options.mediaLive ? { estate: options.mediaLive } : {}),
    },
  );

  const live = flows.filter((f) => f.blueprint.start);
  const running = mediaLive.channels.filter((c) => c.state === 'RUNNING');
  const runningArns = new Set(running.map((c) => c.arn));
  const livePackages = packageFeeds(mediaLive.channels, mediaPackage)
    .filter((p) => p.fedBy.some((arn) => runningArns.has(arn)))
    .map((p) => p.channel);
  const minutes = options.historyMinutes ?? 30;
  const timestamps = Array.from({ length: minutes }, (_, i) => now - (minutes - 1 - i) * 60_000);
  const datapoints = await feedMetrics(clients.cloudWatch, live, timestamps, running, livePackages);
  return { flowArns: flows.map((f) => f.arn), flows, mediaLive, mediaPackage, datapoints };
}

/**
 * Creates each flow of `blueprints` that does not exist yet (by name) in the account the client acts in, tags it,
 * starts the flows meant to be live. Idempotent per name. Returns the flows with their source and output ARNs.
 */
export async function seedFlows(
  mediaConnect: MediaConnectClient,
  blueprints: readonly FlowBlueprint[],
  now: number,
): Promise<SeededFlow[]> {
  // moto returns every flow without MaxResults and never paginates; one call sees the whole region.
  const listed = await mediaConnect.send(new ListFlowsCommand({}));
  const existing = new Map((listed.Flows ?? []).map((f) => [f.Name, f]));
  return mapWithConcurrency(blueprints, 4, async (blueprint) => {
    const known = existing.get(blueprint.name);
    const arn = known?.FlowArn ?? (await createFlow(mediaConnect, blueprint));
    if (!known) await mediaConnect.send(new TagResourceCommand({ ResourceArn: arn, Tags: { ...blueprint.tags } }));
    if (blueprint.start && (known?.Status ?? 'STANDBY') === 'STANDBY') {
      await mediaConnect.send(new StartFlowCommand({ FlowArn: arn }));
    }
    // moto leaves a started flow STARTING until it is described; this resolves it to ACTIVE, as AWS does in seconds.
    const described = await mediaConnect.send(new DescribeFlowCommand({ FlowArn: arn }));
    return seededFlow(blueprint, described.Flow, arn, now);
  });
}

/**
 * Puts one minute of datapoints per flow, running channel, live MediaPackage channel and timestamp into CloudWatch,
 * each service's into its own namespace. Returns the number of datapoints.
 */
export async function feedMetrics(
  cloudWatch: CloudWatchClient,
  flows: readonly SignalledFlow[],
  timestamps: readonly number[],
  channels: readonly SignalledChannel[] = [],
  packages: readonly SignalledPackageChannel[] = [],
): Promise<number> {
  const flowData = flows.flatMap((flow) => timestamps.flatMap((at) => flowMinuteDatapoints(flow, at)));
  const channelData = channels.flatMap((channel) => timestamps.flatMap((at) => channelMinuteDatapoints(channel, at)));
  const packageData = packages.flatMap((p) => timestamps.flatMap((at) => packageMinuteDatapoints(p, at)));
  await Promise.all([
    putDatapoints(cloudWatch, MEDIACONNECT_NAMESPACE, flowData),
    putDatapoints(cloudWatch, MEDIALIVE_NAMESPACE, channelData),
    putDatapoints(cloudWatch, MEDIAPACKAGE_NAMESPACE, packageData),
  ]);
  return flowData.length + channelData.length + packageData.length;
}

async function putDatapoints(cloudWatch: CloudWatchClient, namespace: string, data: readonly MetricDatum[]) {
  const batches: MetricDatum[][] = [];
  for (let i = 0; i < data.length; i += PUT_METRIC_BATCH) batches.push(data.slice(i, i + PUT_METRIC_BATCH));
  await mapWithConcurrency(batches, 4, (batch) =>
    cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: batch.map((d) => ({
          MetricName: d.metricName,
          Dimensions: d.dimensions.map((x) => ({ ...x })),
          Value: d.value,
          Unit: d.unit,
          Timestamp: d.timestamp,
          StorageResolution: 60,
        })),
      }),
    ),
  );
}

export interface MetricsFeeder {
  /** Feeds the current minute for the flows that are ACTIVE and the channels that are RUNNING now. Returns the datapoints put. */
  tick(): Promise<number>;
  stop(): void;
  /** Epoch ms of the last successful feed. */
  readonly lastFedAt: number | undefined;
}

/**
 * Keeps metrics live while the demo runs: every minute, on the minute, puts the current minute's datapoints for the
 * flows that moto reports ACTIVE, the channels it reports RUNNING and the MediaPackage channels they send to (a stopped
 * flow or channel stops publishing, as in AWS). Errors go to `onError`; the feeder keeps going.
 */
export function startMetricsFeeder(
  clients: DemoClients,
  flows: readonly SeededFlow[],
  channels: readonly SeededChannel[],
  options: {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    now?: () => number;
    /** MediaPackage channels, each fed while one of its MediaLive channels is RUNNING (`packageFeeds`). */
    packages?: readonly PackageFeed[];
  } = {},
): MetricsFeeder {
  const intervalMs = options.intervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const state: { lastFedAt: number | undefined } = { lastFedAt: undefined };

  const tick = async (): Promise<number> => {
    const [listed, listedChannels] = await Promise.all([
      clients.mediaConnect.send(new ListFlowsCommand({})),
      // The demo's channels fit in one page of 100.
      clients.mediaLive.send(new ListChannelsCommand({ MaxResults: 100 })),
    ]);
    const active = new Set((listed.Flows ?? []).filter((f) => f.Status === 'ACTIVE').map((f) => f.FlowArn));
    const running = new Set((listedChannels.Channels ?? []).filter((c) => c.State === 'RUNNING').map((c) => c.Arn));
    const at = now();
    const count = await feedMetrics(
      clients.cloudWatch,
      flows.filter((f) => active.has(f.arn)),
      [at],
      channels.filter((c) => running.has(c.arn)),
      (options.packages ?? []).filter((p) => p.fedBy.some((arn) => running.has(arn))).map((p) => p.channel),
    );
    state.lastFedAt = at;
    return count;
  };
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      tick()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => schedule(intervalMs - (now() % intervalMs) + 1_000));
    }, delay);
    timer.unref();
  };
  schedule(intervalMs - (now() % intervalMs) + 1_000);
  return {
    tick,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    get lastFedAt() {
      return state.lastFedAt;
    },
  };
}

async function createFlow(client: MediaConnectClient, blueprint: FlowBlueprint): Promise<string> {
  const command = new CreateFlowCommand(createFlowRequest(blueprint));
  command.middlewareStack.add(
    (next) => async (args) => {
      echoTransportForMoto(args.request as { body?: unknown; headers?: Record<string, string> });
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'echoTransportForMoto' },
  );
  const out = await client.send(command);
  if (!out.Flow?.FlowArn) throw new Error(`CreateFlow for ${blueprint.name} returned no FlowArn`);
  return out.Flow.FlowArn;
}

/** The CreateFlow request of a blueprint: one Source, or two Sources with their failover config. */
export function createFlowRequest(blueprint: FlowBlueprint): CreateFlowRequest {
  const sources = blueprint.sources.map((s) => ({
    Name: s.name,
    Protocol: s.protocol as never,
    Description: s.description,
    IngestPort: s.ingestPort,
    WhitelistCidr: s.whitelistCidr,
    MaxLatency: s.maxLatency,
    MinLatency: s.minLatency,
    MaxBitrate: s.maxBitrate,
    StreamId: s.streamId,
    SenderIpAddress: s.senderIpAddress,
    SourceListenerAddress: s.sourceListenerAddress,
    SourceListenerPort: s.sourceListenerPort,
    Decryption: s.decryption && encryption(s.decryption),
  }));
  return {
    Name: blueprint.name,
    AvailabilityZone: blueprint.availabilityZone,
    ...(sources.length === 1 ? { Source: sources[0] } : { Sources: sources }),
    ...(blueprint.failover
      ? {
          SourceFailoverConfig: {
            FailoverMode: blueprint.failover.mode,
            RecoveryWindow: blueprint.failover.recoveryWindowMs,
            State: 'ENABLED',
            ...(blueprint.failover.primarySource
              ? { SourcePriority: { PrimarySource: blueprint.failover.primarySource } }
              : {}),
          },
        }
      : {}),
    Outputs: blueprint.outputs.map((o) => ({
      Name: o.name,
      Protocol: o.protocol as never,
      Description: o.description,
      Destination: o.destination,
      Port: o.port,
      CidrAllowList: o.cidrAllowList ? [...o.cidrAllowList] : undefined,
      MinLatency: o.minLatency,
      MaxLatency: o.maxLatency,
      SmoothingLatency: o.smoothingLatency,
      StreamId: o.streamId,
      RemoteId: o.remoteId,
      Encryption: o.encryption && encryption(o.encryption),
      OutputStatus: 'ENABLED',
    })),
    Entitlements: blueprint.entitlements.map((e) => ({
      Name: e.name,
      Description: e.description,
      Subscribers: [...e.subscribers],
      DataTransferSubscriberFeePercent: e.dataTransferSubscriberFeePercent,
      EntitlementStatus: e.status ?? 'ENABLED',
      Encryption: e.encryption && encryption(e.encryption),
    })),
  };
}

function encryption(e: EncryptionBlueprint) {
  return {
    KeyType: e.keyType,
    Algorithm: e.algorithm,
    RoleArn: e.roleArn,
    SecretArn: e.secretArn,
    Url: e.url,
    ResourceId: e.resourceId,
    DeviceId: e.deviceId,
    Region: e.region,
    ConstantInitializationVector: e.constantInitializationVector,
  };
}

/**
 * moto stores sources and outputs exactly as sent and answers DescribeFlow with those flat request fields, where AWS
 * answers with a `Transport` object (which is where the SDK reads the protocol from). Sending the transport object
 * along makes moto's DescribeFlow look like AWS's; the flat fields stay for code that reads moto's shape.
 */
function echoTransportForMoto(request: { body?: unknown; headers?: Record<string, string> }): void {
  if (typeof request.body !== 'string') return;
  const body = JSON.parse(request.body) as Record<string, unknown>;
  const withTransport = (item: Record<string, unknown>) => ({
    ...item,
    transport: Object.fromEntries(Object.entries(item).filter(([f, v]) => TRANSPORT_FIELDS.has(f) && v !== undefined)),
  });
  if (body.source) body.source = withTransport(body.source as Record<string, unknown>);
  if (Array.isArray(body.sources)) body.sources = body.sources.map(withTransport);
  if (Array.isArray(body.outputs)) body.outputs = body.outputs.map(withTransport);
  const text = JSON.stringify(body);
  request.body = text;
  if (request.headers?.['content-length'] !== undefined)
    request.headers['content-length'] = String(Buffer.byteLength(text));
}

function seededFlow(blueprint: FlowBlueprint, flow: Flow | undefined, arn: string, now: number): SeededFlow {
  const endpoint = (name: string | undefined, endpointArn: string | undefined, protocol: string | undefined) => ({
    name: name ?? '',
    arn: endpointArn ?? '',
    protocol: protocol ?? '',
  });
  const sources = (flow?.Sources?.length ? flow.Sources : flow?.Source ? [flow.Source] : []).map((s) =>
    endpoint(s.Name, s.SourceArn, s.Transport?.Protocol ?? blueprint.sources.find((b) => b.name === s.Name)?.protocol),
  );
  const outputs = (flow?.Outputs ?? []).map((o) =>
    endpoint(o.Name, o.OutputArn, o.Transport?.Protocol ?? blueprint.outputs.find((b) => b.name === o.Name)?.protocol),
  );
  const { disconnected } = blueprint.signal;
  return {
    arn,
    name: blueprint.name,
    blueprint,
    sources,
    outputs,
    signal: blueprint.signal,
    ...(blueprint.failover ? { failoverMode: blueprint.failover.mode } : {}),
    ...(disconnected
      ? { disconnectedSince: Math.floor(now / 60_000) * 60_000 - disconnected.minutesAgo * 60_000 }
      : {}),
    entitlementArns: (flow?.Entitlements ?? []).map((e) => e.EntitlementArn ?? '').filter(Boolean),
  };
}
