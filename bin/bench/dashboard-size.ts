import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { DashboardBundle } from '../dashboard/build';

/**
 * The web dashboard's size, built exactly as it is served (bin/dashboard/build.ts): each file raw and gzipped (level 9),
 * and the total gzipped against the budget. Part of the default `npm run bench`: one esbuild run, under a second.
 * bench-report.ts judges and prints it.
 */

export type DashboardSizeMeasurement =
  | {
      readonly status: 'built';
      /** Largest first. */
      readonly files: readonly { readonly path: string; readonly rawBytes: number; readonly gzipBytes: number }[];
      readonly rawBytes: number;
      readonly gzipBytes: number;
      readonly budgetBytes: number;
    }
  | { readonly status: 'missing'; readonly entry: string }
  | { readonly status: 'failed'; readonly error: string };

/** Builds the dashboard in memory and measures it; the app's entry missing is reported, not fatal. */
export async function measureDashboardSize(
  projectRoot: string,
  build?: () => Promise<DashboardBundle>,
): Promise<DashboardSizeMeasurement> {
  // esbuild and the build module are loaded only here.
  const { buildDashboard, DASHBOARD_BUDGET_GZIP_BYTES, DASHBOARD_ENTRY } = await import('../dashboard/build');
  if (!build && !existsSync(DASHBOARD_ENTRY))
    return { status: 'missing', entry: path.relative(projectRoot, DASHBOARD_ENTRY) };
  try {
    const bundle = await (build ?? (() => buildDashboard()))();
    const files = [...bundle.files]
      .map(([name, file]) => ({ path: name, rawBytes: file.rawBytes, gzipBytes: file.gzipBytes }))
      .sort((a, b) => b.gzipBytes - a.gzipBytes || a.path.localeCompare(b.path));
    return {
      status: 'built',
      files,
      rawBytes: bundle.rawBytes,
      gzipBytes: bundle.gzipBytes,
      budgetBytes: DASHBOARD_BUDGET_GZIP_BYTES,
    };
  } catch (error) {
    return { status: 'failed', error: ((error as Error).message.split('\n')[0] ?? '').slice(0, 300) };
  }
}
