/** Types of cli-bundle.js (plain JavaScript: bin/mediamon.js requires it before TypeScript can run). */

export interface BundleOptions {
  /** The repository root, where bin/mediamon.ts and node_modules are. @default this repository */
  root?: string;
  /** Where the bundle is written. @default `<root>/dist` */
  outDir?: string;
}

export interface BundlePaths {
  root: string;
  /** The CLI: `dist/mediamon.cjs`. */
  bundle: string;
  /** The signer and credential chain, required by the CLI for a deployed API only: `dist/deployed-api.js`. */
  deployedApi: string;
  /** The dashboard's server and build, required by `mediamon dashboard` only: `dist/dashboard-command.js`. */
  dashboardCommand: string;
  /** The files the bundle was built from: `dist/mediamon.inputs.json`. */
  manifest: string;
}

export function bundlePaths(options?: BundleOptions): BundlePaths;
/** True when the bundle exists and none of the files it was built from changed since. */
export function isBundleFresh(options?: BundleOptions): boolean;
/** Builds the bundle with esbuild and returns its path; throws when esbuild is missing. */
export function buildBundle(options?: BundleOptions): string;
/** The bundle's path, built first when missing or stale; undefined when it cannot be built. */
export function freshBundle(options?: BundleOptions): string | undefined;
