/**
 * When the dashboard handles a link click itself (pushing history and rendering the view) instead of letting the
 * browser load the page. Pure (unit-tested); app.tsx reads the facts from the DOM event.
 */
export interface LinkClick {
  /** `MouseEvent.button`: 0 is the main button. */
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
  /** The link's `target` attribute (`_blank`), if any. */
  target: string | null;
  /** The link has a `download` attribute. */
  download: boolean;
  /** The link's resolved URL. */
  href: string;
}

/** A file the server serves beside the app (a resource name may hold a dot, so only these extensions count). */
const STATIC_FILE = /\.(json|js|css|html|png|svg|ico|txt|map|woff2?)$/i;

/**
 * True for a plain main-button click on a same-origin link the app renders: not with a modifier key (new tab or
 * window), not `target` other than `_self`, not a download, not the API (`/api/…`) or a file (`/config.json`).
 */
export function handlesClick(click: LinkClick, pageOrigin: string): boolean {
  if (click.defaultPrevented || click.button !== 0) return false;
  if (click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return false;
  if (click.target && click.target !== '_self') return false;
  if (click.download) return false;
  let url: URL;
  try {
    url = new URL(click.href, pageOrigin);
  } catch {
    return false;
  }
  if (url.origin !== pageOrigin) return false;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return false;
  return !STATIC_FILE.test(url.pathname);
}

/** The URL's path and query, as pushed on the history: what `navigate` shows. */
export function appPath(href: string, pageOrigin: string): string {
  const url = new URL(href, pageOrigin);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The tab's title for a view's heading: `Venue-1 · Media monitor`. */
export function documentTitle(heading: string | undefined): string {
  const text = heading?.trim();
  return text ? `${text} · Media monitor` : 'Media monitor';
}
