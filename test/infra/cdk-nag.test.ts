import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildMediaMonitorApp } from '../../lib/media-monitor-app';
import { flowArnPattern } from '../../lib/services/mediaconnect';
import { acknowledgeWildcards } from '../../lib/nag-suppressions';
import type { MediaMonitorStack } from '../../lib/media-monitor-stack';
import { cdkJsonContext, REFERENCE_CONFIG, synthMonitor } from './synth';

/** Every acknowledgement (suppression) recorded in a construct tree, with its reason. */
function acknowledgements(root: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

/** The findings of a report, as "rule at construct path" lines (empty when compliant). */
function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath ?? r.resourceLogicalId}`),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  let defaultApp: App;
  let defaultStack: MediaMonitorStack;
  let referenceApp: App;
  beforeAll(() => {
    // The app exactly as `cdk synth` builds it without a config file or AWS environment.
    defaultApp = new App({ context: cdkJsonContext(), outdir: mkdtempSync(path.join(tmpdir(), 'mm-nag-')) });
    [defaultStack] = buildMediaMonitorApp(defaultApp, {
      cwd: mkdtempSync(path.join(tmpdir(), 'mm-nag-cwd-')),
      env: {},
    }) as [MediaMonitorStack];
    referenceApp = synthMonitor(REFERENCE_CONFIG).app;
  }, 180_000);

  it('finds nothing unacknowledged in the default, env-agnostic app', () => {
    // Act
    const report = new AwsSolutionsChecks(defaultApp).validateScope(defaultApp);

    // Assess
    expect(findings(report)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('finds nothing unacknowledged in a configured stack with every option on', () => {
    // Act
    const report = new AwsSolutionsChecks(referenceApp).validateScope(referenceApp);

    // Assess
    expect(findings(report)).toEqual([]);
  });

  it('runs as a validation plugin when the app synthesizes', () => {
    // Act
    const synth = () => defaultApp.synth({ force: true });

    // Assess: a plugin finding would make synth throw.
    expect(synth).not.toThrow();
  });

  it('gives every acknowledgement a reason that explains it', () => {
    // Act
    const all = [...acknowledgements(defaultApp), ...acknowledgements(referenceApp)];

    // Assess
    expect(all.length).toBeGreaterThan(10);
    for (const ack of all)
      expect({ id: ack.id, explained: ack.reason.length >= 80 }).toEqual({ id: ack.id, explained: true });
  });

  it('acknowledges IAM wildcards one by one, so a new wildcard is still a finding', () => {
    // Prepare: a role with one anticipated wildcard (MediaConnect flows) and one nobody anticipated.
    const app = new App();
    const stack = new Stack(app, 'WildcardTest', { env: { account: '123456789012', region: 'eu-west-1' } });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['mediaconnect:DescribeFlow'], resources: [flowArnPattern(stack)] }),
    );
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::media/*'] }));
    acknowledgeWildcards(role);

    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);

    // Assess
    expect(findings(report)).toEqual([
      'AwsSolutions-IAM5[Resource::arn:aws:s3:::media/*] at WildcardTest/Role/DefaultPolicy/Resource',
    ]);
  });

  it('keeps the default stack env-agnostic', () => {
    // Assess
    expect(defaultStack.stackName).toBe('MediaMonitor');
    expect(defaultStack.environment).toBe('aws://unknown-account/unknown-region');
  });
});
