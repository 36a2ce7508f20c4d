import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, buildSync, type BuildOptions, type BuildResult, type Metafile, type OutputFile } from 'esbuild';

/**
 * Builds the browser dashboard (bin/dashboard/app) with esbuild, in memory or to a directory. One set of options serves
 * the local server (`npm run demo`, `npm start`, `mediamon dashboard`), the hosted construct's BucketDeployment (at
 * synth, hence the sync variant) and the bench's size figure, so what is measured is what is served.
 */

/**
 * The repository root: the nearest folder above this module that holds the app's sources. Walked up to, not fixed,
 * because this module also runs from the CLI's bundle in `dist/` (bin/cli/cli-bundle.js).
 */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'dashboard', 'app'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
  }
}

const PROJECT_ROOT = projectRoot(__dirname);

/** The browser app's entry. */
export const DASHBOARD_ENTRY = path.join(PROJECT_ROOT, 'bin', 'dashboard', 'app', 'main.tsx');
/** The HTML shell: it references `/app.js` and `/app.css`, rewritten to the hashed names at build. */
export const DASHBOARD_INDEX_HTML = path.join(PROJECT_ROOT, 'bin', 'dashboard', 'app', 'index.html');
/** The budget the issue sets for the whole dashboard, gzipped. */
export const DASHBOARD_BUDGET_GZIP_BYTES = 200 * 1024;

/** The stable names the HTML shell uses; the build replaces them with the hashed outputs. */
const SHELL_SCRIPT = '/app.js';
const SHELL_STYLESHEET = '/app.css';

export interface DashboardBuildInput {
  /** @default DASHBOARD_ENTRY */
  readonly entry?: string;
  /** @default DASHBOARD_INDEX_HTML */
  readonly indexHtml?: string;
}

/** One file the dashboard serves. */
export interface DashboardFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** Hashed name: cacheable forever. Only `/index.html` is not. */
  readonly immutable: boolean;
  readonly rawBytes: number;
  /** gzip level 9, what a CDN or a browser fetch would transfer at best. */
  readonly gzipBytes: number;
}

export interface DashboardBundle {
  /** URL path (`/index.html`, `/app-XXXX.js`, …) → file. */
  readonly files: ReadonlyMap<string, DashboardFile>;
  /** The hashed names `/app.js` and `/app.css` were rewritten to. */
  readonly script: string;
  readonly stylesheet: string | undefined;
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

/**
 * The one esbuild configuration of the dashboard: ESM with code splitting (the hosted sign-in code is a lazy chunk),
 * minified, Preact's automatic JSX runtime, CSS bundled from imports (uPlot's stylesheet), every output named by its
 * content hash. Nothing is written by esbuild itself (`write: false`); `outdir` only anchors the output names.
 */
export function dashboardBuildOptions(entry: string = DASHBOARD_ENTRY, outdir = '/dashboard'): BuildOptions {
  return {
    entryPoints: { app: entry },
    outdir,
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file' },
    legalComments: 'none',
    sourcemap: false,
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    // A fixture entry outside the project (tests) still resolves preact and uPlot from the project's packages.
    nodePaths: [path.join(PROJECT_ROOT, 'node_modules')],
    metafile: true,
    write: false,
    logLevel: 'silent',
  };
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The Content-Type a dashboard file is served with. */
export function contentTypeOf(urlPath: string): string {
  return CONTENT_TYPES[path.posix.extname(urlPath).toLowerCase()] ?? 'application/octet-stream';
}

function dashboardFile(body: Buffer, urlPath: string, immutable: boolean): DashboardFile {
  return {
    body,
    contentType: contentTypeOf(urlPath),
    immutable,
    rawBytes: body.byteLength,
    gzipBytes: gzipSync(body, { level: 9 }).byteLength,
  };
}

function urlPathOf(outdir: string, file: string): string {
  return '/' + path.relative(outdir, file).split(path.sep).join('/');
}

/** The entry's JS and CSS outputs, found through the metafile (the entry point is named in its output). */
function entryOutputs(metafile: Metafile, outdir: string, entry: string): { script: string; stylesheet?: string } {
  const absoluteEntry = path.resolve(entry);
  for (const [output, meta] of Object.entries(metafile.outputs)) {
    if (!meta.entryPoint || path.resolve(meta.entryPoint) !== absoluteEntry) continue;
    return {
      script: urlPathOf(outdir, path.resolve(output)),
      ...(meta.cssBundle ? { stylesheet: urlPathOf(outdir, path.resolve(meta.cssBundle)) } : {}),
    };
  }
  throw new Error(`esbuild produced no output for the entry ${entry}`);
}

/**
 * The HTML shell with `/app.js` and `/app.css` pointing at the hashed outputs. The shell must reference the script;
 * it may omit the stylesheet only when the app imports no CSS.
 */
export function rewriteShell(html: string, script: string, stylesheet: string | undefined): string {
  if (!html.includes(`"${SHELL_SCRIPT}"`)) throw new Error(`index.html does not reference "${SHELL_SCRIPT}"`);
  let rewritten = html.split(`"${SHELL_SCRIPT}"`).join(`"${script}"`);
  if (html.includes(`"${SHELL_STYLESHEET}"`)) {
    if (!stylesheet) throw new Error(`index.html references "${SHELL_STYLESHEET}" but the app imports no CSS`);
    rewritten = rewritten.split(`"${SHELL_STYLESHEET}"`).join(`"${stylesheet}"`);
  }
  return rewritten;
}

function assemble(result: BuildResult, outdir: string, entry: string, indexHtml: string): DashboardBundle {
  const outputs: OutputFile[] = result.outputFiles ?? [];
  if (!result.metafile) throw new Error('esbuild returned no metafile');
  const { script, stylesheet } = entryOutputs(result.metafile, outdir, entry);
  const files = new Map<string, DashboardFile>();
  for (const output of outputs) {
    const urlPath = urlPathOf(outdir, output.path);
    files.set(urlPath, dashboardFile(Buffer.from(output.contents), urlPath, true));
  }
  const shell = rewriteShell(readFileSync(indexHtml, 'utf8'), script, stylesheet);
  files.set('/index.html', dashboardFile(Buffer.from(shell, 'utf8'), '/index.html', false));
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files.values()) {
    rawBytes += file.rawBytes;
    gzipBytes += file.gzipBytes;
  }
  return { files, script, stylesheet, rawBytes, gzipBytes };
}

const OUTDIR = path.join(PROJECT_ROOT, '.dashboard-build');

/** Builds the dashboard in memory. */
export async function buildDashboard(input: DashboardBuildInput = {}): Promise<DashboardBundle> {
  const entry = input.entry ?? DASHBOARD_ENTRY;
  const result = await build(dashboardBuildOptions(entry, OUTDIR));
  return assemble(result, OUTDIR, entry, input.indexHtml ?? DASHBOARD_INDEX_HTML);
}

/** Builds the dashboard in memory, synchronously (CDK synth cannot await). */
export function buildDashboardSyncInMemory(input: DashboardBuildInput = {}): DashboardBundle {
  const entry = input.entry ?? DASHBOARD_ENTRY;
  const result = buildSync(dashboardBuildOptions(entry, OUTDIR));
  return assemble(result, OUTDIR, entry, input.indexHtml ?? DASHBOARD_INDEX_HTML);
}

/** Writes a built bundle's files under `dir` (created if missing), by their URL paths. */
export function writeDashboardBundle(bundle: DashboardBundle, dir: string): void {
  for (const [urlPath, file] of bundle.files) {
    const target = path.join(dir, ...urlPath.split('/').filter(Boolean));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.body);
  }
}

/** Builds the dashboard and writes it to `dir` (e.g. for an S3 BucketDeployment source). */
export async function buildDashboardToDirectory(
  dir: string,
  input: DashboardBuildInput = {},
): Promise<DashboardBundle> {
  const bundle = await buildDashboard(input);
  writeDashboardBundle(bundle, dir);
  return bundle;
}

/** `buildDashboardToDirectory`, synchronously: for the hosted construct at CDK synth. */
export function buildDashboardSync(dir: string, input: DashboardBuildInput = {}): DashboardBundle {
  const bundle = buildDashboardSyncInMemory(input);
  writeDashboardBundle(bundle, dir);
  return bundle;
}
