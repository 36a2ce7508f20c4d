/** How many requests of each route a load run sent. */
export type RouteMix = Record<string, number>;

/** What the routes pick their ARNs from: the flows, and every resource of the seeded chains. */
export interface RouteTargets {
  readonly flows: readonly string[];
  /** @default the flows */
  readonly chains?: readonly string[];
}

export const CHAIN_ROUTE = 'GET /chains/{arn}';

/**
 * The API bench's route mix: mostly flow trees (the console's detail view), then listings, metrics, alarms, and the
 * signal chain of a random resource (a flow, a channel or an origin endpoint).
 */
const ROUTES: readonly [name: string, share: number, path: (targets: RouteTargets) => string][] = [
  ['GET /flows/{flowArn}', 0.35, (t) => `/flows/${encodeURIComponent(randomOf(t.flows))}`],
  ['GET /flows?limit=50', 0.2, () => '/flows?limit=50'],
  [
    'GET /flows?namePrefix&status',
    0.15,
    () => `/flows?namePrefix=bench-00${Math.floor(Math.random() * 10)}&status=ACTIVE&limit=25`,
  ],
  [
    'GET /flows/{flowArn}/metrics',
    0.15,
    (t) => `/flows/${encodeURIComponent(randomOf(t.flows))}/metrics?names=BitRate,SourceBitRate`,
  ],
  ['GET /alarms?state=ALARM', 0.1, () => '/alarms?state=ALARM&limit=50'],
  [CHAIN_ROUTE, 0.05, (t) => `/chains/${encodeURIComponent(randomOf(t.chains ?? t.flows))}`],
];

/** A random route of the mix, counted in `counts`: its name and the path to request. */
export function pickNamedRoute(targets: RouteTargets, counts: RouteMix): { name: string; path: string } {
  let roll = Math.random();
  const [name, , path] = ROUTES.find(([, share]) => (roll -= share) <= 0) ?? (ROUTES[0] as (typeof ROUTES)[number]);
  counts[name] = (counts[name] ?? 0) + 1;
  return { name, path: path(targets) };
}

/** A random path from the mix, counted in `counts`. */
export function pickRoute(targets: RouteTargets, counts: RouteMix): string {
  return pickNamedRoute(targets, counts).path;
}

const randomOf = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)] as T;
