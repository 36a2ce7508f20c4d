import type { ChangesResponse, StoreChange } from '../../../lambdas/api/monitoring/change-feed';
import { ApiCallError, type DashboardApi, type Query } from '../../../bin/dashboard/app/api/dashboard-api';
import { ChangeFeed, type FeedEnvironment } from '../../../bin/dashboard/app/live/change-feed';
import type { FeedHealth } from '../../../bin/dashboard/app/model/live-feed-state';

/** A page whose clock, one timer and visibility the test moves by hand. */
class FakePage implements FeedEnvironment {
  time = Date.parse('2026-12-02T10:00:00.000Z');
  hidden = false;
  timer: { callback: () => void; at: number } | undefined;
  private visibility: (() => void) | undefined;
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    this.timer = { callback, at: this.time + ms };
    return this.timer;
  };
  clearTimeout = (handle: unknown) => {
    if (this.timer === handle) this.timer = undefined;
  };
  isHidden = () => this.hidden;
  onVisibilityChange = (callback: () => void) => {
    this.visibility = callback;
    return () => (this.visibility = undefined);
  };
  /** Runs the pending timer (if due within `ms`) and lets the poll's promise settle. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const timer = this.timer;
    if (timer && timer.at <= this.time) {
      this.timer = undefined;
      timer.callback();
    }
    await settle();
  }
  async setHidden(hidden: boolean): Promise<void> {
    this.hidden = hidden;
    this.visibility?.();
    await settle();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** An API whose `/changes` answers are queued by the test; it records each call's query. */
function scriptedApi(answers: (ChangesResponse | Error)[]) {
  const calls: (Query | undefined)[] = [];
  const api: DashboardApi = {
    get: async <T>(path: string, query?: Query) => {
      if (path !== '/changes') throw new Error(`unexpected ${path}`);
      calls.push(query);
      const next = answers.shift();
      if (!next) throw new Error('no answer scripted');
      if (next instanceof Error) throw next;
      return next as T;
    },
    send: () => Promise.reject(new Error('no actions here')),
  };
  return { api, calls };
}

const flowChange = (at: string): StoreChange => ({
  kind: 'resource',
  arn: 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-a:Venue-1',
  type: 'mediaconnect:flow',
  account: '111122223333',
  region: 'eu-west-1',
  at,
});

describe('ChangeFeed', () => {
  it('polls /changes every 2 s with the last cursor and delivers each change once', async () => {
    // Prepare
    const page = new FakePage();
    const repeated = flowChange('2026-12-02T10:00:01.000Z');
    const { api, calls } = scriptedApi([
      { changes: [], cursor: 'c1', truncated: false },
      { changes: [repeated], cursor: 'c2', truncated: false },
      { changes: [repeated], cursor: 'c3', truncated: false },
    ]);
    const feed = new ChangeFeed(api, page);
    const heard: [readonly StoreChange[], boolean][] = [];
    feed.subscribe((changes, reloadAll) => heard.push([changes, reloadAll]));

    // Act
    feed.start();
    await settle();
    await page.advance(2000);
    await page.advance(2000);

    // Assess
    expect(calls).toEqual([{}, { since: 'c1' }, { since: 'c2' }]);
    expect(heard).toEqual([[[repeated], false]]);
    expect(page.timer?.at).toBe(page.time + 2000);
  });

  it('backs off after failures, says it is reconnecting, and is live again after an answer', async () => {
    // Prepare
    const page = new FakePage();
    const { api } = scriptedApi([
      { changes: [], cursor: 'c1', truncated: false },
      new ApiCallError(0, 'NetworkError', 'The API could not be reached'),
      new ApiCallError(502, 'ApiUnreachable', 'upstream down'),
      { changes: [], cursor: 'c2', truncated: false },
    ]);
    const feed = new ChangeFeed(api, page);
    const states: FeedHealth['state'][] = [];
    feed.subscribeHealth((health) => states.push(health.state));
    feed.start();
    await settle();

    // Act
    await page.advance(2000);
    const firstRetry = (page.timer?.at ?? 0) - page.time;
    await page.advance(2000);
    const secondRetry = (page.timer?.at ?? 0) - page.time;
    await page.advance(4000);

    // Assess
    expect([firstRetry, secondRetry]).toEqual([2000, 4000]);
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'reconnecting', 'live']);
  });

  it('tells the views to reload everything when an answer is truncated', async () => {
    // Prepare
    const page = new FakePage();
    const { api } = scriptedApi([
      { changes: [], cursor: 'c1', truncated: false },
      { changes: [flowChange('2026-12-02T10:00:01.000Z')], cursor: 'c2', truncated: true },
    ]);
    const feed = new ChangeFeed(api, page);
    const heard: boolean[] = [];
    feed.subscribe((_changes, reloadAll) => heard.push(reloadAll));
    feed.start();
    await settle();

    // Act
    await page.advance(2000);

    // Assess
    expect(heard).toEqual([true]);
  });

  it('stops polling while hidden and reloads everything when back after more than a minute', async () => {
    // Prepare
    const page = new FakePage();
    const { api, calls } = scriptedApi([
      { changes: [], cursor: 'c1', truncated: false },
      { changes: [], cursor: 'c2', truncated: false },
    ]);
    const feed = new ChangeFeed(api, page);
    const heard: boolean[] = [];
    feed.subscribe((_changes, reloadAll) => heard.push(reloadAll));
    feed.start();
    await settle();

    // Act
    await page.setHidden(true);
    const timerWhileHidden = page.timer;
    page.time += 90_000;
    await page.setHidden(false);

    // Assess
    expect(timerWhileHidden).toBeUndefined();
    expect(heard).toEqual([true]);
    expect(calls).toEqual([{}, { since: 'c1' }]);
  });

  it('starts afresh and reloads when the API refuses the cursor', async () => {
    // Prepare
    const page = new FakePage();
    const { api, calls } = scriptedApi([
      { changes: [], cursor: 'c1', truncated: false },
      new ApiCallError(400, 'ValidationFailed', 'since: not a cursor', 'since'),
      { changes: [], cursor: 'c9', truncated: false },
    ]);
    const feed = new ChangeFeed(api, page);
    const heard: boolean[] = [];
    feed.subscribe((_changes, reloadAll) => heard.push(reloadAll));
    feed.start();
    await settle();

    // Act
    await page.advance(2000);
    await page.advance(2000);

    // Assess
    expect(calls).toEqual([{}, { since: 'c1' }, {}]);
    expect(heard).toEqual([true]);
  });
});
