import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Playwright's default wait is 30 s; a view that has not shown its data in 15 s has failed. */
export const VIEW_TIMEOUT_MS = 15_000;

/** The dashboard's landmark for a section of a view (`<section aria-label="…">` is a region). */
export const region = (page: Page, name: string): Locator => page.getByRole('region', { name, exact: true });

/** The flow's name, from the end of its ARN (`arn:aws:mediaconnect:…:flow:<id>:<name>`). */
export const nameOfArn = (arn: string): string => arn.split(':').pop() ?? arn;

/** The ARNs of the rows the table shows now, top to bottom (virtualized: only those in the DOM). */
export async function rowArns(table: Locator): Promise<string[]> {
  return table.locator('tbody tr[data-arn]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-arn') ?? ''));
}

/** Waits until `read` returns a value `accept` takes, polling every 50 ms; throws with the last value after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = VIEW_TIMEOUT_MS,
): Promise<T> {
  const started = Date.now();
  let last: T = await read();
  while (!accept(last)) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

/** Marks the document so a test can tell the page was not reloaded (the mark is gone after a reload). */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { __notReloaded?: boolean }).__notReloaded = true;
  });
}

export async function documentStillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (globalThis as unknown as { __notReloaded?: boolean }).__notReloaded === true);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page; returns its serious and critical violations. axe is evaluated through the DevTools
 * protocol, not added as a `<script>` (`page.addScriptTag` inlines it, which the dashboard's CSP rightly refuses).
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(readFileSync(path.join(path.dirname(require.resolve('axe-core')), 'axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolationRaw[] }> } }).axe;
    interface AxeViolationRaw {
      id: string;
      impact?: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
