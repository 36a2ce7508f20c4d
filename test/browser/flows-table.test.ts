import { useDashboardHarness } from './dashboard-harness';
import { eventually, nameOfArn, rowArns, VIEW_TIMEOUT_MS } from './page-checks';

const harness = useDashboardHarness({ region: 'eu-west-2' });

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });

describe('the flows table', () => {
  it('keeps only the matching rows while the user types in the filter, and keeps the filter in the URL', async () => {
    // Prepare
    const h = harness();
    const page = await h.open('/flows');
    const table = page.getByRole('table', { name: 'Flows' });
    await table.locator('tbody tr[data-arn]').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    const before = await rowArns(table);

    // Act
    await page.getByLabel('Filter Flows').fill('Sports');
    const after = await eventually(
      () => rowArns(table),
      (arns) => arns.length > 0 && arns.length < before.length,
    );

    // Assess
    expect(after.sort()).toEqual(
      expect.arrayContaining([h.flow('Sports-Feed-A').arn, h.flow('Sports-Feed-B').arn].sort()),
    );
    expect(after).not.toContain(h.flow('Weather-Loop').arn);
    expect(new URL(page.url()).searchParams.get('q')).toBe('Sports');
    const rowLink = table.locator('tbody tr[data-arn]').first().getByRole('link').first();
    expect(await rowLink.getAttribute('href')).toMatch(/^\/flows\/arn%3Aaws%3Amediaconnect/);
  });

  it('sorts by a column when its header button is pressed, and flips aria-sort on the second press', async () => {
    // Prepare
    const h = harness();
    const page = await h.open('/flows');
    const table = page.getByRole('table', { name: 'Flows' });
    await table.locator('tbody tr[data-arn]').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    const header = table.getByRole('columnheader', { name: /^Name/ });
    const button = header.getByRole('button');

    // Act
    await button.click();
    const first = await eventually(
      () => header.getAttribute('aria-sort'),
      (sort) => sort === 'ascending' || sort === 'descending',
    );
    const firstOrder = (await rowArns(table)).map(nameOfArn);
    await button.click();
    const second = await eventually(
      () => header.getAttribute('aria-sort'),
      (sort) => sort !== first,
    );
    const secondOrder = await eventually(
      async () => (await rowArns(table)).map(nameOfArn),
      (names) => names[0] !== firstOrder[0],
    );

    // Assess
    expect(second).toBe(first === 'ascending' ? 'descending' : 'ascending');
    const ascending = first === 'ascending' ? firstOrder : secondOrder;
    const descending = first === 'ascending' ? secondOrder : firstOrder;
    expect(ascending).toEqual([...ascending].sort(byName));
    expect(descending).toEqual([...descending].sort(byName).reverse());
    expect(await table.locator('tbody tr[data-arn]').count()).toBeGreaterThan(1);
  });
});
