import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { build, BuildOptions } from 'esbuild';

/**
 * Minified bundle size of each Lambda, built the way the CDK builds it (lib/monitor-function.ts: NodejsFunction
 * bundling with format cjs, target node22, minify, keepNames, source maps without sources, mainFields module/main,
 * `@aws-sdk/*` external because nodejs22.x ships SDK v3). Only the `.js` file is measured, not the `.js.map`.
 * The size with the SDK bundled in is measured too, for comparison.
 */
export const LAMBDA_ENTRIES: readonly { readonly name: string; readonly entry: string }[] = [
  { name: 'mediaconnect-inventory', entry: 'lambdas/mediaconnect-inventory/handler.ts' },
  { name: 'mediaconnect-metrics', entry: 'lambdas/mediaconnect-metrics/handler.ts' },
  { name: 'event-ingest', entry: 'lambdas/event-ingest/handler.ts' },
  { name: 'api', entry: 'lambdas/api/handler.ts' },
];

/** The CDK's externalModules in lib/monitor-function.ts. */
export const CDK_EXTERNAL_MODULES: readonly string[] = ['@aws-sdk/*'];

/** The esbuild options NodejsFunction derives from MonitorFunction's `bundling` props. */
export function cdkBuildOptions(entryFile: string, external: readonly string[] = CDK_EXTERNAL_MODULES): BuildOptions {
  return {
    entryPoints: [entryFile],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: [...external],
    outfile: 'index.js',
    write: false,
    logLevel: 'silent',
  };
}

export type BundleMeasurement =
  | {
      readonly name: string;
      readonly entry: string;
      readonly status: 'built';
      readonly bytes: number;
      readonly bytesWithSdk: number;
    }
  | { readonly name: string; readonly entry: string; readonly status: 'missing' }
  | { readonly name: string; readonly entry: string; readonly status: 'failed'; readonly error: string };

/** Bytes of the bundle's `.js` output (the map is a separate file and not deployed code). */
async function bundledBytes(options: BuildOptions): Promise<number> {
  const result = await build(options);
  const js = result.outputFiles?.find((file) => file.path.endsWith('.js'));
  if (!js) throw new Error('esbuild produced no .js output');
  return js.contents.byteLength;
}

/** Bundles each handler that exists under `projectRoot`; a missing handler is reported, not fatal. */
export async function measureBundles(
  projectRoot: string,
  entries: readonly { name: string; entry: string }[] = LAMBDA_ENTRIES,
): Promise<BundleMeasurement[]> {
  const measurements: BundleMeasurement[] = [];
  for (const { name, entry } of entries) {
    const file = path.resolve(projectRoot, entry);
    if (!existsSync(file)) {
      measurements.push({ name, entry, status: 'missing' });
      continue;
    }
    try {
      const bytes = await bundledBytes({ ...cdkBuildOptions(file), absWorkingDir: projectRoot });
      const bytesWithSdk = await bundledBytes({ ...cdkBuildOptions(file, []), absWorkingDir: projectRoot });
      measurements.push({ name, entry, status: 'built', bytes, bytesWithSdk });
    } catch (error) {
      measurements.push({
        name,
        entry,
        status: 'failed',
        error: (error as Error).message.split('\n')[0] ?? 'build failed',
      });
    }
  }
  return measurements;
}
