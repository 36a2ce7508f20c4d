import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CDK_EXTERNAL_MODULES, cdkBuildOptions, LAMBDA_ENTRIES, measureBundles } from '../../../bin/bench/bundle-size';
import { LAMBDA_CREDENTIALS_ALIAS } from '../../../lib/monitor-function';

describe('bundle sizes', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bench-bundle-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('builds with the bundling settings of lib/monitor-function.ts', () => {
    // Prepare
    const construct = readFileSync(path.resolve(__dirname, '../../../lib/monitor-function.ts'), 'utf8');
    const bundling = construct.slice(
      construct.indexOf('bundling: {'),
      construct.indexOf('},', construct.indexOf('bundling: {')),
    );

    // Act
    const options = cdkBuildOptions('entry.ts');

    // Assess
    expect(bundling).toContain('format: OutputFormat.CJS');
    expect(bundling).toContain(`target: '${String(options.target)}'`);
    expect(bundling).toContain(`minify: ${String(options.minify)}`);
    expect(bundling).toContain(`keepNames: ${String(options.keepNames)}`);
    expect(bundling).toContain(`sourceMap: ${String(options.sourcemap)}`);
    expect(bundling).toContain(`sourcesContent: ${String(options.sourcesContent)}`);
    expect(bundling).toContain(`mainFields: [${(options.mainFields ?? []).map((f) => `'${f}'`).join(', ')}]`);
    expect(bundling).toContain(`externalModules: [${CDK_EXTERNAL_MODULES.map((m) => `'${m}'`).join(', ')}]`);
    expect(bundling).toContain("esbuildArgs: { '--alias': Object.entries(LAMBDA_CREDENTIALS_ALIAS)");
    expect(options).toMatchObject({ bundle: true, platform: 'node', format: 'cjs', external: [] });
    expect(options.alias).toEqual(LAMBDA_CREDENTIALS_ALIAS);
  });

  it('measures the minified .js of a handler with the SDK bundled and without, and reports missing and broken ones', async () => {
    // Prepare
    const source = [
      "import { STSClient } from '@aws-sdk/client-sts';",
      `const padding = '${'x'.repeat(2000)}';`,
      'export const handler = async () => new STSClient({}).config.serviceId + padding.length;',
    ].join('\n');
    writeFileSync(path.join(root, 'present.ts'), source);
    writeFileSync(path.join(root, 'broken.ts'), "export { handler } from './nowhere';");
    symlinkSync(path.resolve(__dirname, '../../../node_modules'), path.join(root, 'node_modules'), 'dir');
    symlinkSync(path.resolve(__dirname, '../../../lambdas'), path.join(root, 'lambdas'), 'dir');

    // Act
    const [present, absent, broken] = await measureBundles(root, [
      { name: 'present', entry: 'present.ts' },
      { name: 'absent', entry: 'absent.ts' },
      { name: 'broken', entry: 'broken.ts' },
    ]);

    // Assess
    expect(absent).toEqual({ name: 'absent', entry: 'absent.ts', status: 'missing' });
    expect(broken).toMatchObject({ name: 'broken', status: 'failed', error: expect.stringContaining('Build failed') });
    expect(present?.status).toBe('built');
    if (present?.status !== 'built') return;
    expect(present.bytesWithoutSdk).toBeGreaterThan(2000);
    expect(present.bytesWithoutSdk).toBeLessThan(10_000);
    expect(present.bytes).toBeGreaterThan(present.bytesWithoutSdk + 50_000);
  });
});

describe('bundled functions', () => {
  it('measures one inventory function per service and the one metrics function', () => {
    // Act
    const entries = LAMBDA_ENTRIES.map((e) => e.entry);

    // Assess
    expect(entries).toEqual(
      expect.arrayContaining([
        'lambdas/functions/mediaconnect-inventory/handler.ts',
        'lambdas/functions/medialive-inventory/handler.ts',
        'lambdas/functions/metrics/handler.ts',
      ]),
    );
    expect(entries.filter((e) => e.includes('/metrics/'))).toHaveLength(1);
  });
});
