import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SynthesizedTemplate } from './synth';

export interface LintMatch {
  Level: 'Error' | 'Warning' | 'Informational';
  Rule: { Id: string };
  Message: string;
  Location: { Path?: Array<string | number> };
}

/** Runs cfn-lint on a template (anything with `toJSON()`) and returns its findings; fails when cfn-lint is missing or crashes. */
export function cfnLint(synthesized: Pick<SynthesizedTemplate, 'template'>, name: string): LintMatch[] {
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

/** The findings as `rule path: message` lines. */
export function report(matches: LintMatch[]): string[] {
  return matches.map((m) => `${m.Rule.Id} ${(m.Location.Path ?? []).join('/')}: ${m.Message}`);
}
