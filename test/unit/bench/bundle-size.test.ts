import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CDK_EXTERNAL_MODULES, cdkBuildOptions, measureBundles } from '../../../bin/bench/bundle-size';

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
    expect(options).toMatchObject({ bundle: true, platform: 'node', format: 'cjs', external: ['@aws-sdk/*'] });
  });

  it('measures the minified .js of a handler with and without @aws-sdk external, and reports missing and broken ones', async () => {
    // Prepare
    const source = [
      "import { STSClient } from '@aws-sdk/client-sts';",
      `const padding = '${'x'.repeat(2000)}';`,
      'export const handler = async () => new STSClient({}).config.serviceId + padding.length;',
    ].join('\n');
    writeFileSync(path.join(root, 'present.ts'), source);
    writeFileSync(path.join(root, 'broken.ts'), "export { handler } from './nowhere';");
    symlinkSync(path.resolve(__dirname, '../../../node_modules'), path.join(root, 'node_modules'), 'dir');

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
    expect(present.bytes).toBeGreaterThan(2000);
    expect(present.bytes).toBeLessThan(10_000);
    expect(present.bytesWithSdk).toBeGreaterThan(present.bytes + 50_000);
  });
});
