/**
 * Single-table key design. Every service's resources, alarms, events and poller outcomes live in one table.
 *
 * | item                         | pk                               | sk                                | gsi1pk / gsi1sk                                  |
 * |------------------------------|----------------------------------|-----------------------------------|--------------------------------------------------|
 * | resource (flow, channel, …)  | `RES#<arn>`                      | `#META`                           | `LIST#<type>#<account>#<region>` / `<name>#<arn>` |
 * | child (source, output, …)    | `RES#<parent arn>`               | `SOURCE#<arn>` / `OUTPUT#…` / …   | –                                                |
 * | metrics of a resource        | `RES#<parent arn>`               | `METRICS#<scope>#<arn>`           | (flow scope) `METRICSCHED#<type>#<acct>#<region>` / `<arn>` |
 * | active alarm on a resource   | `RES#<parent arn>`               | `ALARM#<alarm name>`              | `ALARMS#<account>#<region>` / `<state>#<name>`   |
 * | where an alarm is placed     | `ALARM#<account>#<region>#<name>`| `#PLACEMENT`                      | –                                                |
 * | event history                | `EVENTS#<resource arn>`          | `<ISO time>#<event id>`           | –                                                |
 * | poller outcome               | `POLLER#<poller>#<acct>#<region>`| `#STATUS`                         | `POLLERS` / `<poller>#<acct>#<region>`           |
 * | poller lease                 | `POLLER#<poller>#<acct>#<region>`| `#LEASE`                          | –                                                |
 * | chain link (both ends)       | `RES#<arn>`                      | `LINK#<UP|DOWN>#<other arn>#<type>`| –                                                |
 * | link index (anchor, ref)     | `LINKKEY#<key>`                  | `ANCHOR#<arn>` / `REF#<arn>#<type>`| –                                                |
 *
 * - One Query on `RES#<flow arn>` returns the flow with all its children, latest metrics and active alarms.
 * - One paginated Query on GSI1 `LIST#mediaconnect:flow#<account>#<region>` lists flows; `begins_with(gsi1sk, name)`
 *   filters by name prefix. GSI1 projects only the listing attributes below, never the children or metric history.
 * - Child rows are separate items, so a flow with 50 outputs and 50 entitlements stays far below 400 KB per item.
 * - Every write of a resource, child, link, alarm, alarm placement, poller status or event item is also stamped with
 *   `gsi2pk` / `gsi2sk` (its write time), a sparse second index the change feed reads: see change-index.ts.
 */
export const TABLE_KEYS = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  /** The change index (GSI2, store/change-index.ts): `CHG#|EVT#<account>#<region>` / `<ISO write time>#<hash>`. */
  gsi2pk: 'gsi2pk',
  gsi2sk: 'gsi2sk',
  ttl: 'expiresAt',
} as const;
export const GSI1 = 'gsi1';

/**
 * Attributes that GSI1 projects (INCLUDE), besides the keys. DynamoDB allows at most 20 (`Projection.NonKeyAttributes`;
 * a longer list fails CreateTable), so attributes the keys already carry (`arn`, `type`, `account`, `region`) and
 * `deletedAt` (a tombstone's `observedAt`) are not projected: `withListingKeys` (listing-keys.ts) restores them on
 * every GSI1 read. The list is at the limit: a new listing attribute must replace one. Changing this list replaces the
 * index; the infra tests hold it to the limit.
 */
export const GSI1_PROJECTION = [
  'name',
  'status',
  'observedAt',
  'version',
  'treeHash',
  'tombstone',
  'polling',
  'lastPolledAt',
  'tags',
  'sourceType',
  'availabilityZone',
  'health',
  'state',
  'reason',
  'since',
  'resourceArn',
  'parentArn',
  'lastCycle',
  // An alarm's downstream impact (events/alarm-applier.ts), shown by GET /alarms.
  'impacts',
  'impactsTruncated',
] as const;

/** DynamoDB's limit on a secondary index's projected non-key attributes. */
export const MAX_PROJECTED_ATTRIBUTES = 20;

export type ServiceName = 'mediaconnect' | 'medialive' | 'mediapackage' | 'mediapackagev2';

/** Top-level resource types that get a `#META` item and a GSI1 listing. */
export type ResourceType =
  | 'mediaconnect:flow'
  | 'medialive:channel'
  | 'medialive:input'
  | 'medialive:input-device'
  | 'mediapackage:channel'
  | 'mediapackage:origin-endpoint'
  | 'mediapackagev2:channel-group'
  | 'mediapackagev2:channel'
  | 'mediapackagev2:origin-endpoint';

/** Child item kinds within a resource partition. */
export type ChildKind = 'SOURCE' | 'OUTPUT' | 'ENTITLEMENT' | 'PIPELINE' | 'ATTACHMENT' | 'DESTINATION';

/**
 * Scopes of a metrics item: a MediaConnect flow, source or output; a MediaLive channel pipeline, an output group on a
 * pipeline, an input device; a MediaPackage channel, origin endpoint, or ingest endpoint (v1 `ActiveInput`).
 */
export type MetricScope =
  | 'FLOW'
  | 'SOURCE'
  | 'OUTPUT'
  | 'PIPELINE'
  | 'OUTPUT_GROUP'
  | 'INPUT_DEVICE'
  | 'CHANNEL'
  | 'ENDPOINT'
  | 'INGEST_ENDPOINT';

export const META_SK = '#META';
export const STATUS_SK = '#STATUS';
/** A poller's lease item, beside its status in `POLLER#<poller>#<acct>#<region>` (not listed in GSI1). */
export const LEASE_SK = '#LEASE';

export const resourcePk = (arn: string): string => `RES#${arn}`;
export const childSk = (kind: ChildKind, arn: string): string => `${kind}#${arn}`;
/** `key` is the child ARN (MediaConnect) or the scope's own key (a pipeline `0`, an output group `0:<name>`). */
export const metricsSk = (scope: MetricScope, key: string): string => `METRICS#${scope}#${key}`;
export const alarmSk = (alarmName: string): string => `ALARM#${alarmName}`;

export const listPk = (type: ResourceType, account: string, region: string): string =>
  `LIST#${type}#${account}#${region}`;
export const listSk = (name: string, arn: string): string => `${name}#${arn}`;
export const metricsSchedulePk = (type: ResourceType, account: string, region: string): string =>
  `METRICSCHED#${type}#${account}#${region}`;
export const alarmsListPk = (account: string, region: string): string => `ALARMS#${account}#${region}`;
/** The record of an alarm's latest change and of every partition its item was placed in (alarm-applier.ts). */
export const alarmPlacementPk = (account: string, region: string, alarmName: string): string =>
  `ALARM#${account}#${region}#${alarmName}`;
export const PLACEMENT_SK = '#PLACEMENT';

/**
 * A chain link, stored in both ends' partitions (chain/link-model.ts): `LINK#DOWN#<to>#<type>` in the upstream
 * resource's partition and `LINK#UP#<from>#<type>` in the downstream one's, so one Query per node reads its edges.
 */
export const LINK_SK_PREFIX = 'LINK#';
export const linkSk = (direction: 'UP' | 'DOWN', otherArn: string, linkType: string): string =>
  `${LINK_SK_PREFIX}${direction}#${otherArn}#${linkType}`;
/** The link index partition of one link key (a URL, a network endpoint, a MediaPackage channel id): see link-model.ts. */
export const linkIndexPk = (key: string): string => `LINKKEY#${key}`;
export const linkAnchorSk = (arn: string): string => `ANCHOR#${arn}`;
export const linkRefSk = (arn: string, linkType: string): string => `REF#${arn}#${linkType}`;

export const eventsPk = (resourceArn: string): string => `EVENTS#${resourceArn}`;
export const eventSk = (isoTime: string, eventId: string): string => `${isoTime}#${eventId}`;

export const pollerPk = (poller: string, account: string, region: string): string =>
  `POLLER#${poller}#${account}#${region}`;
export const POLLERS_LIST_PK = 'POLLERS';

/**
 * The change path's state in one account and region (store/change-path.ts): `#` holds the last change event
 * delivered; `CALL#<eventName>#<arn>` records, per call, when the API made it and when CloudTrail confirmed it.
 */
export const changePathPk = (account: string, region: string): string => `CHANGEPATH#${account}#${region}`;
export const CHANGE_PATH_STATE_SK = '#';
export const changeCallSk = (eventName: string, arn: string): string => `CALL#${eventName}#${arn}`;

/** Fields every stored item carries. `version` is the observation time in epoch ms: larger is newer. */
export interface StoredItem {
  pk: string;
  sk: string;
  type: string;
  account: string;
  region: string;
  /** ISO-8601 time at which the stored state was observed at AWS. */
  observedAt: string;
  /** Monotonically comparable: a write only lands when its version is greater than the stored one. */
  version: number;
  /** Epoch seconds; DynamoDB TTL deletes the item after this. */
  expiresAt?: number;
  gsi1pk?: string;
  gsi1sk?: string;
}
