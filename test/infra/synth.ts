import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { configForTarget, parseConfig, type MediaMonitorConfigInput } from '../../lib/config';
import { MediaMonitorStack } from '../../lib/media-monitor-stack';

// jest 29 ignores `testTimeout` inside a project config; a synthesis with bundling takes seconds on a busy machine.
jest.setTimeout(180_000);

/** The account and region the infra tests deploy to, unless a test says otherwise. */
export const TEST_ENV = { account: '123456789012', region: 'eu-west-1' } as const;

export const FLOW_ARN = `arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow`;
export const SOURCE_ARN = `arn:aws:mediaconnect:eu-west-1:123456789012:source:1-11aa22bb11aa22bb-3333cccc4444:Primary`;
export const OUTPUT_ARN = `arn:aws:mediaconnect:eu-west-1:123456789012:output:1-11aa22bb11aa22bb-5555dddd6666:ToMediaLive`;

/** The context of cdk.json, so the tests synthesize with the same feature flags as `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.resolve(__dirname, '../../cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface SynthesizedMonitor {
  readonly app: App;
  readonly stack: MediaMonitorStack;
  readonly template: Template;
}

/** Synthesizes one MediaMonitorStack (with real esbuild bundling) from a deployment config. */
export function synthMonitor(
  config: MediaMonitorConfigInput = {},
  env: { account?: string; region?: string } = TEST_ENV,
): SynthesizedMonitor {
  const app = new App({ context: cdkJsonContext() });
  const stack = new MediaMonitorStack(app, 'MediaMonitorTest', {
    env,
    config: configForTarget(parseConfig(config), env),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/**
 * The configuration most infra tests assert on: every optional path switched on (an existing topic, default
 * alarms, custom tuning), so one synthesis covers what the construct tests look at.
 */
export const REFERENCE_CONFIG: MediaMonitorConfigInput = {
  metricSet: ['SourceBitRate', 'OUTPUT:OutputBitrate'],
  quotas: {
    mediaconnect: { shares: { inventory: 2.5 } },
    medialive: { rps: 4, shares: { inventory: 2, ingest: 1.5, api: 0.5 } },
  },
  concurrency: { ingest: 3, api: 2 },
  describeConcurrency: 3,
  eventHistoryDays: 30,
  repollWindowSeconds: 20,
  logRetentionDays: 90,
  alarms: {
    existingTopicArns: ['arn:aws:sns:eu-west-1:123456789012:existing-alarms'],
    defaultAlarms: true,
    flowArns: [FLOW_ARN],
    outputArns: [OUTPUT_ARN],
  },
  api: {
    throttleRateLimit: 20,
    throttleBurstLimit: 40,
    encryptionRoleArns: ['arn:aws:iam::123456789012:role/MediaConnectSecrets'],
    createAccountLogRole: true,
  },
};

/** The quota variables REFERENCE_CONFIG gives the functions that call each service. */
export const REFERENCE_QUOTA_ENV = {
  MEDIACONNECT_QUOTA:
    '{"rps":5,"burst":30,"margin":0.9,"shares":{"inventory":2.5,"ingest":1.5,"api":0.5},"concurrency":{"ingest":3,"api":2}}',
  MEDIALIVE_QUOTA:
    '{"rps":4,"burst":30,"margin":0.9,"shares":{"inventory":2,"ingest":1.5,"api":0.5},"concurrency":{"ingest":3,"api":2}}',
} as const;

/** Logical-id prefixes of the monitor's functions in a MediaMonitorStack. */
export const FUNCTION_PREFIXES = {
  mediaConnectInventory: 'MediaMonitorInventoryPollersMediaConnectFunction',
  mediaLiveInventory: 'MediaMonitorInventoryPollersMediaLiveFunction',
  mediaPackageInventory: 'MediaMonitorInventoryPollersMediaPackageFunction',
  mediaPackageV2Inventory: 'MediaMonitorInventoryPollersMediaPackageV2Function',
  metrics: 'MediaMonitorMetricsPollerFunction',
  ingest: 'MediaMonitorEventIngestIngestFunction',
  alarmReconcile: 'MediaMonitorAlarmReconcilerReconcileFunction',
  api: 'MediaMonitorApiApiFunction',
} as const;

/** A function's bundled `index.js`. */
export interface BundleFacts {
  readonly bytes: number;
  /** The SDK's user-agent code writes the literal "aws-sdk-js"; only a bundle that includes the SDK contains it. */
  readonly includesSdk: boolean;
  /** `typeof handler` when Node loads the bundle with the function's environment (tokens as placeholders). */
  readonly handlerType: string;
}

/** Stand-ins for the function environment's CloudFormation tokens, by variable. */
const TOKEN_STAND_INS: Readonly<Record<string, string>> = {
  ACCOUNT_ID: '123456789012',
  STATE_TABLE_NAME: 'MediaMonitorState',
  EXPECTED_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:alarms',
  API_TOKEN_SECRET: 'a-page-token-secret-of-32-chars!',
  READ_ONLY_ROLE_ARN: 'arn:aws:iam::123456789012:role/MediaMonitorReadOnly',
  OPERATOR_ROLE_ARN: 'arn:aws:iam::123456789012:role/MediaMonitorOperator',
  INGEST_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/MediaMonitorIngest',
  API_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:MediaMonitorPageTokens-AbCdEf',
};

/** Loads a bundle in a fresh Node process with the function's environment and reports `typeof handler`. */
function loadedHandlerType(indexJs: string, variables: Record<string, unknown>): string {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const standIn = typeof value === 'string' ? value : TOKEN_STAND_INS[name];
    if (standIn === undefined) return `no stand-in for the token in ${name}`;
    env[name] = standIn;
  }
  const result = spawnSync(
    process.execPath,
    ['-e', 'process.stdout.write(typeof require(process.argv[1]).handler)', indexJs],
    {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'x',
        AWS_SECRET_ACCESS_KEY: 'y',
        ...env,
      },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return result.status === 0 ? result.stdout : `failed to load: ${result.stderr.split('\n').slice(0, 5).join(' ')}`;
}

/** What the template-only tests need from a synthesis: the template and facts about each function bundle. */
export interface SynthesizedTemplate {
  readonly template: Template;
  /** By function logical id. */
  readonly bundles: Readonly<Record<string, BundleFacts>>;
}

const ROOT = path.resolve(__dirname, '../..');

/** The reference stack (REFERENCE_CONFIG in TEST_ENV): see `cachedTemplate`. */
export function referenceTemplate(): SynthesizedTemplate {
  return cachedTemplate(REFERENCE_CONFIG, TEST_ENV);
}

/** The stack `cdk synth` makes without any config or AWS environment: defaults, env-agnostic. */
export function defaultTemplate(): SynthesizedTemplate {
  return cachedTemplate({}, {});
}

/**
 * A stack's template, synthesized once per change of its inputs. Each synthesis bundles six functions with
 * esbuild, and jest gives every test file a fresh module registry, so template-only test files share a synthesis
 * through a file keyed by a hash of everything that shapes it (lib, lambdas, cdk.json, the lock file, the config
 * and the environment). Tests that need the construct tree (cdk-nag) synthesize on their own.
 */
export function cachedTemplate(
  config: MediaMonitorConfigInput,
  env: { account?: string; region?: string },
): SynthesizedTemplate {
  const key = createHash('sha256')
    .update(JSON.stringify({ config, env }))
    .update(hashTree(['lib', 'lambdas', 'cdk.json', 'package-lock.json', 'test/infra/synth.ts']))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(tmpdir(), 'media-monitor-infra-tests', `template-${key}.json`);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as {
      template: Record<string, unknown>;
      bundles: Record<string, BundleFacts>;
    };
    return { template: Template.fromJSON(cached.template), bundles: cached.bundles };
  } catch {
    // Not synthesized yet for these inputs.
  }
  const { app, template } = synthMonitor(config, env);
  // A function's code asset is staged as <outdir>/asset.<hash>, and its S3 key is <hash>.zip.
  const bundles = Object.fromEntries(
    Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).map(([id, fn]) => {
      const assetKey = (fn.Properties!.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const indexJs = path.join(app.outdir, `asset.${assetKey}`, 'index.js');
      const code = readFileSync(indexJs);
      const variables = (fn.Properties!.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
      return [
        id,
        {
          bytes: code.length,
          includesSdk: code.includes('"aws-sdk-js"'),
          handlerType: loadedHandlerType(indexJs, variables ?? {}),
        },
      ];
    }),
  );
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify({ template: template.toJSON(), bundles }));
  renameSync(partial, file);
  return { template, bundles };
}

function hashTree(relativePaths: string[]): string {
  const hash = createHash('sha256');
  const visit = (relative: string) => {
    const absolute = path.join(ROOT, relative);
    if (statSync(absolute).isDirectory()) {
      readdirSync(absolute)
        .sort()
        .forEach((entry) => visit(path.join(relative, entry)));
    } else {
      hash.update(relative).update(readFileSync(absolute));
    }
  };
  relativePaths.forEach(visit);
  return hash.digest('hex');
}

/** `template.hasResourceProperties`, named so the linter sees an assertion. */
export function assertHasResource(template: Template, type: string, properties: unknown): void {
  template.hasResourceProperties(type, properties);
}

/** `template.hasResource` (properties plus DeletionPolicy and the like), named so the linter sees an assertion. */
export function assertHasResourceDefinition(template: Template, type: string, definition: unknown): void {
  template.hasResource(type, definition);
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }>;

/** The template's resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

export interface PolicyStatementJson {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Sid?: string;
}

export const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every identity-policy statement of the template (AWS::IAM::Policy and role inline policies), with its owner. */
export function identityStatements(template: Template): Array<{ owner: string; statement: PolicyStatementJson }> {
  const result: Array<{ owner: string; statement: PolicyStatementJson }> = [];
  for (const [id, policy] of Object.entries(resourcesOfType(template, 'AWS::IAM::Policy'))) {
    const document = policy.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] };
    document.Statement.forEach((statement) => result.push({ owner: id, statement }));
  }
  for (const [id, role] of Object.entries(resourcesOfType(template, 'AWS::IAM::Role'))) {
    const inline = (role.Properties!.Policies ?? []) as Array<{ PolicyDocument: { Statement: PolicyStatementJson[] } }>;
    inline.forEach((p) => p.PolicyDocument.Statement.forEach((statement) => result.push({ owner: id, statement })));
  }
  return result;
}

/** The statements of the policy attached to the execution role of the function whose logical id starts with a prefix. */
export function functionStatements(template: Template, functionIdPrefix: string): PolicyStatementJson[] {
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');
  const [, fn] = Object.entries(functions).find(([id]) => id.startsWith(functionIdPrefix)) ?? [];
  if (!fn) throw new Error(`no function ${functionIdPrefix}*`);
  const roleId = ((fn.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'] ?? [])[0];
  const policies = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).filter((p) =>
    asArray(p.Properties!.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
  );
  return policies.flatMap((p) => (p.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}

/** All actions a function's role allows, flattened. */
export function allowedActions(statements: PolicyStatementJson[]): string[] {
  return statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action));
}

/** The logical id of the only resource of a type whose id starts with a prefix. */
export function logicalIdOf(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(resourcesOfType(template, type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${ids.length}: ${ids.join(', ')}`);
  return ids[0]!;
}
