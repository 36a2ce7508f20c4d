import { changeStamp } from '../../store/change-index';
import { MediaConnectClient, StartFlowCommand, StopFlowCommand } from '@aws-sdk/client-mediaconnect';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FlowRecord } from '../../mediaconnect/flow-model';
import { Clock } from '../../shared/clock';
import type { EncryptionSetupRef } from '../../shared/watched-targets';
import { ConflictError, describeError, NotFoundError } from '../../shared/errors';
import { META_SK, resourcePk } from '../../store/keys';
import type { StateStore } from '../../store/state-store';
import { AuditLog } from '../audit';
import type { Caller } from '../http/caller';

/** Flow statuses in which MediaConnect is already changing the flow: a start or stop must wait. */
export const TRANSITION_STATUSES: ReadonlySet<string> = new Set(['STARTING', 'STOPPING', 'UPDATING', 'DELETING']);

/** A stored transition older than this is refreshed from AWS before an action is refused for it. */
export const DEFAULT_STALE_TRANSITION_SECONDS = 180;

/** What operator actions need. `refreshFlow` re-reads what an action touched from AWS into the store. */
export interface ActionDeps {
  store: StateStore;
  mediaConnect: MediaConnectClient;
  clock: Clock;
  audit: AuditLog;
  refreshFlow(flowArn: string): Promise<unknown>;
  /** Claims the re-poll window of a resource (the real-time path's coalescer): true when this caller may re-read it. */
  claimRepoll(resourceArn: string): Promise<boolean>;
  /**
   * A flow stored as STARTING, STOPPING, UPDATING or DELETING for longer than this is refreshed (through the re-poll
   * claim) before a start or stop is refused for it. @default DEFAULT_STALE_TRANSITION_SECONDS (3 minutes)
   */
  staleTransitionSeconds?: number;
  logger?: { warn(message: string, ...extra: unknown[]): void };
  /**
   * The roles the API may pass to MediaConnect for entitlement encryption (ENCRYPTION_ROLE_ARNS, from
   * `api.encryptionRoleArns`). Empty: the function has no iam:PassRole, so encryption is refused. @default []
   */
  encryptionRoleArns?: readonly string[];
  /** The deployment's named encryption setups (the registry's), which `encryption.setup` names. @default [] */
  encryptionSetups?: readonly EncryptionSetupRef[];
}

/** Who asked, for the audit trail. */
export interface ActionContext {
  caller: Caller;
  requestId: string;
}

export interface FlowActionResult {
  flowArn: string;
  action: 'start' | 'stop';
  /** The status AWS answered with (STARTING or STOPPING). */
  status?: string;
  /** Whether the stored flow was refreshed from AWS after the action. */
  refreshed: boolean;
}

/** The flow's `#META` item, or NotFoundError when it is unknown or tombstoned. */
export async function requireLiveFlow(store: Pick<StateStore, 'get'>, flowArn: string): Promise<FlowRecord> {
  const meta = await store.get<FlowRecord>({ pk: resourcePk(flowArn), sk: META_SK });
  if (!meta || meta.tombstone)
    throw new NotFoundError(`Flow ${flowArn} is not known${meta?.tombstone ? ' (deleted)' : ''}`);
  return meta;
}

/**
 * Starts or stops a flow. A flow in transition per the stored state (STARTING, STOPPING, UPDATING) is refused with a
 * ConflictError before AWS is called, and so is one that AWS refuses because of its status. A stored transition older
 * than `staleTransitionSeconds` is refreshed first, so a flow whose events were lost is not refused until the next
 * inventory cycle.
 */
export async function changeFlowState(
  deps: ActionDeps,
  flowArn: string,
  action: 'start' | 'stop',
  context: ActionContext,
): Promise<FlowActionResult> {
  const meta = await currentFlowState(deps, flowArn);
  if (TRANSITION_STATUSES.has(meta.status)) {
    throw new ConflictError(`Flow ${meta.name} is ${meta.status}; wait until it is ACTIVE or STANDBY`);
  }
  const command =
    action === 'start' ? new StartFlowCommand({ FlowArn: flowArn }) : new StopFlowCommand({ FlowArn: flowArn });
  const status = await deps.audit
    .audited(
      {
        resourceArn: flowArn,
        action: `flow.${action}`,
        ...context,
        changeCall: { eventName: action === 'start' ? 'StartFlow' : 'StopFlow', arn: flowArn },
      },
      async () => (await deps.mediaConnect.send(command as StartFlowCommand)).Status,
      (answered) => ({ status: answered }),
    )
    .catch((error: unknown) => {
      throw isTransitionRefusal(error)
        ? new ConflictError(`AWS refused to ${action} flow ${meta.name}: it is changing state`)
        : error;
    });
  return { flowArn, action, ...(status ? { status } : {}), refreshed: await refreshQuietly(deps, flowArn) };
}

/**
 * The flow's `#META` item; when it shows a transition older than `staleTransitionSeconds`, the flow is refreshed from
 * AWS first (one refresh per re-poll window, shared with the real-time path's re-polls) and read again. A refresh that
 * is coalesced or fails leaves the stored state, so the caller decides on it (409, never a 5xx for this).
 */
export async function currentFlowState(
  deps: Pick<ActionDeps, 'store' | 'clock' | 'refreshFlow' | 'claimRepoll' | 'staleTransitionSeconds' | 'logger'>,
  flowArn: string,
): Promise<FlowRecord> {
  const meta = await requireLiveFlow(deps.store, flowArn);
  const staleSeconds = deps.staleTransitionSeconds ?? DEFAULT_STALE_TRANSITION_SECONDS;
  if (!isStaleTransition(meta, deps.clock.now(), staleSeconds)) return meta;
  try {
    if (!(await deps.claimRepoll(flowArn))) return meta;
    await deps.refreshFlow(flowArn);
  } catch (error) {
    deps.logger?.warn('Refreshing a flow stuck in transition failed', { flowArn, error: describeError(error) });
    return meta;
  }
  return requireLiveFlow(deps.store, flowArn);
}

/** The stored status is a transition observed at least `staleSeconds` ago (or at an unknown time). */
export function isStaleTransition(
  meta: Pick<FlowRecord, 'status' | 'observedAt'>,
  nowMs: number,
  staleSeconds: number,
): boolean {
  if (!TRANSITION_STATUSES.has(meta.status)) return false;
  const observedAt = Date.parse(meta.observedAt);
  return !Number.isFinite(observedAt) || nowMs - observedAt >= staleSeconds * 1000;
}

export interface PollingSettings {
  enabled: boolean;
  intervalSeconds: number;
}

/**
 * Stores the flow's metrics polling settings (the seed's Polling Status and Polling Frequency) with an UpdateItem that
 * touches only `polling`, so it never races the inventory poller's writes of the other attributes.
 */
export async function setFlowPolling(
  deps: ActionDeps,
  flowArn: string,
  polling: PollingSettings,
  context: ActionContext,
): Promise<PollingSettings> {
  const key = { pk: resourcePk(flowArn), sk: META_SK };
  const stamp = changeStamp(key, deps.store.clock.now());
  try {
    await deps.store.doc.send(
      new UpdateCommand({
        TableName: deps.store.tableName,
        Key: key,
        // Stamped in the change index like every store write (store/change-index.ts), so a dashboard sees the setting.
        UpdateExpression: `SET #polling = :polling${stamp ? ', #gsi2pk = :gsi2pk, #gsi2sk = :gsi2sk' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#tombstone) OR #tombstone <> :true)',
        ExpressionAttributeNames: {
          '#polling': 'polling',
          '#tombstone': 'tombstone',
          ...(stamp ? { '#gsi2pk': 'gsi2pk', '#gsi2sk': 'gsi2sk' } : {}),
        },
        ExpressionAttributeValues: {
          ':polling': { enabled: polling.enabled, intervalSeconds: polling.intervalSeconds },
          ':true': true,
          ...(stamp ? { ':gsi2pk': stamp.gsi2pk, ':gsi2sk': stamp.gsi2sk } : {}),
        },
      }),
    );
    deps.store.stats.updates++;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException')
      throw new NotFoundError(`Flow ${flowArn} is not known`);
    throw error;
  }
  await deps.audit.record({
    resourceArn: flowArn,
    action: 'flow.polling',
    ...context,
    outcome: 'succeeded',
    detail: { ...polling },
  });
  return polling;
}

/**
 * Refreshes the stored flow after an action. The action itself has succeeded at AWS by then, so a failed refresh is
 * logged and reported (`refreshed: false`), not turned into an error: the next inventory poll catches up.
 */
export async function refreshQuietly(
  deps: Pick<ActionDeps, 'refreshFlow' | 'logger'>,
  flowArn: string,
): Promise<boolean> {
  try {
    await deps.refreshFlow(flowArn);
    return true;
  } catch (error) {
    deps.logger?.warn('Refreshing the flow after an action failed', { flowArn, error: describeError(error) });
    return false;
  }
}

/** AWS's BadRequest for a flow that is changing state (e.g. "flow is currently STARTING"). */
function isTransitionRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const badRequest =
    error.name === 'BadRequestException' || error.name === 'ConflictException' || status === 400 || status === 409;
  return badRequest && /\b(STARTING|STOPPING|UPDATING|DELETING)\b|in transition|in progress/i.test(error.message);
}
