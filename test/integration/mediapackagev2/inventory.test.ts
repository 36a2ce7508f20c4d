/**
 * The MediaPackage v2 inventory against moto_server (over the wire) and dynalite (the state table). Region sa-east-1
 * (this file's own; moto partitions state by region).
 *
 * What moto 5.2.1 implements of v2, and so what is tested here: channel groups (create, get, list, delete) and
 * channels (create, get, delete). It has no ListChannels (a 500 "not implemented") and no origin endpoints at all, so
 * the channel and origin endpoint listings are exercised here only as what they must be on such an endpoint:
 * incomplete, deleting nothing. Everything else (ListChannels and origin endpoints with real response shapes) is
 * covered with aws-sdk-client-mock in test/unit/mediapackagev2.
 *
 * moto routes GetChannel only with a trailing slash (`/channelGroup/<g>/channel/<c>/`, botocore's path), which the JS
 * SDK does not send; this file's client adds it (test-only middleware), so the refresher's GetChannel reaches moto.
 */
import {
  CreateChannelCommand,
  CreateChannelGroupCommand,
  DeleteChannelGroupCommand,
  MediaPackageV2Client,
} from '@aws-sdk/client-mediapackagev2';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import { mediaPackageV2Arn } from '../../../lambdas/mediapackagev2/arn';
import { channelGroupKind } from '../../../lambdas/mediapackagev2/channel-group-kind';
import type { ChannelGroupRecord, ChannelRecord } from '../../../lambdas/mediapackagev2/mediapackagev2-model';
import { mediaPackageV2Inventory } from '../../../lambdas/mediapackagev2/service';
import { pollInventoryKind, pollServiceInventory } from '../../../lambdas/polling/inventory-cycle';
import type { InventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { createRefresher } from '../../../lambdas/polling/inventory-refresh';
import type { InventoryKind } from '../../../lambdas/polling/resource-kind';
import { createMediaPackageV2Client } from '../../../lambdas/shared/clients';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { GSI1, listPk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints } from '../emulator-env';

const REGION = 'sa-east-1';
const where = { account: LOCAL_ACCOUNT, region: REGION };

function motoClient(): MediaPackageV2Client {
  const client = createMediaPackageV2Client({ region: REGION, endpoint: emulatorEndpoints().moto, maxAttempts: 1 });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path?: string };
      if (request.path && /^\/channelGroup\/[^/]+\/channel\/[^/]+$/.test(request.path)) request.path += '/';
      return next(args);
    },
    { step: 'build', name: 'motoGetChannelTrailingSlash' },
  );
  return client;
}

describe('MediaPackage v2 inventory on moto', () => {
  let client: MediaPackageV2Client;
  let store: StateStore;
  let deps: InventoryDeps<MediaPackageV2Client>;

  const meta = async <T>(arn: string) => store.get<T>({ pk: resourcePk(arn), sk: META_SK });
  const listed = async (type: string) =>
    (
      await store.queryAll<{ arn: string; tombstone?: boolean }>({
        index: GSI1,
        pk: listPk(type as never, LOCAL_ACCOUNT, REGION),
      })
    )
      .filter((i) => i.tombstone !== true)
      .map((i) => i.arn)
      .sort();

  beforeAll(async () => {
    client = motoClient();
    ({ store } = await createTestStore('mpv2'));
    deps = {
      client,
      store,
      clock: systemClock,
      limiter: new TokenBucket(50, 50),
      accountId: LOCAL_ACCOUNT,
      throttleRetry: { maxAttempts: 2, baseDelayMs: 10 },
    };
    for (const name of ['it-live', 'it-sports', 'it-spare'])
      await client.send(new CreateChannelGroupCommand({ ChannelGroupName: name, Description: `${name} group` }));
    await client.send(new CreateChannelCommand({ ChannelGroupName: 'it-live', ChannelName: 'news' }));
  });

  afterAll(() => client.destroy());

  it('polls every channel group into the table with its egress domain', async () => {
    // Act
    const outcome = await pollInventoryKind(deps, channelGroupKind as InventoryKind<MediaPackageV2Client>, {
      accountId: LOCAL_ACCOUNT,
    });
    const live = await meta<ChannelGroupRecord>(mediaPackageV2Arn(where, 'it-live'));

    // Assess
    expect(outcome).toMatchObject({ listing: 'complete', resourcesListed: 3, failedResources: [] });
    expect(outcome.changes.created).toBe(3);
    expect(await listed('mediapackagev2:channel-group')).toEqual(
      ['it-live', 'it-spare', 'it-sports'].map((g) => mediaPackageV2Arn(where, g)),
    );
    expect(live).toMatchObject({
      type: 'mediapackagev2:channel-group',
      name: 'it-live',
      channelGroupName: 'it-live',
      egressDomain: expect.stringMatching(/\.egress\..*\.mediapackagev2\.sa-east-1\.amazonaws\.com$/),
    });
  });

  it('refreshes a channel by ARN through GetChannel, storing its ingest endpoints', async () => {
    // Prepare
    const arn = mediaPackageV2Arn(where, 'it-live', 'news');
    const refresh = createRefresher(deps, mediaPackageV2Inventory);

    // Act
    const first = await refresh(arn);
    const again = await refresh(arn);
    const channel = await meta<ChannelRecord>(arn);

    // Assess
    expect(first.change).toBe('created');
    expect(again).toMatchObject({ change: 'unchanged', writes: 0 });
    expect(channel).toMatchObject({
      type: 'mediapackagev2:channel',
      channelName: 'news',
      channelGroupName: 'it-live',
      channelGroupArn: mediaPackageV2Arn(where, 'it-live'),
      inputType: 'HLS',
      ingestEndpoints: [
        { id: '1', url: expect.stringMatching(/^https:\/\/[^/]+-1\.ingest\..*\/in\/v1\/it-live\/1\/news\/index$/) },
        { id: '2', url: expect.stringMatching(/^https:\/\/[^/]+-2\.ingest\..*\/in\/v1\/it-live\/2\/news\/index$/) },
      ],
    });
  });

  it('records a cycle whose ListChannels fails at moto as incomplete, and tombstones no stored channel', async () => {
    // Prepare: the channel is stored (previous test); a group deleted at moto is gone from a complete listing.
    await client.send(new DeleteChannelGroupCommand({ ChannelGroupName: 'it-spare' }));

    // Act
    const outcomes = await pollServiceInventory(deps, mediaPackageV2Inventory, { accountId: LOCAL_ACCOUNT });
    const [groups, channels, endpoints] = outcomes;

    // Assess
    expect(groups).toMatchObject({ listing: 'complete' });
    expect(groups!.changes.tombstoned).toBe(1);
    expect(channels).toMatchObject({ listing: 'incomplete', resourcesListed: 0 });
    expect(channels!.changes.tombstoned).toBe(0);
    expect(endpoints).toMatchObject({ listing: 'incomplete', resourcesListed: 0 });
    expect(await listed('mediapackagev2:channel')).toEqual([mediaPackageV2Arn(where, 'it-live', 'news')]);
    expect(await listed('mediapackagev2:channel-group')).toEqual(
      ['it-live', 'it-sports'].map((g) => mediaPackageV2Arn(where, g)),
    );
  });
});
