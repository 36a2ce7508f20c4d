/**
 * MediaLive's and MediaPackage's change-call tables end to end: a call made on moto_server, its CloudTrail event (what
 * moto cannot send, built from the SDK's own request and response) through `ingestMessages`, and the re-poll through
 * each service's real refresher into dynalite. Region: ap-northeast-2 (this file's own; moto partitions state by
 * region). moto's MediaLive and MediaPackage v1 ARNs carry no region or account (reference §8): the tables must name
 * the resources by the ARNs moto's listings return.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateChannelCommand,
  type CreateChannelCommandInput,
  CreateInputCommand,
  DeleteChannelCommand,
  MediaLiveClient,
} from '@aws-sdk/client-medialive';
import {
  CreateChannelCommand as CreatePackagingChannelCommand,
  DeleteChannelCommand as DeletePackagingChannelCommand,
  MediaPackageClient,
} from '@aws-sdk/client-mediapackage';
import { cloudTrailEvent, wireShape } from '../../../bin/local/cloudtrail-events';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import { ingestMessages, type IngestDeps } from '../../../lambdas/events/ingest';
import { DEFAULT_INGEST_SETTINGS } from '../../../lambdas/events/ingest-config';
import { CountingMetrics } from '../../../lambdas/events/ingest-metrics';
import type { RawMessage } from '../../../lambdas/events/event-model';
import { RepollWindows } from '../../../lambdas/events/repoll-coalescer';
import { serviceOfArn, type Repoller } from '../../../lambdas/events/resource-repoller';
import { mediaLiveInventory } from '../../../lambdas/medialive/service';
import { mediaPackageInventory } from '../../../lambdas/mediapackage/service';
import { createRefresher } from '../../../lambdas/polling/inventory-refresh';
import type { ResourceRefresher } from '../../../lambdas/polling/refresh';
import { createMediaLiveClient, createMediaPackageClient } from '../../../lambdas/shared/clients';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { eventsPk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints } from '../emulator-env';

const REGION = 'ap-northeast-2';

/** The EventBridge message CloudTrail delivers for a call made on moto, with the call's wire-shaped request and answer. */
function cloudTrailMessage(
  service: 'medialive' | 'mediapackage',
  eventName: string,
  request: object,
  response: object | undefined,
): RawMessage {
  const event = cloudTrailEvent({
    service,
    eventName,
    account: LOCAL_ACCOUNT,
    region: REGION,
    requestParameters: wireShape(request, 'camel') as Record<string, unknown>,
    ...(response ? { responseElements: wireShape(response, 'camel') as Record<string, unknown> } : {}),
  });
  return { id: randomUUID(), body: JSON.stringify(event), receivedAt: Date.now(), origin: 'sqs' };
}

function channelRequest(name: string, inputId: string): CreateChannelCommandInput {
  return {
    Name: name,
    ChannelClass: 'SINGLE_PIPELINE',
    InputAttachments: [{ InputAttachmentName: 'primary', InputId: inputId }],
    Destinations: [{ Id: 'out', Settings: [{ Url: 'udp://10.0.0.5:5000' }] }],
    EncoderSettings: {
      AudioDescriptions: [],
      TimecodeConfig: { Source: 'SYSTEMCLOCK' },
      VideoDescriptions: [],
      OutputGroups: [],
    },
  };
}

describe('MediaLive and MediaPackage change calls, from moto to the store', () => {
  let live: MediaLiveClient;
  let packaging: MediaPackageClient;
  let store: StateStore;
  let deps: IngestDeps;
  let refreshers: Record<'medialive' | 'mediapackage', ResourceRefresher>;

  beforeAll(async () => {
    const endpoint = emulatorEndpoints().moto;
    live = createMediaLiveClient({ region: REGION, endpoint, maxAttempts: 3 });
    packaging = createMediaPackageClient({ region: REGION, endpoint, maxAttempts: 3 });
    ({ store } = await createTestStore('service-change-calls'));
    const inventory = { store, clock: systemClock, limiter: new TokenBucket(50, 50), accountId: LOCAL_ACCOUNT };
    refreshers = {
      medialive: createRefresher({ ...inventory, client: live }, mediaLiveInventory),
      mediapackage: createRefresher({ ...inventory, client: packaging }, mediaPackageInventory),
    };
    const repoller: Repoller = {
      covers: (arn) => serviceOfArn(arn) === 'medialive' || serviceOfArn(arn) === 'mediapackage',
      async repoll(arn) {
        await refreshers[serviceOfArn(arn) as 'medialive' | 'mediapackage'](arn);
      },
    };
    deps = {
      store,
      clock: systemClock,
      repoller,
      metrics: new CountingMetrics(),
      settings: { ...DEFAULT_INGEST_SETTINGS, repollWindowSeconds: 10 },
      resolver: new FlowResolver(store, systemClock),
      repollWindows: new RepollWindows(),
    };
  });

  afterAll(() => {
    live.destroy();
    packaging.destroy();
  });

  it('stores a MediaLive channel created on moto, and the input it attaches, from its CloudTrail event alone', async () => {
    // Prepare: the store has never seen either.
    const input = await live.send(
      new CreateInputCommand({ Name: 'ct-udp', Type: 'UDP_PUSH', Destinations: [{ StreamName: 'a' }] }),
    );
    const request = channelRequest('ct-news', input.Input!.Id!);
    const created = await live.send(new CreateChannelCommand(request));
    const channelArn = created.Channel!.Arn!;
    const inputArn = input.Input!.Arn!;

    // Act
    const result = await ingestMessages(deps, [cloudTrailMessage('medialive', 'CreateChannel', request, created)]);

    // Assess
    expect(channelArn).toMatch(/^arn:aws:medialive:channel:[0-9a-f]+$/);
    expect(result.outcomes[0]).toMatchObject({
      result: 'applied',
      kind: 'medialive:change',
      repollArns: [channelArn, inputArn],
    });
    expect(await store.get({ pk: resourcePk(channelArn), sk: META_SK })).toMatchObject({
      type: 'medialive:channel',
      arn: channelArn,
      name: 'ct-news',
      channelClass: 'SINGLE_PIPELINE',
    });
    expect(await store.get({ pk: resourcePk(inputArn), sk: META_SK })).toMatchObject({
      type: 'medialive:input',
      arn: inputArn,
      name: 'ct-udp',
    });
    expect(await store.queryAll({ pk: eventsPk(channelArn) })).toEqual([
      expect.objectContaining({ kind: 'medialive:change', detail: expect.objectContaining({ verb: 'create' }) }),
    ]);
  });

  it('tombstones a MediaLive channel deleted on moto from its CloudTrail event', async () => {
    // Prepare: a stored channel, then deleted on moto.
    const input = await live.send(
      new CreateInputCommand({ Name: 'ct-udp-2', Type: 'UDP_PUSH', Destinations: [{ StreamName: 'b' }] }),
    );
    const created = await live.send(new CreateChannelCommand(channelRequest('ct-sport', input.Input!.Id!)));
    const channelArn = created.Channel!.Arn!;
    expect(await refreshers.medialive(channelArn)).toMatchObject({ change: 'created' });
    const request = { ChannelId: created.Channel!.Id! };
    const deleted = await live.send(new DeleteChannelCommand(request));

    // Act
    const result = await ingestMessages(deps, [cloudTrailMessage('medialive', 'DeleteChannel', request, deleted)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'medialive:change' });
    expect(result.outcomes[0]!.repollArns).toContain(channelArn);
    expect(await store.get({ pk: resourcePk(channelArn), sk: META_SK })).toMatchObject({
      tombstone: true,
      status: 'DELETED',
    });
  });

  it('finds a MediaPackage channel deleted on moto by its Id in the store, and tombstones it', async () => {
    // Prepare: a stored channel; DeleteChannel answers nothing and its request names the channel by Id only.
    const created = await packaging.send(new CreatePackagingChannelCommand({ Id: 'ct-news-pkg' }));
    const channelArn = created.Arn!;
    expect(await refreshers.mediapackage(channelArn)).toMatchObject({ change: 'created' });
    const request = { Id: 'ct-news-pkg' };
    await packaging.send(new DeletePackagingChannelCommand(request));

    // Act
    const result = await ingestMessages(deps, [cloudTrailMessage('mediapackage', 'DeleteChannel', request, undefined)]);

    // Assess
    expect(channelArn).toBe('arn:aws:mediapackage:channel:ct-news-pkg');
    expect(result.outcomes[0]).toMatchObject({
      result: 'applied',
      kind: 'mediapackage:change',
      repollArns: [channelArn],
    });
    expect(await store.get({ pk: resourcePk(channelArn), sk: META_SK })).toMatchObject({ tombstone: true });
  });
});
