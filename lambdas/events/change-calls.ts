import type { ResourceType } from '../store/keys';

/**
 * The change path's contract: configuration changes as CloudTrail events. CloudTrail delivers every successful
 * management call to EventBridge as `AWS API Call via CloudTrail` (with the service's own `source`, e.g.
 * `aws.mediaconnect`) when the account has a trail with management events on. Each service declares, for every
 * mutating call of its SDK (every command name but the reads: `isMutatingCall`), either how the call names
 * the resources it changed, or that it changes nothing the inventory polls. The stack's rule matches exactly the
 * watched calls (`watchedCallNames`); the ingest re-polls the resources they name, so a change reaches the store in
 * seconds instead of at the next sweep.
 */

export const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/**
 * What makes a call read-only: its name's first word (then a capital letter): `DescribeFlow`, `ListTagsForResource`,
 * `GetChannelPolicy`. Every other call changes something: the verbs (Create, Update, Delete, Add, Remove,
 * Grant, Revoke, Start, Stop, Tag, Untag) and the rest (`BatchStart`, `RotateChannelCredentials`, `PutChannelPolicy`,
 * `RebootInputDevice`, `PurchaseOffering`, …), so a table has to declare each call a new SDK version adds.
 */
export const READ_ONLY_PREFIXES = ['Describe', 'List', 'Get'] as const;

/**
 * True for a mutating call name (`StopFlow`, `BatchStart`, `PutChannelPolicy`): a capitalised name that does not start
 * with a read-only word followed by a capital. False for reads (`DescribeFlow`, `ListTagsForResource`, `GetX`) and for
 * what is no call name (``, `describeFlow`).
 */
export function isMutatingCall(eventName: string): boolean {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(eventName)) return false;
  return !READ_ONLY_PREFIXES.some((p) => eventName.startsWith(p) && /^[A-Z]/.test(eventName.slice(p.length)));
}

/** One CloudTrail management call, as the ingest reads it from the event's `detail`. */
export interface CloudTrailCall {
  readonly eventName: string;
  /** `mediaconnect.amazonaws.com`, … */
  readonly eventSource: string;
  /** ISO-8601, normalised. */
  readonly eventTime: string;
  readonly eventTimeMs: number;
  readonly eventId: string;
  readonly awsRegion: string;
  /** The account whose resource the call was on. */
  readonly recipientAccountId: string;
  /** Who made the call (`userIdentity.arn`), for the history. */
  readonly actor?: string;
  /**
   * The request as CloudTrail recorded it: the service's wire names (camelCase for these REST-JSON services), URI
   * parameters included. `{}` when CloudTrail recorded none.
   */
  readonly requestParameters: Readonly<Record<string, unknown>>;
  /** The response as recorded; `{}` when none. */
  readonly responseElements: Readonly<Record<string, unknown>>;
}

/** What a call did to the resource it names: a create adds it, a delete tombstones it, the rest update it. */
export type ChangeVerb = 'create' | 'update' | 'delete';

/**
 * A resource a call changed: by ARN (the top-level resource the inventory polls: a flow, not its output), or by its
 * listing name when the call names it only by a user id whose ARN cannot be built (MediaPackage v1's channel Id).
 */
export type ChangeTarget =
  { readonly arn: string } | { readonly byName: { readonly type: ResourceType; readonly name: string } };

export interface ChangeCallSpec {
  readonly verb: ChangeVerb;
  /**
   * The resources the call changed, from its request parameters and response elements. Empty when the call names
   * none it can be read from (recorded as unresolved; the next sweep catches the change).
   */
  targets(call: CloudTrailCall, where: { readonly partition: string }): ChangeTarget[];
}

/** A mutating call that changes nothing the inventory polls (a MediaConnect bridge, a MediaLive multiplex), and why. */
export interface UnwatchedCall {
  readonly unwatched: string;
}

/** Every mutating call of one service's SDK, by name. */
export type ChangeCallTable = Readonly<Record<string, ChangeCallSpec | UnwatchedCall>>;

/** One service's change calls. */
export interface ServiceChangeCalls {
  /** The CloudTrail `eventSource`: `mediaconnect.amazonaws.com`, `medialive.amazonaws.com`, … */
  readonly eventSource: string;
  readonly calls: ChangeCallTable;
}

export const isWatched = (spec: ChangeCallSpec | UnwatchedCall | undefined): spec is ChangeCallSpec =>
  spec !== undefined && !('unwatched' in spec);

/** The calls the stack's rule matches for a service: the watched ones, sorted. */
export function watchedCallNames(table: ChangeCallTable): string[] {
  return Object.keys(table)
    .filter((name) => isWatched(table[name]))
    .sort();
}
