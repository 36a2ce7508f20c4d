import { feedMetrics } from '../../bin/local/seed-estate';
import { flowPath, saveScreenshot, useDashboardHarness } from './dashboard-harness';
import { eventually, region, VIEW_TIMEOUT_MS } from './page-checks';

const harness = useDashboardHarness({ region: 'us-west-2' });

describe('the flow page', () => {
  it('opens from its row in the flows table, at /flows/<encoded ARN>, with its sources, outputs and entitlements', async () => {
    // Prepare
    const h = harness();
    const flow = h.flow('NewsHD-Primary');
    const page = await h.open('/flows');
    const table = page.getByRole('table', { name: 'Flows' });
    const row = table.locator(`tbody tr[data-arn="${flow.arn}"]`);
    await row.waitFor({ timeout: VIEW_TIMEOUT_MS });

    // Act
    await row.getByRole('link', { name: 'NewsHD-Primary' }).click();
    await page.getByRole('heading', { level: 1, name: 'NewsHD-Primary' }).waitFor({ timeout: VIEW_TIMEOUT_MS });
    const sources = region(page, 'Sources');
    const outputs = region(page, 'Outputs');
    const entitlements = region(page, 'Entitlements');
    await sources.getByText('Newsroom-Encoder').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    await saveScreenshot(page, 'flow-page');

    // Assess
    expect(new URL(page.url()).pathname).toBe(flowPath(flow.arn));
    const sourceText = await sources.innerText();
    const source = flow.blueprint.sources[0]!;
    expect(sourceText).toContain(source.protocol);
    if (source.ingestPort !== undefined) expect(sourceText).toContain(String(source.ingestPort));
    if (source.whitelistCidr !== undefined) expect(sourceText).toContain(source.whitelistCidr);
    const outputText = await outputs.innerText();
    flow.blueprint.outputs.forEach((o) => expect(outputText).toContain(o.name));
    const entitlementText = await entitlements.innerText();
    flow.blueprint.entitlements.forEach((e) => expect(entitlementText).toContain(e.name));
    // Encryption is shown by reference (key type, role and secret ARNs), never by value.
    expect(entitlementText).toMatch(/static-key/);
    expect(entitlementText).toMatch(/:secret:/);
    for (const name of ['Metrics', 'Alarms', 'Events', 'Audit trail'])
      await expect(region(page, name).count()).resolves.toBe(1);
  });

  it('draws a uPlot chart of the stored bitrate history with the latest value in its caption', async () => {
    // Prepare: one more minute of datapoints in CloudWatch, then a metrics cycle through the Invoke API.
    const h = harness();
    const flow = h.flow('Sports-Feed-A');
    const fed = await feedMetrics(h.clients.cloudWatch, [flow], [Date.now() - 60_000]);
    await h.invokeMetricsPoller();

    // Act
    const page = await h.open(flowPath(flow.arn));
    const metrics = region(page, 'Metrics');
    const chart = metrics.getByRole('figure', { name: /bit ?rate chart/i }).first();
    await chart.locator('canvas').first().waitFor({ timeout: VIEW_TIMEOUT_MS });
    const box = await chart.locator('canvas').first().boundingBox();
    const legend = chart.locator('.u-legend');
    const beforeHover = await legend.innerText();
    // uPlot's own overlay (the plot area) takes the pointer; its middle is inside the stored history.
    const plot = chart.locator('.u-over');
    await plot.scrollIntoViewIfNeeded();
    const plotBox = await plot.boundingBox();
    await plot.hover({ position: { x: (plotBox?.width ?? 200) / 2, y: (plotBox?.height ?? 100) / 2 } });
    const afterHover = await eventually(
      () => legend.innerText(),
      (text) => text !== beforeHover,
    );

    // Assess
    expect(fed).toBeGreaterThan(0);
    expect(box?.width).toBeGreaterThan(100);
    const caption = await chart.locator('figcaption').innerText();
    expect(caption).toMatch(/\d/);
    expect(caption).toMatch(/b\/s|bps|bit/i);
    // uPlot's legend shows the hovered point's time and values.
    expect(afterHover).toMatch(/\d/);
  });
});
