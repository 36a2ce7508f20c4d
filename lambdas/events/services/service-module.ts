import { validArn } from '../../shared/arn';
import { META_SK, resourcePk, type ResourceType } from '../../store/keys';
import type { ServiceChangeCalls } from '../change-calls';
import type {
  AlarmMetric,
  ApplyContext,
  ApplyOutcome,
  EventEnvelope,
  ResourceRef,
  TypedEvent,
  Unparsed,
} from '../event-model';

/** The ARN helpers the service modules use, from the shared ARN module. */
export { MAX_ARN_LENGTH, partitionOf, validArn } from '../../shared/arn';

/**
 * One media service's part of the real-time path: how its EventBridge events are typed and applied, and how its
 * alarm dimensions name resources. Adding a service is one file in its service folder
 * (`lambdas/<service>/<service>-events.ts`) exporting a `ServiceModule`, listed in `service-registry.ts`.
 */
export interface ServiceModule {
  /** `mediaconnect`, `medialive`, `mediapackage`. */
  readonly name: string;
  /** The EventBridge `source`, e.g. `aws.mediaconnect`. */
  readonly eventSource: string;
  /** The CloudWatch namespace, e.g. `AWS/MediaConnect`. */
  readonly namespace: string;
  /** The detail-types it types; any other detail-type of its source is recorded as unparsed. */
  readonly detailTypes: readonly string[];
  parseEvent(envelope: EventEnvelope): TypedEvent | Unparsed;
  /**
   * Every mutating call of the service's SDK, and how each names what it changed (events/change-calls.ts): the
   * CloudTrail change path. @default none: the service's calls are not watched
   */
  readonly changeCalls?: ServiceChangeCalls;
  /** The resources an alarm metric's dimensions name (none when the metric is account-wide). */
  alarmTargets(metric: AlarmMetric, where: { account: string; region: string }): AlarmTarget[];
}

/** A resource an alarm is about, and where its alarm item lives when the dimensions say. */
export interface AlarmTarget {
  readonly resource: ResourceRef;
  /** The resource whose partition holds the alarm (a FlowARN dimension next to a SourceARN). */
  readonly owner?: ResourceRef;
  /** The resource is a MediaConnect source or output whose flow must be looked up (no FlowARN dimension). */
  readonly childKind?: 'SOURCE' | 'OUTPUT';
  /** Other dimensions worth keeping on the alarm item (`Pipeline`, `OutputGroupName`, …). */
  readonly qualifiers?: Readonly<Record<string, string>>;
  /**
   * A listing name to look up first, for dimensions that may hold a resource's name instead of its ARN's id
   * (MediaPackage v1's user Id): one Query on GSI1 `LIST#<type>#<account>#<region>`, `begins_with(gsi1sk, '<name>#')`.
   * When exactly one live resource has that name, it is the alarm's resource and owner; else `resource` as built.
   */
  readonly byName?: { readonly type: ResourceType; readonly name: string; readonly kind: string };
}

/** The first resource ARN of the given service and resource type, or undefined. */
export function findArn(candidates: readonly unknown[], service: string, resourceType: string): string | undefined {
  for (const candidate of candidates) {
    const parsed = validArn(candidate);
    if (parsed && parsed.service === service && parsed.resourceType === resourceType) return candidate as string;
  }
  return undefined;
}

/** Builds the `TypedEvent` of a service event: its own apply function, closed over its typed detail. */
export function typedEvent(
  envelope: EventEnvelope,
  type: string,
  summary: string,
  detail: Record<string, unknown>,
  apply: (context: ApplyContext) => Promise<ApplyOutcome>,
): TypedEvent {
  return { envelope, type, summary: summary.slice(0, 500), detail, apply };
}

export function unparsedEvent(reason: Unparsed['reason'], detail: string): Unparsed {
  return { kind: 'unparsed', reason, detail: detail.slice(0, 300) };
}

export type UpdateResult = 'updated' | 'stale' | 'missing';

/**
 * Sets fields on a resource's stored `#META` item when it exists (and is not a deleted flow's tombstone) and the event
 * is newer than what is stored. A resource the pollers have not stored yet gets history only: an event never creates a
 * half-filled `#META` item that a later poll would have to reconcile.
 */
export async function updateStoredResource(
  context: ApplyContext,
  arn: string,
  version: number,
  fields: Record<string, unknown>,
): Promise<UpdateResult> {
  const key = { pk: resourcePk(arn), sk: META_SK };
  const stored = await context.store.get<{ tombstone?: boolean }>(key);
  // Flows are tombstoned, never deleted, until the tombstone's TTL: the gap between this read and the write is safe.
  if (!stored || stored.tombstone === true) return 'missing';
  return (await context.store.updateIfNewer(key, version, fields)) ? 'updated' : 'stale';
}

/** The outcome of an applied update: one write or one stale skip. */
export function outcomeOf(
  result: UpdateResult | boolean,
  affected: readonly ResourceRef[],
  repollArns: readonly string[] = [],
): ApplyOutcome {
  const landed = result === true || result === 'updated';
  const stale = result === false || result === 'stale';
  return { affected, repollArns, writes: landed ? 1 : 0, stale: stale ? 1 : 0 };
}

/** The references without repeats, first occurrence kept (the owner stays first). */
export function dedupeRefs(refs: readonly ResourceRef[]): ResourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    if (seen.has(r.arn)) return false;
    seen.add(r.arn);
    return true;
  });
}
