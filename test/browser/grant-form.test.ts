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

  it('refuses a name the flow already has as the user types, before anything is sent', async () => {
    // Prepare
    const h = harness();
    const flow = h.flow('NewsHD-Primary');
    const taken = flow.blueprint.entitlements[0]!.name;
    const page = await h.open(flowPath(flow.arn, 'grant'));
    await page.getByRole('form', { name: 'Grant entitlement' }).waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Act
    await field(page, 'name').pressSequentially(taken);
    const error = page.locator('[id="name-error"]');
    await error.waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Assess
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await field(page, 'name').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the API’s field error next to its field when the API refuses what the client rules accept', async () => {
    // Prepare: a well-formed encryption setup name the deployment does not have; only the API knows its setups.
    const h = harness();
    const flow = h.flow('NewsHD-Primary');
    const page = await h.open(flowPath(flow.arn, 'grant'), { allowConsole: [/status of 400/] });
    const form = page.getByRole('form', { name: 'Grant entitlement' });
    await form.waitFor({ timeout: VIEW_TIMEOUT_MS });
    await field(page, 'name').fill('Partner_Encrypted');
    await field(page, 'subscribers').fill('444455556666');
    await field(page, 'dataTransferSubscriberFeePercent').fill('10');
    await field(page, 'encryption').selectOption('setup');
    await field(page, 'encryption.setup').fill('no-such-setup');
    const clientErrors = await page.locator('[role="alert"]').count();

    // Act
    const answered = page.waitForResponse((r) => r.url().includes('/entitlements') && r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Grant entitlement' }).click();
    const response = await answered;
    const error = page.locator('[id="encryption.setup-error"]');
    await error.waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Assess
    expect(clientErrors).toBe(0);
    expect(response.status()).toBe(400);
    expect(((await response.json()) as { error?: { field?: string } }).error?.field).toBe('encryption.setup');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.innerText()).toContain('no-such-setup');
    expect(await field(page, 'encryption.setup').getAttribute('aria-invalid')).toBe('true');
    expect(await field(page, 'encryption.setup').getAttribute('aria-describedby')).toContain('encryption.setup-error');
    expect(new URL(page.url()).pathname).toBe(flowPath(flow.arn, 'grant'));
  });
});
