import type {
  DescribeChannelResponse,
  InputAttachment,
  OutputDestination,
  OutputGroup,
  PipelineDetail,
  VideoDescription,
} from '@aws-sdk/client-medialive';
import { childSk, resourcePk } from '../store/keys';
import {
  ATTACHMENT_TYPE,
  CHANNEL_TYPE,
  DESTINATION_TYPE,
  PIPELINE_TYPE,
  type AttachmentRecord,
  type ChannelRecord,
  type DestinationRecord,
  type OutputGroupSummary,
  type PipelineRecord,
  type VideoSummary,
} from './medialive-model';
import {
  compact,
  metaHeader,
  nonEmpty,
  num,
  OWNED_COMMON_FIELDS,
  str,
  tagsOf,
  treeHash,
  withHash,
} from './record-hash';
import { redactUrl } from './url-secrets';

/**
 * Builds a channel's stored records from DescribeChannel: the `#META` item (state, class, the encoder summary) and its
 * children, `PIPELINE#<id>` (the active input per pipeline; none when AWS gives no PipelineDetails, as moto never
 * does), `ATTACHMENT#<name>` (input and automatic failover) and `DESTINATION#<id>` (where the outputs go).
 *
 * `EncoderSettings` is never stored whole: it is large, and holds secrets (HLS static keys, SPEKE and KMS settings,
 * credentials of caption and SCTE sources). Only the summary is kept: per output group its type, name, output count and
 * destination refs; per video description its codec, size, bitrate and rate control. Destinations keep their URLs
 * without user info or secret parameters, and never an RTMP `StreamName` (the stream key) or a `PasswordParam`.
 */

export interface ChannelRecordContext {
  account: string;
  region: string;
  /** Epoch ms of the DescribeChannel request: every record's `version`. */
  observedAtMs: number;
  /** The ARN of an attached input by its id (the listed input's, else built in the poller's account and region). */
  inputArnOf: (inputId: string) => string;
}

export type ChannelChildRecord = PipelineRecord | AttachmentRecord | DestinationRecord;

export interface ChannelRecordSet {
  channel: ChannelRecord & { treeHash: string };
  children: ChannelChildRecord[];
}

/** The sk prefixes of the children the channel tree writer owns (alerts and metrics belong to others). */
export const CHANNEL_CHILD_PREFIXES = ['PIPELINE#', 'ATTACHMENT#', 'DESTINATION#'] as const;

/** The channel fields the poller owns on the `#META` item (`activeInput`, `polling`, `health` belong to others). */
export const POLLER_OWNED_CHANNEL_FIELDS = [
  ...OWNED_COMMON_FIELDS,
  'channelClass',
  'pipelinesRunningCount',
  'logLevel',
  'maintenance',
  'roleArn',
  'inputSpecification',
  'encoder',
  'inputIds',
  'stateSource',
] as const;

/** Channel fields cut first when the item is too large (an encoder with hundreds of outputs). */
export const CHANNEL_TRUNCATABLE_FIELDS = ['encoder', 'inputIds'] as const;

export function buildChannelRecords(
  channel: DescribeChannelResponse & { Arn: string },
  context: ChannelRecordContext,
): ChannelRecordSet {
  const channelArn = channel.Arn;
  const common = {
    account: context.account,
    region: context.region,
    observedAt: new Date(context.observedAtMs).toISOString(),
    version: context.observedAtMs,
  };
  const children: ChannelChildRecord[] = [
    ...distinct(channel.PipelineDetails ?? [], (p) => p.PipelineId).map((p) => pipelineRecord(p, channelArn, common)),
    ...distinct(channel.InputAttachments ?? [], (a) => a.InputAttachmentName).map((a) =>
      attachmentRecord(a, channelArn, common, context),
    ),
    ...distinct(channel.Destinations ?? [], (d) => d.Id).map((d) => destinationRecord(d, channelArn, common)),
  ];
  const meta = withHash<ChannelRecord & { treeHash: string }>({
    ...metaHeader(CHANNEL_TYPE, channel, context),
    status: str(channel.State),
    stateSource: channel.State ? 'poll' : undefined,
    channelClass: str(channel.ChannelClass),
    pipelinesRunningCount: num(channel.PipelinesRunningCount),
    logLevel: str(channel.LogLevel),
    maintenance: nonEmptyObject({
      day: str(channel.Maintenance?.MaintenanceDay),
      startTime: str(channel.Maintenance?.MaintenanceStartTime),
    }),
    roleArn: str(channel.RoleArn),
    inputSpecification: nonEmptyObject({
      codec: str(channel.InputSpecification?.Codec),
      maximumBitrate: str(channel.InputSpecification?.MaximumBitrate),
      resolution: str(channel.InputSpecification?.Resolution),
    }),
    encoder: encoderSummary(channel.EncoderSettings),
    inputIds: nonEmpty((channel.InputAttachments ?? []).flatMap((a) => (a.InputId ? [a.InputId] : []))),
    tags: tagsOf(channel.Tags),
    hash: '',
    treeHash: '',
  });
  meta.treeHash = treeHash(meta.hash, children);
  return { channel: meta, children };
}

type Common = { account: string; region: string; observedAt: string; version: number };

function pipelineRecord(detail: PipelineDetail, channelArn: string, common: Common): PipelineRecord {
  const pipelineId = detail.PipelineId as string;
  return withHash<PipelineRecord>({
    pk: resourcePk(channelArn),
    sk: childSk('PIPELINE', pipelineId),
    type: PIPELINE_TYPE,
    ...common,
    channelArn,
    pipelineId,
    activeInputAttachmentName: str(detail.ActiveInputAttachmentName),
    activeInputSwitchActionName: str(detail.ActiveInputSwitchActionName),
    activeMotionGraphicsActionName: str(detail.ActiveMotionGraphicsActionName),
    hash: '',
  });
}

function attachmentRecord(
  attachment: InputAttachment,
  channelArn: string,
  common: Common,
  context: ChannelRecordContext,
): AttachmentRecord {
  const name = attachment.InputAttachmentName as string;
  const failover = attachment.AutomaticInputFailoverSettings;
  return withHash<AttachmentRecord>({
    pk: resourcePk(channelArn),
    sk: childSk('ATTACHMENT', name),
    type: ATTACHMENT_TYPE,
    ...common,
    channelArn,
    name,
    inputId: str(attachment.InputId),
    inputArn: attachment.InputId ? context.inputArnOf(attachment.InputId) : undefined,
    failover: failover
      ? compact({
          secondaryInputId: str(failover.SecondaryInputId),
          inputPreference: str(failover.InputPreference),
          errorClearTimeMsec: num(failover.ErrorClearTimeMsec),
          conditions: nonEmpty(
            (failover.FailoverConditions ?? []).flatMap((condition) => {
              const settings = condition.FailoverConditionSettings;
              if (settings?.InputLossSettings)
                return [
                  compact({
                    type: 'INPUT_LOSS',
                    thresholdMsec: num(settings.InputLossSettings.InputLossThresholdMsec),
                  }),
                ];
              if (settings?.VideoBlackSettings)
                return [
                  compact({
                    type: 'VIDEO_BLACK',
                    thresholdMsec: num(settings.VideoBlackSettings.VideoBlackThresholdMsec),
                  }),
                ];
              if (settings?.AudioSilenceSettings)
                return [
                  compact({
                    type: 'AUDIO_SILENCE',
                    thresholdMsec: num(settings.AudioSilenceSettings.AudioSilenceThresholdMsec),
                  }),
                ];
              return [];
            }),
          ),
        })
      : undefined,
    hash: '',
  });
}

function destinationRecord(destination: OutputDestination, channelArn: string, common: Common): DestinationRecord {
  const id = destination.Id as string;
  // `StreamName` (an RTMP stream key) and `PasswordParam` are deliberately not read.
  const settings = destination.Settings ?? [];
  const multiplex = destination.MultiplexSettings;
  return withHash<DestinationRecord>({
    pk: resourcePk(channelArn),
    sk: childSk('DESTINATION', id),
    type: DESTINATION_TYPE,
    ...common,
    channelArn,
    id,
    urls: nonEmpty(settings.flatMap((s) => (s.Url ? [redactUrl(s.Url)] : []))),
    usernames: nonEmpty(settings.flatMap((s) => (s.Username ? [str(s.Username) as string] : []))),
    mediaPackageChannelIds: nonEmpty(
      (destination.MediaPackageSettings ?? []).flatMap((m) => (m.ChannelId ? [m.ChannelId] : [])),
    ),
    srt: nonEmpty(
      (destination.SrtSettings ?? []).map((s) =>
        compact({
          url: s.Url ? redactUrl(s.Url) : undefined,
          streamId: str(s.StreamId),
          connectionMode: str(s.ConnectionMode),
          listenerPort: num(s.ListenerPort),
          passphraseSecretArn: str(s.EncryptionPassphraseSecretArn),
        }),
      ),
    ),
    multiplex: multiplex
      ? nonEmptyObject({ multiplexId: str(multiplex.MultiplexId), programName: str(multiplex.ProgramName) })
      : undefined,
    mediaConnectRouter: nonEmpty(
      (destination.MediaConnectRouterSettings ?? []).map((r) =>
        compact({ encryptionType: str(r.EncryptionType), secretArn: str(r.SecretArn) }),
      ),
    ),
    hash: '',
  });
}

/** The output groups and video descriptions of `EncoderSettings`, and nothing else of it. */
export function encoderSummary(
  encoder: DescribeChannelResponse['EncoderSettings'],
): ChannelRecord['encoder'] | undefined {
  if (!encoder) return undefined;
  const outputGroups = (encoder.OutputGroups ?? []).map(outputGroupSummary);
  const video = (encoder.VideoDescriptions ?? []).map(videoSummary);
  return outputGroups.length || video.length ? { outputGroups, video } : undefined;
}

function outputGroupSummary(group: OutputGroup): OutputGroupSummary {
  const settingsKey = Object.entries(group.OutputGroupSettings ?? {}).find(([, v]) => v !== undefined)?.[0];
  const refs = new Set<string>();
  collectDestinationRefs(group.OutputGroupSettings, refs);
  for (const output of group.Outputs ?? []) collectDestinationRefs(output.OutputSettings, refs);
  return compact({
    name: str(group.Name),
    // `HlsGroupSettings` → `HLS`, `MediaPackageGroupSettings` → `MEDIA_PACKAGE`, `MsSmoothGroupSettings` → `MS_SMOOTH`.
    type: settingsKey ? upperSnake(settingsKey.replace(/GroupSettings$/, '')) : 'UNKNOWN',
    outputCount: group.Outputs?.length ?? 0,
    destinationRefIds: nonEmpty([...refs]),
  });
}

const CODECS: Readonly<Record<string, string>> = {
  H264Settings: 'H_264',
  H265Settings: 'H_265',
  Mpeg2Settings: 'MPEG2',
  Av1Settings: 'AV1',
  FrameCaptureSettings: 'FRAME_CAPTURE',
};

function videoSummary(video: VideoDescription): VideoSummary {
  const [codecKey, settings] = Object.entries(video.CodecSettings ?? {}).find(([, v]) => v !== undefined) ?? [];
  const codec = settings as { Bitrate?: unknown; MaxBitrate?: unknown; RateControlMode?: unknown } | undefined;
  return compact({
    name: video.Name ?? '',
    codec: codecKey ? (CODECS[codecKey] ?? upperSnake(codecKey.replace(/Settings$/, ''))) : undefined,
    width: num(video.Width),
    height: num(video.Height),
    bitrate: num(codec?.Bitrate) ?? num(codec?.MaxBitrate),
    rateControlMode: str(codec?.RateControlMode),
  });
}

/** Every `DestinationRefId` below `value` (group settings hold one; UDP, RTMP and SRT outputs one each). */
function collectDestinationRefs(value: unknown, refs: Set<string>, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectDestinationRefs(item, refs, depth + 1);
    return;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'DestinationRefId' && typeof inner === 'string' && inner) refs.add(inner);
    else collectDestinationRefs(inner, refs, depth + 1);
  }
}

const upperSnake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function nonEmptyObject<T extends object>(value: T): T | undefined {
  const out = compact(value);
  return Object.keys(out).length ? out : undefined;
}

/** Children need their key field; duplicates are kept once. */
function distinct<T>(items: readonly T[], keyOf: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
