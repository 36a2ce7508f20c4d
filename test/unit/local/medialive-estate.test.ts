import { demoEstate } from '../../../bin/local/demo-estate';
import { demoMediaLiveEstate, pipelinesOf } from '../../../bin/local/medialive-estate';
import {
  createChannelRequest,
  createInputRequest,
  feedDescription,
  SeededInput,
} from '../../../bin/local/seed-medialive';
import { channelMinuteDatapoints, SignalledChannel } from '../../../bin/local/signal-model';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/MediaLiveAccessRole`;
const MINUTE = Date.UTC(2026, 10, 25, 12, 0, 0);

const seededInput = (name: string, type: string, id: string): SeededInput => ({
  name,
  type,
  id,
  arn: `arn:aws:medialive:input:${id}`,
  flowArns: [],
});

describe('demo MediaLive estate', () => {
  it('feeds its MediaConnect input from outputs that exist on started demo flows', () => {
    // Prepare
    const flows = demoEstate(ACCOUNT, REGION);

    // Act
    const { inputs } = demoMediaLiveEstate();

    // Assess
    const mediaConnect = inputs.filter((i) => i.type === 'MEDIACONNECT');
    expect(mediaConnect).toHaveLength(1);
    expect(mediaConnect[0]?.feeds).toHaveLength(2);
    mediaConnect[0]?.feeds?.forEach((feed) => {
      const flow = flows.find((f) => f.name === feed.flow);
      expect(flow?.start).toBe(true);
      expect(flow?.outputs.map((o) => o.name)).toContain(feed.output);
    });
    expect(new Set(inputs.map((i) => i.type))).toEqual(new Set(['MEDIACONNECT', 'RTMP_PUSH', 'URL_PULL']));
  });

  it('has one STANDARD channel that starts and one SINGLE_PIPELINE channel left idle', () => {
    // Act
    const { channels } = demoMediaLiveEstate();

    // Assess
    expect(channels.filter((c) => c.start).map((c) => c.channelClass)).toEqual(['STANDARD']);
    expect(channels.filter((c) => !c.start).map((c) => c.channelClass)).toEqual(['SINGLE_PIPELINE']);
    expect(pipelinesOf('STANDARD')).toEqual(['0', '1']);
    expect(pipelinesOf('SINGLE_PIPELINE')).toEqual(['0']);
  });

  it('creates the MediaConnect input with its flow ARNs and role, and the pull input with its password URL', () => {
    // Prepare
    const [mediaConnect, rtmp, pull] = demoMediaLiveEstate().inputs;
    const flowArns = [`arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-a:NewsHD-Primary`];

    // Act
    const mc = createInputRequest(mediaConnect!, flowArns, ROLE);
    const push = createInputRequest(rtmp!, [], ROLE);
    const url = createInputRequest(pull!, [], ROLE);

    // Assess
    expect(mc).toMatchObject({ Type: 'MEDIACONNECT', MediaConnectFlows: [{ FlowArn: flowArns[0] }], RoleArn: ROLE });
    expect(push).toMatchObject({ Type: 'RTMP_PUSH', Destinations: [{ StreamName: expect.stringContaining('/') }] });
    expect(push.MediaConnectFlows).toBeUndefined();
    expect(url.Sources?.[0]).toMatchObject({
      Url: expect.stringMatching(/^https:\/\/partner:[^@]+@/),
      Username: 'partner',
      PasswordParam: '/medialive/partner-hls',
    });
  });

  it('attaches inputs by id and sends each output group to its own destination', () => {
    // Prepare
    const [news] = demoMediaLiveEstate().channels;
    const inputs = new Map([['NewsHD-MediaConnect', seededInput('NewsHD-MediaConnect', 'MEDIACONNECT', 'abc123')]]);

    // Act
    const request = createChannelRequest(news!, inputs, ROLE);

    // Assess
    expect(request.InputAttachments).toEqual([{ InputAttachmentName: 'NewsHD-MediaConnect', InputId: 'abc123' }]);
    expect(request.ChannelClass).toBe('STANDARD');
    const hls = request.Destinations?.find((d) => d.Id === 'hls-cdn');
    expect(hls?.Settings).toHaveLength(2);
    expect(request.Destinations?.find((d) => d.Id === 'mediapackage')?.MediaPackageSettings).toEqual([
      { ChannelId: 'news-hd-origin' },
    ]);
    expect(request.EncoderSettings?.OutputGroups?.map((g) => g.Name)).toEqual(['HLS-CDN', 'MediaPackage']);
    expect(
      request.EncoderSettings?.OutputGroups?.map(
        (g) =>
          g.OutputGroupSettings?.HlsGroupSettings?.Destination?.DestinationRefId ??
          g.OutputGroupSettings?.MediaPackageGroupSettings?.Destination?.DestinationRefId,
      ),
    ).toEqual(['hls-cdn', 'mediapackage']);
  });

  it('sends an HLS group meant for MediaPackage v2 to the v2 channel’s ingest endpoints, one per pipeline', () => {
    // Prepare
    const weather = demoMediaLiveEstate().channels.find((c) => c.name === 'Weather-Web')!;
    const inputs = new Map([
      ['Weather-RTMP', seededInput('Weather-RTMP', 'RTMP_PUSH', 'in1')],
      ['Partner-HLS-Pull', seededInput('Partner-HLS-Pull', 'URL_PULL', 'in2')],
    ]);
    const ingest = [
      'https://abc-1.ingest.def.mediapackagev2.eu-west-1.amazonaws.com/in/v1/live-origin/1/weather-web/index',
      'https://abc-2.ingest.def.mediapackagev2.eu-west-1.amazonaws.com/in/v1/live-origin/2/weather-web/index',
    ];

    // Act
    const request = createChannelRequest(weather, inputs, ROLE, new Map([['live-origin/weather-web', ingest]]));

    // Assess
    expect(request.Destinations).toEqual([{ Id: 'hls-web', Settings: [{ Url: ingest[0] }] }]);
    expect(request.EncoderSettings?.OutputGroups?.[0]?.OutputGroupSettings?.HlsGroupSettings).toMatchObject({
      HlsCdnSettings: { HlsBasicPutSettings: {} },
    });
    expect(() => createChannelRequest(weather, inputs, ROLE)).toThrow(/live-origin\/weather-web, which was not seeded/);
  });

  it('refuses a channel whose input was not seeded', () => {
    // Prepare
    const [news] = demoMediaLiveEstate().channels;

    // Act
    const act = () => createChannelRequest(news!, new Map(), ROLE);

    // Assess
    expect(act).toThrow(/NewsHD-MediaConnect, which was not seeded/);
  });

  it('describes a feeding output by the input it feeds', () => {
    // Act
    const description = feedDescription('NewsHD-MediaConnect', 'arn:aws:medialive:input:abc');

    // Assess
    expect(description).toBe('To MediaLive input NewsHD-MediaConnect (arn:aws:medialive:input:abc)');
  });
});

describe('channel signal model', () => {
  const channel = (overrides: Partial<SignalledChannel> = {}): SignalledChannel => {
    const news = demoMediaLiveEstate().channels[0]!;
    return {
      id: 'f00dfeed',
      name: news.name,
      pipelines: ['0', '1'],
      outputGroups: ['HLS-CDN', 'MediaPackage'],
      signal: news.signal,
      ...overrides,
    };
  };

  it('publishes the health set per pipeline by ChannelId and Pipeline', () => {
    // Act
    const data = channelMinuteDatapoints(channel(), MINUTE + 17_000);

    // Assess
    const pipelineMetrics = data.filter((d) => d.dimensions.length === 2);
    for (const pipeline of ['0', '1']) {
      const names = pipelineMetrics
        .filter((d) => d.dimensions.some((x) => x.Name === 'Pipeline' && x.Value === pipeline))
        .map((d) => d.metricName);
      expect(names.sort()).toEqual(
        [
          'ActiveAlerts',
          'ChannelInputErrorSeconds',
          'DroppedFrames',
          'FillMsec',
          'InputLossSeconds',
          'InputVideoFrameRate',
          'NetworkIn',
          'SvqTime',
        ].sort(),
      );
    }
    pipelineMetrics.forEach((d) => {
      expect(d.dimensions[0]).toEqual({ Name: 'ChannelId', Value: 'f00dfeed' });
      expect(d.timestamp.getTime()).toBe(MINUTE);
    });
    const networkIn = pipelineMetrics.find((d) => d.metricName === 'NetworkIn');
    expect(networkIn?.unit).toBe('Megabits/Second');
    expect(networkIn?.value).toBeGreaterThan(10);
    expect(networkIn?.value).toBeLessThan(14);
  });

  it('publishes HTTP output errors per output group and pipeline, and only pipeline 0 for a single pipeline', () => {
    // Act
    const standard = channelMinuteDatapoints(channel(), MINUTE);
    const single = channelMinuteDatapoints(channel({ pipelines: ['0'], outputGroups: ['HLS-Web'] }), MINUTE);

    // Assess
    const groupMetrics = standard.filter((d) => d.dimensions.some((x) => x.Name === 'OutputGroupName'));
    expect(groupMetrics).toHaveLength(2 * 2 * 2);
    expect(new Set(groupMetrics.map((d) => d.metricName))).toEqual(new Set(['Output4xxErrors', 'Output5xxErrors']));
    expect(new Set(single.map((d) => d.dimensions.find((x) => x.Name === 'Pipeline')?.Value))).toEqual(new Set(['0']));
  });

  it('gives the HLS group of the news channel some minutes with 4xx errors and the MediaPackage group none', () => {
    // Act
    const hour = Array.from({ length: 60 }, (_, m) => channelMinuteDatapoints(channel(), MINUTE + m * 60_000)).flat();

    // Assess
    const errors = (group: string) =>
      hour
        .filter((d) => d.metricName === 'Output4xxErrors' && d.dimensions.some((x) => x.Value === group))
        .filter((d) => d.value > 0).length;
    expect(errors('HLS-CDN')).toBeGreaterThan(0);
    expect(errors('HLS-CDN')).toBeLessThan(60);
    expect(errors('MediaPackage')).toBe(0);
  });
});
