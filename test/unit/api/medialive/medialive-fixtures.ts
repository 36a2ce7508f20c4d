import { ACCOUNT, NOW, REGION } from '../api-test-kit';

/** Stored MediaLive items as the poller and the events path write them (lambdas/medialive/medialive-model.ts). */

export const CHANNEL_ID = '1234567';
export const CHANNEL_ARN = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:${CHANNEL_ID}`;
/** moto's channel ARNs carry no Region or account, and hex ids. */
export const MOTO_CHANNEL_ARN = 'arn:aws:medialive:channel:8d2f0e6a9b1c4d3e8f7a6b5c4d3e2f1a';
export const INPUT_ARN = `arn:aws:medialive:${REGION}:${ACCOUNT}:input:7654321`;
export const DEVICE_ARN = `arn:aws:medialive:${REGION}:${ACCOUNT}:inputDevice:hd-0123456789abcdef`;

export const channelPath = (arn = CHANNEL_ARN, suffix = '') => `/channels/${encodeURIComponent(arn)}${suffix}`;
export const inputPath = (arn = INPUT_ARN) => `/inputs/${encodeURIComponent(arn)}`;

const observed = { observedAt: '2025-11-25T09:59:00.000Z', version: NOW - 60_000 };

/** A channel's `#META` item. */
export function channelMeta(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const arn = (overrides.arn as string | undefined) ?? CHANNEL_ARN;
  const name = (overrides.name as string | undefined) ?? 'NewsHD';
  return {
    pk: `RES#${arn}`,
    sk: '#META',
    gsi1pk: `LIST#medialive:channel#${ACCOUNT}#${REGION}`,
    gsi1sk: `${name}#${arn}`,
    type: 'medialive:channel',
    arn,
    id: CHANNEL_ID,
    name,
    status: 'IDLE',
    channelClass: 'STANDARD',
    pipelinesRunningCount: 0,
    inputIds: ['7654321'],
    account: ACCOUNT,
    region: REGION,
    hash: 'h',
    treeHash: 't',
    ...observed,
    ...overrides,
  };
}

/** Every item of a running STANDARD channel's partition. */
export function channelPartition(): Record<string, unknown>[] {
  const pk = `RES#${CHANNEL_ARN}`;
  const t = Math.floor(NOW / 1000) - 120;
  return [
    channelMeta({ status: 'RUNNING', pipelinesRunningCount: 2 }),
    {
      pk,
      sk: 'PIPELINE#0',
      type: 'medialive:pipeline',
      channelArn: CHANNEL_ARN,
      pipelineId: '0',
      activeInputAttachmentName: 'primary',
      hash: 'p0',
      ...observed,
    },
    {
      pk,
      sk: 'ATTACHMENT#primary',
      type: 'medialive:input-attachment',
      channelArn: CHANNEL_ARN,
      name: 'primary',
      inputId: '7654321',
      inputArn: INPUT_ARN,
      failover: { secondaryInputId: '7654322', inputPreference: 'PRIMARY_INPUT_PREFERRED', errorClearTimeMsec: 3000 },
      hash: 'a',
      ...observed,
    },
    { pk, sk: 'ATTACHMENT#removed', tombstone: true, version: NOW - 30_000, expiresAt: Math.floor(NOW / 1000) + 3600 },
    {
      pk,
      sk: 'DESTINATION#hls',
      type: 'medialive:destination',
      channelArn: CHANNEL_ARN,
      id: 'hls',
      urls: ['https://origin.example.com/out/index'],
      hash: 'd',
      ...observed,
    },
    {
      pk,
      sk: 'ALERT#cleared-1',
      type: 'medialive:alert',
      channelArn: CHANNEL_ARN,
      alarmId: 'cleared-1',
      state: 'CLEARED',
      alertType: 'Input Loss',
      setAt: '2025-11-25T09:40:00.000Z',
      clearedAt: '2025-11-25T09:41:00.000Z',
      ...observed,
    },
    {
      pk,
      sk: 'ALERT#set-1',
      type: 'medialive:alert',
      channelArn: CHANNEL_ARN,
      alarmId: 'set-1',
      state: 'SET',
      alertType: 'Failed to Create Output File or Socket',
      pipeline: '1',
      message: 'MPEGTS muxer for mediaID [1] unable to open output',
      setAt: '2025-11-25T09:50:00.000Z',
      source: 'event',
      ...observed,
    },
    {
      pk,
      sk: 'METRICS#PIPELINE#0',
      scope: 'PIPELINE',
      series: 'encoded',
      latest: { ActiveAlerts: { t, v: 0 }, NetworkIn: { t, v: 5.2 }, FillMsec: { t, v: 0 } },
      lastPolledAt: '2025-11-25T09:59:30.000Z',
    },
    {
      pk,
      sk: 'METRICS#PIPELINE#1',
      scope: 'PIPELINE',
      latest: { ActiveAlerts: { t, v: 1 }, DroppedFrames: { t, v: 12 } },
      lastPolledAt: '2025-11-25T09:59:30.000Z',
    },
    {
      pk,
      sk: 'METRICS#OUTPUT_GROUP#0:HLS Group',
      scope: 'OUTPUT_GROUP',
      latest: { Output4xxErrors: { t, v: 3 } },
    },
    {
      pk,
      sk: 'ALARM#NewsHD-DroppedFrames',
      name: 'NewsHD-DroppedFrames',
      state: 'ALARM',
      reason: 'Threshold crossed',
    },
  ];
}

export function inputMeta(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pk: `RES#${INPUT_ARN}`,
    sk: '#META',
    gsi1pk: `LIST#medialive:input#${ACCOUNT}#${REGION}`,
    gsi1sk: `StudioFeed#${INPUT_ARN}`,
    type: 'medialive:input',
    arn: INPUT_ARN,
    id: '7654321',
    name: 'StudioFeed',
    status: 'ATTACHED',
    inputType: 'RTMP_PUSH',
    destinations: [{ url: 'rtmp://203.0.113.10:1935/live' }],
    attachedChannelIds: [CHANNEL_ID],
    account: ACCOUNT,
    region: REGION,
    hash: 'i',
    treeHash: 'i',
    ...observed,
    ...overrides,
  };
}
