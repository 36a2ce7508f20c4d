/** How many requests of each route a load run sent. */
export type RouteMix = Record<string, number>;

/** The API bench's route mix: mostly flow trees (the console's detail view), then listings, metrics and alarms. */
const ROUTES: readonly [name: string, share: number, path: (arns: readonly string[]) => string][] = [
  ['GET /flows/{flowArn}', 0.4, (arns) => `/flows/${encodeURIComponent(randomOf(arns))}`],
  ['GET /flows?limit=50', 0.2, () => '/flows?limit=50'],
  [
    'GET /flows?namePrefix&status',
    0.15,
    () => `/flows?namePrefix=bench-00${Math.floor(Math.random() * 10)}&status=ACTIVE&limit=25`,
  ],
  [
    'GET /flows/{flowArn}/metrics',
    0.15,
    (arns) => `/flows/${encodeURIComponent(randomOf(arns))}/metrics?names=BitRate,SourceBitRate`,
  ],
  ['GET /alarms?state=ALARM', 0.1, () => '/alarms?state=ALARM&limit=50'],
];

/** A random path from the mix, counted in `counts`. */
export function pickRoute(arns: readonly string[], counts: RouteMix): string {
  let roll = Math.random();
  const [name, , path] = ROUTES.find(([, share]) => (roll -= share) <= 0) ?? (ROUTES[0] as (typeof ROUTES)[number]);
  counts[name] = (counts[name] ?? 0) + 1;
  return path(arns);
}

const randomOf = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)] as T;
