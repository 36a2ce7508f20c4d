import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig } from '../../lib/config';
import { MediaMonitorStack } from '../../lib/media-monitor-stack';
import { CLOUDTRAIL_DETAIL_TYPE } from '../../lambdas/events/change-calls';
import { cdkJsonContext, resourcesOfType, TEST_ENV } from './synth';

/**
 * cdk-nag and cfn-lint over a stack with a change rule for every service, whatever tables the services have today:
 * the registry is replaced by one whose every module watches every mutating command of its SDK (the longest patterns
 * the rules can have).
 */
jest.mock('../../lambdas/events/services/service-registry', () => {
  const actual = jest.requireActual<typeof import('../../lambdas/events/services/service-registry')>(
    '../../lambdas/events/services/service-registry',
  );
  const { isMutatingCall } = jest.requireActual<typeof import('../../lambdas/events/change-calls')>(
    '../../lambdas/events/change-calls',
  );
  const modules = actual.SERVICE_MODULES.map((module) => {
    const service = module.eventSource.replace('aws.', '');
    const folder = path.dirname(require.resolve(`@aws-sdk/client-${service}/package.json`));
    const calls = Object.fromEntries(
      readdirSync(path.join(folder, 'dist-types', 'commands'))
        .map((file) => file.replace(/Command\.d\.ts$/, ''))
        .filter(isMutatingCall)
        .map((name) => [name, { verb: 'update', targets: () => [] }]),
    );
    return { ...module, changeCalls: { eventSource: `${service}.amazonaws.com`, calls } };
  });
  return { ...actual, SERVICE_MODULES: modules };
});

function changeRuleStack(): { app: App; template: Template } {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new MediaMonitorStack(app, 'ChangeRulesTest', { env: TEST_ENV, config: parseConfig({}) });
  return { app, template: Template.fromStack(stack) };
}

describe('a stack with a change rule for every service', () => {
  let app: App;
  let template: Template;
  beforeAll(() => {
    ({ app, template } = changeRuleStack());
  });

  it('has one CloudTrail rule per service', () => {
    // Act
    const rules = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).filter((rule) =>
      JSON.stringify(rule.Properties!.EventPattern ?? {}).includes(CLOUDTRAIL_DETAIL_TYPE),
    );

    // Assess
    expect(rules).toHaveLength(4);
  });

  it('passes the cdk-nag AwsSolutions checks', () => {
    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);

    // Assess
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`),
    );
    expect(findings).toEqual([]);
  });

  it('has no cfn-lint error', () => {
    // Prepare
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mm-change-lint-')), 'change-rules.template.json');
    writeFileSync(file, JSON.stringify(template.toJSON(), null, 1));

    // Act
    const result = spawnSync('cfn-lint', ['--format', 'json', '--', file], { encoding: 'utf8' });

    // Assess
    if (result.error) throw new Error(`cfn-lint could not run (${result.error.message}): pip install cfn-lint`);
    expect(result.status).not.toBe(1);
    const errors = (
      JSON.parse(result.stdout || '[]') as Array<{ Level: string; Rule: { Id: string }; Message: string }>
    )
      .filter((m) => m.Level === 'Error')
      .map((m) => `${m.Rule.Id}: ${m.Message}`);
    expect(errors).toEqual([]);
  });
});
