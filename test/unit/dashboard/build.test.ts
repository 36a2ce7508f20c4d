import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  buildDashboard,
  buildDashboardSync,
  contentTypeOf,
  dashboardBuildOptions,
  rewriteShell,
  type DashboardBuildInput,
} from '../../../bin/dashboard/build';

/** A tiny app with the real app's shape: Preact JSX, an imported stylesheet and a lazy chunk. */
function writeFixtureApp(dir: string): DashboardBuildInput {
  writeFileSync(path.join(dir, 'style.css'), 'main { color: rgb(1, 2, 3); }\n');
  writeFileSync(path.join(dir, 'lazy.ts'), "export const lazyMarker = 'lazy-chunk-marker';\n");
  writeFileSync(
    path.join(dir, 'main.tsx'),
    [
      "import { render } from 'preact';",
      "import './style.css';",
      "const root = document.getElementById('root');",
      'if (root) render(<main>fixture-app-marker</main>, root);',
      "void import('./lazy').then((module) => console.log(module.lazyMarker));",
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><head><link rel="stylesheet" href="/app.css"><script type="module" src="/app.js"></script></head><body><div id="root"></div></body></html>\n',
  );
  return { entry: path.join(dir, 'main.tsx'), indexHtml: path.join(dir, 'index.html') };
}

describe('dashboard build', () => {
  let dir: string;
  let input: DashboardBuildInput;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dashboard-build-'));
    input = writeFixtureApp(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles the app as hashed ESM with its CSS and a lazy chunk, and points the shell at the hashed names', async () => {
    // Act
    const bundle = await buildDashboard(input);

    // Assess
    expect(bundle.script).toMatch(/^\/app-[A-Z0-9]{8}\.js$/);
    expect(bundle.stylesheet).toMatch(/^\/app-[A-Z0-9]{8}\.css$/);
    const shell = bundle.files.get('/index.html');
    expect(shell?.immutable).toBe(false);
    expect(shell?.contentType).toBe('text/html; charset=utf-8');
    const html = shell?.body.toString('utf8') ?? '';
    expect(html).toContain(`src="${bundle.script}"`);
    expect(html).toContain(`href="${bundle.stylesheet}"`);
    expect(html).not.toContain('"/app.js"');
    const script = bundle.files.get(bundle.script)?.body.toString('utf8') ?? '';
    expect(script).toContain('fixture-app-marker');
    expect(script).not.toContain('lazy-chunk-marker');
    const chunks = [...bundle.files.keys()].filter((name) => /^\/chunk-[A-Z0-9]{8}\.js$/.test(name));
    expect(chunks).toHaveLength(1);
    expect(bundle.files.get(chunks[0] ?? '')?.body.toString('utf8')).toContain('lazy-chunk-marker');
    expect(bundle.files.get(bundle.stylesheet ?? '')?.body.toString('utf8')).toMatch(/color:\s*(#010203|rgb)/);
  });

  it('marks every output but the shell immutable and counts raw and gzipped bytes per file and in total', async () => {
    // Act
    const bundle = await buildDashboard(input);

    // Assess
    let raw = 0;
    let gzip = 0;
    for (const [name, file] of bundle.files) {
      expect(file.immutable).toBe(name !== '/index.html');
      expect(file.rawBytes).toBe(file.body.byteLength);
      expect(file.gzipBytes).toBe(gzipSync(file.body, { level: 9 }).byteLength);
      expect(gunzipSync(gzipSync(file.body)).equals(file.body)).toBe(true);
      raw += file.rawBytes;
      gzip += file.gzipBytes;
    }
    expect(bundle.rawBytes).toBe(raw);
    expect(bundle.gzipBytes).toBe(gzip);
  });

  it('writes the same files to a directory synchronously, by their URL paths', () => {
    // Prepare
    const out = path.join(dir, 'out');

    // Act
    const bundle = buildDashboardSync(out, input);

    // Assess
    expect(readdirSync(out).sort()).toEqual([...bundle.files.keys()].map((name) => name.slice(1)).sort());
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain(bundle.script);
  });

  it('fails when the shell does not reference the script', async () => {
    // Prepare
    writeFileSync(input.indexHtml ?? '', '<!doctype html><title>no script</title>');

    // Act / Assess
    await expect(buildDashboard(input)).rejects.toThrow('does not reference "/app.js"');
  });

  it('fails when the shell references a stylesheet the app does not produce', () => {
    // Act / Assess
    expect(() => rewriteShell('<link href="/app.css"><script src="/app.js"></script>', '/app-X.js', undefined)).toThrow(
      'imports no CSS',
    );
  });

  it('builds with the options the issue fixes: ESM, splitting, minify, Preact JSX, es2022, no source maps', () => {
    // Act
    const options = dashboardBuildOptions('/x/main.tsx');

    // Assess
    expect(options).toMatchObject({
      format: 'esm',
      splitting: true,
      minify: true,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      target: 'es2022',
      sourcemap: false,
      legalComments: 'none',
      bundle: true,
    });
  });

  it.each([
    ['/app-ABC.js', 'text/javascript; charset=utf-8'],
    ['/app-ABC.css', 'text/css; charset=utf-8'],
    ['/font-ABC.woff2', 'font/woff2'],
    ['/blob', 'application/octet-stream'],
  ])('serves %s as %s', (name, type) => {
    // Act / Assess
    expect(contentTypeOf(name)).toBe(type);
  });
});
