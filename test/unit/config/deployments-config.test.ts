import * as path from 'node:path';
import { registryInputForDeployment } from '../../../lib/target-registry';
import {
  ConfigValidationError,
  configForDeployment,
  deploymentSpecs,
  loadDeploymentConfig,
  parseConfig,
  type MediaMonitorConfigInput,
} from '../../../lib/config';
import type { DeploymentSpec } from '../../../lib/deployment-spec';
import { parseTargetRegistry } from '../../../lambdas/shared/watched-targets';

const ROOT = path.resolve(__dirname, '../../..');
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const EU = 'eu-west-1';
const US = 'us-east-1';
const FLOW_B = `arn:aws:mediaconnect:${EU}:${B}:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:News`;
const FLOW_A = FLOW_B.replace(B, A);
const SECRET_A = `arn:aws:secretsmanager:${EU}:${A}:secret:media-monitor/keys/partner-AbCdEf`;
const SESSION = 'must be 900-3600 (a Lambda role assuming a role is role chaining, which AWS limits to one hour)';

/** The validation problems of a config, or [] when it is valid. */
function problemsOf(input: unknown): readonly string[] {
  try {
    parseConfig(input);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

/** A config with one deployment of account A in eu-west-1 watching itself and `watch` (its entries' region: EU). */
function watching(...watch: Record<string, unknown>[]): MediaMonitorConfigInput {
  return {
    deployments: [{ account: A, region: EU, watch: [{ account: A, region: EU }, ...watch] as never }],
  };
}

const member = (extra: Record<string, unknown> = {}) => ({ account: B, region: EU, ...extra });

describe('deployments validation', () => {
  it.each<[string, unknown, string]>([
    // V1
    [
      'an account that is not 12 digits',
      { deployments: [{ account: '1234', region: EU }] },
      'deployments.0.account: must be a 12-digit AWS account id',
    ],
    [
      'a region that is not a region code',
      { deployments: [{ account: A, region: 'europe' }] },
      'deployments.0.region: must be an AWS region code such as eu-west-1',
    ],
    [
      'a watched account that is not 12 digits',
      watching({ account: 'abc', region: EU }),
      'deployments.0.watch.1.account: must be a 12-digit AWS account id',
    ],
    [
      'a deployment name with capitals',
      { deployments: [{ account: A, region: EU, name: 'EU_1' }] },
      'deployments.0.name: must be 1-32 characters of [a-z0-9-] (it names the event bus, the schedule group and the SSM parameter)',
    ],
    ['an empty deployment list', { deployments: [] }, 'deployments: Too small: expected array to have >=1 items'],
    [
      'an empty watch list',
      { deployments: [{ account: A, region: EU, watch: [] }] },
      'deployments.0.watch: list at least one target, or leave watch out to watch the deployment itself',
    ],
    ['a misspelt watch key', watching(member({ member: {} })), 'deployments.0.watch.1: Unrecognized key: "member"'],
    // V2
    [
      'the same deployment twice',
      {
        deployments: [
          { account: A, region: EU },
          { account: A, region: EU, name: 'again' },
        ],
      },
      'deployments.1: duplicate deployment 111111111111/eu-west-1',
    ],
    [
      'two deployments of one name',
      {
        deployments: [
          { account: A, region: EU, name: 'main' },
          { account: A, region: US, name: 'main' },
        ],
      },
      `deployments.1.name: "main" is already the name of deployments.0 (a name is the deployment's role path, so it is unique)`,
    ],
    // V3
    [
      'a watched target in another region',
      watching({ account: B, region: US }),
      "deployments.0.watch.1.region: us-east-1 is not this deployment's region eu-west-1: a deployment watches one region " +
        '(the services and their quotas are regional); add a deployment in us-east-1',
    ],
    // V4
    [
      'a target watched by two deployments',
      {
        deployments: [
          { account: A, region: EU, watch: [{ account: A, region: EU }, member()] },
          { account: C, region: EU, watch: [{ account: C, region: EU }, member()] },
        ],
      },
      'deployments.1.watch.1: 222222222222/eu-west-1 is already watched by deployments.0.watch.1 (it would be polled twice, on one quota)',
    ],
    [
      'a target listed twice in one deployment',
      watching(member(), member()),
      'deployments.0.watch.2: 222222222222/eu-west-1 is already watched by deployments.0.watch.1 (it would be polled twice, on one quota)',
    ],
    // V5
    [
      'the execution role reading another account',
      watching(member({ credentials: { type: 'execution-role' } })),
      "deployments.0.watch.1.credentials: execution-role reads only in the deployment's account 111111111111; use assume-role or key-pair for 222222222222",
    ],
    [
      'the execution role acting in another account',
      watching(member({ operator: { type: 'execution-role' } })),
      "deployments.0.watch.1.operator: execution-role acts only in the deployment's account 111111111111; use assume-role or key-pair for 222222222222",
    ],
    [
      'an unknown credential type',
      watching(member({ credentials: { type: 'metadata' } })),
      "deployments.0.watch.1.credentials.type: Invalid discriminator value. Expected 'execution-role' | 'assume-role' | 'key-pair'",
    ],
    // V6
    [
      'a role of another account',
      watching(member({ credentials: { type: 'assume-role', roleArn: `arn:aws:iam::${C}:role/reader` } })),
      'deployments.0.watch.1.credentials.roleArn: role is in 333333333333, not in the watched account 222222222222',
    ],
    [
      'an operator role of another account',
      watching(member({ operator: { type: 'assume-role', roleArn: `arn:aws:iam::${C}:role/operator` } })),
      'deployments.0.watch.1.operator.roleArn: role is in 333333333333, not in the watched account 222222222222',
    ],
    [
      'a role ARN that is not a role',
      watching(member({ credentials: { type: 'assume-role', roleArn: `arn:aws:iam::${B}:user/reader` } })),
      'deployments.0.watch.1.credentials.roleArn: must be an IAM role ARN',
    ],
    // V7
    [
      'a one-character external id',
      watching(member({ credentials: { type: 'assume-role', externalId: 'x' } })),
      'deployments.0.watch.1.credentials.externalId: must be 2-1224 characters of [\\w+=,.@:/-]',
    ],
    [
      'an external id with a space',
      watching(member({ operator: { type: 'assume-role', externalId: 'media monitor' } })),
      'deployments.0.watch.1.operator.externalId: must be 2-1224 characters of [\\w+=,.@:/-]',
    ],
    // V8
    [
      'a session shorter than 15 minutes',
      watching(member({ credentials: { type: 'assume-role', sessionDurationSeconds: 600 } })),
      `deployments.0.watch.1.credentials.sessionDurationSeconds: ${SESSION}`,
    ],
    [
      'a session longer than the role-chaining hour',
      watching(member({ credentials: { type: 'assume-role', sessionDurationSeconds: 7200 } })),
      `deployments.0.watch.1.credentials.sessionDurationSeconds: ${SESSION}`,
    ],
    // V9
    [
      "a key pair in the watched account's secret",
      watching(member({ credentials: { type: 'key-pair', secretArn: SECRET_A.replace(A, B) } })),
      'deployments.0.watch.1.credentials.secretArn: the secret must be in 111111111111/eu-west-1, where the pollers read it',
    ],
    [
      'a key pair in a secret of another region',
      watching(member({ credentials: { type: 'key-pair', secretArn: SECRET_A.replace(EU, US) } })),
      'deployments.0.watch.1.credentials.secretArn: the secret must be in 111111111111/eu-west-1, where the pollers read it',
    ],
    // V10
    [
      'an unknown service',
      watching(member({ services: ['mediaconnect', 'mediaconect'] })),
      'deployments.0.watch.1.services.1: unknown service "mediaconect" (one of mediaconnect, medialive, mediapackage, mediapackagev2)',
    ],
    [
      'a service listed twice',
      watching(member({ services: ['medialive', 'medialive'] })),
      'deployments.0.watch.1.services.1: "medialive" is listed twice',
    ],
    [
      'no service',
      watching(member({ services: [] })),
      'deployments.0.watch.1.services: list at least one service, or leave services out for all of them',
    ],
    // V11
    [
      'an override schedule EventBridge rejects',
      watching(member({ overrides: { inventorySchedule: 'rate(1 minutes)' } })),
      'deployments.0.watch.1.overrides.inventorySchedule: "rate(1 minutes)": write rate(1 minute)',
    ],
    [
      'an override inventory interval longer than the live sweep period',
      watching(member({ overrides: { inventorySchedule: 'rate(2 hours)' } })),
      'deployments.0.watch.1.overrides.inventorySchedule: its interval (120 min) must not exceed sweepPeriodMinutes.live (60 min): ' +
        'the sweep describes every resource within that period',
    ],
    [
      'an override metrics period longer than the metrics interval',
      watching(member({ overrides: { metricsSchedule: 'rate(10 minutes)' } })),
      'deployments.0.watch.1.overrides.metricsSchedule: its period (600 s) must not exceed defaultMetricsIntervalSeconds (300)',
    ],
    [
      'an override metric set with an unknown metric',
      watching(member({ overrides: { metricSet: ['SourceBitRate', 'NoSuchMetric'] } })),
      'deployments.0.watch.1.overrides.metricSet: METRIC_SET: unknown metric "NoSuchMetric"',
    ],
    [
      'override shares above the account quota',
      watching(member({ overrides: { quotas: { mediaconnect: { shares: { inventory: 4 } } } } })),
      "deployments.0.watch.1.overrides.quotas.mediaconnect.shares: shares add up to 6 req/s, more than the account's 5",
    ],
    [
      'an override quota whose burst the instances do not fit',
      watching(member({ overrides: { quotas: { medialive: { burst: 12 } } } })),
      "deployments.0.watch.1.overrides.quotas.medialive: the instances' bursts add up to 11 (inventory 1×6, ingest 2×1, api 3×1), " +
        'more than 10 (burst × margin): every instance needs at least one request of burst, so lower a concurrency or raise its share ' +
        "(concurrency is the top level's)",
    ],
    [
      'an override quota below the describe concurrency',
      { ...watching(member({ overrides: { quotas: { mediaconnect: { burst: 10 } } } })), concurrency: { api: 1 } },
      'deployments.0.watch.1.overrides.quotas.mediaconnect: its inventory burst (5) is below describeConcurrency (8)',
    ],
    [
      'concurrency inside an override quota',
      watching(member({ overrides: { quotas: { medialive: { concurrency: { api: 2 } } } } })),
      'deployments.0.watch.1.overrides.quotas.medialive.concurrency: set concurrency once, at the top level: concurrency: { ingest, api }',
    ],
    [
      'an override quota of a service the monitor does not poll',
      watching(member({ overrides: { quotas: { mediatailor: {} } } })),
      'deployments.0.watch.1.overrides.quotas: Unrecognized key: "mediatailor"',
    ],
    // V12
    [
      'targets beside deployments',
      { targets: [{ account: A, region: EU }], deployments: [{ account: A, region: EU }] },
      'targets: replaced by deployments; write each target as { "account", "region" } in deployments (it watches itself), then remove targets',
    ],
    // V14
    [
      'a flow alarm in an account no deployment watches',
      { ...watching(), alarms: { defaultAlarms: true, flowArns: [FLOW_B] } },
      `alarms.flowArns.0: ${FLOW_B} is in 222222222222/eu-west-1, which no deployment watches (alarms are regional)`,
    ],
    [
      "a flow alarm of a member account in the deployment's alarms",
      { ...watching(member()), alarms: { defaultAlarms: true, flowArns: [FLOW_B] } },
      `alarms.flowArns.0: ${FLOW_B} is in the member account 222222222222: alarms live in the metric's account, so list the ` +
        "flow in its watch entry's alarmFlowArns (its member stack creates them)",
    ],
    [
      'an existing topic of an account no deployment watches',
      { ...watching(), alarms: { existingTopicArns: [`arn:aws:sns:${EU}:${C}:alarms`] } },
      `alarms.existingTopicArns.0: arn:aws:sns:${EU}:${C}:alarms is in 333333333333/eu-west-1, which no deployment watches`,
    ],
    [
      'no topic in a deployment region',
      {
        deployments: [
          { account: A, region: EU },
          { account: A, region: US },
        ],
        alarms: { createTopic: false, existingTopicArns: [`arn:aws:sns:${EU}:${A}:alarms`] },
      },
      'alarms.existingTopicArns: no topic in us-east-1: set createTopic or list a topic of that region',
    ],
    [
      "a member's flow alarm outside the member",
      watching(member({ alarmFlowArns: [FLOW_A] })),
      `deployments.0.watch.1.alarmFlowArns.0: ${FLOW_A} is not in this target 222222222222/eu-west-1`,
    ],
    [
      "a member's alarm topic outside the member",
      watching(member({ alarmTopicArns: [`arn:aws:sns:${US}:${B}:alarms`] })),
      `deployments.0.watch.1.alarmTopicArns.0: arn:aws:sns:${US}:${B}:alarms is not in this target 222222222222/eu-west-1`,
    ],
    [
      'member flow alarms that no member stack creates',
      watching(member({ memberStack: false, alarmFlowArns: [FLOW_B] })),
      'deployments.0.watch.1.alarmFlowArns: the member stack creates these alarms: set memberStack to true or remove them',
    ],
    [
      "flow alarms on the deployment's own watch entry",
      { deployments: [{ account: A, region: EU, watch: [{ account: A, region: EU, alarmFlowArns: [FLOW_A] }] }] },
      "deployments.0.watch.0.alarmFlowArns: the deployment's own account has no member stack: list its flows in alarms.flowArns",
    ],
    // V15
    [
      'an encryption setup of an account the deployment does not watch',
      { deployments: [{ account: A, region: EU, encryptionSetups: [{ name: 'zixi', account: C }] }] },
      'deployments.0.encryptionSetups.0.account: 333333333333 is not watched by this deployment in eu-west-1 (a setup belongs to a watched account)',
    ],
    [
      'the role name MediaConnect reserves, in any case',
      {
        deployments: [
          { account: A, region: EU, encryptionSetups: [{ name: 'z', account: A, roleName: 'mediaconnectAccessRole' }] },
        ],
      },
      'deployments.0.encryptionSetups.0.roleName: MediaConnectAccessRole is reserved by MediaConnect; choose another name such as MediaConnect-ASM',
    ],
    [
      'a role name IAM rejects',
      {
        deployments: [
          { account: A, region: EU, encryptionSetups: [{ name: 'z', account: A, roleName: 'media/connect' }] },
        ],
      },
      'deployments.0.encryptionSetups.0.roleName: must be an IAM role name: 1-64 characters of [\\w+=,.@-]',
    ],
    [
      'a setup name whose default role name is too long for IAM',
      { deployments: [{ account: A, region: EU, encryptionSetups: [{ name: 'n'.repeat(60), account: A }] }] },
      `deployments.0.encryptionSetups.0.name: the default role name MediaConnect-${'n'.repeat(60)} has 73 characters, more than IAM's 64: shorten the name or set roleName`,
    ],
    [
      'a key size AES does not have',
      { deployments: [{ account: A, region: EU, encryptionSetups: [{ name: 'z', account: A, keyBits: 512 }] }] },
      'deployments.0.encryptionSetups.0.keyBits: must be 128, 192 or 256',
    ],
    [
      'two setups of one name',
      {
        deployments: [
          {
            account: A,
            region: EU,
            encryptionSetups: [
              { name: 'z', account: A },
              { name: 'z', account: A, roleName: 'MediaConnect-other' },
            ],
          },
        ],
      },
      'deployments.0.encryptionSetups.1.name: duplicate encryption setup "z"',
    ],
    [
      'two setups of one role',
      {
        deployments: [
          {
            account: A,
            region: EU,
            encryptionSetups: [
              { name: 'y', account: A, roleName: 'MediaConnect-ASM' },
              { name: 'z', account: A, roleName: 'mediaconnect-asm' },
            ],
          },
        ],
      },
      'deployments.0.encryptionSetups.1.roleName: role mediaconnect-asm is already used by another setup of 111111111111',
    ],
    [
      "an imported secret outside the setup's account",
      {
        deployments: [
          { account: A, region: EU, encryptionSetups: [{ name: 'z', account: A, secretArn: SECRET_A.replace(A, B) }] },
        ],
      },
      'deployments.0.encryptionSetups.0.secretArn: the secret must be in 111111111111/eu-west-1: MediaConnect reads it in the account and Region of the flow',
    ],
    [
      'a setup of a member without a member stack',
      {
        deployments: [
          {
            account: A,
            region: EU,
            watch: [member({ memberStack: false })],
            encryptionSetups: [{ name: 'z', account: B }],
          },
        ],
      },
      'deployments.0.encryptionSetups.0.account: 222222222222 has memberStack false, so no stack of this app creates the setup: set memberStack to true',
    ],
    // V16
    [
      'more than 100 targets',
      {
        deployments: [
          {
            account: A,
            region: EU,
            watch: Array.from({ length: 101 }, (_, i) => ({ account: String(100000000000 + i), region: EU })),
          },
        ],
      },
      'deployments.0.watch: 101 targets, at most 100 per deployment',
    ],
  ])('rejects %s with a message naming the field', (_case, input, expected) => {
    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems).toContain(expected);
  });

  it.each<[string, unknown]>([
    ['one deployment watching itself', { deployments: [{ account: A, region: EU }] }],
    [
      'a named deployment watching members',
      watching(member(), { account: C, region: EU, operator: { type: 'assume-role' } }),
    ],
    [
      'a deployment that watches only members',
      { deployments: [{ account: A, region: EU, watch: [member()], encryptionSetups: [{ name: 'z', account: B }] }] },
    ],
    [
      'every watch field',
      {
        ...watching(
          member({
            credentials: {
              type: 'assume-role',
              roleArn: `arn:aws:iam::${B}:role/custom/reader`,
              externalId: 'mm-eu:2222',
              sessionDurationSeconds: 900,
            },
            operator: { type: 'assume-role', externalId: 'mm-eu:2222' },
            services: ['mediaconnect', 'medialive'],
            overrides: {
              inventorySchedule: 'rate(10 minutes)',
              metricsSchedule: 'rate(5 minutes)',
              metricSet: 'full',
              quotas: { mediaconnect: { rps: 10, burst: 50 } },
            },
            forwardEvents: false,
            alarmTopicArns: [`arn:aws:sns:${EU}:${B}:alarms`],
            alarmFlowArns: [FLOW_B],
          }),
          { account: C, region: EU, credentials: { type: 'key-pair', secretArn: SECRET_A } },
        ),
        alarms: { defaultAlarms: true, flowArns: [FLOW_A], existingTopicArns: [`arn:aws:sns:${EU}:${B}:shared`] },
      },
    ],
    [
      'the earlier targets form',
      {
        targets: [
          { account: A, region: EU },
          { account: A, region: US },
        ],
      },
    ],
    [
      'the earlier targets form with a topic of an account it does not deploy to',
      { targets: [{ account: A, region: EU }], alarms: { existingTopicArns: [`arn:aws:sns:${EU}:${C}:alarms`] } },
    ],
  ])('accepts %s', (_case, input) => {
    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems).toEqual([]);
  });

  it.each(['media-monitor.config.example.json', 'media-monitor.config.multi-account.example.json'])(
    'accepts the sample config %s',
    (file) => {
      // Act
      const load = () => loadDeploymentConfig({ cwd: ROOT, env: {}, configPath: file });

      // Assess
      expect(load).not.toThrow();
    },
  );
});

describe('deploymentSpecs', () => {
  it('gives the own account the execution role and a member the member stack roles', () => {
    // Prepare
    const config = parseConfig(
      watching(
        member({ credentials: { type: 'assume-role', externalId: 'mm-1' }, operator: { type: 'assume-role' } }),
        {
          account: C,
          region: EU,
          credentials: { type: 'key-pair', secretArn: SECRET_A },
          services: ['mediaconnect'],
          forwardEvents: false,
        },
      ),
    );

    // Act
    const [spec] = deploymentSpecs(config);

    // Assess
    expect(spec).toEqual<DeploymentSpec>({
      name: '111111111111-eu-west-1',
      account: A,
      region: EU,
      watch: [
        {
          account: A,
          region: EU,
          credentials: { type: 'execution-role' },
          operator: { type: 'execution-role' },
          services: ['mediaconnect', 'medialive', 'mediapackage', 'mediapackagev2'],
          quotas: {},
          forwardEvents: false,
          alarmTopicArns: [],
          alarmFlowArns: [],
          memberStack: false,
        },
        {
          account: B,
          region: EU,
          credentials: {
            type: 'assume-role',
            roleArn: 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-read-eu-west-1',
            externalId: 'mm-1',
            sessionDurationSeconds: 3600,
          },
          operator: {
            type: 'assume-role',
            roleArn: 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-operate-eu-west-1',
            sessionDurationSeconds: 3600,
          },
          services: ['mediaconnect', 'medialive', 'mediapackage', 'mediapackagev2'],
          quotas: {},
          forwardEvents: true,
          alarmTopicArns: [],
          alarmFlowArns: [],
          memberStack: true,
        },
        {
          account: C,
          region: EU,
          credentials: { type: 'key-pair', secretArn: SECRET_A },
          services: ['mediaconnect'],
          quotas: {},
          forwardEvents: false,
          alarmTopicArns: [],
          alarmFlowArns: [],
          memberStack: true,
        },
      ],
      encryptionSetups: [],
    });
  });

  it('reads a member with the member read role when no credentials are given, in the partition of its region', () => {
    // Prepare
    const config = parseConfig({
      deployments: [{ account: A, region: 'cn-north-1', watch: [{ account: B, region: 'cn-north-1' }] }],
    });

    // Act
    const [spec] = deploymentSpecs(config);

    // Assess
    expect(spec!.watch[0]!.credentials).toEqual({
      type: 'assume-role',
      roleArn: 'arn:aws-cn:iam::222222222222:role/media-monitor/media-monitor-read-cn-north-1',
      sessionDurationSeconds: 3600,
    });
    expect(spec!.watch[0]!.operator).toBeUndefined();
  });

  it('applies the overrides and gives an override quota the top-level concurrency', () => {
    // Prepare
    const config = parseConfig({
      ...watching(
        member({
          overrides: {
            inventorySchedule: 'rate(10 minutes)',
            metricsSchedule: 'rate(2 minutes)',
            metricSet: ['SourceBitRate', 'OUTPUT:OutputBitrate'],
            quotas: { medialive: { rps: 8, burst: 40 } },
          },
        }),
      ),
      concurrency: { ingest: 4, api: 2 },
    });

    // Act
    const target = deploymentSpecs(config)[0]!.watch[1]!;

    // Assess
    expect(target).toMatchObject({
      inventorySchedule: 'rate(10 minutes)',
      metricsSchedule: 'rate(2 minutes)',
      metricSet: 'SourceBitRate,OUTPUT:OutputBitrate',
      quotas: { medialive: { rps: 8, burst: 40, concurrency: { ingest: 4, api: 2 } } },
    });
  });

  it('resolves encryption setups with their default role name and key size', () => {
    // Prepare
    const config = parseConfig({
      deployments: [
        {
          account: A,
          region: EU,
          name: 'eu',
          watch: [{ account: A, region: EU }, member()],
          encryptionSetups: [
            { name: 'zixi', account: B },
            { name: 'own', account: A, roleName: 'MediaConnect-ASM', secretArn: SECRET_A, keyBits: 128 },
          ],
        },
      ],
    });

    // Act
    const [spec] = deploymentSpecs(config);

    // Assess
    expect(spec!.encryptionSetups).toEqual([
      { name: 'zixi', account: B, roleName: 'MediaConnect-zixi', keyBits: 256 },
      { name: 'own', account: A, roleName: 'MediaConnect-ASM', secretArn: SECRET_A, keyBits: 128 },
    ]);
  });

  it('makes each of the earlier targets a deployment watching itself with its execution role', () => {
    // Prepare
    const config = parseConfig({
      targets: [
        { account: A, region: EU },
        { account: A, region: US },
      ],
    });

    // Act
    const specs = deploymentSpecs(config, { account: C, region: EU });

    // Assess
    expect(
      specs.map((s) => [s.name, s.account, s.region, s.watch.map((w) => [w.account, w.region, w.credentials.type])]),
    ).toEqual([
      ['111111111111-eu-west-1', A, EU, [[A, EU, 'execution-role']]],
      ['111111111111-us-east-1', A, US, [[A, US, 'execution-role']]],
    ]);
  });

  it('uses the fallback when the file names no deployment, and watches nothing when it is env-agnostic', () => {
    // Prepare
    const config = parseConfig({});

    // Act
    const known = deploymentSpecs(config, { account: C, region: US });
    const regionOnly = deploymentSpecs(config, { region: US });
    const agnostic = deploymentSpecs(config);

    // Assess
    expect(known.map((s) => [s.name, s.watch.length])).toEqual([['333333333333-us-east-1', 1]]);
    expect(regionOnly).toEqual([{ name: 'us-east-1', region: US, watch: [], encryptionSetups: [] }]);
    expect(agnostic).toEqual([{ name: 'default', watch: [], encryptionSetups: [] }]);
  });
});

describe('configForDeployment', () => {
  it('keeps the topics and alarm ARNs of the targets the deployment watches', () => {
    // Prepare
    const topicA = `arn:aws:sns:${EU}:${A}:alarms`;
    const topicB = `arn:aws:sns:${EU}:${B}:alarms`;
    const topicUs = `arn:aws:sns:${US}:${A}:alarms`;
    const config = parseConfig({
      deployments: [
        { account: A, region: EU, watch: [{ account: A, region: EU }, member()] },
        { account: A, region: US },
      ],
      alarms: {
        existingTopicArns: [topicA, topicB, topicUs],
        defaultAlarms: true,
        flowArns: [FLOW_A, FLOW_A.replace(EU, US)],
      },
    });
    const [eu, us] = deploymentSpecs(config);

    // Act
    const forEu = configForDeployment(config, eu!);
    const forUs = configForDeployment(config, us!);

    // Assess
    expect([forEu.alarms.existingTopicArns, forEu.alarms.flowArns]).toEqual([[topicA, topicB], [FLOW_A]]);
    expect([forUs.alarms.existingTopicArns, forUs.alarms.flowArns]).toEqual([[topicUs], [FLOW_A.replace(EU, US)]]);
  });

  it("keeps every topic of the deployment's region for the earlier targets form", () => {
    // Prepare
    const foreign = `arn:aws:sns:${EU}:${C}:alarms`;
    const config = parseConfig({ targets: [{ account: A, region: EU }], alarms: { existingTopicArns: [foreign] } });

    // Act
    const forEu = configForDeployment(config, deploymentSpecs(config)[0]!);

    // Assess
    expect(forEu.alarms.existingTopicArns).toEqual([foreign]);
  });
});

describe('registryInputForDeployment', () => {
  it('gives the runtime registry of the multi-account sample: targets without synth fields, setups by ARN', () => {
    // Prepare
    const { deployments } = loadDeploymentConfig({
      cwd: ROOT,
      env: {},
      configPath: 'media-monitor.config.multi-account.example.json',
    });

    // Act
    const registry = parseTargetRegistry(registryInputForDeployment(deployments[0]!), 'registry');

    // Assess
    expect(registry.deployment).toEqual({ account: A, region: EU, name: 'eu' });
    expect(registry.targets.map((t) => [t.account, t.credentials.type, t.operator?.type, t.services.length])).toEqual([
      [A, 'execution-role', 'execution-role', 4],
      [B, 'assume-role', 'assume-role', 4],
      [C, 'key-pair', undefined, 1],
    ]);
    expect(registry.targets[2]).toEqual({
      account: C,
      region: EU,
      credentials: {
        type: 'key-pair',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:media-monitor/keys/partner-AbCdEf',
      },
      services: ['mediaconnect'],
      quotas: {},
      metricSet: 'health',
    });
    expect(registry.encryptionSetups).toEqual([
      {
        name: 'zixi-partner',
        account: B,
        region: EU,
        roleArn: 'arn:aws:iam::222222222222:role/MediaConnect-zixi-partner',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:media-monitor/encryption/zixi-partner',
      },
    ]);
  });

  it('passes an imported secret ARN through', () => {
    // Prepare
    const config = parseConfig({
      deployments: [{ account: A, region: EU, encryptionSetups: [{ name: 'own', account: A, secretArn: SECRET_A }] }],
    });

    // Act
    const registry = parseTargetRegistry(registryInputForDeployment(deploymentSpecs(config)[0]!), 'registry');

    // Assess
    expect(registry.encryptionSetups).toEqual([
      { name: 'own', account: A, region: EU, roleArn: `arn:aws:iam::${A}:role/MediaConnect-own`, secretArn: SECRET_A },
    ]);
  });

  it('refuses an env-agnostic deployment', () => {
    // Prepare
    const [agnostic] = deploymentSpecs(parseConfig({}));

    // Act
    const build = () => registryInputForDeployment(agnostic!);

    // Assess
    expect(build).toThrow(
      'Deployment default: a deployment that watches other targets needs an account and a Region (env-agnostic stacks watch only themselves)',
    );
  });
});
