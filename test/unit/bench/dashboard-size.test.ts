import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dashboardSizeCheck, formatDashboardSize } from '../../../bin/bench/bench-report';
import { measureDashboardSize, type DashboardSizeMeasurement } from '../../../bin/bench/dashboard-size';
import { buildDashboard } from '../../../bin/dashboard/build';

const REPO_ROOT = path.resolve(__dirname, '../../..');

describe('dashboard size in the bench', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dashboard-size-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('measures every file of the built dashboard, raw and gzipped, largest first, against the 200 KB budget', async () => {
    // Prepare: a small app with a stylesheet, built as the dashboard is.
    writeFileSync(path.join(dir, 'style.css'), 'body { margin: 0; }\n');
    writeFileSync(
      path.join(dir, 'main.tsx'),
      "import { render } from 'preact';\nimport './style.css';\nrender(<p>size</p>, document.body);\n",
    );
    writeFileSync(
      path.join(dir, 'index.html'),
      '<link rel="stylesheet" href="/app.css"><script type="module" src="/app.js"></script>',
    );
    const build = () => buildDashboard({ entry: path.join(dir, 'main.tsx'), indexHtml: path.join(dir, 'index.html') });

    // Act
    const measured = await measureDashboardSize(REPO_ROOT, build);

    // Assess
    expect(measured.status).toBe('built');
    if (measured.status !== 'built') return;
    expect(measured.files.map((file) => path.extname(file.path)).sort()).toEqual(['.css', '.html', '.js']);
    expect(measured.files[0]?.path).toMatch(/^\/app-\w+\.js$/);
    expect(measured.gzipBytes).toBe(measured.files.reduce((sum, file) => sum + file.gzipBytes, 0));
    expect(measured.rawBytes).toBeGreaterThan(measured.gzipBytes);
    expect(measured.budgetBytes).toBe(200_000);
  });

  it('reports a failed build with its first line', async () => {
    // Act
    const measured = await measureDashboardSize(REPO_ROOT, () =>
      Promise.reject(new Error('Could not resolve "./missing"\nmore detail')),
    );

    // Assess
    expect(measured).toEqual({ status: 'failed', error: 'Could not resolve "./missing"' });
  });

  it('passes within the budget, fails over it, and skips when the app does not exist yet', () => {
    // Prepare
    const built = (gzipBytes: number): DashboardSizeMeasurement => ({
      status: 'built',
      files: [{ path: '/app-X.js', rawBytes: gzipBytes * 3, gzipBytes }],
      rawBytes: gzipBytes * 3,
      gzipBytes,
      budgetBytes: 200_000,
    });

    // Act
    const within = dashboardSizeCheck(built(48_500));
    const over = dashboardSizeCheck(built(200_001));
    const missing = dashboardSizeCheck({ status: 'missing', entry: 'bin/dashboard/app/main.tsx' });

    // Assess
    expect(within).toEqual({
      target: 'Dashboard <= 200 KB gzipped',
      measured: '48.5 KB gzipped (145.5 KB raw, 1 file)',
      verdict: 'PASS',
    });
    expect(over.verdict).toBe('FAIL');
    expect(missing).toMatchObject({ verdict: 'SKIP', note: 'bin/dashboard/app/main.tsx does not exist yet' });
  });

  it('prints each file raw and gzipped, the total and the share of the budget', () => {
    // Prepare
    const measured: DashboardSizeMeasurement = {
      status: 'built',
      files: [
        { path: '/app-AAAA.js', rawBytes: 120_000, gzipBytes: 40_000 },
        { path: '/index.html', rawBytes: 500, gzipBytes: 300 },
      ],
      rawBytes: 120_500,
      gzipBytes: 40_300,
      budgetBytes: 200_000,
    };

    // Act
    const lines = formatDashboardSize(measured);

    // Assess
    expect(lines.find((line) => line.includes('/app-AAAA.js'))).toMatch(/\/app-AAAA\.js\s+120\.0 KB\s+40\.0 KB/);
    expect(lines.find((line) => line.includes('total'))).toMatch(/total\s+120\.5 KB\s+40\.3 KB/);
    expect(lines).toContain('  40.3 KB gzipped of the 200.0 KB budget (20%)');
  });
});
