import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildBundle, bundlePaths, isBundleFresh } from '../../../bin/cli/cli-bundle';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const run = promisify(execFile);
/** esbuild's two builds take about a second on an idle machine; several on one shared by parallel test runs. */
const BUILD_TIMEOUT_MS = 60_000;

describe('mediamon bundle', () => {
  let outDir: string;

  beforeEach(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'mediamon-bundle-'));
  });
  afterEach(() => rmSync(outDir, { recursive: true, force: true }));

  it(
    'builds the CLI small, with the signer and credential chain in a file of their own',
    () => {
      // Act
      const bundle = buildBundle({ outDir });

      // Assess
      const paths = bundlePaths({ outDir });
      expect(bundle).toBe(paths.bundle);
      expect(statSync(paths.bundle).size).toBeLessThan(60 * 1024);
      expect(statSync(paths.deployedApi).size).toBeGreaterThan(statSync(paths.bundle).size);
      expect(isBundleFresh({ outDir })).toBe(true);
    },
    BUILD_TIMEOUT_MS,
  );

  it(
    'reports the bundle stale when a source is newer, or a part or the manifest is missing',
    () => {
      // Prepare
      buildBundle({ outDir });
      const paths = bundlePaths({ outDir });
      const longAgo = new Date('2020-01-01T00:00:00Z');

      // Act
      utimesSync(paths.bundle, longAgo, longAgo);
      const olderThanSources = isBundleFresh({ outDir });
      buildBundle({ outDir });
      rmSync(paths.deployedApi);
      const withoutSigner = isBundleFresh({ outDir });
      buildBundle({ outDir });
      rmSync(paths.manifest);
      const withoutManifest = isBundleFresh({ outDir });

      // Assess
      expect(olderThanSources).toBe(false);
      expect(withoutSigner).toBe(false);
      expect(withoutManifest).toBe(false);
    },
    BUILD_TIMEOUT_MS,
  );

  describe('bin/mediamon.js', () => {
    let server: Server;
    let apiUrl: string;
    const requests: { url: string; authorization?: string }[] = [];

    beforeAll(async () => {
      server = createServer((request, response) => {
        requests.push({
          url: request.url!,
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ items: [{ name: 'AwardsShow', status: 'ACTIVE', arn: 'arn:aws:mediaconnect:x' }] }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it(
      'runs a command from the bundle, without tsx, AWS credentials or a Region',
      async () => {
        // Prepare: a preload that reports, at exit, whether any module of tsx was loaded.
        const preload = path.join(outDir, 'report-tsx.js');
        writeFileSync(
          preload,
          `process.on('exit', () => process.stderr.write('tsx modules: ' + Object.keys(require.cache).filter((m) => m.includes('${path.sep}tsx${path.sep}')).length + '\\n'));`,
        );

        // Act
        const { stdout, stderr } = await run(
          process.execPath,
          ['--require', preload, path.join(REPO_ROOT, 'bin/mediamon.js'), '--api-url', apiUrl, 'flows'],
          { env: { PATH: process.env.PATH ?? '', HOME: outDir }, cwd: outDir },
        );

        // Assess
        expect(stdout).toContain('AwardsShow  ACTIVE');
        expect(stderr).toBe('tsx modules: 0\n');
        expect(requests).toEqual([{ url: '/flows?limit=100' }]);
        expect(existsSync(bundlePaths().bundle)).toBe(true);
      },
      BUILD_TIMEOUT_MS,
    );
  });
});
