import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  ChangeEvents,
  changeEventPattern,
  EVENT_PATTERN_MAX_CHARS,
  resolveChangePathSettings,
  sweepEnvironment,
} from '../../lib/change-events';
import { parseConfig, type MediaMonitorConfigInput } from '../../lib/config';
import { MediaMonitorStack } from '../../lib/media-monitor-stack';
import {
  CLOUDTRAIL_DETAIL_TYPE,
  isMutatingCall,
  watchedCallNames,
  type ChangeCallTable,
} from '../../lambdas/events/change-calls';
import type { ServiceModule } from '../../lambdas/events/services/service-module';
import { SERVICE_MODULES } from '../../lambdas/events/services/service-registry';
import {
  allowedActions,
  asArray,
  cdkJsonContext,
  FUNCTION_PREFIXES,
  functionStatements,
  logicalIdOf,
  referenceTemplate,
  resourcesOfType,
  TEST_ENV,
  type PolicyStatementJson,
  type SynthesizedTemplate,
} from './synth';

type RulePattern = {
  source: string[];
  'detail-type': string[];
  detail?: { eventSource: string[]; eventName: string[]; errorCode: unknown[] };
};

const INVENTORY_PREFIXES = [
  FUNCTION_PREFIXES.mediaConnectInventory,
  FUNCTION_PREFIXES.mediaLiveInventory,
  FUNCTION_PREFIXES.mediaPackageInventory,
  FUNCTION_PREFIXES.mediaPackageV2Inventory,
];

/** The command names of a service's SDK (`StartFlow`, …), from its package's commands folder. */
function sdkCommands(changeEventSource: string): string[] {
  const service = changeEventSource.replace('.amazonaws.com', '');
  const folder = path.dirname(require.resolve(`@aws-sdk/client-${service}/package.json`));
  return readdirSync(path.join(folder, 'dist-types', 'commands'))
    .filter((file) => file.endsWith('Command.d.ts'))
    .map((file) => file.replace(/Command\.d\.ts$/, ''))
    .sort();
}

/** A service module whose change-call table watches every mutating command of its SDK: the longest pattern it can have. */
function watchingEverything(module: ServiceModule): ServiceModule {
  const changeSource = `${module.eventSource.replace('aws.', '')}.amazonaws.com`;
  const calls: ChangeCallTable = Object.fromEntries(
    sdkCommands(changeSource)
      .filter(isMutatingCall)
      .map((name) => [name, { verb: 'update', targets: () => [] }]),
  );
  return { ...module, changeCalls: { eventSource: changeSource, calls } };
}

const cloudTrailRules = (template: Template) =>
  Object.entries(resourcesOfType(template, 'AWS::Events::Rule')).filter(([, rule]) =>
    (rule.Properties!.EventPattern as RulePattern | undefined)?.['detail-type'].includes(CLOUDTRAIL_DETAIL_TYPE),
  );

const variablesOf = (template: Template, prefix: string) => {
  const id = logicalIdOf(template, 'AWS::Lambda::Function', prefix);
  const fn = resourcesOfType(template, 'AWS::Lambda::Function')[id]!;
  return (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
};

/** A MediaMonitorStack synthesized without bundling the functions (only the template is looked at). */
function unbundledTemplate(config: MediaMonitorConfigInput): Template {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new MediaMonitorStack(app, 'ChangePathTest', { env: TEST_ENV, config: parseConfig(config) });
  return Template.fromStack(stack);
}

const modulesWithTables = SERVICE_MODULES.filter((m) => changeEventPattern(m) !== undefined);

describe('the change path in the media monitor stack (changeEvents "cloudtrail", the default)', () => {
  let synthesized: SynthesizedTemplate;
  let queueId: string;
  let deadLetterQueueId: string;
  beforeAll(() => {
    synthesized = referenceTemplate();
    queueId = logicalIdOf(synthesized.template, 'AWS::SQS::Queue', 'MediaMonitorEventIngestQueue');
    deadLetterQueueId = logicalIdOf(synthesized.template, 'AWS::SQS::Queue', 'MediaMonitorEventIngestDeadLetterQueue');
  }, 180_000);

  it('routes each service with a change-call table through one rule of exactly its watched calls, without errorCode, to the ingest queue', () => {
    // Act
    const rules = cloudTrailRules(synthesized.template);

    // Assess
    expect(rules).toHaveLength(modulesWithTables.length);
    for (const module of modulesWithTables) {
      const [, rule] = rules.find(
        ([, r]) => (r.Properties!.EventPattern as RulePattern).source[0] === module.eventSource,
      )!;
      expect(rule.Properties!.EventPattern).toEqual({
        source: [module.eventSource],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: [module.changeCalls!.eventSource],
          eventName: watchedCallNames(module.changeCalls!.calls),
          errorCode: [{ exists: false }],
        },
      });
      expect(rule.Properties!.EventBusName).toBeUndefined();
      expect(rule.Properties!.State).toBe('ENABLED');
      expect(rule.Properties!.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetterQueueId, 'Arn'] } },
        }),
      ]);
    }
  });

  it('lists in each table exactly the mutating commands of its SDK, and watches no read-only one', () => {
    for (const module of modulesWithTables) {
      // Prepare
      const commands = sdkCommands(module.changeCalls!.eventSource);
      const mutating = commands.filter(isMutatingCall);

      // Act
      const listed = Object.keys(module.changeCalls!.calls).sort();
      const watched = watchedCallNames(module.changeCalls!.calls);

      // Assess
      expect(mutating.length).toBeGreaterThan(0);
      expect(listed).toEqual(mutating);
      expect(watched.filter((name) => !mutating.includes(name))).toEqual([]);
    }
  });

  it('admits each change rule to the ingest queue by its ARN only', () => {
    // Prepare
    const policy = Object.values(resourcesOfType(synthesized.template, 'AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties!.Queues) === JSON.stringify([{ Ref: queueId }]),
    )!;
    const statements = (policy.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;

    // Act
    const admitted = cloudTrailRules(synthesized.template).map(([ruleId]) =>
      statements.find(
        (s) =>
          s.Effect === 'Allow' &&
          JSON.stringify(s.Condition) ===
            JSON.stringify({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } }),
      ),
    );

    // Assess
    for (const statement of admitted) {
      expect(statement).toBeDefined();
      expect(statement!.Principal).toEqual({ Service: 'events.amazonaws.com' });
      expect(asArray(statement!.Action)).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    }
  });

  it('gives every inventory function the mode, both sweep periods and its schedule interval; the ingest and the API the mode', () => {
    // Act
    const inventories = INVENTORY_PREFIXES.map((prefix) => variablesOf(synthesized.template, prefix));
    const ingest = variablesOf(synthesized.template, FUNCTION_PREFIXES.ingest);
    const api = variablesOf(synthesized.template, FUNCTION_PREFIXES.api);
    const metrics = variablesOf(synthesized.template, FUNCTION_PREFIXES.metrics);

    // Assess
    for (const variables of inventories)
      expect(variables).toMatchObject({
        CHANGE_EVENTS: 'cloudtrail',
        SWEEP_PERIOD_LIVE_MINUTES: '60',
        SWEEP_PERIOD_OFF_MINUTES: '5',
        INVENTORY_INTERVAL_SECONDS: '300',
      });
    expect(ingest.CHANGE_EVENTS).toBe('cloudtrail');
    expect(api).toMatchObject({
      CHANGE_EVENTS: 'cloudtrail',
      SWEEP_PERIOD_LIVE_MINUTES: '60',
      SWEEP_PERIOD_OFF_MINUTES: '5',
    });
    expect(metrics.CHANGE_EVENTS).toBeUndefined();
  });

  it("lets every inventory function Query the table, to read the change path's partition", () => {
    for (const prefix of INVENTORY_PREFIXES) {
      // Act
      const actions = allowedActions(functionStatements(synthesized.template, prefix));

      // Assess
      expect(actions).toContain('dynamodb:Query');
    }
  });
});

describe('the change path switched off, and other schedules', () => {
  it('creates no CloudTrail rule with changeEvents "off", and tells every function so', () => {
    // Act
    const template = unbundledTemplate({ changeEvents: 'off', sweepPeriodMinutes: { live: 120, off: 15 } });

    // Assess
    expect(cloudTrailRules(template)).toEqual([]);
    for (const prefix of INVENTORY_PREFIXES)
      expect(variablesOf(template, prefix)).toMatchObject({
        CHANGE_EVENTS: 'off',
        SWEEP_PERIOD_LIVE_MINUTES: '120',
        SWEEP_PERIOD_OFF_MINUTES: '15',
      });
    expect(variablesOf(template, FUNCTION_PREFIXES.ingest).CHANGE_EVENTS).toBe('off');
    expect(variablesOf(template, FUNCTION_PREFIXES.api).CHANGE_EVENTS).toBe('off');
  });

  it.each([
    ['rate(10 minutes)', '600'],
    ['cron(0/10 * * * ? *)', '300'],
  ])('gives the inventory functions of %s the interval %s s', (inventorySchedule, seconds) => {
    // Act
    const template = unbundledTemplate({ inventorySchedule, sweepPeriodMinutes: { live: 60, off: 10 } });

    // Assess
    for (const prefix of INVENTORY_PREFIXES)
      expect(variablesOf(template, prefix).INVENTORY_INTERVAL_SECONDS).toBe(seconds);
  });
});

describe('ChangeEvents', () => {
  const queues = (stack: Stack) => {
    const deadLetterQueue = new sqs.Queue(stack, 'Dlq');
    return {
      queue: new sqs.Queue(stack, 'Queue', { deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 } }),
      deadLetterQueue,
    };
  };

  it('creates one rule per module with watched calls, and none for a module without a table or with only unwatched calls', () => {
    // Prepare
    const stack = new Stack(new App(), 'ChangeEventsTest', { env: TEST_ENV });
    const [first, second, third] = SERVICE_MODULES as [ServiceModule, ServiceModule, ServiceModule];
    const watching = watchingEverything(first);
    const unwatchedOnly: ServiceModule = {
      ...second,
      changeCalls: { eventSource: 'x.amazonaws.com', calls: { CreateBridge: { unwatched: 'bridges are not polled' } } },
    };
    const noTable: ServiceModule = { ...third, changeCalls: undefined };

    // Act
    const construct = new ChangeEvents(stack, 'Changes', {
      ...queues(stack),
      modules: [watching, unwatchedOnly, noTable],
    });
    const template = Template.fromStack(stack);

    // Assess
    expect(Object.keys(construct.rules)).toEqual([first.eventSource]);
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: [first.eventSource],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: [watching.changeCalls!.eventSource],
          eventName: watchedCallNames(watching.changeCalls!.calls),
          errorCode: [{ exists: false }],
        },
      },
    });
  });

  it("fits every service's pattern in EventBridge's 2,048 characters even when every mutating call is watched", () => {
    // Act
    const sizes = Object.fromEntries(
      SERVICE_MODULES.map((module) => {
        const { detailType, ...rest } = changeEventPattern(watchingEverything(module))!;
        return [module.eventSource, JSON.stringify({ ...rest, 'detail-type': detailType }).length];
      }),
    );

    // Assess
    expect(Math.max(...Object.values(sizes))).toBe(sizes['aws.medialive']);
    for (const size of Object.values(sizes)) expect(size).toBeLessThanOrEqual(EVENT_PATTERN_MAX_CHARS);
  });

  it('refuses a pattern over the size EventBridge accepts', () => {
    // Prepare
    const stack = new Stack(new App(), 'OversizeTest', { env: TEST_ENV });
    const [first] = SERVICE_MODULES as [ServiceModule];
    const calls: ChangeCallTable = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [
        `UpdateAVeryLongResourceNameNumber${i}`,
        { verb: 'update', targets: () => [] },
      ]),
    );
    const oversized: ServiceModule = { ...first, changeCalls: { eventSource: 'x.amazonaws.com', calls } };

    // Act
    const build = () => new ChangeEvents(stack, 'Changes', { ...queues(stack), modules: [oversized] });

    // Assess
    expect(build).toThrow(/pattern is \d+ characters, over EventBridge's 2048/);
  });
});

describe('resolveChangePathSettings and sweepEnvironment', () => {
  it('defaults to cloudtrail with 60 and 5 minutes', () => {
    // Act
    const settings = resolveChangePathSettings();

    // Assess
    expect(settings).toEqual({ changeEvents: 'cloudtrail', sweepPeriodMinutes: { live: 60, off: 5 } });
  });

  it.each([
    [{ sweepPeriodMinutes: { live: 5, off: 10 } }, /must not exceed/],
    [{ sweepPeriodMinutes: { live: 60, off: 0.5 } }, /whole minutes/],
  ])('refuses %j', (settings, message) => {
    // Act
    const resolve = () => resolveChangePathSettings(settings);

    // Assess
    expect(resolve).toThrow(message);
  });

  it('refuses a sweep period shorter than the inventory interval', () => {
    // Prepare
    const settings = resolveChangePathSettings({ sweepPeriodMinutes: { live: 60, off: 5 } });

    // Act
    const environment = () => sweepEnvironment(settings, 600);

    // Assess
    expect(environment).toThrow('must each be at least the inventory interval (600 s)');
  });
});
