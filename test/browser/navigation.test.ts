import { flowPath, useDashboardHarness } from './dashboard-harness';
import { eventually, nameOfArn, rowArns, VIEW_TIMEOUT_MS } from './page-checks';

const harness = useDashboardHarness({ region: 'ap-southeast-2' });

/** The part of a DOM element these checks read (the root tsconfig has no DOM types; this code runs in the page). */
interface FocusedElement {
  tagName: string;
  getAttribute(name: string): string | null;
  closest(selector: string): unknown;
}

interface Focused {
  inMainNav: boolean;
  isFlowsFilter: boolean;
  rowLink: boolean;
}

describe('links and the back button', () => {
  it('opens a flow page from its URL in a fresh page (deep link), and the grant form from its own', async () => {
    // Prepare
    const h = harness();
    const flow = h.flow('Playout-Main');

    // Act
    const page = await h.open(flowPath(flow.arn));
    await page.getByRole('heading', { level: 1, name: 'Playout-Main' }).waitFor({ timeout: VIEW_TIMEOUT_MS });
    const grant = await h.open(flowPath(flow.arn, 'grant'));
    await grant.getByRole('form', { name: 'Grant entitlement' }).waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Assess
    expect(new URL(page.url()).pathname).toBe(flowPath(flow.arn));
    expect(await page.title()).toMatch(/Playout-Main/);
    expect(new URL(grant.url()).pathname).toBe(flowPath(flow.arn, 'grant'));
  });

  it('returns to the filtered flows list, filter kept, when Back is pressed on a flow page', async () => {
    // Prepare
    const h = harness();
    const page = await h.open('/flows?q=News');
    const table = page.getByRole('table', { name: 'Flows' });
    const filter = page.getByLabel('Filter Flows');
    const filtered = await eventually(
      () => rowArns(table),
      (arns) => arns.length > 0 && arns.every((arn) => nameOfArn(arn).includes('News')),
    );
    const first = filtered[0]!;
    await table.locator(`tbody tr[data-arn="${first}"]`).getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: nameOfArn(first) }).waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Act
    await page.goBack();
    await table.locator('tbody tr[data-arn]').first().waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Assess
    const url = new URL(page.url());
    expect(url.pathname).toBe('/flows');
    expect(url.searchParams.get('q')).toBe('News');
    expect(await filter.inputValue()).toBe('News');
    expect((await rowArns(table)).sort()).toEqual([...filtered].sort());
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
  });
});

describe('keyboard', () => {
  it('reaches the main navigation, the filter and the first row link with Tab, and opens the flow with Enter', async () => {
    // Prepare
    const h = harness();
    const page = await h.open('/flows');
    const table = page.getByRole('table', { name: 'Flows' });
    await table.locator('tbody tr[data-arn]').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    const reached: Focused[] = [];

    // Act
    let onRow = false;
    for (let i = 0; i < 60 && !onRow; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate((): Focused => {
        const el = (globalThis as unknown as { document: { activeElement: FocusedElement | null } }).document
          .activeElement;
        return {
          inMainNav: Boolean(el?.closest('nav[aria-label="Main"]')),
          isFlowsFilter: el?.getAttribute('aria-label') === 'Filter Flows',
          rowLink: el?.tagName === 'A' && Boolean(el.closest('tr[data-arn]')),
        };
      });
      reached.push(focused);
      onRow = focused.rowLink;
    }
    const href = await page.evaluate(
      () =>
        (
          globalThis as unknown as { document: { activeElement: FocusedElement | null } }
        ).document.activeElement?.getAttribute('href') ?? '',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === href, { timeout: VIEW_TIMEOUT_MS });

    // Assess
    expect(reached.some((f) => f.inMainNav)).toBe(true);
    expect(reached.some((f) => f.isFlowsFilter)).toBe(true);
    expect(onRow).toBe(true);
    expect(reached.findIndex((f) => f.isFlowsFilter)).toBeLessThan(reached.findIndex((f) => f.rowLink));
    expect(href).toMatch(/^\/flows\/arn%3Aaws%3Amediaconnect/);
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: VIEW_TIMEOUT_MS });
  });
});
