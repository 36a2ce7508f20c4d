import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DashboardBundle } from '../../../bin/dashboard/build';
import {
  dashboardBanner,
  parseDashboardRole,
  startLocalDashboard,
  type LocalDashboard,
} from '../../../bin/dashboard/local-dashboard';

const shell = Buffer.from('<!doctype html><title>x</title>');
const BUNDLE: DashboardBundle = {
  files: new Map([
    [
      '/index.html',
      { body: shell, contentType: 'text/html', immutable: false, rawBytes: shell.length, gzipBytes: shell.length },
    ],
  ]),
  script: '/app-X.js',
  stylesheet: undefined,
  rawBytes: shell.length,
  gzipBytes: shell.length,
};

describe('the local runtime dashboard (demo, npm start)', () => {
  const started: LocalDashboard[] = [];
  afterEach(async () => {
    for (const dashboard of started.splice(0)) if (dashboard.served) await dashboard.server.close();
  });

  it('serves in front of the REST API and prints its URL in the banner', async () => {
    // Act
    const dashboard = await startLocalDashboard({
      apiUrl: 'http://127.0.0.1:3000',
      port: 0,
      role: 'read-only',
      bundle: Promise.resolve(BUNDLE),
    });
    started.push(dashboard);

    // Assess
    expect(dashboard.served).toBe(true);
    expect(dashboardBanner(dashboard)).toMatch(/^dashboard http:\/\/127\.0\.0\.1:\d+\/$/);
    const reply = await fetch(dashboard.served ? dashboard.url : 'http://invalid/');
    expect(await reply.text()).toBe(shell.toString());
  });

  it('reports a failed build, no REST API or a taken port instead of failing the runtime', async () => {
    // Prepare
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;

    // Act
    const failedBuild = await startLocalDashboard({
      apiUrl: 'http://127.0.0.1:3000',
      port: 0,
      role: 'operator',
      bundle: Promise.reject(new Error('Could not resolve "./main.tsx"\nat …')),
    });
    const noApi = await startLocalDashboard({
      apiUrl: undefined,
      port: 0,
      role: 'operator',
      bundle: Promise.reject(new Error('not observed twice')),
    });
    const portTaken = await startLocalDashboard({
      apiUrl: 'http://127.0.0.1:3000',
      port,
      role: 'operator',
      bundle: Promise.resolve(BUNDLE),
    });
    await new Promise<void>((resolve) => taken.close(() => resolve()));

    // Assess
    expect(dashboardBanner(failedBuild)).toBe('dashboard not served: the build failed: Could not resolve "./main.tsx"');
    expect(dashboardBanner(noApi)).toBe('dashboard not served: the REST API is not served');
    expect(dashboardBanner(portTaken)).toBe(
      `dashboard not served: port ${port} is in use (choose another with --dashboard-port, 0 for any free port)`,
    );
  });

  it('takes operator or read-only as the role, operator by default', () => {
    // Act / Assess
    expect(parseDashboardRole(undefined)).toBe('operator');
    expect(parseDashboardRole('read-only')).toBe('read-only');
    expect(() => parseDashboardRole('admin')).toThrow('--dashboard-role must be read-only or operator, got "admin"');
  });
});
