import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DashboardApi } from './api/dashboard-api';
import { AppContext, type AppServices } from './app-context';
import { Layout } from './components/layout';
import type { ChangeFeed } from './live/change-feed';
import { appPath, documentTitle, handlesClick } from './model/navigation';
import { parseLocation, type AppRoute } from './model/routes';
import { AlarmsView } from './views/alarms/alarms-view';
import { NotFound } from './views/not-found';
import { Overview } from './views/overview/overview';
import { VIEW_MODULES } from './views/registry';
import { ResourceList } from './views/resource-list';

export interface AppProps {
  api: DashboardApi;
  role: 'read-only' | 'operator';
  feed: ChangeFeed;
}

/** What `history.state` keeps per entry: where the page was scrolled, restored on Back and Forward. */
interface HistoryEntryState {
  scrollY?: number;
}

const MODULE_PATHS = VIEW_MODULES.map((module) => module.path);

/** The route of the browser's current location (read on every render, so a list's `replaceState` is seen too). */
const currentRoute = (): AppRoute => parseLocation(window.location.pathname, window.location.search, MODULE_PATHS);

/**
 * The dashboard: the router over `VIEW_MODULES` and the fixed views, the frame, and the services every view reaches
 * through `useApp()`. Links are real `<a href>`s: a plain click on a same-origin link is handled here (history push,
 * no reload); a modified click (new tab) is left to the browser. After a navigation the new view's `<h1>` gets the
 * focus and its text is announced and becomes the tab's title.
 */
export function App({ api, role, feed }: AppProps) {
  const [, setVersion] = useState(0);
  const rerender = () => setVersion((n) => n + 1);
  const mainRef = useRef<HTMLElement>(null);
  const [announcement, setAnnouncement] = useState('');
  /** Set by a navigation: the next render moves the focus to the new view's heading (`scrollY` for Back). */
  const pending = useRef<{ focus: boolean; scrollY?: number } | undefined>(undefined);

  const services = useMemo<AppServices>(
    () => ({
      api,
      role,
      live: feed,
      navigate(href, options) {
        const target = appPath(href, window.location.origin);
        const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
        if (options?.replace) {
          window.history.replaceState(window.history.state, '', target);
          rerender();
          return;
        }
        if (target === here) return;
        const samePage = new URL(target, window.location.origin).pathname === window.location.pathname;
        window.history.replaceState({ ...(window.history.state ?? {}), scrollY: window.scrollY }, '');
        window.history.pushState({} satisfies HistoryEntryState, '', target);
        // A new query on the same page (a list's server filter) keeps the focus where it is.
        pending.current = samePage ? undefined : { focus: true, scrollY: 0 };
        rerender();
      },
    }),
    [api, role, feed],
  );

  useEffect(() => {
    window.history.scrollRestoration = 'manual';
    const onPopState = (event: PopStateEvent) => {
      const state = (event.state ?? {}) as HistoryEntryState;
      pending.current = { focus: true, scrollY: state.scrollY ?? 0 };
      rerender();
    };
    const onClick = (event: MouseEvent) => {
      const anchor = (event.target as Element | null)?.closest?.('a[href]');
      if (!(anchor instanceof HTMLAnchorElement)) return;
      const click = {
        button: event.button,
        metaKey: event.metaKey,
        ctrlKey: event.ctrlKey,
        shiftKey: event.shiftKey,
        altKey: event.altKey,
        defaultPrevented: event.defaultPrevented,
        target: anchor.getAttribute('target'),
        download: anchor.hasAttribute('download'),
        href: anchor.href,
      };
      if (!handlesClick(click, window.location.href)) return;
      event.preventDefault();
      services.navigate(anchor.href);
    };
    window.addEventListener('popstate', onPopState);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPopState);
      document.removeEventListener('click', onClick);
    };
  }, [services]);

  // The tab's title follows the view's <h1>, whatever view renders it and whenever its data arrives.
  useEffect(() => {
    const main = mainRef.current;
    if (!main) return undefined;
    const update = () => {
      const title = documentTitle(main.querySelector('h1')?.textContent ?? undefined);
      if (document.title !== title) document.title = title;
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, []);

  const route = currentRoute();
  const viewKey = route.view === 'list' || route.view === 'detail' ? route.modulePath : route.view;
  const pageKey = route.view === 'detail' ? `${route.modulePath}/${route.arn}/${route.sub ?? ''}` : viewKey;

  useEffect(() => {
    const next = pending.current;
    pending.current = undefined;
    if (!next) return undefined;
    window.scrollTo(0, next.scrollY ?? 0);
    if (!next.focus) return undefined;
    return focusHeadingWhenShown(mainRef.current, (heading) => setAnnouncement(documentTitle(heading)));
  });

  return (
    <AppContext.Provider value={services}>
      <Layout
        role={role}
        feed={feed}
        modules={VIEW_MODULES}
        route={route}
        mainRef={mainRef}
        announcement={announcement}
      >
        <RouteView key={pageKey} route={route} />
      </Layout>
    </AppContext.Provider>
  );
}

function RouteView({ route }: { route: AppRoute }) {
  switch (route.view) {
    case 'overview':
      return <Overview />;
    case 'alarms':
      return <AlarmsView />;
    case 'chain':
      // The signal-chain page arrives with the services' views (views/chain/chain-page.tsx).
      return <NotFound path={`/chains/${encodeURIComponent(route.arn)}`} />;
    case 'list': {
      const module = VIEW_MODULES.find((m) => m.path === route.modulePath);
      return module ? <ResourceList module={module} query={route.query} /> : <NotFound path={route.modulePath} />;
    }
    case 'detail': {
      const module = VIEW_MODULES.find((m) => m.path === route.modulePath);
      if (!module) return <NotFound path={route.modulePath} />;
      const Detail = module.Detail;
      return <Detail arn={route.arn} {...(route.sub ? { sub: route.sub } : {})} />;
    }
    case 'not-found':
      return <NotFound path={route.path} />;
  }
}

/** How long a navigation waits for the new view's heading (its data may still be loading) before focusing `<main>`. */
const HEADING_WAIT_MS = 3000;

/**
 * Focuses the `<h1>` of the view in `main` as soon as it is there (a view may render it after its data arrives), or
 * `<main>` itself after `HEADING_WAIT_MS`; reports the heading's text. Returns the cancel.
 */
function focusHeadingWhenShown(main: HTMLElement | null, shown: (heading: string | undefined) => void): () => void {
  if (!main) return () => undefined;
  const tryFocus = (): boolean => {
    const heading = main.querySelector('h1');
    if (!heading) return false;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    shown(heading.textContent ?? undefined);
    return true;
  };
  if (tryFocus()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (tryFocus()) stop();
  });
  const timer = window.setTimeout(() => {
    stop();
    main.focus({ preventScroll: true });
    shown(undefined);
  }, HEADING_WAIT_MS);
  const stop = () => {
    observer.disconnect();
    window.clearTimeout(timer);
  };
  observer.observe(main, { childList: true, subtree: true });
  return stop;
}
