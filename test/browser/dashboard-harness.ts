import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { detailHref } from '../../bin/dashboard/app/model/routes';
import {
  type DashboardEstate,
  type DashboardEstateOptions,
  type DashboardRole,
  launchChromium,
  startDashboardEstate,
} from '../../bin/bench/dashboard-estate';
import { emulatorEndpoints } from '../integration/emulator-env';

/**
 * The dashboard in headless Chromium against the local runtime: the demo estate on the moto_server and dynalite the
 * browser tier's global setup started (bin/bench/dashboard-estate.ts; one Region per test file, since moto partitions
 * by Region), a dashboard server per role, and Chromium. Every page it opens collects console errors, uncaught
 * exceptions and CSP violations; after each test the pages are closed and the test fails on any of them.
 */

export type DashboardHarnessOptions = Pick<DashboardEstateOptions, 'region' | 'runtime'>;

export interface OpenOptions {
  /** @default 'operator' */
  readonly role?: DashboardRole;
  /** Console errors this page is expected to log (an API answer of 4xx the test provokes), by pattern. */
  readonly allowConsole?: readonly RegExp[];
}

export interface DashboardHarness extends DashboardEstate {
  readonly browser: Browser;
  /** Opens `path` of a role's dashboard in a fresh 1280×800 browser context, and waits for the page's load event. */
  open(pathname: string, options?: OpenOptions): Promise<Page>;
  /** Closes every page opened since the last call; returns the console errors, page errors and CSP violations seen. */
  closePages(): Promise<string[]>;
}

/** Where the committed screenshots go. */
export const SCREENSHOT_DIR = path.join(__dirname, 'screenshots');

/** Reports a CSP violation on the console, where the page's problem collector hears it. */
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`;

export async function startDashboardHarness(options: DashboardHarnessOptions): Promise<DashboardHarness> {
  const { moto, dynamodb } = emulatorEndpoints();
  const estate = await startDashboardEstate({ ...options, motoEndpoint: moto, dynamodbEndpoint: dynamodb });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await estate.stop();
    throw error;
  }
  let opened: { context: BrowserContext; problems: string[] }[] = [];
  const closePages = async (): Promise<string[]> => {
    const closing = opened;
    opened = [];
    await Promise.all(closing.map((o) => o.context.close()));
    return closing.flatMap((o) => o.problems);
  };
  return {
    ...estate,
    browser,
    async open(pathname, openOptions = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const problems: string[] = [];
      opened.push({ context, problems });
      const allowed = openOptions.allowConsole ?? [];
      await context.addInitScript(CSP_LISTENER);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const where = message.location().url;
        const text = `${message.text()}${where ? ` (${where})` : ''}`;
        if (!allowed.some((pattern) => pattern.test(text))) problems.push(`console error: ${text}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await page.goto(new URL(pathname.replace(/^\//, ''), estate.dashboardUrl[openOptions.role ?? 'operator']).href);
      return page;
    },
    closePages,
    async stop() {
      await closePages().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await estate.stop();
    },
  };
}

/**
 * The harness for one test file: started before its tests, stopped after them; after each test the pages it opened
 * are closed and the test fails on any console error, page error or CSP violation they saw.
 */
export function useDashboardHarness(options: DashboardHarnessOptions): () => DashboardHarness {
  let harness: DashboardHarness | undefined;
  beforeAll(async () => {
    harness = await startDashboardHarness(options);
  }, 240_000);
  afterEach(async () => {
    const problems = (await harness?.closePages()) ?? [];
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await harness?.stop();
  }, 60_000);
  return () => {
    if (!harness) throw new Error('the dashboard harness did not start (see the beforeAll error)');
    return harness;
  };
}

/** Saves a screenshot of the whole page (1280 px wide) under test/browser/screenshots/. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** The dashboard path of a flow's page (`/flows/<encoded ARN>[/<sub>]`), built by the app's own URL function. */
export const flowPath = (arn: string, sub?: string): string => detailHref('/flows', arn, sub);
