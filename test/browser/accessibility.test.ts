import { flowPath, useDashboardHarness } from './dashboard-harness';
import { seriousAxeViolations, VIEW_TIMEOUT_MS } from './page-checks';

const harness = useDashboardHarness({ region: 'eu-central-1' });

describe('accessibility (axe-core)', () => {
  it.each([
    ['the overview', () => '/', 'Resource counts'],
    ['the flows list', () => '/flows', 'Flows'],
    ['a flow page', () => flowPath(harness().flow('NewsHD-Primary').arn), 'Entitlements'],
    ['the grant form', () => flowPath(harness().flow('NewsHD-Primary').arn, 'grant'), 'Grant entitlement'],
  ])('finds no serious or critical violation on %s', async (_view, pathOf, landmark) => {
    // Prepare
    const page = await harness().open(pathOf());
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: VIEW_TIMEOUT_MS });
    await page.getByLabel(landmark, { exact: true }).first().waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Act
    const violations = await seriousAxeViolations(page);

    // Assess
    expect(violations).toEqual([]);
  });
});
