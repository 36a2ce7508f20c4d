import type { StateStore } from '../../lambdas/store/state-store';
import { LocalApiGet, withChain } from './chain-reader';
import type { ChainSection } from './chain-view';
import { readEstateView } from './estate-reader';
import type { EstateView } from './estate-view';
import {
  findSubject,
  fireAlarm,
  FireDeps,
  fireFlowStatus,
  FireResult,
  pickAlarmSubject,
  pickStatusFlow,
  AlarmSubject,
} from './fire-events';
import type { LocalRuntime } from './runtime';
import { SampleAlarmKind } from './sample-events';
import { openTerminalScreen, TerminalScreen } from './terminal-screen';
import { FrameInfo, renderEstate } from './tree-renderer';

/**
 * The running view of a local runtime: the flow tree redrawn every ~2 s on a terminal (with keys to fire sample
 * events), or plain snapshots when stdout is not a terminal, or one status line per poller cycle with `--no-ui`.
 */

export type ViewMode = 'screen' | 'snapshots' | 'lines';

export interface LiveViewOptions {
  readonly mode: ViewMode;
  readonly runtime: LocalRuntime;
  readonly store: Pick<StateStore, 'queryAll' | 'get'>;
  readonly region: string;
  readonly account: string;
  /** Every watched account to show, the deployment's own first. @default [account] */
  readonly accounts?: readonly string[];
  readonly title: string;
  /** Where frames and lines go (the real stdout). */
  readonly write: (text: string) => void;
  /** Shown under the header. */
  readonly notes: readonly string[];
  /** Epoch ms the command started, to report how long the tree took to appear. */
  readonly startedAt: number;
  /** Extra timers shown with the pollers. */
  readonly timers?: () => { name: string; lastAt?: number }[];
  /** Log problems to show (captured handler warnings and errors). */
  readonly problems?: () => readonly string[];
  /** Enables the `a`/`o`/`s` keys. */
  readonly fire?: FireDeps;
  /**
   * The signal chain of `mainFlow`, and the impacts of active alarms, read through the API with `get`. With
   * `raiseAlarm` (and `fire`), a source alarm is raised on `mainFlow` once the tree first shows, so its impact shows.
   */
  readonly chain?: { readonly get: LocalApiGet; readonly mainFlow: string; readonly raiseAlarm?: boolean };
  /** @default 2000 */
  readonly refreshMs?: number;
  /** Plain snapshots: one as soon as the tree has data, then one per this many ms. @default 30000 */
  readonly snapshotMs?: number;
  readonly onQuit: () => void;
}

export interface LiveView {
  /** Seconds from start until the tree first showed flows with metrics; undefined until it has. */
  readonly treeShownAfterMs: number | undefined;
  stop(): void;
}

/** How often the live view reads the main flow's chain again. */
const CHAIN_REFRESH_MS = 10_000;

const KEYS_DEMO = '[a] fire alarm   [o] send OK   [s] stop/start a flow   [q] quit';
const KEYS_PLAIN = '[q] quit';

export function startLiveView(options: LiveViewOptions): LiveView {
  const activity: string[] = [];
  const fired: { subject: AlarmSubject; kind: SampleAlarmKind }[] = [];
  let screen: TerminalScreen | undefined;
  let lastView: EstateView | undefined;
  let lastChain: { chain: ChainSection; at: number } | undefined;
  let treeShownAfterMs: number | undefined;
  let stopped = false;
  let busy = false;
  const seenCycles = new Map<string, number>();

  const note = (line: string) => {
    activity.push(`${new Date().toISOString().slice(11, 19)}Z  ${line}`);
    if (activity.length > 4) activity.shift();
    if (options.mode !== 'screen') options.write(`${activity[activity.length - 1]}\n`);
  };

  const frameInfo = (interactive: boolean): FrameInfo => {
    const failures = [...options.runtime.loadFailures].map(([name, reason]) => `${name}: ${reason}`);
    const schedule = options.runtime.schedules();
    const scheduleErrors = [schedule.inventory.lastError, schedule.metrics.lastError].filter((e): e is string =>
      Boolean(e),
    );
    const shown =
      treeShownAfterMs === undefined ? [] : [`tree shown ${(treeShownAfterMs / 1000).toFixed(1)} s after start`];
    return {
      title: options.title,
      region: options.region,
      account: options.account,
      notes: [...options.notes, ...shown],
      activity,
      problems: [
        ...failures,
        ...scheduleErrors.map((e) => `last scheduled run failed: ${e}`),
        ...(options.problems?.() ?? []).slice(-3),
      ],
      timers: options.timers?.() ?? [],
      ...(interactive ? { keys: options.fire ? KEYS_DEMO : KEYS_PLAIN } : {}),
    };
  };

  const refresh = async (): Promise<string[] | undefined> => {
    const now = Date.now();
    const stored = await readEstateView(options.store, options, now);
    let view = stored;
    if (options.chain) {
      // The chain changes with the inventory, not every frame: it is read again every CHAIN_REFRESH_MS, and never
      // again once the API has no chains route (one cannot appear in a running API).
      const reuse =
        lastChain &&
        ((lastChain.chain.state.kind === 'waiting' && lastChain.chain.state.routeMissing) ||
          now - lastChain.at < CHAIN_REFRESH_MS)
          ? lastChain.chain
          : undefined;
      view = await withChain(stored, options.chain.get, options.chain.mainFlow, reuse);
      if (!reuse && view.chain) lastChain = { chain: view.chain, at: now };
    }
    lastView = view;
    if (options.mode === 'lines') reportCycles(view);
    if (
      treeShownAfterMs === undefined &&
      view.flows.length > 0 &&
      view.flows.some((f) => f.sources.some((s) => s.bitrate !== undefined))
    ) {
      treeShownAfterMs = now - options.startedAt;
      if (options.mode === 'lines')
        options.write(`tree ready ${(treeShownAfterMs / 1000).toFixed(1)} s after start: ${summary(view)}\n`);
      if (options.chain?.raiseAlarm) raiseOnMainFlow(options.chain.mainFlow);
    }
    if (options.mode === 'lines') return undefined;
    const interactive = options.mode === 'screen';
    const size = screen?.size() ?? { columns: 140, rows: Number.POSITIVE_INFINITY };
    return renderEstate(view, frameInfo(interactive), {
      now,
      width: size.columns,
      ...(interactive ? { height: size.rows - 1 } : {}),
      color: interactive,
      sparkWidth: size.columns >= 150 ? 30 : size.columns >= 125 ? 20 : 12,
    });
  };

  /** `--no-ui`: one line per finished poller cycle. */
  const reportCycles = (view: EstateView) => {
    for (const poller of view.pollers) {
      if (poller.lastStartedAt === undefined || seenCycles.get(poller.name) === poller.lastStartedAt) continue;
      seenCycles.set(poller.name, poller.lastStartedAt);
      const took = poller.durationMs !== undefined ? ` in ${(poller.durationMs / 1000).toFixed(1)} s` : '';
      options.write(
        `${new Date(poller.lastStartedAt).toISOString().slice(11, 19)}Z  ${poller.name} cycle${took}${poller.summary ? `: ${poller.summary}` : ''}${poller.errors ? `, ${poller.errors} errors` : ''}\n`,
      );
    }
  };

  let lastSnapshotAt: number | undefined;
  /** Snapshots: the first one as soon as the tree has data, then one every `snapshotMs`. */
  const snapshotDue = (now: number) =>
    treeShownAfterMs !== undefined &&
    (lastSnapshotAt === undefined || now - lastSnapshotAt >= (options.snapshotMs ?? 30_000));

  const tick = () => {
    if (stopped || busy) return;
    busy = true;
    refresh()
      .then((lines) => {
        if (!lines) return;
        if (screen) return screen.draw(lines);
        const now = Date.now();
        if (!snapshotDue(now)) return;
        lastSnapshotAt = now;
        options.write(`${'─'.repeat(40)} ${new Date(now).toISOString()}\n${lines.join('\n')}\n`);
      })
      .catch((error: unknown) => note(`view refresh failed: ${(error as Error).message}`))
      .finally(() => {
        busy = false;
      });
  };

  const fireKey = (key: string) => {
    const deps = options.fire;
    if (!deps || !lastView) return;
    const run = (what: string, action: () => Promise<FireResult>) => {
      note(`${what} …`);
      action()
        .then((result) => note(result.summary))
        .catch((error: unknown) => note(`${what} failed: ${(error as Error).message}`))
        .finally(tick);
    };
    if (key === 'a') {
      const subject = pickAlarmSubject(lastView);
      if (!subject) return note('no ACTIVE flow to raise an alarm on');
      const kind: SampleAlarmKind = Math.random() < 0.5 ? 'source-disconnected' : 'source-not-recovered-packets';
      fired.push({ subject, kind });
      run(`firing ALARM ${kind} on ${subject.flowName}/${subject.sourceName}`, () =>
        fireAlarm(deps, subject, kind, 'ALARM'),
      );
    } else if (key === 'o') {
      const last = fired.pop();
      if (!last) return note('no alarm fired yet: press a first');
      run(`sending OK for ${last.subject.flowName}/${last.subject.sourceName}`, () =>
        fireAlarm(deps, last.subject, last.kind, 'OK'),
      );
    } else if (key === 's') {
      const flow = pickStatusFlow(lastView);
      if (!flow) return note('no ACTIVE or STANDBY flow');
      run(`changing the status of ${flow.name}`, () => fireFlowStatus(deps, flow));
    }
  };

  /** Raises the sample source alarm on the main flow, as the `a` key would, so the chain shows its impact. */
  const raiseOnMainFlow = (flowName: string) => {
    const deps = options.fire;
    const subject = lastView && findSubject(lastView, flowName);
    if (!deps || !subject) return;
    const kind: SampleAlarmKind = 'source-disconnected';
    fired.push({ subject, kind });
    note(`raising ALARM ${kind} on ${subject.flowName}/${subject.sourceName} to show its impact …`);
    fireAlarm(deps, subject, kind, 'ALARM')
      .then((result) => note(result.summary))
      .catch((error: unknown) => note(`raising the alarm failed: ${(error as Error).message}`))
      .finally(tick);
  };

  const onKey = (key: string) => {
    if (key === 'q' || key === 'ctrl-c') options.onQuit();
    else fireKey(key);
  };

  if (options.mode === 'screen') screen = openTerminalScreen({ write: options.write, onKey, onResize: tick });
  tick();
  const timer = setInterval(tick, options.refreshMs ?? 2_000);

  return {
    get treeShownAfterMs() {
      return treeShownAfterMs;
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
      screen?.close();
    },
  };
}

function summary(view: EstateView): string {
  const active = view.flows.filter((f) => f.status === 'ACTIVE').length;
  const sources = view.flows.reduce((n, f) => n + f.sources.length, 0);
  const outputs = view.flows.reduce((n, f) => n + f.outputs.length, 0);
  const withMetrics = view.flows.filter((f) => f.sources.some((s) => s.bitrate !== undefined)).length;
  return `${view.flows.length} flows (${active} active, ${withMetrics} with metrics), ${sources} sources, ${outputs} outputs`;
}
