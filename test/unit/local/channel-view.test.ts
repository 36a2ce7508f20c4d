import { channelView, inputView, InputView } from '../../../bin/local/channel-view';
import { readEstateView } from '../../../bin/local/estate-reader';
import { renderEstate } from '../../../bin/local/tree-renderer';
import { encodeSeriesByMetric } from '../../../lambdas/metrics/metric-series';
import type { QueryPageOptions } from '../../../lambdas/store/state-store';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 30);
const nowS = Math.floor(NOW / 60_000) * 60;
const FLOW = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-abc:NewsHD-Primary`;
const OUT_ML = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:output:2-def:MediaLive-News-A`;
const OUT_CDN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:output:3-fed:CDN-SRT`;
// moto's MediaLive ARNs carry no region or account.
const INPUT = 'arn:aws:medialive:input:4a4c8daf';
const PULL = 'arn:aws:medialive:input:8a13c5ba';
const CHANNEL = 'arn:aws:medialive:channel:15908dbe';
const IDLE = 'arn:aws:medialive:channel:6c1e8112';

type Item = Record<string, unknown> & { sk: string };

const flowItems = (outputDescription: string): Item[] => [
  { pk: `RES#${FLOW}`, sk: '#META', arn: FLOW, name: 'NewsHD-Primary', status: 'ACTIVE' },
  {
    pk: `RES#${FLOW}`,
    sk: `OUTPUT#${OUT_ML}`,
    arn: OUT_ML,
    name: 'MediaLive-News-A',
    protocol: 'rtp-fec',
    description: outputDescription,
  },
  { pk: `RES#${FLOW}`, sk: `OUTPUT#${OUT_CDN}`, arn: OUT_CDN, name: 'CDN-SRT', protocol: 'srt-listener' },
];

const inputMeta = {
  pk: `RES#${INPUT}`,
  sk: '#META',
  arn: INPUT,
  id: '4a4c8daf',
  name: 'NewsHD-MediaConnect',
  inputType: 'MEDIACONNECT',
  status: 'ATTACHED',
  mediaConnectFlowArns: [FLOW],
};
const pullMeta = {
  pk: `RES#${PULL}`,
  sk: '#META',
  arn: PULL,
  id: '8a13c5ba',
  name: 'Partner-HLS-Pull',
  inputType: 'URL_PULL',
  status: 'ATTACHED',
  // As the poller stores it: the password removed from the URL.
  sources: [{ url: 'https://origin.partner.example.com/live/index.m3u8', username: 'partner' }],
};

const channelItems = (overrides: Record<string, unknown> = {}): Item[] => [
  {
    pk: `RES#${CHANNEL}`,
    sk: '#META',
    arn: CHANNEL,
    id: '15908dbe',
    name: 'News-HD',
    status: 'RUNNING',
    channelClass: 'STANDARD',
    encoder: {
      outputGroups: [
        { name: 'HLS-CDN', type: 'HLS', outputCount: 1 },
        { name: 'MediaPackage', type: 'MEDIA_PACKAGE', outputCount: 1 },
      ],
      video: [{ name: 'video_1080p', codec: 'H_264', width: 1920, height: 1080, bitrate: 6_000_000 }],
    },
    ...overrides,
  },
  {
    pk: `RES#${CHANNEL}`,
    sk: 'ATTACHMENT#NewsHD-MediaConnect',
    name: 'NewsHD-MediaConnect',
    inputId: '4a4c8daf',
    channelArn: CHANNEL,
  },
  {
    pk: `RES#${CHANNEL}`,
    sk: 'METRICS#PIPELINE#0',
    lastPolledAt: '2026-11-25T12:00:10.000Z',
    series: encodeSeriesByMetric({ NetworkIn: { t: [nowS - 120, nowS - 60], v: [12.1, 12.4] } }),
    latest: {
      NetworkIn: { t: nowS - 60, v: 12.4 },
      InputVideoFrameRate: { t: nowS - 60, v: 25 },
      SvqTime: { t: nowS - 60, v: 2.2 },
      FillMsec: { t: nowS - 60, v: 0 },
      DroppedFrames: { t: nowS - 60, v: 0 },
      ActiveAlerts: { t: nowS - 60, v: 0 },
      InputLossSeconds: { t: nowS - 60, v: 0 },
    },
  },
  {
    pk: `RES#${CHANNEL}`,
    sk: 'METRICS#OUTPUT_GROUP#0:HLS-CDN',
    series: encodeSeriesByMetric({
      Output4xxErrors: { t: [nowS - 1800, nowS - 120, nowS - 60], v: [100, 3, 4] },
      Output5xxErrors: { t: [nowS - 60], v: [0] },
    }),
  },
  {
    pk: `RES#${CHANNEL}`,
    sk: 'METRICS#OUTPUT_GROUP#1:HLS-CDN',
    series: encodeSeriesByMetric({ Output4xxErrors: { t: [nowS - 60], v: [2] } }),
  },
  {
    pk: `RES#${CHANNEL}`,
    sk: 'ALERT#a1',
    alarmId: 'a1',
    state: 'SET',
    alertType: 'Video Not Detected',
    pipeline: '1',
    message: 'Video not detected on input',
    setAt: '2026-11-25T11:59:00.000Z',
  },
  { pk: `RES#${CHANNEL}`, sk: 'ALERT#a0', alarmId: 'a0', state: 'CLEARED', alertType: 'Old' },
];

const idleChannelItems: Item[] = [
  {
    pk: `RES#${IDLE}`,
    sk: '#META',
    arn: IDLE,
    id: '6c1e8112',
    name: 'Weather-Web',
    status: 'IDLE',
    channelClass: 'SINGLE_PIPELINE',
    encoder: { outputGroups: [{ name: 'HLS-Web', type: 'HLS', outputCount: 1 }], video: [] },
  },
  { pk: `RES#${IDLE}`, sk: 'ATTACHMENT#Partner-HLS-Pull', name: 'Partner-HLS-Pull', inputArn: PULL },
];

const inputs = (): Map<string, InputView> =>
  new Map([inputView(inputMeta)!, inputView(pullMeta)!].map((i) => [i.arn, i]));

describe('MediaLive channel view', () => {
  it('maps a running channel: both pipelines, the active input, latest health, output group errors, SET alerts', () => {
    // Act
    const view = channelView(channelItems(), inputs(), NOW);

    // Assess
    expect(view).toMatchObject({
      arn: CHANNEL,
      name: 'News-HD',
      status: 'RUNNING',
      channelClass: 'STANDARD',
      video: '1920x1080 H_264 6.0 Mb/s',
      metricsPolledAt: '2026-11-25T12:00:10.000Z',
    });
    expect(view?.pipelines.map((p) => p.id)).toEqual(['0', '1']);
    expect(view?.pipelines[0]).toMatchObject({
      activeInput: 'NewsHD-MediaConnect',
      health: { networkInMbps: 12.4, frameRate: 25, svqPercent: 2.2, fillMsec: 0, activeAlerts: 0 },
      networkInHistory: { t: [nowS - 120, nowS - 60], v: [12.1, 12.4] },
    });
    expect(view?.pipelines[1]?.health).toEqual({});
    expect(view?.outputGroups).toEqual([
      { name: 'HLS-CDN', type: 'HLS', outputCount: 1, errors4xx: 9, errors5xx: 0 },
      { name: 'MediaPackage', type: 'MEDIA_PACKAGE', outputCount: 1 },
    ]);
    expect(view?.alerts).toEqual([
      {
        id: 'a1',
        type: 'Video Not Detected',
        pipeline: '1',
        message: 'Video not detected on input',
        setAt: '2026-11-25T11:59:00.000Z',
      },
    ]);
    expect(view?.inputs).toEqual([
      {
        attachmentName: 'NewsHD-MediaConnect',
        inputArn: INPUT,
        inputName: 'NewsHD-MediaConnect',
        inputType: 'MEDIACONNECT',
        sources: [],
        feeds: [{ flowArn: FLOW }],
      },
    ]);
  });

  it('shows no pipeline of an idle channel that the store has nothing for', () => {
    // Act
    const view = channelView(idleChannelItems, inputs(), NOW);

    // Assess
    expect(view?.pipelines).toEqual([]);
    expect(view?.inputs[0]).toMatchObject({ inputName: 'Partner-HLS-Pull', inputType: 'URL_PULL' });
  });

  it('runs only pipeline 0 of a running single-pipeline channel', () => {
    // Act
    const view = channelView(channelItems({ channelClass: 'SINGLE_PIPELINE' }), inputs(), NOW);

    // Assess
    expect(view?.pipelines.map((p) => p.id)).toEqual(['0']);
  });

  it('prefers the active input AWS reports for a pipeline over the single attachment', () => {
    // Prepare
    const items = [
      ...channelItems(),
      { pk: `RES#${CHANNEL}`, sk: 'PIPELINE#0', pipelineId: '0', activeInputAttachmentName: 'Backup-Input' },
    ];

    // Act
    const view = channelView(items, inputs(), NOW);

    // Assess
    expect(view?.pipelines[0]?.activeInput).toBe('Backup-Input');
  });

  it('leaves a tombstoned channel out', () => {
    // Act / Assess
    expect(channelView(channelItems({ tombstone: true }), inputs(), NOW)).toBeUndefined();
  });
});

describe('flows linked to channels', () => {
  const fakeStore = (outputDescription: string, extraOutput: Record<string, unknown> = {}) => {
    const partitions: Record<string, Item[]> = {
      [`RES#${FLOW}`]: flowItems(outputDescription).map((i) =>
        i.sk === `OUTPUT#${OUT_ML}` ? { ...i, ...extraOutput } : i,
      ),
      [`RES#${CHANNEL}`]: channelItems(),
      [`RES#${IDLE}`]: idleChannelItems,
      [`RES#${INPUT}`]: [inputMeta],
      [`RES#${PULL}`]: [pullMeta],
    };
    const listings: Record<string, { arn: string }[]> = {
      [`LIST#mediaconnect:flow#${ACCOUNT}#${REGION}`]: [{ arn: FLOW }],
      [`LIST#medialive:channel#${ACCOUNT}#${REGION}`]: [{ arn: CHANNEL }, { arn: IDLE }],
      [`LIST#medialive:input#${ACCOUNT}#${REGION}`]: [{ arn: INPUT }, { arn: PULL }],
    };
    return {
      queryAll: async <T>(options: Omit<QueryPageOptions, 'startKey' | 'limit'>): Promise<T[]> =>
        (options.index ? (listings[options.pk] ?? []) : (partitions[options.pk] ?? [])) as T[],
    };
  };

  it('links the output whose description names the input (moto) to the input and its channel', async () => {
    // Prepare
    const store = fakeStore(`To MediaLive input NewsHD-MediaConnect (${INPUT})`);

    // Act
    const view = await readEstateView(store, { account: ACCOUNT, region: REGION }, NOW);

    // Assess
    const feeding = view.flows[0]?.outputs.find((o) => o.name === 'MediaLive-News-A');
    expect(feeding?.feeds).toEqual([
      {
        inputArn: INPUT,
        inputName: 'NewsHD-MediaConnect',
        channels: [{ arn: CHANNEL, name: 'News-HD', status: 'RUNNING' }],
      },
    ]);
    expect(view.flows[0]?.outputs.find((o) => o.name === 'CDN-SRT')?.feeds).toBeUndefined();
    const news = view.channels?.find((c) => c.name === 'News-HD');
    expect(news?.inputs[0]?.feeds).toEqual([
      { flowArn: FLOW, flowName: 'NewsHD-Primary', outputName: 'MediaLive-News-A' },
    ]);
    expect(view.inputs).toHaveLength(2);
  });

  it('links by the output’s mediaLiveInputArn, as AWS marks the outputs MediaLive adds', async () => {
    // Prepare
    const store = fakeStore('added by MediaLive', { mediaLiveInputArn: INPUT });

    // Act
    const view = await readEstateView(store, { account: ACCOUNT, region: REGION }, NOW);

    // Assess
    expect(view.flows[0]?.outputs.find((o) => o.name === 'MediaLive-News-A')?.feeds).toHaveLength(1);
  });

  it('links at flow level when the input names the flow but no output says it feeds the input', async () => {
    // Prepare
    const store = fakeStore('some other description');

    // Act
    const view = await readEstateView(store, { account: ACCOUNT, region: REGION }, NOW);

    // Assess
    expect(view.flows[0]?.outputs.every((o) => o.feeds === undefined)).toBe(true);
    expect(view.flows[0]?.feedsInputs?.map((f) => f.inputName)).toEqual(['NewsHD-MediaConnect']);
    expect(view.channels?.find((c) => c.name === 'News-HD')?.inputs[0]?.feeds).toEqual([
      { flowArn: FLOW, flowName: 'NewsHD-Primary' },
    ]);
  });

  it('prints flow → output → MediaLive input → channel, and the channel with pipelines, groups and alerts', async () => {
    // Prepare
    const store = fakeStore(`To MediaLive input NewsHD-MediaConnect (${INPUT})`);
    const view = await readEstateView(store, { account: ACCOUNT, region: REGION }, NOW);

    // Act
    const lines = renderEstate(
      view,
      { title: 'media-monitor · test', region: REGION, account: ACCOUNT },
      { now: NOW, width: 220, sparkWidth: 3 },
    );

    // Assess
    expect(lines[2]).toBe('channels 2 (1 running, 1 other) · inputs 2 · pipelines 2 · SET alerts 1');
    const output = lines.findIndex((l) => l.includes('out MediaLive-News-A'));
    expect(lines[output - 1]).toMatch(/├─ out CDN-SRT/);
    expect(lines[output]).toMatch(/^ {2}└─ out MediaLive-News-A/);
    expect(lines[output + 1]).toBe('       ↳ MediaLive input NewsHD-MediaConnect → channel News-HD RUNNING');
    const channel = lines.findIndex((l) => l.includes('News-HD') && l.includes('RUNNING') && l.startsWith('▲'));
    expect(lines[channel]).toMatch(/standard · 1 in · 2 out groups\s+1920x1080 H_264 6\.0 Mb\/s\s+! 1 alert$/);
    expect(lines[channel + 1]).toMatch(
      /├─ in {2}NewsHD-MediaConnect\s+MEDIACONNECT\s+← NewsHD-Primary\/MediaLive-News-A$/,
    );
    expect(lines[channel + 2]).toMatch(
      /├─ p0 {2}on NewsHD-MediaConnect\s+healthy\s+12\.4 Mb\/s ▇█\s+25 fps {2}svq 2\.2% {2}fill 0 ms {2}dropped 0 {2}loss 0 s$/,
    );
    expect(lines[channel + 3]).toMatch(/├─ p1 {2}on NewsHD-MediaConnect\s+no data/);
    expect(lines[channel + 4]).toMatch(/├─ og {2}HLS-CDN\s+HLS\s+1 output\s+4xx 9 {2}5xx 0 \(10 min\)$/);
    expect(lines[channel + 5]).toMatch(/├─ og {2}MediaPackage\s+MEDIA_PACKAGE\s+1 output$/);
    expect(lines[channel + 6]).toMatch(
      /└─ ! {3}Video Not Detected\s+p1 {2}Video not detected on input {2}since 11:59:00Z/,
    );
    const idle = lines.findIndex((l) => l.includes('Weather-Web'));
    expect(lines[idle]).toMatch(/^○ Weather-Web\s+IDLE/);
    expect(lines[idle + 1]).toMatch(
      /├─ in {2}Partner-HLS-Pull\s+URL_PULL\s+https:\/\/origin\.partner\.example\.com\/live\/index\.m3u8$/,
    );
    expect(lines.join('\n')).not.toMatch(/pW-|password/i);
  });
});
