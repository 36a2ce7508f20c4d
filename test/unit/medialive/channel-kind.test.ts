import {
  DescribeChannelCommand,
  ListChannelsCommand,
  ListInputsCommand,
  MediaLiveClient,
} from '@aws-sdk/client-medialive';
import { mockClient } from 'aws-sdk-client-mock';
import { channelKind } from '../../../lambdas/medialive/channel-kind';
import { inputKind } from '../../../lambdas/medialive/input-kind';
import type {
  AttachmentRecord,
  ChannelRecord,
  DestinationRecord,
  PipelineRecord,
} from '../../../lambdas/medialive/medialive-model';
import { GONE, type DescribedResource, type KindContext } from '../../../lambdas/polling/resource-kind';
import {
  ACCOUNT,
  REGION,
  SINGLE_PIPELINE_CHANNEL,
  SINGLE_PIPELINE_CHANNEL_ARN,
  STANDARD_CHANNEL,
  STANDARD_CHANNEL_ARN,
  STANDARD_CHANNEL_ID,
  summaryOf,
  UDP_PUSH_INPUT,
} from './medialive-fixtures';
import { awsError, collect, kindContext, ManualClock } from './medialive-context';

const medialive = mockClient(MediaLiveClient);

async function describeChannel(
  arn: string,
  ctx: KindContext<MediaLiveClient> = kindContext(new MediaLiveClient({})),
): Promise<DescribedResource> {
  const listed = await channelKind.lookup(ctx, arn);
  if (listed === GONE) throw new Error('gone');
  const described = await channelKind.describe(ctx, listed, undefined, { refresh: false });
  if (described === GONE) throw new Error('gone');
  return described;
}

const child = <T>(described: DescribedResource, sk: string): T =>
  described.tree.children.find((c) => c.sk === sk) as unknown as T;

describe('MediaLive channel kind', () => {
  beforeEach(() => {
    medialive.reset();
    medialive.on(DescribeChannelCommand, { ChannelId: STANDARD_CHANNEL_ID }).resolves(STANDARD_CHANNEL);
    medialive.on(DescribeChannelCommand, { ChannelId: '3001002' }).resolves(SINGLE_PIPELINE_CHANNEL);
  });

  it('stores a STANDARD channel with its state, class, maintenance, input specification and tags', async () => {
    // Act
    const described = await describeChannel(STANDARD_CHANNEL_ARN);
    const meta = described.tree.meta as unknown as ChannelRecord;

    // Assess
    expect(meta).toMatchObject({
      pk: `RES#${STANDARD_CHANNEL_ARN}`,
      sk: '#META',
      type: 'medialive:channel',
      gsi1pk: `LIST#medialive:channel#${ACCOUNT}#${REGION}`,
      gsi1sk: `sports-main#${STANDARD_CHANNEL_ARN}`,
      id: STANDARD_CHANNEL_ID,
      name: 'sports-main',
      status: 'RUNNING',
      stateSource: 'poll',
      channelClass: 'STANDARD',
      pipelinesRunningCount: 2,
      logLevel: 'WARNING',
      maintenance: { day: 'TUESDAY', startTime: '03:00' },
      roleArn: STANDARD_CHANNEL.RoleArn,
      inputSpecification: { codec: 'AVC', maximumBitrate: 'MAX_20_MBPS', resolution: 'HD' },
      inputIds: ['2001001', '2001003'],
      tags: { team: 'sports' },
    });
    expect(meta.tags).not.toHaveProperty('secretNote');
  });

  it('summarises the encoder: output group types, names, output counts and destination refs; video codecs and bitrates', async () => {
    // Act
    const meta = (await describeChannel(STANDARD_CHANNEL_ARN)).tree.meta as unknown as ChannelRecord;

    // Assess
    expect(meta.encoder).toEqual({
      outputGroups: [
        { name: 'hls-group', type: 'HLS', outputCount: 2, destinationRefIds: ['hls-origin'] },
        { name: 'mediapackage', type: 'MEDIA_PACKAGE', outputCount: 1, destinationRefIds: ['mp-dest'] },
        { name: 'social', type: 'RTMP', outputCount: 1, destinationRefIds: ['rtmp-social'] },
      ],
      video: [
        { name: 'video_1080p', codec: 'H_264', width: 1920, height: 1080, bitrate: 6_000_000, rateControlMode: 'CBR' },
        { name: 'video_720p', codec: 'H_265', width: 1280, height: 720, bitrate: 3_000_000, rateControlMode: 'QVBR' },
      ],
    });
    expect(meta).not.toHaveProperty('encoderSettings');
    expect(JSON.stringify(meta)).not.toMatch(/KeyProviderSettings|StaticKey|AvailConfiguration/);
  });

  it('writes one PIPELINE child per pipeline with its active input and switch action', async () => {
    // Act
    const described = await describeChannel(STANDARD_CHANNEL_ARN);

    // Assess
    expect(child<PipelineRecord>(described, 'PIPELINE#0')).toMatchObject({
      type: 'medialive:pipeline',
      channelArn: STANDARD_CHANNEL_ARN,
      pipelineId: '0',
      activeInputAttachmentName: 'stadium-primary',
      activeInputSwitchActionName: 'switch-to-stadium',
    });
    expect(child<PipelineRecord>(described, 'PIPELINE#1')).toMatchObject({
      activeInputAttachmentName: 'stadium-primary',
    });
    expect(child<PipelineRecord>(described, 'PIPELINE#1')).not.toHaveProperty('activeInputSwitchActionName');
  });

  it('writes ATTACHMENT children with the input ARN built in the poller account and region, and the failover settings', async () => {
    // Act
    const described = await describeChannel(STANDARD_CHANNEL_ARN);

    // Assess
    expect(child<AttachmentRecord>(described, 'ATTACHMENT#stadium-primary')).toMatchObject({
      type: 'medialive:input-attachment',
      name: 'stadium-primary',
      inputId: '2001001',
      inputArn: `arn:aws:medialive:${REGION}:${ACCOUNT}:input:2001001`,
      failover: {
        secondaryInputId: '2001003',
        inputPreference: 'PRIMARY_INPUT_PREFERRED',
        errorClearTimeMsec: 10_000,
        conditions: [
          { type: 'INPUT_LOSS', thresholdMsec: 1000 },
          { type: 'VIDEO_BLACK', thresholdMsec: 2000 },
          { type: 'AUDIO_SILENCE', thresholdMsec: 5000 },
        ],
      },
    });
    expect(child<AttachmentRecord>(described, 'ATTACHMENT#partner-backup')).not.toHaveProperty('failover');
  });

  it('names an attached input by the ARN the same cycle listed it under (moto ARNs have no region or account)', async () => {
    // Prepare
    const motoInputArn = 'arn:aws:medialive:input:2001001';
    medialive
      .on(ListInputsCommand)
      .resolves({ Inputs: [{ ...UDP_PUSH_INPUT, Arn: motoInputArn, SecurityGroups: [] }] });
    const ctx = kindContext(new MediaLiveClient({}));
    await collect(inputKind.listPages(ctx));

    // Act
    const described = await describeChannel(STANDARD_CHANNEL_ARN, ctx);

    // Assess
    expect(child<AttachmentRecord>(described, 'ATTACHMENT#stadium-primary').inputArn).toBe(motoInputArn);
  });

  it('writes DESTINATION children without passwords, password parameters or RTMP stream keys', async () => {
    // Act
    const described = await describeChannel(STANDARD_CHANNEL_ARN);

    // Assess
    expect(child<DestinationRecord>(described, 'DESTINATION#hls-origin')).toMatchObject({
      urls: ['https://origin-a.example.com/in/sports/main', 'https://origin-b.example.com/in/sports/main'],
      usernames: ['ingest', 'ingest'],
    });
    expect(child<DestinationRecord>(described, 'DESTINATION#mp-dest').mediaPackageChannelIds).toEqual([
      'sports-mp-channel',
    ]);
    expect(child<DestinationRecord>(described, 'DESTINATION#rtmp-social').urls).toEqual([
      'rtmp://a.rtmp.example-social.com/live2',
      'rtmp://b.rtmp.example-social.com/live2',
    ]);
    expect(JSON.stringify(described.tree.children)).not.toMatch(/StreamName|streamName|PasswordParam|passwordParam/);
  });

  it('writes no PIPELINE child when AWS gives no pipeline details (a SINGLE_PIPELINE channel that is IDLE; moto always)', async () => {
    // Act
    const described = await describeChannel(SINGLE_PIPELINE_CHANNEL_ARN);

    // Assess
    expect(described.tree.meta).toMatchObject({
      status: 'IDLE',
      channelClass: 'SINGLE_PIPELINE',
      pipelinesRunningCount: 0,
    });
    expect(described.tree.children.map((c) => c.sk).sort()).toEqual(['ATTACHMENT#contribution', 'DESTINATION#udp-out']);
    expect((described.tree.meta as unknown as ChannelRecord).encoder).toEqual({
      outputGroups: [{ type: 'UDP', outputCount: 1, destinationRefIds: ['udp-out'] }],
      video: [{ name: 'sd', codec: 'MPEG2' }],
    });
  });

  it('builds a channel with only an ARN and an id', async () => {
    // Prepare
    const arn = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:42`;
    medialive.on(DescribeChannelCommand, { ChannelId: '42' }).resolves({ Arn: arn, Id: '42' });

    // Act
    const described = await describeChannel(arn);

    // Assess
    expect(Object.keys(described.tree.meta).sort()).toEqual(
      [
        'pk',
        'sk',
        'type',
        'account',
        'region',
        'observedAt',
        'version',
        'gsi1pk',
        'gsi1sk',
        'arn',
        'id',
        'name',
        'hash',
        'treeHash',
      ].sort(),
    );
    expect(described.tree.children).toEqual([]);
  });

  it('changes the tree hash when a child changes and keeps every hash when only the observation time changes', async () => {
    // Prepare
    const clock = new ManualClock();
    const ctx = kindContext(new MediaLiveClient({}), clock);
    const first = await describeChannel(STANDARD_CHANNEL_ARN, ctx);
    clock.advance(60_000);
    const again = await describeChannel(STANDARD_CHANNEL_ARN, ctx);
    medialive.on(DescribeChannelCommand, { ChannelId: STANDARD_CHANNEL_ID }).resolves({
      ...STANDARD_CHANNEL,
      PipelineDetails: [{ PipelineId: '0', ActiveInputAttachmentName: 'partner-backup' }],
    });

    // Act
    const switched = await describeChannel(STANDARD_CHANNEL_ARN, ctx);

    // Assess
    expect(again.tree.meta.version).toBe(first.tree.meta.version + 60_000);
    expect(again.tree.meta.treeHash).toBe(first.tree.meta.treeHash);
    expect(switched.tree.meta.hash).toBe(first.tree.meta.hash);
    expect(switched.tree.meta.treeHash).not.toBe(first.tree.meta.treeHash);
  });

  it('lists channels with the largest page across two pages, leaving out DELETED ones', async () => {
    // Prepare
    medialive
      .on(ListChannelsCommand)
      .resolvesOnce({ Channels: [summaryOf(STANDARD_CHANNEL)], NextToken: 'next' })
      .resolvesOnce({
        Channels: [summaryOf(SINGLE_PIPELINE_CHANNEL), { Arn: 'arn:aws:medialive:channel:dead', State: 'DELETED' }],
      });
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const pages = await collect(channelKind.listPages(ctx));

    // Assess
    expect(pages.map((p) => p.items.map((i) => [i.arn, i.name, i.status]))).toEqual([
      [[STANDARD_CHANNEL_ARN, 'sports-main', 'RUNNING']],
      [[SINGLE_PIPELINE_CHANNEL_ARN, 'news-single', 'IDLE']],
    ]);
    expect(medialive).toHaveReceivedNthCommandWith(1, ListChannelsCommand, { MaxResults: 1000 });
    expect(medialive).toHaveReceivedNthCommandWith(2, ListChannelsCommand, { MaxResults: 1000, NextToken: 'next' });
    expect(ctx.budget.snapshot().calls).toEqual({ ListChannels: 2 });
  });

  it('retries a throttled DescribeChannel through the budget, then succeeds', async () => {
    // Prepare
    medialive
      .on(DescribeChannelCommand, { ChannelId: STANDARD_CHANNEL_ID })
      .rejectsOnce(awsError('TooManyRequestsException', 429))
      .resolves(STANDARD_CHANNEL);
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const described = await describeChannel(STANDARD_CHANNEL_ARN, ctx);

    // Assess
    expect(described.tree.meta.status).toBe('RUNNING');
    expect(ctx.budget.snapshot()).toMatchObject({ calls: { DescribeChannel: 2 }, throttles: 1 });
  });

  it('describes a channel AWS no longer has, or reports DELETED, as gone', async () => {
    // Prepare
    medialive.on(DescribeChannelCommand, { ChannelId: '404' }).rejects(awsError('NotFoundException', 404));
    medialive.on(DescribeChannelCommand, { ChannelId: '410' }).resolves({ Id: '410', State: 'DELETED' });
    const ctx = kindContext(new MediaLiveClient({}));
    const describe = async (id: string) =>
      channelKind.describe(ctx, { arn: `arn:aws:medialive:channel:${id}`, listed: { Id: id } }, undefined, {
        refresh: true,
      });

    // Act
    const [missing, deleted] = [await describe('404'), await describe('410')];

    // Assess
    expect(missing).toBe(GONE);
    expect(deleted).toBe(GONE);
  });
});
