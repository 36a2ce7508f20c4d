import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { StoreChange } from '../../../lambdas/api/monitoring/change-feed';
import { ApiCallError, type DashboardApi, type Query } from './api/dashboard-api';

/**
 * What every view reaches through context. CONTRACT: views call the API, learn the caller's role and hear about store
 * changes only through these hooks; main.tsx provides them.
 */

/** The change feed, polled once for the whole page (live/change-feed.ts). */
export interface LiveFeed {
  /** `reloadAll` is true when the feed could not say what changed (truncated, or the page was hidden a while). */
  subscribe(listener: (changes: readonly StoreChange[], reloadAll: boolean) => void): () => void;
}

export interface AppServices {
  api: DashboardApi;
  /** From `GET /me`. Action buttons exist only for `operator`; the API refuses the read-only role's actions anyway. */
  role: 'read-only' | 'operator';
  live: LiveFeed;
  /**
   * Pushes a dashboard URL on the history (back works) and shows it; `replace` swaps the current entry instead (a
   * list's text filter as it is typed, so Back does not step through every keystroke).
   */
  navigate(href: string, options?: { replace?: boolean }): void;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside <AppContext.Provider>');
  return services;
}

export interface LiveQueryOptions {
  /** Re-read when a change matches. @default never */
  refreshOn?: (change: StoreChange) => boolean;
  /** Also re-read on a timer (metrics, which are not in the change feed). @default never */
  everySeconds?: number;
}

export interface LiveQuery<T> {
  data?: T;
  error?: ApiCallError;
  loading: boolean;
  reload(): void;
}

/**
 * Reads `path` (null: nothing yet) and keeps it fresh: again when the change feed reports a matching change or asks
 * for a reload, and every `everySeconds`. The previous data stays on screen while a re-read is in flight.
 *
 * Re-reads are coalesced: while one is in flight, further triggers make ONE more read after it, and its answer is
 * always shown. (Restarting on every trigger would never show anything when the store changes faster than the route
 * answers, e.g. a slow `/summary` under a busy estate; it would also multiply reads.) A change of `path` or `query`
 * reads at once and drops the answers of the old ones.
 */
export function useLiveQuery<T>(path: string | null, query?: Query, options: LiveQueryOptions = {}): LiveQuery<T> {
  const { api, live } = useApp();
  const [state, setState] = useState<{ data?: T; error?: ApiCallError; loading: boolean }>({ loading: path !== null });
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  const request = useRef({ key, path, query });
  request.current = { key, path, query };
  const flight = useRef<{ key: string; again: boolean } | undefined>(undefined);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const load = useCallback(() => {
    const { key: wanted, path: wantedPath, query: wantedQuery } = request.current;
    if (wanted === null || wantedPath === null || !mounted.current) return;
    if (flight.current?.key === wanted) {
      flight.current.again = true;
      return;
    }
    const mine = { key: wanted, again: false };
    flight.current = mine;
    const current = () => mounted.current && request.current.key === wanted;
    setState((previous) => (previous.loading ? previous : { ...previous, loading: true }));
    api
      .get<T>(wantedPath, wantedQuery)
      .then(
        (data) => current() && setState({ data, loading: false }),
        (error: unknown) =>
          current() &&
          setState((previous) => ({
            ...previous,
            error: error instanceof ApiCallError ? error : new ApiCallError(0, 'ClientError', String(error)),
            loading: false,
          })),
      )
      .finally(() => {
        if (flight.current !== mine) return;
        flight.current = undefined;
        if (mine.again) load();
      });
  }, [api]);

  useEffect(() => {
    load();
  }, [load, key]);

  useEffect(() => {
    if (key === null) return undefined;
    const unsubscribe = live.subscribe((changes, reloadAll) => {
      const matches = optionsRef.current.refreshOn;
      if (reloadAll || (matches && changes.some(matches))) load();
    });
    const seconds = options.everySeconds;
    const timer = seconds ? setInterval(load, seconds * 1000) : undefined;
    return () => {
      unsubscribe();
      if (timer) clearInterval(timer);
    };
  }, [live, key, options.everySeconds, load]);

  return { ...state, reload: load };
}
