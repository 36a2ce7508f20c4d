import { cfnLint, report } from './cfn-lint';
import { defaultTemplate, referenceTemplate, type SynthesizedTemplate } from './synth';

describe('cfn-lint', () => {
  it.each([
    ['the configured stack with every option on', referenceTemplate, 'reference'],
    ['the default, env-agnostic stack', defaultTemplate, 'default'],
  ])(
    'finds no error in %s',
    (_case, synthesize, name) => {
      // Act
      const matches = cfnLint(synthesize(), name);

      // Assess
      const warnings = matches.filter((m) => m.Level !== 'Error');
      if (warnings.length > 0) console.warn(`cfn-lint warnings (${name}):\n${report(warnings).join('\n')}`);
      expect(report(matches.filter((m) => m.Level === 'Error'))).toEqual([]);
    },
    180_000,
  );

  it('reports an error in a broken template, so a clean result means something', () => {
    // Prepare
    const broken = referenceTemplate().template.toJSON() as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const table = Object.values(broken.Resources).find((r) => r.Type === 'AWS::DynamoDB::Table')!;
    table.Properties.BillingModes = 'PAY_PER_REQUEST';

    // Act
    const matches = cfnLint({ template: { toJSON: () => broken } } as unknown as SynthesizedTemplate, 'broken');

    // Assess
    expect(matches.filter((m) => m.Level === 'Error').map((m) => m.Location.Path?.slice(-1)[0])).toContain(
      'BillingModes',
    );
  }, 180_000);
});
