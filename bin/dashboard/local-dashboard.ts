import type { DashboardBundle } from './build';
import { startDashboardServer, type DashboardRole, type RunningDashboardServer } from './server';

/** The dashboard's port in `npm run demo` and `npm start` (the REST API is 3000, the Invoke API 3001). */
export const DEFAULT_DASHBOARD_PORT = 3002;

export const DASHBOARD_ROLES: readonly DashboardRole[] = ['read-only', 'operator'];

/** `--dashboard-role`: the role the local API sees for every dashboard call. @default 'operator' */
export function parseDashboardRole(value: string | undefined): DashboardRole {
  if (value === undefined) return 'operator';
  if (!(DASHBOARD_ROLES as readonly string[]).includes(value))
    throw new Error(`--dashboard-role must be ${DASHBOARD_ROLES.join(' or ')}, got "${value}"`);
  return value as DashboardRole;
}

export type LocalDashboard =
  | { readonly served: true; readonly url: string; readonly server: RunningDashboardServer }
  | { readonly served: false; readonly reason: string };

/**
 * The dashboard of the local runtime (demo, `npm start`): served in front of the runtime's REST API with one role.
 * A failure (the build, a port in use, no REST API) is reported, not thrown: the runtime keeps running without it, as it
 * does without its REST API.
 */
export async function startLocalDashboard(options: {
  /** The runtime's REST API; undefined when it is not served. */
  readonly apiUrl: string | undefined;
  /** 0: a free port. */
  readonly port: number;
  readonly role: DashboardRole;
  /** Started early, so the build overlaps the seeding and the runtime's start. */
  readonly bundle: Promise<DashboardBundle>;
}): Promise<LocalDashboard> {
  // Never left rejected and unobserved, whichever way this returns.
  const bundle = options.bundle.then(
    (built) => ({ built }),
    (error: unknown) => ({ error: error as Error }),
  );
  if (!options.apiUrl) return { served: false, reason: 'the REST API is not served' };
  const outcome = await bundle;
  if ('error' in outcome) return { served: false, reason: `the build failed: ${firstLine(outcome.error.message)}` };
  try {
    const server = await startDashboardServer({
      upstream: { kind: 'local', url: options.apiUrl, role: options.role },
      port: options.port,
      bundle: outcome.built,
    });
    return { served: true, url: server.url, server };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      served: false,
      reason:
        code === 'EADDRINUSE'
          ? `port ${options.port} is in use (choose another with --dashboard-port, 0 for any free port)`
          : firstLine((error as Error).message),
    };
  }
}

/**
 * Starts the dashboard's build without waiting for it; esbuild is loaded here, not at startup. The promise is observed
 * at once, so a failed build is reported by `startLocalDashboard`, never as an unhandled rejection.
 */
export function buildDashboardLater(): Promise<DashboardBundle> {
  const bundle = import('./build').then((build) => build.buildDashboard());
  bundle.catch(() => undefined);
  return bundle;
}

/** The banner line: `dashboard http://127.0.0.1:3002/`, or why there is none. */
export function dashboardBanner(dashboard: LocalDashboard): string {
  return dashboard.served ? `dashboard ${dashboard.url}` : `dashboard not served: ${dashboard.reason}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
