/**
 * MediaLive's inventory kinds against moto_server over the wire, and the alert reconcile against dynalite with the real
 * StateStore. Region: ap-northeast-3 (this file's own; moto partitions state by region).
 */
import {
  CreateChannelCommand,
  CreateInputCommand,
  DeleteChannelCommand,
  MediaLiveClient,
  StartChannelCommand,
} from '@aws-sdk/client-medialive';
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import { reconcileChannelAlerts } from '../../../lambdas/medialive/channel-alerts';
import { channelKind } from '../../../lambdas/medialive/channel-kind';
import { inputDeviceKind } from '../../../lambdas/medialive/input-device-kind';
import { inputKind } from '../../../lambdas/medialive/input-kind';
import { MediaLiveUnavailableError } from '../../../lambdas/medialive/medialive-errors';
import type {
  AttachmentRecord,
  ChannelRecord,
  DestinationRecord,
  InputRecord,
} from '../../../lambdas/medialive/medialive-model';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import {
  GONE,
  type DescribedResource,
  type InventoryKind,
  type KindContext,
  type ListedResource,
} from '../../../lambdas/polling/resource-kind';
import { createMediaLiveClient } from '../../../lambdas/shared/clients';
import { systemClock, type Clock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { resourcePk } from '../../../lambdas/store/keys';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, emulatorEndpoints } from '../emulator-env';

const REGION = 'ap-northeast-3';
const SECRETS = ['moto-src-pa55', 'moto-sig-99', 'moto-stream-key-1', 'moto-dest-pa55'];

function context(client: MediaLiveClient, clock: Clock = systemClock): KindContext<MediaLiveClient> {
  const budget = new RequestBudget(new TokenBucket(50, 50, clock), { retry: { maxAttempts: 2, baseDelayMs: 10 } });
  return { client, budget, clock, account: LOCAL_ACCOUNT, region: REGION };
}

async function listAll<L>(kind: InventoryKind<MediaLiveClient, L>, ctx: KindContext<MediaLiveClient>) {
  const listed: ListedResource<L>[] = [];
  for await (const page of kind.listPages(ctx)) listed.push(...page.items);
  return listed;
}

async function describeAll<L>(kind: InventoryKind<MediaLiveClient, L>, ctx: KindContext<MediaLiveClient>) {
  const described: DescribedResource[] = [];
  for (const listed of await listAll(kind, ctx)) {
    const result = await kind.describe(ctx, listed, undefined, { refresh: false });
    if (result !== GONE) described.push(result);
  }
  return described;
}

describe('MediaLive inventory kinds on moto', () => {
  let client: MediaLiveClient;
  let ids: { udp: string; pull: string; channel: string };

  beforeAll(async () => {
    client = createMediaLiveClient({ region: REGION, endpoint: emulatorEndpoints().moto, maxAttempts: 3 });
    const udp = await client.send(
      new CreateInputCommand({
        Name: 'it-udp',
        Type: 'UDP_PUSH',
        Destinations: [{ StreamName: 'a' }],
        Tags: { suite: 'medialive' },
      }),
    );
    const pull = await client.send(
      new CreateInputCommand({
        Name: 'it-pull',
        Type: 'URL_PULL',
        Sources: [
          {
            Url: `https://feed:${SECRETS[0]}@partner.example.com/live.m3u8?sig=${SECRETS[1]}&q=hd`,
            Username: 'feed',
            PasswordParam: '/it/source-password',
          },
        ],
      }),
    );
    const channel = await client.send(
      new CreateChannelCommand({
        Name: 'it-channel',
        ChannelClass: 'STANDARD',
        InputAttachments: [
          { InputAttachmentName: 'primary', InputId: udp.Input!.Id! },
          { InputAttachmentName: 'backup', InputId: pull.Input!.Id! },
        ],
        Destinations: [
          {
            Id: 'hls',
            Settings: [
              { Url: `https://ingest:${SECRETS[3]}@origin.example.com/in/main`, Username: 'ingest' },
              { Url: 'https://origin-b.example.com/in/main', PasswordParam: '/it/hls-password' },
            ],
          },
          { Id: 'rtmp', Settings: [{ Url: 'rtmp://social.example.com/live2', StreamName: SECRETS[2] }] },
        ],
        EncoderSettings: {
          AudioDescriptions: [],
          TimecodeConfig: { Source: 'SYSTEMCLOCK' },
          VideoDescriptions: [
            { Name: 'v1', Width: 1280, Height: 720, CodecSettings: { H264Settings: { Bitrate: 4_000_000 } } },
          ],
          OutputGroups: [
            {
              Name: 'hls',
              OutputGroupSettings: { HlsGroupSettings: { Destination: { DestinationRefId: 'hls' } } },
              Outputs: [
                {
                  OutputName: 'o1',
                  VideoDescriptionName: 'v1',
                  OutputSettings: { HlsOutputSettings: { HlsSettings: {} } },
                },
              ],
            },
            {
              Name: 'rtmp',
              OutputGroupSettings: { RtmpGroupSettings: {} },
              Outputs: [
                {
                  OutputName: 'r1',
                  VideoDescriptionName: 'v1',
                  OutputSettings: { RtmpOutputSettings: { Destination: { DestinationRefId: 'rtmp' } } },
                },
              ],
            },
          ],
        },
        Tags: { suite: 'medialive' },
      }),
    );
    ids = { udp: udp.Input!.Id!, pull: pull.Input!.Id!, channel: channel.Channel!.Id! };
  });

  it('lists and builds inputs from moto: ARNs without region or account, URLs without secrets, no describe call', async () => {
    // Prepare
    const ctx = context(client);

    // Act
    const records = (await describeAll(inputKind, ctx)).map((d) => d.tree.meta as unknown as InputRecord);

    // Assess
    const pull = records.find((r) => r.id === ids.pull)!;
    expect(pull.arn).toBe(`arn:aws:medialive:input:${ids.pull}`);
    expect(pull).toMatchObject({
      pk: `RES#arn:aws:medialive:input:${ids.pull}`,
      account: LOCAL_ACCOUNT,
      region: REGION,
      inputType: 'URL_PULL',
      sources: [{ url: 'https://partner.example.com/live.m3u8?q=hd', username: 'feed' }],
    });
    expect(records.find((r) => r.id === ids.udp)).toMatchObject({ name: 'it-udp', tags: { suite: 'medialive' } });
    expect(ctx.budget.snapshot().calls.DescribeInput).toBeUndefined();
    expect(ctx.budget.snapshot().calls.ListInputs).toBe(1);
  });

  it('describes a moto channel: state resolved by DescribeChannel, no pipeline children, attachments named by the listed input ARNs', async () => {
    // Prepare
    const ctx = context(client);
    await listAll(inputKind, ctx);

    // Act
    const described = (await describeAll(channelKind, ctx)).find((d) => d.tree.meta.id === ids.channel)!;

    // Assess
    const meta = described.tree.meta as unknown as ChannelRecord;
    expect(meta).toMatchObject({
      arn: `arn:aws:medialive:channel:${ids.channel}`,
      status: 'IDLE',
      channelClass: 'STANDARD',
      inputIds: [ids.udp, ids.pull],
      encoder: {
        outputGroups: [
          { name: 'hls', type: 'HLS', outputCount: 1, destinationRefIds: ['hls'] },
          { name: 'rtmp', type: 'RTMP', outputCount: 1, destinationRefIds: ['rtmp'] },
        ],
        video: [{ name: 'v1', codec: 'H_264', width: 1280, height: 720, bitrate: 4_000_000 }],
      },
    });
    const children = Object.fromEntries(described.tree.children.map((c) => [c.sk, c]));
    expect(Object.keys(children).sort()).toEqual([
      'ATTACHMENT#backup',
      'ATTACHMENT#primary',
      'DESTINATION#hls',
      'DESTINATION#rtmp',
    ]);
    expect((children['ATTACHMENT#primary'] as unknown as AttachmentRecord).inputArn).toBe(
      `arn:aws:medialive:input:${ids.udp}`,
    );
    expect((children['DESTINATION#hls'] as unknown as DestinationRecord).urls).toEqual([
      'https://origin.example.com/in/main',
      'https://origin-b.example.com/in/main',
    ]);
    const stored = JSON.stringify(described);
    for (const secret of SECRETS) expect(stored).not.toContain(secret);
    expect(stored).not.toContain('/it/hls-password');
  });

  it('degrades the alert check of a RUNNING moto channel, which has no ListAlerts', async () => {
    // Prepare
    const { store } = await createTestStore('ml-alerts-moto');
    await client.send(new StartChannelCommand({ ChannelId: ids.channel }));
    const ctx = context(client);
    const listed = (await listAll(channelKind, ctx)).find((l) => l.listed.Id === ids.channel)!;
    const described = (await channelKind.describe(ctx, listed, undefined, { refresh: false })) as DescribedResource;
    await store.put({
      pk: resourcePk(listed.arn),
      sk: 'METRICS#PIPELINE#0',
      latest: { ActiveAlerts: { t: Date.now(), v: 1 } },
    });

    // Act
    const result = await channelKind.afterSync!({ ...ctx, store }, described.tree);

    // Assess
    expect(described.tree.meta.status).toBe('RUNNING');
    expect(result).toEqual({ writes: 0, degraded: 'ListAlerts not-implemented' });
    expect(ctx.budget.snapshot().calls.ListAlerts).toBe(1);
  });

  it('throws MediaLiveUnavailableError from the input device listing, which moto lacks', async () => {
    // Prepare
    const ctx = context(client);

    // Act
    const listing = listAll(inputDeviceKind, ctx);

    // Assess
    await expect(listing).rejects.toBeInstanceOf(MediaLiveUnavailableError);
    await expect(listAll(inputDeviceKind, ctx)).rejects.toMatchObject({ reason: 'not-implemented' });
  });

  it('treats a deleted moto channel (DELETED, still listed) as gone', async () => {
    // Prepare
    const ctx = context(client);
    const listed = (await listAll(channelKind, ctx)).find((l) => l.listed.Id === ids.channel)!;
    await client.send(new DeleteChannelCommand({ ChannelId: ids.channel }));

    // Act
    const described = await channelKind.describe(ctx, listed, undefined, { refresh: true });
    const relisted = await listAll(channelKind, ctx);

    // Assess
    expect(described).toBe(GONE);
    expect(relisted.map((l) => l.listed.Id)).not.toContain(ids.channel);
  });
});

describe('MediaLive channel alerts on the real StateStore', () => {
  const CHANNEL_ARN = `arn:aws:medialive:${REGION}:${LOCAL_ACCOUNT}:channel:777`;
  const pk = resourcePk(CHANNEL_ARN);
  let store: StateStore;

  beforeAll(async () => {
    ({ store } = await createTestStore('ml-alerts'));
  });

  /** A MediaLive client whose ListAlerts runs `during` (an event landing meanwhile) and answers `alerts`. */
  const listAlerts = (alerts: object[], during: () => Promise<void>) => {
    const fake = new MediaLiveClient({ region: REGION });
    fake.send = (async () => {
      await during();
      return { Alerts: alerts, $metadata: {} };
    }) as MediaLiveClient['send'];
    return fake;
  };

  const tree = { meta: { pk, sk: '#META', arn: CHANNEL_ARN, id: '777', name: 'c', status: 'RUNNING' }, children: [] };

  it('lets an event CLEARED and an event SET that land during ListAlerts win over the poll, and clears the rest', async () => {
    // Prepare
    const t0 = Date.now();
    const alert = (id: string, state: string, version: number, source: string) =>
      store.updateIfNewer({ pk, sk: `ALERT#${id}` }, version, {
        type: 'medialive:alert',
        alarmId: id,
        state,
        source,
        observedAt: new Date(version).toISOString(),
      });
    await alert('cleared-by-event', 'SET', t0 - 60_000, 'event');
    await alert('raised-again', 'SET', t0 - 60_000, 'event');
    await alert('stale', 'SET', t0 - 60_000, 'event');
    const clock = { now: () => t0 };
    const client = listAlerts([{ Id: 'cleared-by-event', State: 'SET', AlertType: 'Input Loss' }], async () => {
      await alert('cleared-by-event', 'CLEARED', t0 + 100, 'event');
      await alert('raised-again', 'SET', t0 + 200, 'event');
    });
    const ctx = context(client, clock);

    // Act
    const result = await reconcileChannelAlerts({ ...ctx, store }, tree as never);

    // Assess
    const items = Object.fromEntries(
      (await store.queryAll<Record<string, unknown>>({ pk, skPrefix: 'ALERT#', consistent: true })).map((i) => [
        i.alarmId,
        i,
      ]),
    );
    expect(items['cleared-by-event']).toMatchObject({ state: 'CLEARED', source: 'event', version: t0 + 100 });
    expect(items['raised-again']).toMatchObject({ state: 'SET', source: 'event', version: t0 + 200 });
    expect(items.stale).toMatchObject({
      state: 'CLEARED',
      source: 'poll',
      version: t0,
      clearedAt: new Date(t0).toISOString(),
      expiresAt: Math.floor(t0 / 1000) + 7 * 86_400,
    });
    expect(result).toEqual({ writes: 1 });
  });
});
