import { saveScreenshot, useDashboardHarness } from './dashboard-harness';
import { region, VIEW_TIMEOUT_MS } from './page-checks';

// The metrics poller's schedule is 1 s here and the schedules never run: three missed runs later it is stale, while
// the inventory (every 300 s) ran moments ago and is not.
const harness = useDashboardHarness({ region: 'eu-west-1', runtime: { metricsEverySeconds: 1 } });

describe('the estate overview', () => {
  it('shows resource counts, active alarms, each poller with its staleness, and the 10 newest events', async () => {
    // Prepare
    const h = harness();
    const raised = await h.raiseAlarm('Sports-Feed-A');
    const flows = h.estate.flows;
    const active = flows.filter((f) => f.blueprint.start).length;
    await new Promise((resolve) => setTimeout(resolve, 3_500));

    // Act
    const page = await h.open('/');
    const counts = region(page, 'Resource counts');
    const alarms = region(page, 'Active alarms');
    const pollers = region(page, 'Pollers');
    const events = region(page, 'Recent events');
    await counts.getByText('ACTIVE').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    await alarms.getByText('Sports-Feed-A').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    await pollers.locator('[data-stale="true"]').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    await events.getByRole('listitem').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    await saveScreenshot(page, 'overview');

    // Assess
    await expect(page.getByRole('navigation', { name: 'Main' }).count()).resolves.toBe(1);
    await expect(page.getByRole('main').getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    const countsText = await counts.innerText();
    expect(countsText).toMatch(/MediaConnect/i);
    expect(countsText).toContain(String(active));
    expect(countsText).toContain(String(flows.length - active));
    expect(countsText).toContain('STANDBY');
    expect(await alarms.innerText()).toMatch(/Sports-Feed-A/);
    expect(raised.alarmName).toMatch(/^mediamonitor-/);
    const stale = pollers.locator('[data-stale="true"]');
    expect(await stale.filter({ hasText: /metrics/i }).count()).toBeGreaterThanOrEqual(1);
    expect(await stale.filter({ hasText: /mediaconnect.?inventory/i }).count()).toBe(0);
    expect(await stale.first().innerText()).toMatch(/\bstale\b/i);
    expect(await pollers.innerText()).toMatch(/mediaconnect.?inventory/i);
    const listed = await events.getByRole('listitem').count();
    expect(listed).toBeGreaterThanOrEqual(1);
    expect(listed).toBeLessThanOrEqual(10);
  });
});
