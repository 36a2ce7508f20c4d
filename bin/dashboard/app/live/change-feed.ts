import type { ChangesResponse, StoreChange } from '../../../../lambdas/api/monitoring/change-feed';
import { ApiCallError, type DashboardApi } from '../api/dashboard-api';
import type { LiveFeed } from '../app-context';
import {
  ChangeDeduplicator,
  pollDelayMs,
  readAnswer,
  reloadAfterHidden,
  type FeedHealth,
} from '../model/live-feed-state';

/** What the feed needs from the page: a clock, timers and the page's visibility (live/browser-environment.ts). */
export interface FeedEnvironment {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  isHidden(): boolean;
  /** Calls back when the page is hidden or shown again; returns the unsubscribe. */
  onVisibilityChange(callback: () => void): () => void;
}

type ChangeListener = (changes: readonly StoreChange[], reloadAll: boolean) => void;
type HealthListener = (health: FeedHealth) => void;

/**
 * The page's one poller of `GET /changes?since=` (model/live-feed-state.ts has the rules): every 2 s while the page is
 * visible, paused while it is hidden, backing off on failures. Views subscribe through `useLiveQuery`; the header
 * shows `health`.
 */
export class ChangeFeed implements LiveFeed {
  private readonly listeners = new Set<ChangeListener>();
  private readonly healthListeners = new Set<HealthListener>();
  private readonly dedup = new ChangeDeduplicator();
  private cursor: string | undefined;
  private failures = 0;
  private timer: unknown;
  private inFlight = false;
  private running = false;
  private hiddenSince: number | undefined;
  /** The next successful answer also tells the views to reload (the cursor was refused and reset). */
  private reloadOnNextAnswer = false;
  private stopVisibility: (() => void) | undefined;
  private currentHealth: FeedHealth = { state: 'connecting' };

  constructor(
    private readonly api: DashboardApi,
    private readonly env: FeedEnvironment,
  ) {}

  /** Starts polling (now, unless the page is hidden). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopVisibility = this.env.onVisibilityChange(() => this.visibilityChanged());
    if (this.env.isHidden()) this.pause();
    else void this.poll();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
    this.stopVisibility?.();
    this.stopVisibility = undefined;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears the indicator's state now and on every change. */
  subscribeHealth(listener: HealthListener): () => void {
    this.healthListeners.add(listener);
    listener(this.currentHealth);
    return () => this.healthListeners.delete(listener);
  }

  get health(): FeedHealth {
    return this.currentHealth;
  }

  /** Polls now (after an action, so its effect shows without waiting for the timer). */
  pollNow(): void {
    if (!this.running || this.inFlight || this.env.isHidden()) return;
    this.clearTimer();
    void this.poll();
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    if (!this.running || this.inFlight || this.env.isHidden()) return;
    this.inFlight = true;
    const first = this.cursor === undefined;
    try {
      const answer = await this.api.get<ChangesResponse>('/changes', first ? {} : { since: this.cursor });
      const outcome = readAnswer(answer, this.dedup, first);
      this.cursor = outcome.cursor;
      this.failures = 0;
      this.setHealth({ state: 'live', updatedAt: this.env.now() });
      const reloadAll = outcome.reloadAll || this.reloadOnNextAnswer;
      this.reloadOnNextAnswer = false;
      if (reloadAll || outcome.changes.length > 0) this.emit(outcome.changes, reloadAll);
    } catch (error) {
      this.failed(error);
    } finally {
      this.inFlight = false;
    }
    this.schedule();
  }

  private failed(error: unknown): void {
    if (error instanceof ApiCallError && error.status === 400 && error.field === 'since') {
      // The API no longer reads the cursor: start afresh and have the views reload what they show.
      this.cursor = undefined;
      this.reloadOnNextAnswer = true;
      return;
    }
    this.failures++;
    const previous = this.currentHealth;
    const updatedAt =
      previous.state === 'live' ? previous.updatedAt : 'updatedAt' in previous ? previous.updatedAt : undefined;
    this.setHealth({
      state: 'reconnecting',
      failures: this.failures,
      retryAt: this.env.now() + pollDelayMs(this.failures),
      message: error instanceof Error ? error.message : String(error),
      ...(updatedAt !== undefined ? { updatedAt } : {}),
    });
  }

  private schedule(): void {
    if (!this.running || this.env.isHidden() || this.timer !== undefined) return;
    this.timer = this.env.setTimeout(() => void this.poll(), pollDelayMs(this.failures));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.env.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private visibilityChanged(): void {
    if (!this.running) return;
    if (this.env.isHidden()) {
      this.pause();
      return;
    }
    const reload = reloadAfterHidden(this.hiddenSince, this.env.now());
    this.hiddenSince = undefined;
    if (reload) this.emit([], true);
    this.clearTimer();
    void this.poll();
  }

  private pause(): void {
    this.clearTimer();
    this.hiddenSince = this.env.now();
    const previous = this.currentHealth;
    const updatedAt = 'updatedAt' in previous ? previous.updatedAt : undefined;
    this.setHealth({ state: 'paused', ...(updatedAt !== undefined ? { updatedAt } : {}) });
  }

  private emit(changes: readonly StoreChange[], reloadAll: boolean): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(changes, reloadAll);
      } catch (error) {
        // One view's failure must not stop the others (or the feed) from hearing about changes.
        console.error('A change-feed listener failed', error);
      }
    }
  }

  private setHealth(health: FeedHealth): void {
    this.currentHealth = health;
    for (const listener of [...this.healthListeners]) listener(health);
  }
}
