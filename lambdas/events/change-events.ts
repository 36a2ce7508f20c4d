import * as z from 'zod';
import { MAX_ARN_LENGTH, tryParseArn } from '../shared/arn';
import { recordDeliveredCall } from '../store/change-path';
import {
  isMutatingCall,
  isWatched,
  type ChangeCallSpec,
  type ChangeTarget,
  type CloudTrailCall,
  type ServiceChangeCalls,
} from './change-calls';
import type {
  ApplyContext,
  ApplyOutcome,
  ChangeIgnoredReason,
  EventEnvelope,
  ResourceRef,
  TypedEvent,
  Unparsed,
} from './event-model';
import { parseEventTime } from './event-time';
import { resourceArnByName } from './resource-by-name';
import { describeIssue } from './schema-issues';
import { partitionOf, typedEvent, unparsedEvent } from './services/service-module';

/**
 * The change path in the ingest: an `AWS API Call via CloudTrail` event of a service that declares its change calls
 * (`ServiceModule.changeCalls`, events/change-calls.ts) becomes a typed change event. Engine code: the service's table
 * says which resources a call changed; everything else is the same for every service.
 *
 * Outcomes (the `kind` of the message's outcome, and the ingest's counters):
 * - a malformed detail (no eventName, eventSource or eventTime; an eventSource that is not the service's) is recorded
 *   as unparsed, `invalid-detail`, with its body;
 * - `change:ignored-failed` (`errorCode` present), `change:ignored-read-only` (`readOnly: true`),
 *   `change:ignored-unwatched` (not a mutating call, not in the table, or declared unwatched) and
 *   `change:ignored-foreign-account` (every resource it names is in another account than the event's) change nothing:
 *   no state, no history, no re-poll; counted as `ChangeCallsIgnored`. The stack's rule never matches the first three;
 *   they come only from another route to the queue, so they never prove the path works either;
 * - a watched call: `<service>:change`. Its targets are resolved (an ARN as it is; a listing name with one GSI1 Query
 *   for the one live resource of that name), those in another account dropped (counted, `ChangeTargetsForeign`, and
 *   logged: our resources' history never gets them), and each resolved resource gets a history entry and a coalesced
 *   re-poll, which adds a created resource, updates a changed one and tombstones a deleted one. A delete also asks for
 *   one trailing re-poll (`settleArns`): AWS deletes asynchronously, and the leading re-poll may still read DELETING.
 *   Their re-polls re-read the resources' extras too (`rereadArns`: tags), which a call may have changed alone.
 *   A watched call with no resolvable resource is `unresolved` (counted; the next sweep catches the change).
 *
 * Every watched call, whatever its resources, is recorded as delivered on the change path (store/change-path.ts:
 * `recordDeliveredCall`, with its first resolved ARN), because it proves the rule delivers; ignored calls are not.
 * The history's detail holds the call's name, id, time, actor, verb and resources, never its request parameters or
 * response elements: they may hold secrets (an entitlement's encryption key, an ingest password).
 */

/** The `<service>:change` type of a watched call's event. */
export const changeEventType = (service: string): string => `${service}:change`;

/** The outcome kind of an ignored call. */
export const ignoredChangeType = (reason: ChangeIgnoredReason): string => `change:ignored-${reason}`;

const MAX_TEXT = 256;
const recordOrNull = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((value) => value ?? {});

const cloudTrailDetailSchema = z.looseObject({
  eventName: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,127}$/),
  eventSource: z.string().min(1).max(MAX_TEXT),
  eventTime: z.string().max(40),
  eventID: z.string().min(1).max(MAX_TEXT).optional().catch(undefined),
  awsRegion: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/)
    .optional()
    .catch(undefined),
  recipientAccountId: z
    .string()
    .regex(/^\d{12}$/)
    .optional()
    .catch(undefined),
  userIdentity: z
    .looseObject({
      arn: z.string().max(1_024).optional().catch(undefined),
      invokedBy: z.string().max(MAX_TEXT).optional().catch(undefined),
      type: z.string().max(64).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  requestParameters: recordOrNull,
  responseElements: recordOrNull,
  errorCode: z.string().max(MAX_TEXT).optional(),
  readOnly: z.boolean().optional().catch(undefined),
});

/**
 * Types one CloudTrail event of a service with a change-call table. Never throws: a malformed detail, or a table
 * that throws on it, is an `Unparsed`.
 */
export function parseChangeEvent(
  service: string,
  changeCalls: ServiceChangeCalls,
  envelope: EventEnvelope,
  nowMs: number,
): TypedEvent | Unparsed {
  const parsed = cloudTrailDetailSchema.safeParse(envelope.detail);
  if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
  const d = parsed.data;
  if (d.eventSource !== changeCalls.eventSource)
    return unparsedEvent(
      'invalid-detail',
      `eventSource "${d.eventSource.slice(0, 100)}" is not ${changeCalls.eventSource} (source ${envelope.source})`,
    );
  const time = parseEventTime(d.eventTime, nowMs);
  if (!time) return unparsedEvent('invalid-detail', 'eventTime is not a valid time');
  const actor = (d.userIdentity?.arn ?? d.userIdentity?.invokedBy ?? d.userIdentity?.type)?.slice(0, 300);
  const call: CloudTrailCall = {
    eventName: d.eventName,
    eventSource: d.eventSource,
    eventTime: time.iso,
    eventTimeMs: time.ms,
    eventId: d.eventID ?? envelope.id,
    awsRegion: d.awsRegion ?? envelope.region,
    recipientAccountId: d.recipientAccountId ?? envelope.account,
    ...(actor ? { actor } : {}),
    requestParameters: d.requestParameters,
    responseElements: d.responseElements,
  };
  if (d.errorCode !== undefined) return ignored(envelope, call, 'failed', `failed (${d.errorCode.slice(0, 100)})`);
  if (d.readOnly === true) return ignored(envelope, call, 'read-only', 'reads only');
  const spec = isMutatingCall(call.eventName) ? changeCalls.calls[call.eventName] : undefined;
  if (!isWatched(spec)) return ignored(envelope, call, 'unwatched', 'is not a watched change call');
  let named: ChangeTarget[];
  try {
    named = spec.targets(call, { partition: partitionOf(call.awsRegion) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return unparsedEvent('invalid-detail', `${call.eventName}: its change-call entry failed: ${message}`);
  }
  const { ours, foreign } = splitByAccount(dedupeTargets(named.filter(isWellFormed)), envelope.account, call);
  if (foreign.length > 0 && ours.length === 0)
    return ignored(envelope, call, 'foreign-account', `names only resources of another account`, foreign.length);
  return watchedChange(service, envelope, call, spec, ours, foreign.length);
}

/** A call left alone: typed so that it is counted and marked processed, but it writes and re-polls nothing. */
function ignored(
  envelope: EventEnvelope,
  call: CloudTrailCall,
  reason: ChangeIgnoredReason,
  why: string,
  foreignTargets = 0,
): TypedEvent {
  const outcome: ApplyOutcome = {
    affected: [],
    repollArns: [],
    writes: 0,
    stale: 0,
    changeCall: { ignored: reason, foreignTargets, unresolved: false },
  };
  return typedEvent(
    envelope,
    ignoredChangeType(reason),
    `${call.eventName} ${why}: ignored`,
    callDetail(call),
    async (context) => {
      if (reason === 'foreign-account') {
        context.logger?.warn('change call on another account ignored', {
          eventName: call.eventName,
          eventId: call.eventId,
          recipientAccountId: call.recipientAccountId,
        });
        // The rule matched it: the path delivers, whoever's resource it was.
        await recordDelivered(context, envelope, call, undefined);
      }
      return outcome;
    },
  );
}

function watchedChange(
  service: string,
  envelope: EventEnvelope,
  call: CloudTrailCall,
  spec: ChangeCallSpec,
  targets: readonly ChangeTarget[],
  foreignTargets: number,
): TypedEvent {
  const detail = {
    ...callDetail(call),
    verb: spec.verb,
    targets: targets.map(describeTarget),
    ...(foreignTargets > 0 ? { foreignTargets } : {}),
  };
  return typedEvent(
    envelope,
    changeEventType(service),
    `${call.eventName} by ${call.actor ?? 'an unknown caller'}`,
    detail,
    async (context) => {
      if (foreignTargets > 0)
        context.logger?.warn('change call resources in another account dropped', {
          eventName: call.eventName,
          eventId: call.eventId,
          foreignTargets,
        });
      const arns = await resolveTargets(context, envelope, targets);
      if (arns.length === 0)
        context.logger?.warn('change call names no resource found', {
          eventName: call.eventName,
          eventId: call.eventId,
          targets: detail.targets,
        });
      await recordDelivered(context, envelope, call, arns[0]);
      const affected: ResourceRef[] = arns.map((arn) => ({ arn, kind: kindOfArn(arn) }));
      return {
        affected,
        repollArns: arns,
        writes: 0,
        stale: 0,
        ...(spec.verb === 'delete' && arns.length > 0 ? { settleArns: arns } : {}),
        // A call may change only what a describe does not show (TagResource: the tags).
        ...(spec.verb !== 'delete' && arns.length > 0 ? { rereadArns: arns } : {}),
        changeCall: { foreignTargets, unresolved: arns.length === 0 },
      };
    },
  );
}

/** The ARNs of the targets: `{arn}` as is, `{byName}` through the listing (none, or several, resolve to nothing). */
async function resolveTargets(
  context: ApplyContext,
  envelope: EventEnvelope,
  targets: readonly ChangeTarget[],
): Promise<string[]> {
  const where = { account: envelope.account, region: envelope.region };
  const arns = await Promise.all(
    targets.map((t) => ('arn' in t ? Promise.resolve(t.arn) : resourceArnByName(context.store, where, t.byName))),
  );
  return [...new Set(arns.filter((arn): arn is string => arn !== undefined))];
}

function recordDelivered(
  context: ApplyContext,
  envelope: EventEnvelope,
  call: CloudTrailCall,
  arn: string | undefined,
): Promise<void> {
  return recordDeliveredCall(
    context.store,
    { account: envelope.account, region: envelope.region },
    { eventName: call.eventName, eventTimeMs: call.eventTimeMs, ...(arn ? { arn } : {}) },
    context.nowMs,
  );
}

/**
 * Splits the targets into the event account's and the others: an ARN whose account field is another account, or a
 * listing name when the call's recipient account is another (the listing is the event account's).
 */
function splitByAccount(
  targets: readonly ChangeTarget[],
  account: string,
  call: CloudTrailCall,
): { ours: ChangeTarget[]; foreign: ChangeTarget[] } {
  const ours: ChangeTarget[] = [];
  const foreign: ChangeTarget[] = [];
  for (const target of targets) {
    // moto's MediaLive and MediaPackage ARNs name no account: they are ours.
    const owner = 'arn' in target ? tryParseArn(target.arn)?.account || undefined : call.recipientAccountId;
    (owner !== undefined && owner !== account ? foreign : ours).push(target);
  }
  return { ours, foreign };
}

/** A target a table built from a bad record is dropped: an ARN must be bounded, without spaces; a name non-empty. */
function isWellFormed(target: ChangeTarget): boolean {
  if ('arn' in target)
    return (
      typeof target.arn === 'string' &&
      target.arn.startsWith('arn:') &&
      target.arn.length <= MAX_ARN_LENGTH &&
      !/\s/.test(target.arn)
    );
  return typeof target.byName.name === 'string' && target.byName.name.length > 0 && target.byName.name.length <= 256;
}

function dedupeTargets(targets: readonly ChangeTarget[]): ChangeTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = describeTarget(t);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const describeTarget = (target: ChangeTarget): string =>
  'arn' in target ? target.arn : `${target.byName.type}/${target.byName.name}`;

/** `flow`, `channel`, `origin-endpoint`, …: the ARN's resource type, as history names resources. */
function kindOfArn(arn: string): string {
  const type = tryParseArn(arn)?.resourceType;
  return type ? type.replace(/_/g, '-').replace(/s$/, '') : 'resource';
}

/** What the history keeps of any call: never its request parameters or response elements. */
function callDetail(call: CloudTrailCall): Record<string, unknown> {
  return {
    eventName: call.eventName,
    eventId: call.eventId,
    eventTime: call.eventTime,
    ...(call.actor ? { actor: call.actor } : {}),
    awsRegion: call.awsRegion,
    recipientAccountId: call.recipientAccountId,
  };
}
