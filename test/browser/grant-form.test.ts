import type { Page } from 'playwright-core';
import { flowPath, saveScreenshot, useDashboardHarness } from './dashboard-harness';
import { VIEW_TIMEOUT_MS } from './page-checks';

const harness = useDashboardHarness({ region: 'us-east-2' });

/** A field of the grant form by its id, which is the API's field name (dots included: `encryption.roleArn`). */
const field = (page: Page, id: string) => page.locator(`[id="${id}"]`);

describe('the grant entitlement form', () => {
  it('shows the fee rule’s error next to the field as the user types, and clears it once the value is valid', async () => {
    // Prepare
    const h = harness();
    const flow = h.flow('NewsHD-Primary');
    const page = await h.open(flowPath(flow.arn, 'grant'));
    const form = page.getByRole('form', { name: 'Grant entitlement' });
    await form.waitFor({ timeout: VIEW_TIMEOUT_MS });
    const fee = field(page, 'dataTransferSubscriberFeePercent');
    await field(page, 'name').fill('Partner_Feed');
    await field(page, 'subscribers').fill('444455556666');

    // Act
    await fee.fill('');
    await fee.pressSequentially('150');
    const error = page.locator('[id="dataTransferSubscriberFeePercent-error"]');
    await error.waitFor({ timeout: VIEW_TIMEOUT_MS });
    await saveScreenshot(page, 'grant-form');
    const shown = {
      role: await error.getAttribute('role'),
      text: await error.innerText(),
      invalid: await fee.getAttribute('aria-invalid'),
      describedBy: await fee.getAttribute('aria-describedby'),
      label: await page.locator('label[for="dataTransferSubscriberFeePercent"]').count(),
    };
    await fee.fill('15');
    await error.waitFor({ state: 'detached', timeout: VIEW_TIMEOUT_MS });

    // Assess
    expect(shown.role).toBe('alert');
    expect(shown.text).toMatch(/100/);
    expect(shown.invalid).toBe('true');
    expect(shown.describedBy?.split(/\s+/)).toContain('dataTransferSubscriberFeePercent-error');
    expect(shown.label).toBe(1);
    expect(await fee.getAttribute('aria-invalid')).not.toBe('true');
    expect(new URL(page.url()).pathname).toBe(flowPath(flow.arn, 'grant'));
  });

  it('shows the API’s field error next to the field when the API refuses what the client rules accept', async () => {
    // Prepare: the name is already an entitlement of the flow; only the API knows the flow's entitlements at AWS.
    const h = harness();
    const flow = h.flow('NewsHD-Primary');
    const taken = flow.blueprint.entitlements[0]!.name;
    const page = await h.open(flowPath(flow.arn, 'grant'), { allowConsole: [/status of 409/, /status of 400/] });
    const form = page.getByRole('form', { name: 'Grant entitlement' });
    await form.waitFor({ timeout: VIEW_TIMEOUT_MS });
    await field(page, 'name').fill(taken);
    await field(page, 'subscribers').fill('444455556666');
    await field(page, 'dataTransferSubscriberFeePercent').fill('10');

    // Act
    const answered = page.waitForResponse((r) => r.url().includes('/entitlements') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Grant entitlement' }).click();
    const confirm = page.getByRole('dialog').getByRole('button', { name: 'Confirm', exact: true });
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
    const response = await answered;
    const error = page.locator('[id="name-error"]');
    await error.waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Assess
    expect(response.status()).toBe(409);
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.innerText()).toContain(taken);
    expect(await field(page, 'name').getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, 'name').getAttribute('aria-describedby')).toContain('name-error');
  });
});
