/**
 * The chain from contribution to encoding on moto: a MediaConnect flow feeding a MEDIACONNECT MediaLive input that a
 * channel attaches, polled by each service's inventory once, in either order, against dynalite. Regions: ca-central-1
 * and eu-north-1 (this file's own; moto partitions state by region).
 *
 * moto cannot make the key links: a flow output's `MediaLiveInputArn` is set by AWS only (no request carries it), and a
 * push input's destination IPs are allocated by AWS (moto keeps the request's stream names). Those are unit-tested with
 * recorded shapes (test/unit/chain/declarations.test.ts); here the links come from the input's `MediaConnectFlows` and
 * the channel's `InputAttachments`.
 */
import { CreateFlowCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { CreateChannelCommand, CreateInputCommand, MediaLiveClient } from '@aws-sdk/client-medialive';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import type { LinkRecord } from '../../../lambdas/chain/link-model';
import { mediaConnectInventory } from '../../../lambdas/mediaconnect/service';
import { mediaLiveInventory } from '../../../lambdas/medialive/service';
import { pollServiceInventory } from '../../../lambdas/polling/inventory-cycle';
import { createMediaConnectClient, createMediaLiveClient } from '../../../lambdas/shared/clients';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints } from '../emulator-env';

describe.each([
  ['MediaConnect first', 'ca-central-1', true],
  ['MediaLive first', 'eu-north-1', false],
])('the MediaConnect → MediaLive chain on moto, %s', (_order, region, mediaConnectFirst) => {
  let store: StateStore;
  let mediaConnect: MediaConnectClient;
  let mediaLive: MediaLiveClient;
  let flowArn: string;
  let inputId: string;
  let channelArn: string;

  const liveLinks = async (arn: string) =>
    (await store.queryAll<LinkRecord & { tombstone?: boolean }>({ pk: resourcePk(arn), skPrefix: 'LINK#' })).filter(
      (l) => l.tombstone !== true,
    );

  beforeAll(async () => {
    ({ store } = await createTestStore('chain-moto'));
    const endpoint = emulatorEndpoints().moto;
    mediaConnect = createMediaConnectClient({ region, endpoint, maxAttempts: 3 });
    mediaLive = createMediaLiveClient({ region, endpoint, maxAttempts: 3 });
    const flow = await mediaConnect.send(
      new CreateFlowCommand({
        Name: 'ChainContribution',
        AvailabilityZone: `${region}a`,
        Source: { Name: 'in', Protocol: 'srt-listener', IngestPort: 5001, WhitelistCidr: '10.0.0.0/16' },
        Outputs: [{ Name: 'to-medialive', Protocol: 'rtp-fec', Destination: '10.9.0.1', Port: 5000 }],
      }),
    );
    flowArn = flow.Flow!.FlowArn!;
    const input = await mediaLive.send(
      new CreateInputCommand({ Name: 'chain-input', Type: 'MEDIACONNECT', MediaConnectFlows: [{ FlowArn: flowArn }] }),
    );
    inputId = input.Input!.Id!;
    const channel = await mediaLive.send(
      new CreateChannelCommand({
        Name: 'chain-channel',
        ChannelClass: 'SINGLE_PIPELINE',
        InputAttachments: [{ InputAttachmentName: 'contribution', InputId: inputId }],
        Destinations: [],
        EncoderSettings: {
          AudioDescriptions: [],
          OutputGroups: [],
          TimecodeConfig: { Source: 'SYSTEMCLOCK' },
          VideoDescriptions: [],
        },
      }),
    );
    channelArn = channel.Channel!.Arn!;
  });

  afterAll(() => {
    mediaConnect.destroy();
    mediaLive.destroy();
  });

  it('links flow → input → channel after one cycle of each poller', async () => {
    // Prepare
    const limiter = new TokenBucket(50, 50);
    const pollMediaConnect = () =>
      pollServiceInventory({ client: mediaConnect, store, clock: systemClock, limiter }, mediaConnectInventory, {
        accountId: LOCAL_ACCOUNT,
      });
    const pollMediaLive = () =>
      pollServiceInventory({ client: mediaLive, store, clock: systemClock, limiter }, mediaLiveInventory, {
        accountId: LOCAL_ACCOUNT,
      });

    // Act
    if (mediaConnectFirst) {
      await pollMediaConnect();
      await pollMediaLive();
    } else {
      await pollMediaLive();
      await pollMediaConnect();
    }

    // Assess
    const inputArn = (await liveLinks(channelArn))[0]?.otherArn as string;
    expect(inputArn).toContain(inputId);
    expect((await liveLinks(flowArn)).map((l) => [l.otherArn, l.direction, l.linkType])).toEqual([
      [inputArn, 'downstream', 'flow-input'],
    ]);
    expect((await liveLinks(inputArn)).map((l) => [l.otherArn, l.direction, l.linkType])).toEqual(
      expect.arrayContaining([
        [channelArn, 'downstream', 'input-attachment'],
        [flowArn, 'upstream', 'flow-input'],
      ]),
    );
    expect(await liveLinks(inputArn)).toHaveLength(2);
    expect((await liveLinks(channelArn)).map((l) => [l.direction, l.linkType])).toEqual([
      ['upstream', 'input-attachment'],
    ]);
  });

  it('writes no inventory item, links included, on a second cycle of each poller', async () => {
    // Act
    const limiter = new TokenBucket(50, 50);
    const outcomes = [
      ...(await pollServiceInventory(
        { client: mediaConnect, store, clock: systemClock, limiter },
        mediaConnectInventory,
        {
          accountId: LOCAL_ACCOUNT,
          sweepPerCycle: 0,
        },
      )),
      ...(await pollServiceInventory({ client: mediaLive, store, clock: systemClock, limiter }, mediaLiveInventory, {
        accountId: LOCAL_ACCOUNT,
        sweepPerCycle: 0,
      })),
    ];

    // Assess
    expect(outcomes.map((o) => [o.resourceType, o.inventoryWrites])).toEqual([
      ['mediaconnect:flow', 0],
      ['medialive:input', 0],
      ['medialive:channel', 0],
      ['medialive:input-device', 0],
    ]);
  });
});
