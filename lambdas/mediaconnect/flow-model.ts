import type { StoredItem } from '../store/keys';

/**
 * What we store of MediaConnect resources. Field names are camelCase versions of the API's. Enum-typed
 * fields are plain strings on purpose: an enum value AWS adds tomorrow (a new protocol) is stored as it comes.
 * Encryption is stored without secrets: only the allow-listed, non-secret fields of `EncryptionSummary`.
 */
export interface EncryptionSummary {
  keyType?: string;
  algorithm?: string;
  roleArn?: string;
  /** The Secrets Manager ARN is a reference, not the key; the key itself is never read or stored. */
  secretArn?: string;
  resourceId?: string;
  deviceId?: string;
  url?: string;
  region?: string;
  constantInitializationVector?: string;
}

export interface FlowRecord extends StoredItem {
  type: 'mediaconnect:flow';
  arn: string;
  name: string;
  status: string;
  availabilityZone?: string;
  sourceType?: string;
  description?: string;
  egressIp?: string;
  flowSize?: string;
  maintenance?: Record<string, unknown>;
  sourceFailoverConfig?: Record<string, unknown>;
  vpcInterfaces?: Record<string, unknown>[];
  mediaStreams?: Record<string, unknown>[];
  sourceMonitoringConfig?: Record<string, unknown>;
  /** DescribeFlow `Messages.Errors`. */
  messages?: string[];
  tags?: Record<string, string>;
  /**
   * Flow fields that DescribeFlow returns beyond the ones above (e.g. fields newer than the SDK model), without secrets.
   * Kept in one attribute because the poller updates the flow item in place and must be able to remove what disappeared.
   */
  additionalFields?: Record<string, unknown>;
  /** Set when free-form arrays (media streams, messages, …) were cut to keep the item under the size limit. */
  truncated?: boolean;
  /** Hash of this item's content. */
  hash: string;
  /** Hash of the flow and every child: unchanged means nothing to write. */
  treeHash: string;
  childCount: number;
  /** Set when the poller last saw the flow change; effective lastPolledAt comes from the poller status. */
  lastPolledAt?: string;
  /** Operator polling settings (PUT /flows/{arn}/polling); never written by the inventory poller. */
  polling?: { enabled: boolean; intervalSeconds: number };
  /** Live health from events and alarms (issue: real-time path). */
  health?: Record<string, unknown>;
  tombstone?: boolean;
  deletedAt?: string;
}

export interface FlowChildBase extends StoredItem {
  arn: string;
  name: string;
  flowArn: string;
  hash: string;
  /** Set when free-form arrays were cut to keep the item under the size limit. */
  truncated?: boolean;
}

export interface SourceRecord extends FlowChildBase {
  type: 'mediaconnect:source';
  protocol?: string;
  ingestIp?: string;
  ingestPort?: number;
  maxBitrate?: number;
  maxLatency?: number;
  minLatency?: number;
  whitelistCidr?: string;
  entitlementArn?: string;
  decryption?: EncryptionSummary;
  vpcInterfaceName?: string;
  description?: string;
  dataTransferSubscriberFeePercent?: number;
  /** Every other Transport field, as returned. */
  transport?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface OutputRecord extends FlowChildBase {
  type: 'mediaconnect:output';
  destination?: string;
  port?: number;
  protocol?: string;
  status?: string;
  listenerAddress?: string;
  mediaLiveInputArn?: string;
  entitlementArn?: string;
  encryption?: EncryptionSummary;
  description?: string;
  transport?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface EntitlementRecord extends FlowChildBase {
  type: 'mediaconnect:entitlement';
  subscribers: string[];
  dataTransferSubscriberFeePercent?: number;
  status?: string;
  description?: string;
  encryption?: EncryptionSummary;
  [extra: string]: unknown;
}

export type FlowChildRecord = SourceRecord | OutputRecord | EntitlementRecord;

/** Flow statuses in which metrics polling pauses (the seed: no metrics while in transition; STANDBY emits none). */
export const METRICS_PAUSED_STATUSES: ReadonlySet<string> = new Set([
  'STARTING',
  'STOPPING',
  'UPDATING',
  'STANDBY',
  'DELETING',
]);
