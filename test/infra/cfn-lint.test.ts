import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultTemplate, referenceTemplate, type SynthesizedTemplate } from './synth';

interface LintMatch {
  Level: 'Error' | 'Warning' | 'Informational';
  Rule: { Id: string };
  Message: string;
  Location: { Path?: Array<string | number> };
}

/** Runs cfn-lint on a template and returns its findings; fails when cfn-lint is missing or crashes. */
function cfnLint(synthesized: SynthesizedTemplate, name: string): LintMatch[] {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mm-cfn-lint-')), `${name}.template.json`);
  writeFileSync(file, JSON.stringify(synthesized.template.toJSON(), null, 1));
  const result = spawnSync('cfn-lint', ['--format', 'json', '--', file], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `cfn-lint could not run (${result.error.message}). Install it with: python3 -m pip install --user cfn-lint`,
    );
  }
  // Exit status is a bit mask: 2 errors, 4 warnings, 8 informational; 1 means cfn-lint itself failed.
  if (result.status === 1 || result.status === null) throw new Error(`cfn-lint failed: ${result.stderr}`);
  return JSON.parse(result.stdout || '[]') as LintMatch[];
}

function report(matches: LintMatch[]): string[] {
  return matches.map((m) => `${m.Rule.Id} ${(m.Location.Path ?? []).join('/')}: ${m.Message}`);
}

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
