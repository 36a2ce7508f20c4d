import { CHANGE_PATH_STATE_SK, changeCallSk, changePathPk } from './keys';
import type { StateStore } from './state-store';

/**
 * Whether the change path works: configuration changes arrive as CloudTrail `AWS API Call via CloudTrail` events only
 * when the account has a trail with management events on. Nothing at AWS says whether one exists, so the monitor
 * checks it with its own actions: the API records each call it makes (`recordExpectedCall`), the ingest records each
 * change event it receives (`recordDeliveredCall`), and a call CloudTrail has not reported within 15 minutes means the
 * path looks broken. The inventory then sweeps with the short period, as if the path were off.
 *
 * Items, in `CHANGEPATH#<account>#<region>`: `#` (the last event delivered) and one `CALL#<eventName>#<arn>` per call
 * made or reported. Every write sets one monotonic field (`updateIfFieldNewer`), so the API and the ingest never undo
 * each other whatever order they land in. Call records expire after two days.
 */

export type ChangeEventsMode = 'cloudtrail' | 'off';

/** A call made through the API and not reported by CloudTrail within this long means the path looks broken. */
export const CONFIRM_WITHIN_MS = 15 * 60_000;
/** CloudTrail's `eventTime` is AWS's clock; the API's is the function's. A report this much earlier still confirms. */
export const CLOCK_SKEW_MS = 60_000;
/** Call records are kept this long (TTL). */
export const CALL_RECORD_TTL_SECONDS = 2 * 86_400;

export interface ChangePathWhere {
  readonly account: string;
  readonly region: string;
}

/** The `#` item: the last change event the ingest received. */
export interface ChangePathState {
  lastEventAtMs?: number;
  lastEventAt?: string;
  lastEventName?: string;
  lastEventArn?: string;
}

/** One `CALL#` item. */
export interface ChangeCallRecord {
  eventName: string;
  arn: string;
  /** When the API made the call (just before it), epoch ms. */
  expectedAtMs?: number;
  /** The CloudTrail `eventTime` of the latest report of the call, epoch ms. */
  confirmedAtMs?: number;
}

export interface ChangePathRecords {
  readonly state?: ChangePathState;
  readonly calls: readonly ChangeCallRecord[];
}

/**
 * - `off`: the deployment has no change path (`changeEvents: "off"`);
 * - `unproven`: no change event has arrived yet, and no call is overdue;
 * - `live`: events arrive, and every call the API made was reported;
 * - `broken`: a call the API made more than 15 minutes ago was never reported (probably no trail).
 */
export type ChangePathStatus = 'off' | 'unproven' | 'live' | 'broken';

export interface ChangePathHealth {
  mode: ChangeEventsMode;
  status: ChangePathStatus;
  /** When the last change event arrived (its CloudTrail time). */
  lastEventAt?: string;
  lastEventName?: string;
  /** Calls made through the API and not reported yet. */
  unconfirmedCalls: number;
  /** The oldest of them. */
  oldestUnconfirmedAt?: string;
  /** The overdue calls (at most 5), e.g. `StopFlow arn:aws:mediaconnect:…`. */
  overdue: string[];
}

const stateKey = (where: ChangePathWhere) => ({
  pk: changePathPk(where.account, where.region),
  sk: CHANGE_PATH_STATE_SK,
});
const callKey = (where: ChangePathWhere, eventName: string, arn: string) => ({
  pk: changePathPk(where.account, where.region),
  sk: changeCallSk(eventName, arn),
});

/** The API made `eventName` on `arn` (successfully) at `calledAtMs`, just before the call: CloudTrail should report it. */
export async function recordExpectedCall(
  store: Pick<StateStore, 'updateIfFieldNewer'>,
  where: ChangePathWhere,
  eventName: string,
  arn: string,
  calledAtMs: number,
): Promise<void> {
  await store.updateIfFieldNewer(callKey(where, eventName, arn), 'expectedAtMs', calledAtMs, {
    type: 'change-call',
    account: where.account,
    region: where.region,
    eventName,
    arn,
    expectedAt: new Date(calledAtMs).toISOString(),
    expiresAt: Math.floor(calledAtMs / 1000) + CALL_RECORD_TTL_SECONDS,
  });
}

/**
 * The ingest received a change event at `receivedAtMs`: the path's last event, and the confirmation of the call on
 * `arn`. The record's expiry counts from its receipt, not the call's time, so a late delivery (SQS keeps a message for
 * days) never sets an expiry in the past, which would let TTL delete a call the API is still waiting to see reported.
 */
export async function recordDeliveredCall(
  store: Pick<StateStore, 'updateIfFieldNewer'>,
  where: ChangePathWhere,
  call: { readonly eventName: string; readonly arn?: string; readonly eventTimeMs: number },
  receivedAtMs: number = call.eventTimeMs,
): Promise<void> {
  const lastEventAt = new Date(call.eventTimeMs).toISOString();
  await Promise.all([
    store.updateIfFieldNewer(stateKey(where), 'lastEventAtMs', call.eventTimeMs, {
      type: 'change-path',
      account: where.account,
      region: where.region,
      lastEventAt,
      lastEventName: call.eventName,
      ...(call.arn ? { lastEventArn: call.arn } : {}),
    }),
    call.arn
      ? store.updateIfFieldNewer(callKey(where, call.eventName, call.arn), 'confirmedAtMs', call.eventTimeMs, {
          type: 'change-call',
          account: where.account,
          region: where.region,
          eventName: call.eventName,
          arn: call.arn,
          confirmedAt: lastEventAt,
          expiresAt: Math.floor(Math.max(receivedAtMs, call.eventTimeMs) / 1000) + CALL_RECORD_TTL_SECONDS,
        })
      : Promise.resolve(false),
  ]);
}

/** The path's items in one account and region: one paginated Query. */
export async function readChangePath(
  store: Pick<StateStore, 'queryAll'>,
  where: ChangePathWhere,
): Promise<ChangePathRecords> {
  const items = await store.queryAll<Record<string, unknown> & { sk: string }>({
    pk: changePathPk(where.account, where.region),
  });
  let state: ChangePathState | undefined;
  const calls: ChangeCallRecord[] = [];
  for (const item of items) {
    if (item.sk === CHANGE_PATH_STATE_SK) state = item as ChangePathState;
    else if (typeof item.eventName === 'string' && typeof item.arn === 'string')
      calls.push({
        eventName: item.eventName,
        arn: item.arn,
        ...(typeof item.expectedAtMs === 'number' ? { expectedAtMs: item.expectedAtMs } : {}),
        ...(typeof item.confirmedAtMs === 'number' ? { confirmedAtMs: item.confirmedAtMs } : {}),
      });
  }
  return { ...(state ? { state } : {}), calls };
}

/** What the records say about the path at `nowMs` (see `ChangePathStatus`). */
export function changePathHealth(records: ChangePathRecords, mode: ChangeEventsMode, nowMs: number): ChangePathHealth {
  const unconfirmed = records.calls
    .filter((c) => c.expectedAtMs !== undefined && !confirms(c.confirmedAtMs, c.expectedAtMs))
    .sort((a, b) => (a.expectedAtMs as number) - (b.expectedAtMs as number));
  const overdue = unconfirmed.filter((c) => (c.expectedAtMs as number) <= nowMs - CONFIRM_WITHIN_MS);
  const state = records.state;
  const status: ChangePathStatus =
    mode === 'off' ? 'off' : overdue.length > 0 ? 'broken' : state?.lastEventAt ? 'live' : 'unproven';
  const oldest = unconfirmed[0]?.expectedAtMs;
  return {
    mode,
    status,
    ...(state?.lastEventAt ? { lastEventAt: state.lastEventAt } : {}),
    ...(state?.lastEventName ? { lastEventName: state.lastEventName } : {}),
    unconfirmedCalls: unconfirmed.length,
    ...(oldest !== undefined ? { oldestUnconfirmedAt: new Date(oldest).toISOString() } : {}),
    overdue: overdue.slice(0, 5).map((c) => `${c.eventName} ${c.arn}`),
  };
}

const confirms = (confirmedAtMs: number | undefined, expectedAtMs: number): boolean =>
  confirmedAtMs !== undefined && confirmedAtMs >= expectedAtMs - CLOCK_SKEW_MS;

/** The sweep periods, in minutes: with the change path live, and without it. */
export interface SweepPeriods {
  readonly liveMinutes: number;
  readonly offMinutes: number;
}

export const DEFAULT_SWEEP_PERIODS: SweepPeriods = { liveMinutes: 60, offMinutes: 5 };

/** The period the rolling sweep keeps: the long one only while the path is live. */
export function sweepPeriodMs(status: ChangePathStatus, periods: SweepPeriods = DEFAULT_SWEEP_PERIODS): number {
  return (status === 'live' ? periods.liveMinutes : periods.offMinutes) * 60_000;
}
