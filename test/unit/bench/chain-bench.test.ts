import { parseBenchArgs } from '../../../bin/bench/bench-args';
import { formatChainReport, syntheticEstate } from '../../../bin/bench/chain-bench';
import { linkEntries } from '../../../lambdas/chain/link-sync';

describe('the chain bench', () => {
  it('is its own bench mode, leaving --endpoints to it', () => {
    // Act
    const options = parseBenchArgs(['--chain', '--flows', '1000', '--endpoints', '400']);

    // Assess
    expect(options).toMatchObject({ mode: 'chain', flows: 1000 });
  });

  it('builds the estate the issue names, each resource declaring what its kind would', () => {
    // Act
    const estate = syntheticEstate(1_000, 200, 400);

    // Assess
    const byType = (type: string) => estate.filter((r) => r.type === type);
    expect(byType('mediaconnect:flow')).toHaveLength(1_000);
    expect(byType('medialive:input')).toHaveLength(200);
    expect(byType('medialive:channel')).toHaveLength(200);
    expect(byType('mediapackage:channel')).toHaveLength(200);
    expect(byType('mediapackage:origin-endpoint')).toHaveLength(400);
    expect(new Set(estate.map((r) => r.arn)).size).toBe(estate.length);
    const entries = estate.reduce((sum, r) => sum + linkEntries(r.declarations, r.arn).size, 0);
    // Flows 1 each; inputs 1; channels 3; MediaPackage channels 3; endpoints 1.
    expect(entries).toBe(1_000 + 200 + 600 + 600 + 400);
  });

  it('reports FAIL when the steady-state pass writes', () => {
    // Prepare
    const pass = { ms: 10, perResourceMs: 1, requests: 5, writes: 3 };
    const figures = {
      estate: { flows: 1, inputs: 1, channels: 1, packagers: 1, endpoints: 1 },
      resources: 5,
      links: 8,
      firstPass: pass,
      steadyPass: pass,
      withoutLinks: pass,
    };

    // Act
    const report = formatChainReport(figures, false);

    // Assess
    expect(report).toContain('steady-state writes 3 (target 0): FAIL');
  });
});
