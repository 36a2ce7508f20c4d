import type { StoredItem } from '../store/keys';

/**
 * The stored shape of MediaLive resources: what the poller writes, and what the API, the events path and the demo
 * read. Field names follow AWS's, in camelCase. Nothing secret is ever stored: URL passwords and stream keys are
 * removed (`redactUrl`), `PasswordParam` names and key-provider settings are dropped.
 *
 * | item                      | pk                 | sk                          |
 * |---------------------------|--------------------|-----------------------------|
 * | channel                   | `RES#<channel arn>`| `#META`                     |
 * | pipeline of a channel     | `RES#<channel arn>`| `PIPELINE#<pipelineId>`     |
 * | input attachment          | `RES#<channel arn>`| `ATTACHMENT#<name>`         |
 * | output destination        | `RES#<channel arn>`| `DESTINATION#<id>`          |
 * | alert (events and poll)   | `RES#<channel arn>`| `ALERT#<alert id>`          |
 * | metrics of a pipeline     | `RES#<channel arn>`| `METRICS#PIPELINE#<0|1>`    |
 * | metrics of an output group| `RES#<channel arn>`| `METRICS#OUTPUT_GROUP#<pipeline>:<group name>` |
 * | input                     | `RES#<input arn>`  | `#META` (sources, destinations, flows, security groups inline) |
 * | input device              | `RES#<device arn>` | `#META`                     |
 *
 * moto's ARNs carry no region or account (`arn:aws:medialive:channel:<hex>`); account and region always come from
 * the poller's own account and region, and CloudWatch dimensions from the stored `id`, never from the ARN.
 */

export const CHANNEL_TYPE = 'medialive:channel';
export const INPUT_TYPE = 'medialive:input';
export const INPUT_DEVICE_TYPE = 'medialive:input-device';
export const PIPELINE_TYPE = 'medialive:pipeline';
export const ATTACHMENT_TYPE = 'medialive:input-attachment';
export const DESTINATION_TYPE = 'medialive:destination';
/** Also written by the events path (events/services/medialive.ts). */
export const ALERT_TYPE = 'medialive:alert';

/** Channel states in which MediaLive publishes metrics and lists alerts. */
export const METRICS_STATES: ReadonlySet<string> = new Set(['RUNNING']);
/** Channel states in which start and stop are refused (409): a transition is under way. */
export const TRANSITIONAL_STATES: ReadonlySet<string> = new Set(['STARTING', 'STOPPING', 'UPDATING', 'RECOVERING']);

interface MediaLiveRecord extends StoredItem {
  arn: string;
  /** MediaLive's own id (numeric in AWS, hex in moto); CloudWatch's `ChannelId` / `InputDeviceId` dimension. */
  id: string;
  name: string;
  /** AWS `State` (channels, inputs) or `ConnectionState` (input devices). */
  status?: string;
  tags?: Record<string, string>;
  hash: string;
  treeHash?: string;
  lastPolledAt?: string;
  tombstone?: boolean;
  deletedAt?: string;
}

export interface OutputGroupSummary {
  name?: string;
  /** `HLS_GROUP_SETTINGS` → `HLS`, `MEDIA_PACKAGE_GROUP_SETTINGS` → `MEDIA_PACKAGE`, … */
  type: string;
  outputCount: number;
  /** Destination ref ids the group sends to. */
  destinationRefIds?: string[];
}

export interface VideoSummary {
  name: string;
  /** `H_264`, `H_265`, `MPEG2`, `AV1`, `FRAME_CAPTURE`. */
  codec?: string;
  width?: number;
  height?: number;
  /** bits per second (CBR bitrate, or max bitrate for QVBR). */
  bitrate?: number;
  rateControlMode?: string;
}

export interface ChannelRecord extends MediaLiveRecord {
  type: typeof CHANNEL_TYPE;
  /** `STANDARD` or `SINGLE_PIPELINE`. */
  channelClass?: string;
  pipelinesRunningCount?: number;
  logLevel?: string;
  maintenance?: { day?: string; startTime?: string };
  roleArn?: string;
  inputSpecification?: { codec?: string; maximumBitrate?: string; resolution?: string };
  encoder?: { outputGroups: OutputGroupSummary[]; video: VideoSummary[] };
  /** Input ids attached, in attachment order (the children carry the details). */
  inputIds?: string[];
  /** Set by the events path from `MediaLive Channel Input Change`. */
  activeInput?: { pipeline?: string; attachmentName?: string; switchActionName?: string; at: string };
  /** Who set `status` last: the poll or an event. */
  stateSource?: 'poll' | 'event';
  stateChangedAt?: string;
}

export interface PipelineRecord extends StoredItem {
  type: typeof PIPELINE_TYPE;
  channelArn: string;
  pipelineId: string;
  activeInputAttachmentName?: string;
  activeInputSwitchActionName?: string;
  activeMotionGraphicsActionName?: string;
  hash: string;
}

export interface AttachmentRecord extends StoredItem {
  type: typeof ATTACHMENT_TYPE;
  channelArn: string;
  name: string;
  inputId?: string;
  /** Built from the input id in the poller's account and region (ListInputs' ARN when the input was listed). */
  inputArn?: string;
  failover?: {
    secondaryInputId?: string;
    inputPreference?: string;
    errorClearTimeMsec?: number;
    conditions?: { type: string; thresholdMsec?: number }[];
  };
  hash: string;
}

export interface DestinationRecord extends StoredItem {
  type: typeof DESTINATION_TYPE;
  channelArn: string;
  id: string;
  /** URLs with any user info removed. Usernames are kept apart; `PasswordParam` never stored. */
  urls?: string[];
  mediaPackageChannelIds?: string[];
  /** MediaConnect flow ARNs of a MediaConnect router/flow output, when AWS gives them. */
  mediaConnectFlowArns?: string[];
  /** Optional (poller): the `Username`s of the URL destinations, in `urls` order where given. */
  usernames?: string[];
  /** Optional (poller): SRT caller/listener destinations; the passphrase is referenced by its secret ARN only. */
  srt?: {
    url?: string;
    streamId?: string;
    connectionMode?: string;
    listenerPort?: number;
    passphraseSecretArn?: string;
  }[];
  /** Optional (poller): a multiplex program destination. */
  multiplex?: { multiplexId?: string; programName?: string };
  /** Optional (poller): MediaConnect router destinations' encryption (`AUTOMATIC`, `SECRETS_MANAGER`) and secret ARN. */
  mediaConnectRouter?: { encryptionType?: string; secretArn?: string }[];
  hash: string;
}

export interface AlertRecord extends StoredItem {
  type: typeof ALERT_TYPE;
  channelArn: string;
  alarmId: string;
  state: 'SET' | 'CLEARED';
  alertType?: string;
  pipeline?: string;
  message?: string;
  setAt?: string;
  clearedAt?: string;
  /** `event` when the last change came from EventBridge, `poll` when from ListAlerts. */
  source?: 'event' | 'poll';
}

export interface InputSource {
  url?: string;
  username?: string;
}

export interface InputDestination {
  url?: string;
  ip?: string;
  port?: string;
}

export interface InputSecurityGroupRef {
  id: string;
  /** CIDRs allowed, from DescribeInputSecurityGroup / ListInputSecurityGroups. */
  whitelistRules?: string[];
  state?: string;
}

export interface InputRecord extends MediaLiveRecord {
  type: typeof INPUT_TYPE;
  /** `UDP_PUSH`, `RTP_PUSH`, `RTMP_PUSH`, `RTMP_PULL`, `URL_PULL`, `MP4_FILE`, `MEDIACONNECT`, `INPUT_DEVICE`, … */
  inputType?: string;
  inputClass?: string;
  inputSourceType?: string;
  sources?: InputSource[];
  destinations?: InputDestination[];
  mediaConnectFlowArns?: string[];
  securityGroups?: InputSecurityGroupRef[];
  attachedChannelIds?: string[];
  inputDeviceIds?: string[];
  roleArn?: string;
}

export interface InputDeviceRecord extends MediaLiveRecord {
  type: typeof INPUT_DEVICE_TYPE;
  /** `HD` or `UHD`. */
  deviceType?: string;
  connectionState?: string;
  deviceState?: string;
  deviceUpdateStatus?: string;
  activeInput?: string;
  configuredInput?: string;
  /** bits per second, from the device settings. */
  maxBitrate?: number;
  /** bits per second, from the `EncoderBitrate` metric when polled. */
  encoderBitrate?: number;
  availabilityZone?: string;
}
