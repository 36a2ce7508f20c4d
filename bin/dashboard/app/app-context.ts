import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
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
 */
export function useLiveQuery<T>(path: string | null, query?: Query, options: LiveQueryOptions = {}): LiveQuery<T> {
  const { api, live } = useApp();
  const [state, setState] = useState<{ data?: T; error?: ApiCallError; loading: boolean }>({ loading: path !== null });
  const [generation, setGeneration] = useState(0);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const queryKey = JSON.stringify(query ?? {});

  useEffect(() => {
    if (path === null) return undefined;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    api.get<T>(path, query).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) =>
        current &&
        setState((previous) => ({
          ...previous,
          error: error instanceof ApiCallError ? error : new ApiCallError(0, 'ClientError', String(error)),
          loading: false,
        })),
    );
    return () => {
      current = false;
    };
  }, [api, path, queryKey, generation]);

  useEffect(() => {
    if (path === null) return undefined;
    const unsubscribe = live.subscribe((changes, reloadAll) => {
      const matches = optionsRef.current.refreshOn;
      if (reloadAll || (matches && changes.some(matches))) setGeneration((n) => n + 1);
    });
    const seconds = options.everySeconds;
    const timer = seconds ? setInterval(() => setGeneration((n) => n + 1), seconds * 1000) : undefined;
    return () => {
      unsubscribe();
      if (timer) clearInterval(timer);
    };
  }, [live, path, options.everySeconds]);

  return { ...state, reload: () => setGeneration((n) => n + 1) };
}
