import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ChangeFeed } from '../live/change-feed';
import { feedHealthText, type FeedHealth } from '../model/live-feed-state';
import { modulesByService, serviceLabel, type ModuleRef } from '../model/resource-links';
import type { AppRoute } from '../model/routes';
import { useNow } from './relative-time';

export interface LayoutProps {
  role: 'read-only' | 'operator';
  feed: ChangeFeed;
  modules: readonly ModuleRef[];
  route: AppRoute;
  /** The `<main>` element, for focus management on navigation. */
  mainRef: Ref<HTMLElement>;
  /** Announced to screen readers after a navigation (`Venue-1 · Media monitor`). */
  announcement: string;
  children: ComponentChildren;
}

/** The frame of every view: skip link, header (product, live indicator, role), main navigation and `<main>`. */
export function Layout({ role, feed, modules, route, mainRef, announcement, children }: LayoutProps) {
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to main content
      </a>
      <header class="app-header">
        <a class="brand" href="/">
          Media monitor
        </a>
        <LiveIndicator feed={feed} />
        <span class={`role role-${role}`} title="From GET /me">
          {role === 'operator' ? 'Operator' : 'Read-only'}
        </span>
      </header>
      <div class="app-body">
        <MainNav modules={modules} route={route} />
        <main id="main" ref={mainRef} tabIndex={-1}>
          {children}
        </main>
      </div>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}

/** The modules' path the route belongs to (the list and its resources' pages), for `aria-current`. */
function currentSection(route: AppRoute): string {
  switch (route.view) {
    case 'overview':
      return '/';
    case 'alarms':
      return '/alarms';
    case 'list':
    case 'detail':
      return route.modulePath;
    default:
      return '';
  }
}

function MainNav({ modules, route }: { modules: readonly ModuleRef[]; route: AppRoute }) {
  const current = currentSection(route);
  const link = (href: string, text: string) => (
    <a href={href} {...(current === href ? { 'aria-current': 'page' as const } : {})}>
      {text}
    </a>
  );
  return (
    <nav aria-label="Main" class="main-nav">
      <ul>
        <li>{link('/', 'Overview')}</li>
        <li>{link('/alarms', 'Alarms')}</li>
      </ul>
      {modulesByService(modules).map((group) => (
        <div class="nav-group" key={group.service}>
          <h2 class="nav-group-title" id={`nav-${group.service}`}>
            {serviceLabel(group.service)}
          </h2>
          <ul aria-labelledby={`nav-${group.service}`}>
            {group.modules.map((module) => (
              <li key={module.path}>{link(module.path, module.title)}</li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** `Live · updated 3 s ago`, `Reconnecting… (retry in 8 s)`: the change feed's state, text plus colour. */
function LiveIndicator({ feed }: { feed: ChangeFeed }) {
  const [health, setHealth] = useState<FeedHealth>(feed.health);
  const now = useNow();
  useEffect(() => feed.subscribeHealth(setHealth), [feed]);
  return (
    <span class={`live live-${health.state}`} data-live-state={health.state}>
      <span class="live-dot" aria-hidden="true" />
      {feedHealthText(health, now)}
    </span>
  );
}
