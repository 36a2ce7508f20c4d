import { MediaLiveClient, StartChannelCommand, StopChannelCommand } from '@aws-sdk/client-medialive';
import { CHANNEL_TYPE, ChannelRecord, TRANSITIONAL_STATES } from '../../medialive/medialive-model';
import type { RequestBudget } from '../../polling/request-budget';
import type { Clock } from '../../shared/clock';
import { ConflictError, describeError, NotFoundError } from '../../shared/errors';
import { META_SK, resourcePk } from '../../store/keys';
import type { StateStore } from '../../store/state-store';
import { claimAction } from '../action-claims';
import type { AuditLog } from '../audit';
import type { Caller } from '../http/caller';
import { refresherOf, ServiceRefreshers } from '../refreshers';

/** The API's MediaLive access: one client, and a request budget per action over the process's limiter. */
export interface MediaLiveApi {
  readonly client: MediaLiveClient;
  /**
   * A fresh budget (counters) over this process's MediaLive limiter, which paces at the MediaLive quota's `api` share
   * and is the one retry layer of MediaLive calls (the client makes one attempt).
   */
  budget(): RequestBudget;
}

/** What channel actions need. */
export interface ChannelActionDeps {
  store: StateStore;
  clock: Clock;
  audit: AuditLog;
  mediaLive: MediaLiveApi;
  /** `medialive` re-reads a channel into the store after an action, or to check a state that refuses one. */
  refreshers: ServiceRefreshers;
  /** Claims the re-poll window of a resource (shared with the real-time path): true when this caller may re-read it. */
  claimRepoll(resourceArn: string): Promise<boolean>;
  logger?: { warn(message: string, ...extra: unknown[]): void };
}

export type ChannelAction = 'start' | 'stop';

export interface ChannelActionResult {
  channelArn: string;
  action: ChannelAction;
  /** The state MediaLive answered with (STARTING or STOPPING). */
  state?: string;
  /** Whether the stored channel was refreshed from MediaLive after the action. */
  refreshed: boolean;
}

/**
 * How long a start (or stop) of a channel holds its claim at most. It is released once the call failed, or once the
 * channel was refreshed after it (the stored STARTING then refuses a repeat); when the refresh fails, the claim keeps
 * refusing another start of the same channel, without calling MediaLive, until it expires.
 */
export const CHANNEL_CLAIM_SECONDS = 30;

/** Channel states in which the channel cannot be started or stopped at all. */
const UNAVAILABLE_STATES: ReadonlySet<string> = new Set(['CREATING', 'CREATE_FAILED', 'DELETING', 'DELETED']);

export type ChannelConflictCode =
  | 'ChannelTransitioning'
  | 'ChannelAlreadyRunning'
  | 'ChannelAlreadyIdle'
  | 'ChannelUnavailable'
  | 'ChannelActionInProgress';

/** A start or stop the channel's state refuses; `code` is the API's error code (409). */
export class ChannelConflictError extends ConflictError {
  constructor(
    readonly code: ChannelConflictCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelConflictError';
  }
}

/** The channel's `#META` item, or NotFoundError when it is unknown or deleted. */
export async function requireLiveChannel(store: Pick<StateStore, 'get'>, channelArn: string): Promise<ChannelRecord> {
  const meta = await store.get<ChannelRecord>({ pk: resourcePk(channelArn), sk: META_SK });
  if (!meta || meta.type !== CHANNEL_TYPE || meta.tombstone)
    throw new NotFoundError(`Channel ${channelArn} is not known${meta?.tombstone ? ' (deleted)' : ''}`);
  return meta;
}

/** Why the channel's state refuses the action, or undefined when it allows it. */
export function channelStateConflict(
  meta: Pick<ChannelRecord, 'name' | 'status'>,
  action: ChannelAction,
): ChannelConflictError | undefined {
  const state = meta.status ?? 'UNKNOWN';
  if (TRANSITIONAL_STATES.has(state))
    return new ChannelConflictError(
      'ChannelTransitioning',
      `Channel ${meta.name} is ${state}; wait until it is RUNNING or IDLE`,
    );
  if (UNAVAILABLE_STATES.has(state))
    return new ChannelConflictError('ChannelUnavailable', `Channel ${meta.name} is ${state}; it cannot be ${action}ed`);
  if (action === 'start' && state === 'RUNNING')
    return new ChannelConflictError('ChannelAlreadyRunning', `Channel ${meta.name} is already RUNNING`);
  if (action === 'stop' && state === 'IDLE')
    return new ChannelConflictError('ChannelAlreadyIdle', `Channel ${meta.name} is already IDLE`);
  return undefined;
}

/**
 * Starts or stops a channel (operator):
 * - the stored state decides first; when it refuses the action (STARTING, STOPPING, UPDATING, RECOVERING; already
 *   RUNNING or IDLE; …) the channel is re-read from MediaLive once (through the re-poll claim, so a burst of refused
 *   clicks costs one DescribeChannel) and the fresh state decides: a 409 with the reason's code;
 * - a claim on `channel-<action>#<arn>` lets exactly one of concurrent requests call StartChannel (or StopChannel);
 *   the others get 409 `ChannelActionInProgress` (see CHANNEL_CLAIM_SECONDS for how long it is held);
 * - the call goes through the MediaLive request budget (paced, throttles retried; still throttled: 429) and is audited;
 * - then the channel is refreshed; a failed refresh is reported as `refreshed: false`, never as an error.
 */
export async function changeChannelState(
  deps: ChannelActionDeps,
  channelArn: string,
  action: ChannelAction,
  context: { caller: Caller; requestId: string },
): Promise<ChannelActionResult> {
  let meta = await requireLiveChannel(deps.store, channelArn);
  if (channelStateConflict(meta, action)) {
    meta = await freshChannel(deps, channelArn, meta);
    const conflict = channelStateConflict(meta, action);
    if (conflict) throw conflict;
  }
  const claim = await claimAction(deps.store, `channel-${action}#${channelArn}`, CHANNEL_CLAIM_SECONDS, deps.clock);
  if (!claim)
    throw new ChannelConflictError(
      'ChannelActionInProgress',
      `A ${action} of channel ${meta.name} is already under way`,
    );
  const budget = deps.mediaLive.budget();
  let channelId = meta.id;
  let state: string | undefined;
  try {
    // Read again under the claim: a request that read the state before another's action released its claim sees that
    // action's refreshed state now, and is refused here instead of sending a second call.
    const claimed = await requireLiveChannel(deps.store, channelArn);
    const conflict = channelStateConflict(claimed, action);
    if (conflict) throw conflict;
    channelId = claimed.id;
    state = await deps.audit.audited(
      {
        resourceArn: channelArn,
        action: `channel.${action}`,
        ...context,
        detail: { channelId },
        changeCall: { eventName: action === 'start' ? 'StartChannel' : 'StopChannel', arn: channelArn },
      },
      async () => {
        const answer =
          action === 'start'
            ? await budget.call('StartChannel', () =>
                deps.mediaLive.client.send(new StartChannelCommand({ ChannelId: channelId })),
              )
            : await budget.call('StopChannel', () =>
                deps.mediaLive.client.send(new StopChannelCommand({ ChannelId: channelId })),
              );
        return answer.State;
      },
      (answered) => ({ channelId, ...(answered ? { state: answered } : {}) }),
    );
  } catch (error) {
    await claim.release();
    throw error;
  }
  const refreshed = await refreshQuietly(deps, channelArn);
  // Refreshed, the store shows the transition (STARTING, …), which refuses a repeat; otherwise the claim keeps refusing
  // it until it expires.
  if (refreshed) await claim.release();
  return { channelArn, action, ...(state ? { state } : {}), refreshed };
}

/**
 * The channel re-read from MediaLive (when this caller wins the re-poll claim) and read back from the store; the
 * stored item when the refresh is coalesced, unavailable or fails (the caller then decides on what is stored).
 */
async function freshChannel(
  deps: ChannelActionDeps,
  channelArn: string,
  stored: ChannelRecord,
): Promise<ChannelRecord> {
  try {
    if (!(await deps.claimRepoll(channelArn))) return stored;
    await refresherOf(deps.refreshers, 'medialive')(channelArn);
  } catch (error) {
    deps.logger?.warn('Refreshing a channel whose state refuses an action failed', {
      channelArn,
      error: describeError(error),
    });
    return stored;
  }
  return requireLiveChannel(deps.store, channelArn);
}

async function refreshQuietly(deps: ChannelActionDeps, channelArn: string): Promise<boolean> {
  try {
    await refresherOf(deps.refreshers, 'medialive')(channelArn);
    return true;
  } catch (error) {
    deps.logger?.warn('Refreshing the channel after an action failed', { channelArn, error: describeError(error) });
    return false;
  }
}
