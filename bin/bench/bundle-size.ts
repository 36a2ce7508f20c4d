import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { build, BuildOptions } from 'esbuild';
import { LAMBDA_CREDENTIALS_ALIAS } from '../../lib/monitor-function';

/**
 * Minified bundle size of each Lambda, built the way the CDK builds it (lib/monitor-function.ts: NodejsFunction
 * bundling with format cjs, target node22, minify, no keepNames, source maps without sources, mainFields module/main,
 * the pinned `@aws-sdk/*` bundled in, the SDK's default credential chain aliased to `fromEnv`). Only the `.js` file is
 * measured, not the `.js.map`. The size with `@aws-sdk/*` left to the runtime is measured too, for comparison.
 */
export const LAMBDA_ENTRIES: readonly { readonly name: string; readonly entry: string }[] = [
  { name: 'mediaconnect-inventory', entry: 'lambdas/functions/mediaconnect-inventory/handler.ts' },
  { name: 'medialive-inventory', entry: 'lambdas/functions/medialive-inventory/handler.ts' },
  { name: 'mediapackage-inventory', entry: 'lambdas/functions/mediapackage-inventory/handler.ts' },
  { name: 'mediapackagev2-inventory', entry: 'lambdas/functions/mediapackagev2-inventory/handler.ts' },
  { name: 'metrics', entry: 'lambdas/functions/metrics/handler.ts' },
  { name: 'event-ingest', entry: 'lambdas/functions/event-ingest/handler.ts' },
  { name: 'alarm-reconcile', entry: 'lambdas/functions/alarm-reconcile/handler.ts' },
  { name: 'api', entry: 'lambdas/functions/api/handler.ts' },
];

/** The CDK's externalModules in lib/monitor-function.ts: none, the SDK is bundled. */
export const CDK_EXTERNAL_MODULES: readonly string[] = [];
/** What the bundles would leave out if the runtime's SDK were used (the comparison column). */
export const RUNTIME_SDK_MODULES: readonly string[] = ['@aws-sdk/*'];

/** The esbuild options NodejsFunction derives from MonitorFunction's `bundling` props. */
export function cdkBuildOptions(entryFile: string, external: readonly string[] = CDK_EXTERNAL_MODULES): BuildOptions {
  return {
    entryPoints: [entryFile],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    keepNames: false,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    external: [...external],
    // esbuild resolves a relative alias against the working directory, as the CDK's local bundling does.
    alias: { ...LAMBDA_CREDENTIALS_ALIAS },
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
      /** The deployed bundle: the pinned SDK included. */
      readonly bytes: number;
      /** For comparison: the same bundle with `@aws-sdk/*` external (the runtime's SDK). */
      readonly bytesWithoutSdk: number;
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
      const bytesWithoutSdk = await bundledBytes({
        ...cdkBuildOptions(file, RUNTIME_SDK_MODULES),
        absWorkingDir: projectRoot,
      });
      measurements.push({ name, entry, status: 'built', bytes, bytesWithoutSdk });
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
