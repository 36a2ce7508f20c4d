'use strict';
/**
 * The `mediamon` bundle: bin/mediamon.ts and everything it imports, bundled by esbuild into CommonJS, so a command
 * starts without compiling TypeScript. Three files: `dist/mediamon.cjs` (the CLI, ~20 KB), `dist/deployed-api.js`
 * (bin/cli/deployed-api.ts: the SDK's SigV4 signer and credential chain, ~400 KB), which the CLI requires only for a
 * deployed API, so a command against the local runtime parses 20 KB, and `dist/dashboard-command.js`
 * (bin/cli/dashboard-command.ts: the dashboard's server and build), required only by `mediamon dashboard`. esbuild
 * stays a package of its own (it cannot be bundled): `mediamon dashboard` needs the dev dependencies installed.
 *
 * Plain JavaScript on purpose: bin/mediamon.js requires it before any TypeScript can run. The bundle is built on
 * demand (the first `mediamon` run, or `npm run build:cli`), not at `npm ci`: a `prepare` script would also run on
 * `npm ci --omit=dev`, where esbuild is absent. A manifest beside the bundle lists the files it was built from; the
 * bundle is fresh while none of them, nor the installed packages (`node_modules/.package-lock.json`), is newer.
 *
 * `node bin/cli/cli-bundle.js` builds it and prints where.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = 'bin/mediamon.ts';
/** Imported by bin/cli/run-cli.ts as `./deployed-api`; bundled apart, beside the CLI, where that import finds it. */
const DEPLOYED_API_ENTRY = 'bin/cli/deployed-api.ts';
/** Imported by bin/cli/run-cli.ts as `./dashboard-command`, for `mediamon dashboard` only; bundled apart likewise. */
const DASHBOARD_COMMAND_ENTRY = 'bin/cli/dashboard-command.ts';
/** Rewritten by every `npm ci` / `npm install`: stands for the bundled dependencies. */
const INSTALLED_PACKAGES = 'node_modules/.package-lock.json';

/** Where the bundle and its manifest are written. `outDir` defaults to `<root>/dist`. */
function bundlePaths(options = {}) {
  const root = options.root ?? ROOT;
  const outDir = options.outDir ?? path.join(root, 'dist');
  return {
    root,
    bundle: path.join(outDir, 'mediamon.cjs'),
    deployedApi: path.join(outDir, 'deployed-api.js'),
    dashboardCommand: path.join(outDir, 'dashboard-command.js'),
    manifest: path.join(outDir, 'mediamon.inputs.json'),
  };
}

/** True when the bundle exists and none of the files it was built from changed since. */
function isBundleFresh(options = {}) {
  const { root, bundle, deployedApi, dashboardCommand, manifest } = bundlePaths(options);
  try {
    const builtAt = fs.statSync(bundle).mtimeMs;
    fs.statSync(deployedApi);
    fs.statSync(dashboardCommand);
    const inputs = JSON.parse(fs.readFileSync(manifest, 'utf8')).inputs;
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    return inputs.every((input) => fs.statSync(path.join(root, input)).mtimeMs <= builtAt);
  } catch {
    return false; // no bundle, no manifest, or an input was removed
  }
}

/**
 * Builds the bundle with esbuild (throws when esbuild is not installed). Writes to a temporary file and renames it, so
 * two first runs at once never load a half-written bundle.
 */
function buildBundle(options = {}) {
  const { root, bundle, deployedApi, dashboardCommand, manifest } = bundlePaths(options);
  const esbuild = require('esbuild');
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  };
  const temporary = (file) => `${file}.${process.pid}.tmp`;
  const builds = [
    esbuild.buildSync({ ...common, entryPoints: [DEPLOYED_API_ENTRY], outfile: temporary(deployedApi) }),
    esbuild.buildSync({
      ...common,
      entryPoints: [DASHBOARD_COMMAND_ENTRY],
      outfile: temporary(dashboardCommand),
      external: [`./${path.basename(DEPLOYED_API_ENTRY, '.ts')}`, 'esbuild'],
      supported: { 'dynamic-import': false },
    }),
    esbuild.buildSync({
      ...common,
      entryPoints: [ENTRY],
      outfile: temporary(bundle),
      external: [`./${path.basename(DEPLOYED_API_ENTRY, '.ts')}`, `./${path.basename(DASHBOARD_COMMAND_ENTRY, '.ts')}`],
      // `await import('./deployed-api')` becomes a require: CommonJS resolution finds `deployed-api.js` without the
      // extension, ESM resolution would not.
      supported: { 'dynamic-import': false },
    }),
  ];
  const own = new Set(
    builds.flatMap((build) => Object.keys(build.metafile.inputs)).filter((input) => !input.includes('node_modules/')),
  );
  const inputs = [...own, ...(fs.existsSync(path.join(root, INSTALLED_PACKAGES)) ? [INSTALLED_PACKAGES] : [])];
  fs.writeFileSync(manifest, `${JSON.stringify({ entry: ENTRY, inputs }, null, 2)}\n`);
  // The CLI last: a concurrent run that sees the new CLI also finds the new signer and dashboard beside it.
  fs.renameSync(temporary(deployedApi), deployedApi);
  fs.renameSync(temporary(dashboardCommand), dashboardCommand);
  fs.renameSync(temporary(bundle), bundle);
  return bundle;
}

/**
 * The bundle's path, built first when missing or stale; undefined when it cannot be built (esbuild missing, the folder
 * read-only), and the caller falls back to tsx.
 */
function freshBundle(options = {}) {
  if (isBundleFresh(options)) return bundlePaths(options).bundle;
  try {
    return buildBundle(options);
  } catch (error) {
    if (process.env.MEDIAMON_DEBUG) process.stderr.write(`mediamon: not bundled (${error.message}); using tsx\n`);
    return undefined;
  }
}

module.exports = { bundlePaths, isBundleFresh, buildBundle, freshBundle };

if (require.main === module) {
  const bundle = buildBundle();
  process.stdout.write(`${path.relative(process.cwd(), bundle)} (${Math.round(fs.statSync(bundle).size / 1024)} KB)\n`);
}
