/**
 * MediaPackage v1's inventory against moto_server over the wire, written by the engine into dynalite with the real
 * StateStore. Region: ca-central-1 (this file's own: moto partitions state by region, and serves MediaPackage only in
 * the regions AWS offers it). moto's ARNs are `arn:aws:mediapackage:channel:<Id>` and `…:origin_endpoint:<Id>`, with no region or account (reference §8).
 */
import {
  CreateChannelCommand,
  CreateOriginEndpointCommand,
  DeleteOriginEndpointCommand,
  MediaPackageClient,
} from '@aws-sdk/client-mediapackage';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import type { ChannelRecord, OriginEndpointRecord } from '../../../lambdas/mediapackage/mediapackage-model';
import { mediaPackageInventory } from '../../../lambdas/mediapackage/service';
import { pollServiceInventory } from '../../../lambdas/polling/inventory-cycle';
import type { InventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { createRefresher } from '../../../lambdas/polling/inventory-refresh';
import { createMediaPackageClient } from '../../../lambdas/shared/clients';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { GSI1, listPk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints } from '../emulator-env';

const REGION = 'ca-central-1';
const channelArn = (id: string) => `arn:aws:mediapackage:channel:${id}`;
const endpointArn = (id: string) => `arn:aws:mediapackage:origin_endpoint:${id}`;

describe('MediaPackage v1 inventory on moto', () => {
  let client: MediaPackageClient;
  let store: StateStore;
  let deps: InventoryDeps<MediaPackageClient>;
  const options = { accountId: LOCAL_ACCOUNT, sweepPerCycle: 0 };

  beforeAll(async () => {
    client = createMediaPackageClient({ region: REGION, endpoint: emulatorEndpoints().moto, maxAttempts: 3 });
    ({ store } = await createTestStore('mediapackage'));
    deps = { client, store, clock: systemClock, limiter: new TokenBucket(50, 50), accountId: LOCAL_ACCOUNT };
    for (const id of ['it-news', 'it-sport'])
      await client.send(new CreateChannelCommand({ Id: id, Description: `${id} channel`, Tags: { suite: 'mp' } }));
    await client.send(
      new CreateOriginEndpointCommand({
        Id: 'it-news-hls',
        ChannelId: 'it-news',
        ManifestName: 'index',
        StartoverWindowSeconds: 300,
        TimeDelaySeconds: 0,
        Whitelist: ['198.51.100.0/24'],
        Origination: 'ALLOW',
        Authorization: {
          CdnIdentifierSecret: `arn:aws:secretsmanager:${REGION}:${LOCAL_ACCOUNT}:secret:cdn-AbCd`,
          SecretsRoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/MediaPackageCdn`,
        },
        HlsPackage: {
          SegmentDurationSeconds: 6,
          PlaylistWindowSeconds: 60,
          AdMarkers: 'SCTE35_ENHANCED',
          Encryption: {
            EncryptionMethod: 'AES_128',
            ConstantInitializationVector: '00112233445566778899aabbccddeeff',
            SpekeKeyProvider: {
              ResourceId: 'it-news',
              RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/Speke`,
              SystemIds: ['81376844-f976-481e-a84e-cc25d39b0b33'],
              Url: 'https://speke.example.com/v1',
            },
          },
        },
        Tags: { suite: 'mp' },
      }),
    );
    await client.send(
      new CreateOriginEndpointCommand({
        Id: 'it-news-dash',
        ChannelId: 'it-news',
        DashPackage: { SegmentDurationSeconds: 2, ManifestWindowSeconds: 60 },
      }),
    );
    await client.send(
      new CreateOriginEndpointCommand({
        Id: 'it-sport-cmaf',
        ChannelId: 'it-sport',
        CmafPackage: { SegmentDurationSeconds: 4, HlsManifests: [{ Id: 'cmaf-hls', ManifestName: 'index' }] },
      }),
    );
  }, 60_000);

  it('polls channels, then origin endpoints, into the table with one listing call each', async () => {
    // Act
    const [channels, endpoints] = await pollServiceInventory(deps, mediaPackageInventory, options);

    // Assess
    expect(channels).toMatchObject({
      resourceType: 'mediapackage:channel',
      listing: 'complete',
      resourcesListed: 2,
      changes: { created: 2 },
      calls: { ListChannels: 1 },
    });
    expect(endpoints).toMatchObject({
      resourceType: 'mediapackage:origin-endpoint',
      listing: 'complete',
      resourcesListed: 3,
      changes: { created: 3 },
      calls: { ListOriginEndpoints: 1 },
    });
    const news = await store.get<ChannelRecord>({ pk: resourcePk(channelArn('it-news')), sk: META_SK });
    expect(news).toMatchObject({
      type: 'mediapackage:channel',
      id: 'it-news',
      name: 'it-news',
      account: LOCAL_ACCOUNT,
      region: REGION,
      description: 'it-news channel',
      tags: { suite: 'mp' },
    });
    expect(news).not.toHaveProperty('status');
    const hls = await store.get<OriginEndpointRecord>({ pk: resourcePk(endpointArn('it-news-hls')), sk: META_SK });
    expect(hls).toMatchObject({
      channelId: 'it-news',
      url: `https://origin-endpoint.mediapackage.${REGION}.amazonaws.com/it-news-hls`,
      startoverWindowSeconds: 300,
      whitelist: ['198.51.100.0/24'],
      origination: 'ALLOW',
      authorization: {
        cdnIdentifierSecretArn: `arn:aws:secretsmanager:${REGION}:${LOCAL_ACCOUNT}:secret:cdn-AbCd`,
        secretsRoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/MediaPackageCdn`,
      },
      packaging: {
        type: 'HLS',
        segmentDurationSeconds: 6,
        playlistWindowSeconds: 60,
        adMarkers: 'SCTE35_ENHANCED',
        encryption: { encryptionMethod: 'AES_128', speke: { url: 'https://speke.example.com/v1' } },
      },
    });
    expect(JSON.stringify(hls)).not.toContain('00112233445566778899aabbccddeeff');
    const listed = await store.queryAll<{ name: string }>({
      index: GSI1,
      pk: listPk('mediapackage:origin-endpoint', LOCAL_ACCOUNT, REGION),
    });
    expect(listed.map((l) => l.name).sort()).toEqual(['it-news-dash', 'it-news-hls', 'it-sport-cmaf']);
  });

  it('writes nothing in a second cycle when nothing changed', async () => {
    // Act
    const outcomes = await pollServiceInventory(deps, mediaPackageInventory, options);

    // Assess
    expect(outcomes.map((o) => [o.inventoryWrites, o.changes.unchanged])).toEqual([
      [0, 2],
      [0, 3],
    ]);
  });

  it('tombstones an endpoint deleted at moto after a complete listing, and leaves the others', async () => {
    // Prepare
    await client.send(new DeleteOriginEndpointCommand({ Id: 'it-news-dash' }));

    // Act
    const [, endpoints] = await pollServiceInventory(deps, mediaPackageInventory, options);

    // Assess
    expect(endpoints).toMatchObject({ listing: 'complete', changes: { tombstoned: 1, unchanged: 2 } });
    const dash = await store.get<{ tombstone?: boolean }>({ pk: resourcePk(endpointArn('it-news-dash')), sk: META_SK });
    expect(dash?.tombstone).toBe(true);
    const hls = await store.get<{ tombstone?: boolean }>({ pk: resourcePk(endpointArn('it-news-hls')), sk: META_SK });
    expect(hls?.tombstone).toBeUndefined();
  });

  it('refreshes one endpoint by its moto ARN with one DescribeOriginEndpoint, and tombstones a deleted one', async () => {
    // Prepare
    const refresh = createRefresher(deps, mediaPackageInventory);

    // Act
    const live = await refresh(endpointArn('it-sport-cmaf'));
    const gone = await refresh(endpointArn('it-never-was'));

    // Assess
    expect(live).toMatchObject({ change: 'unchanged', writes: 0, calls: { DescribeOriginEndpoint: 1 } });
    expect(gone.change).toBe('not-found');
  });
});
