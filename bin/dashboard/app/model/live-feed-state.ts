import type { ChangesResponse, StoreChange } from '../../../../lambdas/api/monitoring/change-feed';
import { formatAge } from './format';

/**
 * The change feed's client-side rules, pure so they are unit-tested (live/change-feed.ts runs them on timers):
 * - one `GET /changes?since=<cursor>` every 2 s while the page is visible;
 * - the API repeats a change in consecutive answers (its query overlaps by a few seconds), so each change is
 *   delivered once: `ChangeDeduplicator`;
 * - `truncated`, a refused cursor, or a page hidden longer than a minute: the views reload everything they show;
 * - a failed poll backs off 2, 4, 8 … 30 s and the header says it is reconnecting.
 */

export const POLL_INTERVAL_MS = 2_000;
export const MAX_BACKOFF_MS = 30_000;
/** Hidden longer than this, the page reloads everything on its return instead of trusting the feed's cursor. */
export const HIDDEN_RELOAD_AFTER_MS = 60_000;
/**
 * How far back a delivered change is remembered. Far wider than the API's overlap (about 10 s), so a change repeated
 * in a later answer is always recognized.
 */
export const DEDUP_WINDOW_MS = 120_000;

/** The wait before the next poll after `failures` consecutive failures: 2 s when none, then 2, 4, 8 … at most 30 s. */
export function pollDelayMs(failures: number): number {
  if (failures <= 0) return POLL_INTERVAL_MS;
  return Math.min(MAX_BACKOFF_MS, POLL_INTERVAL_MS * 2 ** (failures - 1));
}

/** What identifies one change: the same item written at the same moment. */
export function changeKey(change: StoreChange): string {
  return [
    change.kind,
    change.arn ?? '',
    change.type ?? '',
    change.poller ?? '',
    change.account,
    change.region,
    change.at,
  ].join('|');
}

/** Remembers the changes already delivered within `DEDUP_WINDOW_MS` of the newest one. */
export class ChangeDeduplicator {
  private readonly seen = new Map<string, number>();
  private newest = 0;

  constructor(private readonly windowMs: number = DEDUP_WINDOW_MS) {}

  /** The changes of an answer not delivered before, in the answer's order. */
  fresh(changes: readonly StoreChange[]): StoreChange[] {
    const out: StoreChange[] = [];
    for (const change of changes) {
      const key = changeKey(change);
      if (this.seen.has(key)) continue;
      const at = Date.parse(change.at);
      const time = Number.isFinite(at) ? at : this.newest;
      this.seen.set(key, time);
      if (time > this.newest) this.newest = time;
      out.push(change);
    }
    this.prune();
    return out;
  }

  /** How many changes are remembered (bounded by the window). */
  get size(): number {
    return this.seen.size;
  }

  private prune(): void {
    const cutoff = this.newest - this.windowMs;
    for (const [key, at] of this.seen) if (at < cutoff) this.seen.delete(key);
  }
}

/** What the header's live indicator shows. */
export type FeedHealth =
  /** Before the first answer. */
  | { state: 'connecting' }
  /** The last poll answered at `updatedAt` (epoch ms). */
  | { state: 'live'; updatedAt: number }
  /** Polls fail; the next in `retryAt` (epoch ms). `updatedAt`: the last success, if any. */
  | { state: 'reconnecting'; failures: number; retryAt: number; message: string; updatedAt?: number }
  /** The page is hidden: no polling. */
  | { state: 'paused'; updatedAt?: number };

/** What the feed does with one answer. */
export interface AnswerOutcome {
  cursor: string;
  /** Deliver these (new, oldest first). */
  changes: StoreChange[];
  /** Tell every view to reload what it shows. */
  reloadAll: boolean;
}

/** One answer of `GET /changes`, through the deduplicator. The first answer (no `since` sent) only sets the cursor. */
export function readAnswer(answer: ChangesResponse, dedup: ChangeDeduplicator, firstAnswer: boolean): AnswerOutcome {
  const changes = dedup.fresh(answer.changes);
  if (answer.truncated) return { cursor: answer.cursor, changes: [], reloadAll: true };
  return { cursor: answer.cursor, changes: firstAnswer ? [] : changes, reloadAll: false };
}

/** Whether a page back from hidden reloads everything: hidden longer than `HIDDEN_RELOAD_AFTER_MS`. */
export function reloadAfterHidden(hiddenSince: number | undefined, now: number): boolean {
  return hiddenSince !== undefined && now - hiddenSince > HIDDEN_RELOAD_AFTER_MS;
}

/** The indicator's words: `Live · updated 3 s ago`, `Reconnecting… (retry in 8 s)`, `Paused`, `Connecting…`. */
export function feedHealthText(health: FeedHealth, now: number): string {
  switch (health.state) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return `Live · updated ${formatAge(new Date(health.updatedAt).toISOString(), now)}`;
    case 'reconnecting':
      return `Reconnecting… (retry in ${Math.max(0, Math.ceil((health.retryAt - now) / 1000))} s)`;
    case 'paused':
      return 'Paused while hidden';
  }
}
