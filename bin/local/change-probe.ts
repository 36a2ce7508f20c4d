import { MediaConnectClient, StopFlowCommand } from '@aws-sdk/client-mediaconnect';
import { readChangePath } from '../../lambdas/store/change-path';
import { META_SK, resourcePk } from '../../lambdas/store/keys';
import type { StateStore } from '../../lambdas/store/state-store';
import type { Delivery } from './cloudtrail-emulator';
import { waitFor } from './fire-events';

/**
 * The change path, seen from the demo: an operator action on the emulator, nothing else sent, and the time until the
 * store shows it. Only the emulated CloudTrail event can carry the change there (no status event, no inventory cycle).
 */

export interface ChangeProbeResult {
  readonly ok: boolean;
  /** One line, e.g. `change path: StopFlow reached the store 140 ms after the call (Studio-Return ACTIVE → STANDBY)`. */
  readonly summary: string;
  /** From just before the call until the store showed the change. */
  readonly storedAfterMs?: number;
}

/**
 * Stops an ACTIVE flow with StopFlow through `mediaConnect` (a client the CloudTrail emulator is attached to) and waits
 * until its stored status leaves ACTIVE.
 */
export async function stopFlowThroughChangePath(
  deps: {
    readonly mediaConnect: MediaConnectClient;
    readonly store: Pick<StateStore, 'get'>;
    /** @default 5000 */
    readonly waitMs?: number;
    readonly now?: () => number;
  },
  flow: { readonly arn: string; readonly name: string },
): Promise<ChangeProbeResult> {
  const now = deps.now ?? Date.now;
  const key = { pk: resourcePk(flow.arn), sk: META_SK };
  const status = async () => (await deps.store.get<{ status?: string }>(key))?.status;
  const before = await status();
  if (before !== 'ACTIVE')
    return { ok: false, summary: `change path: ${flow.name} is ${before ?? 'not stored'}, not ACTIVE` };
  const started = now();
  await deps.mediaConnect.send(new StopFlowCommand({ FlowArn: flow.arn }));
  let after: string | undefined;
  const waitMs = deps.waitMs ?? 5000;
  const storedAfterMs = await waitFor(
    async () => {
      after = await status();
      return after !== 'ACTIVE';
    },
    started,
    waitMs,
    now,
  );
  if (storedAfterMs === undefined)
    return {
      ok: false,
      summary: `change path: StopFlow on ${flow.name} not in the store ${(waitMs / 1000).toFixed(1)} s after the call`,
    };
  return {
    ok: true,
    summary: `change path: StopFlow reached the store ${storedAfterMs} ms after the call (${flow.name} ACTIVE → ${after ?? '?'})`,
    storedAfterMs,
  };
}

/**
 * One line for an emulated event the ingest function took: `reached the store` when the change path's record shows
 * the event (the invocation returns after its writes and its leading re-poll), else what became of it.
 */
export async function deliveryLine(
  store: Pick<StateStore, 'queryAll'>,
  where: { readonly account: string; readonly region: string },
  delivery: Delivery,
): Promise<string> {
  const { call } = delivery;
  const ms = delivery.settledAtMs - call.calledAtMs;
  if (!delivery.ok) return `change path: ${call.eventName} failed at the ingest: ${delivery.error ?? 'unknown error'}`;
  const { state } = await readChangePath(store, where);
  const recorded =
    state?.lastEventAtMs !== undefined && state.lastEventAtMs >= Math.floor(call.calledAtMs / 1000) * 1000;
  return recorded
    ? `change path: ${call.eventName} reached the store ${ms} ms after the call`
    : `change path: ${call.eventName} delivered to the ingest ${ms} ms after the call, not recorded as a change`;
}
