import { useDashboardHarness } from './dashboard-harness';
import { documentStillMarked, markDocument, region, VIEW_TIMEOUT_MS } from './page-checks';

const harness = useDashboardHarness({ region: 'ap-south-1' });

describe('live updates', () => {
  it('shows an alarm raised through the Invoke API on the open overview within 5 s, without a reload', async () => {
    // Prepare
    const h = harness();
    const page = await h.open('/');
    const alarms = region(page, 'Active alarms');
    await region(page, 'Resource counts').getByText('ACTIVE').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    await markDocument(page);
    expect(await alarms.getByText('Election-Night').count()).toBe(0);

    // Act
    const firedAt = Date.now();
    await h.raiseAlarm('Election-Night');
    await alarms.getByText('Election-Night').first().waitFor({ timeout: 5_000 });
    const shownAfterMs = Date.now() - firedAt;
    process.stdout.write(`alarm → on screen: ${shownAfterMs} ms (POST to the Invoke API until visible)\n`);

    // Assess
    expect(await documentStillMarked(page)).toBe(true);
    expect(shownAfterMs).toBeLessThanOrEqual(5_000);
  });
});
