import { MediaConnectClient, StartFlowCommand, StopFlowCommand } from '@aws-sdk/client-mediaconnect';
import { sleep } from '../../lambdas/shared/clock';
import { alarmSk, META_SK, resourcePk } from '../../lambdas/store/keys';
import type { StateStore } from '../../lambdas/store/state-store';
import type { EstateView } from './estate-view';
import {
  AlarmStateValue,
  alarmNotification,
  flowStatusChangeEvent,
  SampleAlarmKind,
  sampleAlarmName,
} from './sample-events';

/**
 * Fires sample real-time events at the ingest function and measures how long the change takes to appear in the
 * state table: the demo's `a`/`o`/`s` keys and `bin/local/fire.ts` both use this.
 */

export interface FireDeps {
  readonly region: string;
  readonly account: string;
  readonly store: Pick<StateStore, 'get'>;
  /** Delivers an event to the ingest function (in-process, or through the Invoke API). */
  deliver(event: unknown): Promise<{ ok: boolean; error?: string }>;
  /** MediaConnect, for the real StopFlow/StartFlow behind a status event; unset sends the event alone (real AWS stays untouched). */
  readonly mediaConnect?: MediaConnectClient;
  /** @default 10000 */
  readonly waitMs?: number;
  readonly now?: () => number;
}

export interface AlarmSubject {
  readonly flowArn: string;
  readonly flowName: string;
  readonly sourceArn: string;
  readonly sourceName: string;
}

export interface FireResult {
  readonly ok: boolean;
  /** One line for the screen. */
  readonly summary: string;
  /** Milliseconds from firing until the store showed the change; undefined when it did not within the wait. */
  readonly storedAfterMs?: number;
}

/** Polls `check` every 25 ms until it is true; returns the elapsed ms, or undefined after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean>,
  startedAt: number,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<number | undefined> {
  for (;;) {
    if (await check()) return now() - startedAt;
    if (now() - startedAt > timeoutMs) return undefined;
    await sleep(25);
  }
}

const seconds = (ms: number | undefined): string =>
  ms === undefined ? 'not seen in the store' : `in the store after ${(ms / 1000).toFixed(2)} s`;

/** Sends an ALARM or OK notification of a per-source alarm and waits for the alarm item to appear (or clear). */
export async function fireAlarm(
  deps: FireDeps,
  subject: AlarmSubject,
  kind: SampleAlarmKind,
  state: AlarmStateValue,
): Promise<FireResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const event = alarmNotification({ ...subject, region: deps.region, account: deps.account }, kind, state, started);
  const delivered = await deps.deliver(event);
  const label = `${state} ${kind} → ${subject.flowName}/${subject.sourceName}`;
  if (!delivered.ok) return { ok: false, summary: `${label}: ingest failed: ${delivered.error ?? 'unknown error'}` };
  const key = { pk: resourcePk(subject.flowArn), sk: alarmSk(sampleAlarmName(subject.sourceArn, kind)) };
  const storedAfterMs = await waitFor(
    async () => {
      const item = await deps.store.get<{ state?: string }>(key);
      return state === 'ALARM'
        ? item !== undefined && (item.state ?? 'ALARM') === 'ALARM'
        : item === undefined || item.state === 'OK';
    },
    started,
    deps.waitMs ?? 10_000,
    now,
  );
  return {
    ok: storedAfterMs !== undefined,
    summary: `${label}: ${seconds(storedAfterMs)}`,
    ...(storedAfterMs !== undefined ? { storedAfterMs } : {}),
  };
}

/**
 * Changes a flow's status the way an operator would (StopFlow on an ACTIVE flow, StartFlow on a STANDBY one, when
 * `deps.mediaConnect` is set), sends the Flow Status Change event MediaConnect emits, and waits until the stored
 * status moves. The ingest function's re-poll then settles it (STOPPING → STANDBY, STARTING → ACTIVE).
 */
export async function fireFlowStatus(deps: FireDeps, flow: { arn: string; name: string }): Promise<FireResult> {
  const now = deps.now ?? Date.now;
  const metaKey = { pk: resourcePk(flow.arn), sk: META_SK };
  const previous = (await deps.store.get<{ status?: string }>(metaKey))?.status;
  if (previous !== 'ACTIVE' && previous !== 'STANDBY') {
    return {
      ok: false,
      summary: `${flow.name} is ${previous ?? 'not in the store'}: only an ACTIVE or STANDBY flow can be stopped or started`,
    };
  }
  const current = previous === 'ACTIVE' ? 'STOPPING' : 'STARTING';
  const started = now();
  if (deps.mediaConnect) {
    await deps.mediaConnect.send(
      previous === 'ACTIVE' ? new StopFlowCommand({ FlowArn: flow.arn }) : new StartFlowCommand({ FlowArn: flow.arn }),
    );
  }
  const delivered = await deps.deliver(flowStatusChangeEvent(flow.arn, previous, current, deps, started));
  const label = `${previous} → ${current} ${flow.name}`;
  if (!delivered.ok) return { ok: false, summary: `${label}: ingest failed: ${delivered.error ?? 'unknown error'}` };
  const storedAfterMs = await waitFor(
    async () => (await deps.store.get<{ status?: string }>(metaKey))?.status !== previous,
    started,
    deps.waitMs ?? 10_000,
    now,
  );
  return {
    ok: storedAfterMs !== undefined,
    summary: `${label}: ${seconds(storedAfterMs)}`,
    ...(storedAfterMs !== undefined ? { storedAfterMs } : {}),
  };
}

/** A random source of an ACTIVE flow, or undefined when no flow is active. */
export function pickAlarmSubject(view: EstateView, random: () => number = Math.random): AlarmSubject | undefined {
  const candidates = view.flows
    .filter((f) => f.status === 'ACTIVE')
    .flatMap((f) => f.sources.map((s) => ({ flowArn: f.arn, flowName: f.name, sourceArn: s.arn, sourceName: s.name })));
  return candidates[Math.floor(random() * candidates.length)];
}

/** A random flow that is ACTIVE or STANDBY (stoppable or startable), preferring ACTIVE ones. */
export function pickStatusFlow(
  view: EstateView,
  random: () => number = Math.random,
): { arn: string; name: string } | undefined {
  const active = view.flows.filter((f) => f.status === 'ACTIVE');
  const pool = active.length > 1 ? active : view.flows.filter((f) => f.status === 'ACTIVE' || f.status === 'STANDBY');
  const flow = pool[Math.floor(random() * pool.length)];
  return flow && { arn: flow.arn, name: flow.name };
}

/** Resolves a flow (and optionally a source) by name in the view. */
export function findSubject(view: EstateView, flowName: string, sourceName?: string): AlarmSubject | undefined {
  const flow = view.flows.find((f) => f.name === flowName);
  const source = sourceName ? flow?.sources.find((s) => s.name === sourceName) : flow?.sources[0];
  return flow && source
    ? { flowArn: flow.arn, flowName: flow.name, sourceArn: source.arn, sourceName: source.name }
    : undefined;
}
