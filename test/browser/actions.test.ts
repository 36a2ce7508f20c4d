import { META_SK, resourcePk } from '../../lambdas/store/keys';
import { flowPath, useDashboardHarness } from './dashboard-harness';
import { documentStillMarked, markDocument, VIEW_TIMEOUT_MS } from './page-checks';

const harness = useDashboardHarness({ region: 'ap-northeast-1' });

const ACTION_TIMEOUT_MS = 40_000;

const ACTION_BUTTONS = [
  'Start flow',
  'Stop flow',
  'Re-poll',
  'Polling settings',
  'Grant entitlement',
  'Update',
  'Revoke',
];

describe('operator actions', () => {
  it('stops a flow as operator: Stop flow, Confirm, a status message, and the status badge changes without a reload', async () => {
    // Prepare
    const h = harness();
    const flow = h.flow('Concert-Live');
    const page = await h.open(flowPath(flow.arn));
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 1, name: 'Concert-Live' }).waitFor({ timeout: VIEW_TIMEOUT_MS });
    await main.getByText('ACTIVE', { exact: true }).first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    await markDocument(page);

    // Act
    await main.getByRole('button', { name: 'Stop flow', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: VIEW_TIMEOUT_MS });
    await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
    // The action goes to moto and back through the emulated CloudTrail event: slower than a read on a loaded machine.
    const status = main.getByRole('status').filter({ hasText: /\S/ }).first();
    await status.waitFor({ timeout: ACTION_TIMEOUT_MS });
    await main
      .getByText(/^(STOPPING|STANDBY)$/)
      .first()
      .waitFor({ timeout: ACTION_TIMEOUT_MS });

    // Assess
    expect(await status.innerText()).not.toMatch(/error|denied|failed/i);
    expect(await documentStillMarked(page)).toBe(true);
    const stored = await h.store.get<{ status?: string }>({ pk: resourcePk(flow.arn), sk: META_SK });
    expect(['STOPPING', 'STANDBY']).toContain(stored?.status);
  });
});

describe('the read-only role', () => {
  it('sees no action button on a flow page, and no link to the grant form', async () => {
    // Prepare
    const h = harness();
    const flow = h.flow('NewsHD-Primary');

    // Act
    const page = await h.open(flowPath(flow.arn), { role: 'read-only' });
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 1, name: 'NewsHD-Primary' }).waitFor({ timeout: VIEW_TIMEOUT_MS });
    await page.getByRole('region', { name: 'Entitlements' }).getByText('Affiliates-News').first().waitFor({
      timeout: VIEW_TIMEOUT_MS,
    });

    // Assess
    for (const name of ACTION_BUTTONS) {
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
      expect(await page.getByRole('link', { name, exact: true }).count()).toBe(0);
    }
    expect(await page.getByText('Read-only', { exact: false }).count()).toBeGreaterThanOrEqual(1);
  });

  it('is refused a stop by the API itself (403), through its dashboard and directly', async () => {
    // Prepare
    const h = harness();
    const flow = h.flow('Sports-Feed-B');
    const dashboard = new URL(h.dashboardUrl['read-only']);
    const stopPath = `flows/${encodeURIComponent(flow.arn)}/stop`;

    // Act
    const throughDashboard = await fetch(new URL(`api/${stopPath}`, dashboard), {
      method: 'POST',
      headers: { origin: dashboard.origin, 'content-type': 'application/json' },
      body: '{}',
    });
    const direct = await fetch(`${h.apiUrl}/${stopPath}`, {
      method: 'POST',
      headers: { 'x-mediamon-role': 'read-only', 'content-type': 'application/json' },
      body: '{}',
    });

    // Assess
    expect(throughDashboard.status).toBe(403);
    expect(direct.status).toBe(403);
    const body = (await direct.json()) as { error?: { code?: string; message?: string } };
    expect(body.error?.message).toEqual(expect.any(String));
    const stored = await h.store.get<{ status?: string }>({ pk: resourcePk(flow.arn), sk: META_SK });
    expect(stored?.status).toBe('ACTIVE');
  });
});
