/**
 * The dashboard's URLs. Every view has one, so deep links and the back button work. CONTRACT for the helpers that
 * build views: link with these functions, never by concatenating paths.
 * - `/`: the estate overview;
 * - `/<module path>` (`/flows`, `/channels`, `/mediapackage/channels`, …): a resource list; its filters and sort live
 *   in the query string (`?q=`, `?status=`, `?account=`, `?region=`, `?sort=name` or `?sort=-name`);
 * - `/<module path>/<encoded ARN>` and `/<module path>/<encoded ARN>/<sub>` (`/flows/<arn>/grant`): a resource page;
 * - `/chains/<encoded ARN>`: the signal chain through a resource;
 * - `/alarms`: active alarms.
 */

export type AppRoute =
  | { view: 'overview' }
  | { view: 'alarms' }
  | { view: 'list'; modulePath: string; query: Readonly<Record<string, string>> }
  | { view: 'detail'; modulePath: string; arn: string; sub?: string }
  | { view: 'chain'; arn: string }
  | { view: 'not-found'; path: string };

export const detailHref = (modulePath: string, arn: string, sub?: string): string =>
  `${modulePath}/${encodeURIComponent(arn)}${sub ? `/${sub}` : ''}`;

export const chainHref = (arn: string): string => `/chains/${encodeURIComponent(arn)}`;

export function listHref(modulePath: string, query: Readonly<Record<string, string | undefined>> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, value);
  const search = params.toString();
  return search ? `${modulePath}?${search}` : modulePath;
}

/**
 * The route of a location. `modulePaths` are the registered view modules' paths; the longest that matches wins, so
 * `/mediapackage/channels` is not read as a `/mediapackage` page.
 */
export function parseLocation(pathname: string, search: string, modulePaths: readonly string[]): AppRoute {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { view: 'overview' };
  if (path === '/alarms') return { view: 'alarms' };
  const chain = /^\/chains\/([^/]+)$/.exec(path);
  if (chain) return { view: 'chain', arn: decode(chain[1] as string) };
  const modulePath = [...modulePaths]
    .sort((a, b) => b.length - a.length)
    .find((candidate) => path === candidate || path.startsWith(`${candidate}/`));
  if (!modulePath) return { view: 'not-found', path };
  if (path === modulePath) return { view: 'list', modulePath, query: Object.fromEntries(new URLSearchParams(search)) };
  const [encodedArn, sub, ...rest] = path.slice(modulePath.length + 1).split('/');
  if (!encodedArn || rest.length) return { view: 'not-found', path };
  return { view: 'detail', modulePath, arn: decode(encodedArn), ...(sub ? { sub } : {}) };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
