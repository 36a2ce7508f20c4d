import {
  Arn,
  ArnFormat,
  Aws,
  CfnCondition,
  CfnOutput,
  CfnParameter,
  CfnResource,
  Duration,
  Fn,
  Stack,
  Token,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { SERVICE_MODULES } from '../lambdas/events/services/service-registry';
import { describeAlarmsStatement } from './alarm-reconciler';
import { changeEventPattern } from './change-events';
import { DeadLetterAlarm } from './dead-letter-alarm';
import type { DeploymentSpec, EncryptionSetupSpec, WatchedTargetSpec } from './deployment-spec';
import { createEncryptionSetups, type EncryptionSetup } from './encryption-setups';
import { FlowAlarms } from './flow-alarms';
import { mediaAlarmEventPattern, mediaServiceEventPatterns } from './media-event-patterns';
import {
  MEMBER_ROLE_PATH,
  memberOperatorRoleName,
  memberReadRoleName,
  memberRoleArn,
  monitorEventBusArn,
  monitorRolePath,
} from './member-naming';
import { acknowledgeWildcards } from './nag-suppressions';
import { getMetricDataStatement, listMetricsStatement } from './services/cloudwatch';
import { passEncryptionRoleStatement } from './services/mediaconnect';
import { MONITORED_SERVICES } from './services/registry';
import type { MonitoredService } from './services/service-definition';

export interface MediaMonitorMemberStackProps extends StackProps {
  /** The monitoring deployment this member reports to (its account, Region and name). */
  readonly deployment: Pick<DeploymentSpec, 'name' | 'account' | 'region'>;
  /** The watched target this stack is deployed in: its account and Region are the stack's env. */
  readonly target: WatchedTargetSpec;
  /** Whether CloudTrail change events are forwarded too (the deployment's `changeEvents`). */
  readonly changeEvents: 'cloudtrail' | 'off';
  /** Encryption setups of this account, created here. @default [] */
  readonly encryptionSetups?: readonly EncryptionSetupSpec[];
}

/** Who may assume a member role: roles under the deployment's function role path, with the external id if any. */
export interface MemberTrust {
  /** The monitoring deployment's account (a token in the generic template). */
  readonly deploymentAccount: string;
  /** The deployment's name: its functions' roles are under `/media-monitor/<name>/`. */
  readonly deploymentName: string;
  /** Required as `sts:ExternalId` when set; no ExternalId condition at all otherwise. */
  readonly externalId?: string;
}

/**
 * The trust of both member roles: the deployment's account, and within it only the roles under the deployment's
 * function role path (`aws:PrincipalArn`), plus `sts:ExternalId` exactly when one is configured.
 */
export function memberTrustPrincipal(scope: IConstruct, trust: MemberTrust): iam.PrincipalBase {
  const principalArn = `arn:${Stack.of(scope).partition}:iam::${trust.deploymentAccount}:role${monitorRolePath(trust.deploymentName)}*`;
  return new iam.AccountPrincipal(trust.deploymentAccount).withConditions({
    ArnLike: { 'aws:PrincipalArn': principalArn },
    ...(trust.externalId === undefined ? {} : { StringEquals: { 'sts:ExternalId': trust.externalId } }),
  });
}

/**
 * What the deployment's read functions do in a member account: each selected service's inventory and re-poll
 * statements (built in the member's stack, so they name the member's account and Region), CloudWatch GetMetricData
 * and ListMetrics (the metrics poller; ListMetrics discovers ambiguous dimension values) and DescribeAlarms (the alarm
 * reconcile).
 */
export function memberReadStatements(scope: Construct, services: readonly MonitoredService[]): iam.PolicyStatement[] {
  return [
    ...services.flatMap((service) => [...service.inventoryStatements(scope), ...service.repollStatements(scope)]),
    getMetricDataStatement(),
    listMetricsStatement(),
    describeAlarmsStatement(scope),
  ];
}

/** The read role `/media-monitor/media-monitor-read-<region>`. */
export function createMemberReadRole(
  scope: Construct,
  trust: MemberTrust,
  services: readonly MonitoredService[],
): iam.Role {
  const role = new iam.Role(scope, 'ReadRole', {
    roleName: memberReadRoleName(Stack.of(scope).region),
    path: MEMBER_ROLE_PATH,
    description: `Media monitor deployment ${trust.deploymentName}: reads this account's media services and metrics`,
    assumedBy: memberTrustPrincipal(scope, trust),
    // A Lambda role assuming a role is role chaining, which AWS caps at one hour.
    maxSessionDuration: Duration.hours(1),
  });
  memberReadStatements(role, services).forEach((statement) => role.addToPolicy(statement));
  acknowledgeWildcards(role);
  return role;
}

/**
 * The operator role `/media-monitor/media-monitor-operate-<region>`: each selected service's API statements (start,
 * stop, entitlements), and iam:PassRole on exactly `encryptionRoleArns`, only to MediaConnect.
 */
export function createMemberOperatorRole(
  scope: Construct,
  trust: MemberTrust,
  services: readonly MonitoredService[],
  encryptionRoleArns: readonly string[],
): iam.Role {
  const role = new iam.Role(scope, 'OperatorRole', {
    roleName: memberOperatorRoleName(Stack.of(scope).region),
    path: MEMBER_ROLE_PATH,
    description: `Media monitor deployment ${trust.deploymentName}: operator actions on this account's media services`,
    assumedBy: memberTrustPrincipal(scope, trust),
    maxSessionDuration: Duration.hours(1),
  });
  services
    .flatMap((service) => service.apiStatements(role, { encryptionRoleArns }))
    .forEach((statement) => role.addToPolicy(statement));
  acknowledgeWildcards(role);
  return role;
}

/** The patterns a member forwards, by construct id: the same builders as the monitoring stack's ingest rules. */
export function memberForwardPatterns(
  services: readonly string[],
  changeEvents: 'cloudtrail' | 'off',
): Array<[string, events.EventPattern]> {
  const modules = SERVICE_MODULES.filter((module) => services.includes(module.name));
  const bySource = mediaServiceEventPatterns();
  const patterns: Array<[string, events.EventPattern]> = modules.flatMap((module) => {
    const pattern = bySource[module.eventSource];
    return pattern ? [[`${module.name}-events`, pattern] as [string, events.EventPattern]] : [];
  });
  patterns.push(['alarm-state-changes', mediaAlarmEventPattern()]);
  if (changeEvents === 'cloudtrail')
    for (const module of modules) {
      const pattern = changeEventPattern(module);
      if (pattern) patterns.push([`${module.name}-changes`, pattern]);
    }
  return patterns;
}

/** The forwarding: one rule per pattern on the default bus, to the monitor's bus, through one role, with a DLQ. */
export interface EventForwarding {
  readonly rules: readonly events.Rule[];
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
}

export function createEventForwarding(
  scope: Construct,
  monitorBusArn: string,
  patterns: ReadonlyArray<[string, events.EventPattern]>,
): EventForwarding {
  const deadLetterQueue = new sqs.Queue(scope, 'ForwardDeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is the dead-letter queue of the forwarding rules: it holds the events EventBridge could not put on ' +
      "the monitoring deployment's bus. A dead-letter queue of a dead-letter queue would only move the same messages.",
  });
  new DeadLetterAlarm(scope, 'ForwardDeadLetterAlarm', {
    queue: deadLetterQueue,
    contents: "member events that could not be put on the monitoring deployment's bus",
  });
  const role = new iam.Role(scope, 'ForwardRole', {
    description: "Puts this account's media events on the monitoring deployment's event bus",
    assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
  });
  const bus = events.EventBus.fromEventBusArn(scope, 'MonitorBus', monitorBusArn);
  // The target adds events:PutEvents on the bus ARN to the role, and nothing else.
  const target = new targets.EventBus(bus, { role, deadLetterQueue });
  const rules = patterns.map(
    ([id, eventPattern]) =>
      new events.Rule(scope, `Forward-${id}`, {
        description: `Media monitor: forwards ${id} to the monitoring deployment's bus`,
        eventPattern,
        targets: [target],
      }),
  );
  return { rules, role, deadLetterQueue };
}

/** The topic a member's default flow alarms publish to (alarms need an action; the state change is forwarded too). */
function createAlarmActionTopic(scope: Construct): sns.Topic {
  const key = new kms.Key(scope, 'FlowAlarmTopicKey', {
    description: 'Encrypts the media-monitor alarm topic; usable by CloudWatch alarms of this account',
    enableKeyRotation: true,
  });
  const source = { 'aws:SourceAccount': Stack.of(scope).account };
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: source },
    }),
  );
  const topic = new sns.Topic(scope, 'FlowAlarmTopic', {
    displayName: 'Media monitor: member flow alarms',
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsOfThisAccount',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { StringEquals: source },
    }),
  );
  return topic;
}

/**
 * What a watched member account holds for a monitoring deployment in another account: the read role (and optionally
 * the operator role) the deployment's functions assume, the rules that forward the media services' events, alarm
 * state changes and CloudTrail change events to the deployment's bus, the policy that lets the deployment subscribe
 * to the account's alarm topics, default flow alarms, and the account's encryption setups.
 *
 * Deploy it before the monitoring stack: the deployment assumes its roles and subscribes to its topics.
 */
export class MediaMonitorMemberStack extends Stack {
  /** Undefined when the target's credentials are not the member role (key pair, or a role the user brings). */
  public readonly readRole?: iam.Role;
  public readonly operatorRole?: iam.Role;
  public readonly forwarding?: EventForwarding;
  public readonly flowAlarms?: FlowAlarms;
  public readonly encryptionSetups: readonly EncryptionSetup[];

  constructor(scope: Construct, id: string, props: MediaMonitorMemberStackProps) {
    const { deployment, target } = props;
    const env = props.env ?? { account: target.account, region: target.region };
    if (env.account !== target.account || env.region !== target.region)
      throw new Error(
        `MediaMonitorMemberStack: the stack's env ${env.account}/${env.region} is not the watched target ` +
          `${target.account}/${target.region}`,
      );
    if (!deployment.account)
      throw new Error('MediaMonitorMemberStack: the deployment needs an account (its roles are trusted by account)');
    if (deployment.region !== undefined && deployment.region !== target.region)
      throw new Error(
        `MediaMonitorMemberStack: the deployment is in ${deployment.region}, the target in ${target.region}: ` +
          "a deployment watches only its own Region (the bus and the member's roles are regional)",
      );
    super(scope, id, { ...props, env });
    const services = MONITORED_SERVICES.filter((service) => target.services.some((name) => name === service.service));
    const trustOf = (externalId: string | undefined): MemberTrust => ({
      deploymentAccount: deployment.account!,
      deploymentName: deployment.name,
      externalId,
    });

    this.encryptionSetups = createEncryptionSetups(this, props.encryptionSetups ?? [], target.region);

    const read = memberRoleChoice(target.credentials, target.account, memberReadRoleName(target.region));
    if (read.create) this.readRole = createMemberReadRole(this, trustOf(read.externalId), services);
    new CfnOutput(this, 'ReadRoleArn', {
      description: read.note,
      value: this.readRole?.roleArn ?? read.value,
    });

    const operate = target.operator
      ? memberRoleChoice(target.operator, target.account, memberOperatorRoleName(target.region))
      : { create: false, value: 'none', note: 'No operator role: the deployment refuses actions on this account' };
    if (operate.create)
      this.operatorRole = createMemberOperatorRole(
        this,
        trustOf(operate.externalId),
        services,
        this.encryptionSetups.map((setup) => setup.encryption.role.roleArn),
      );
    new CfnOutput(this, 'OperatorRoleArn', {
      description: operate.note,
      value: this.operatorRole?.roleArn ?? operate.value,
    });

    if (target.forwardEvents) {
      this.forwarding = createEventForwarding(
        this,
        monitorEventBusArn(deployment.account, target.region, deployment.name, this.partition),
        memberForwardPatterns(target.services, props.changeEvents),
      );
    }
    new CfnOutput(this, 'ForwardRuleArns', {
      description: "The rules forwarding this account's media events to the monitoring deployment's bus",
      value: this.forwarding
        ? Fn.join(
            ',',
            this.forwarding.rules.map((rule) => rule.ruleArn),
          )
        : 'none',
    });

    if (target.alarmTopicArns.length > 0) this.allowSubscriptions(deployment.account, target.alarmTopicArns);
    if (target.alarmFlowArns.length > 0)
      this.flowAlarms = new FlowAlarms(this, 'FlowAlarms', {
        topic: createAlarmActionTopic(this),
        flowArns: target.alarmFlowArns,
      });
  }

  /**
   * Lets the deployment's account subscribe SQS queues of its own to the account's alarm topics. An existing topic's
   * policy is one document, so this policy replaces it: it keeps the owner's rights (the default statement) and
   * CloudWatch alarms' publishing, and adds the subscription.
   */
  private allowSubscriptions(deploymentAccount: string, topicArns: readonly string[]): void {
    for (const arn of topicArns) {
      const parts = Arn.split(arn, ArnFormat.NO_RESOURCE_NAME);
      if (parts.account !== this.account || parts.region !== this.region)
        throw new Error(`MediaMonitorMemberStack: alarm topic ${arn} is not in ${this.account}/${this.region}`);
    }
    const topics = topicArns.map((arn, i) => sns.Topic.fromTopicArn(this, `ExistingAlarmTopic${i}`, arn));
    const policy = new sns.TopicPolicy(this, 'AlarmTopicSubscribePolicy', { topics });
    policy.document.addStatements(
      new iam.PolicyStatement({
        sid: 'OwnerAccount',
        principals: [new iam.AccountRootPrincipal()],
        actions: [
          'sns:GetTopicAttributes',
          'sns:SetTopicAttributes',
          'sns:AddPermission',
          'sns:RemovePermission',
          'sns:DeleteTopic',
          'sns:Subscribe',
          'sns:ListSubscriptionsByTopic',
          'sns:Publish',
        ],
        resources: [...topicArns],
      }),
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [...topicArns],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      new iam.PolicyStatement({
        sid: 'MonitoringDeploymentSubscribes',
        principals: [new iam.AccountPrincipal(deploymentAccount)],
        actions: ['sns:Subscribe'],
        resources: [...topicArns],
        conditions: {
          StringEquals: { 'sns:Protocol': 'sqs' },
          ArnLike: { 'sns:Endpoint': `arn:${this.partition}:sqs:${this.region}:${deploymentAccount}:*` },
        },
      }),
    );
  }
}

/** Whether the member stack creates the role a credential source names, and what its output says otherwise. */
function memberRoleChoice(
  source: WatchedTargetSpec['credentials'],
  account: string,
  roleName: string,
): { create: boolean; externalId?: string; value: string; note: string } {
  if (source.type !== 'assume-role')
    return {
      create: false,
      value: 'none',
      note: `No role created: the deployment reads this account with ${source.type} credentials`,
    };
  const partition = source.roleArn.split(':')[1] ?? 'aws';
  if (source.roleArn !== memberRoleArn(account, roleName, partition))
    return {
      create: false,
      value: source.roleArn,
      note: `No role created: the deployment assumes ${source.roleArn}, a role you bring (not ${roleName})`,
    };
  return { create: true, externalId: source.externalId, value: source.roleArn, note: `The role ${roleName}` };
}

/**
 * The member stack for teams without CDK: the same roles, statements and forwarding rules, synthesized env-agnostic
 * with CloudFormation parameters (`npm run member-template` writes lib/templates/media-monitor-member.template.json).
 * It grants every registered service; default flow alarms, alarm-topic policies and encryption setups need the CDK
 * stack (their resources are one per flow, topic or setup).
 */
export class MediaMonitorMemberTemplateStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, {
      description:
        'Media monitor member account: the roles a monitoring deployment in another account assumes, and the ' +
        "rules forwarding this account's media events to it",
      ...props,
    });
    if (!Token.isUnresolved(this.account) || !Token.isUnresolved(this.region))
      throw new Error('MediaMonitorMemberTemplateStack: the generic template is env-agnostic; set no env');
    const monitoringAccount = new CfnParameter(this, 'MonitoringAccountId', {
      type: 'String',
      allowedPattern: '^\\d{12}$',
      description: 'The account of the monitoring deployment (deployments[].account)',
    });
    const deploymentName = new CfnParameter(this, 'DeploymentName', {
      type: 'String',
      allowedPattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
      description: 'The name of the monitoring deployment (deployments[].name; default <account>-<region>)',
    });
    const externalId = new CfnParameter(this, 'ExternalId', {
      type: 'String',
      default: '',
      allowedPattern: '^$|^[\\w+=,.@:/-]{2,1224}$',
      description: 'The external id of watch[].credentials (and operator); empty: no external id is required',
    });
    const createOperatorRole = new CfnParameter(this, 'CreateOperatorRole', {
      type: 'String',
      allowedValues: ['true', 'false'],
      default: 'false',
      description: 'Create the operator role (watch[].operator): start, stop and entitlement actions',
    });
    const encryptionRoleArns = new CfnParameter(this, 'EncryptionRoleArns', {
      type: 'CommaDelimitedList',
      default: '',
      description: 'Roles the operator role may pass to MediaConnect (static-key encryption setups); empty: none',
    });
    const forwardEvents = new CfnParameter(this, 'ForwardEvents', {
      type: 'String',
      allowedValues: ['true', 'false'],
      default: 'true',
      description:
        "Forward this account's media events, alarm state changes and CloudTrail change calls to the deployment's bus",
    });
    const hasExternalId = new CfnCondition(this, 'HasExternalId', {
      expression: Fn.conditionNot(Fn.conditionEquals(externalId.valueAsString, '')),
    });
    const operatorOn = new CfnCondition(this, 'CreateOperator', {
      expression: Fn.conditionEquals(createOperatorRole.valueAsString, 'true'),
    });
    const passesRoles = new CfnCondition(this, 'OperatorPassesRoles', {
      expression: Fn.conditionAnd(
        operatorOn,
        Fn.conditionNot(Fn.conditionEquals(Fn.join('', encryptionRoleArns.valueAsList), '')),
      ),
    });
    const forwardOn = new CfnCondition(this, 'Forward', {
      expression: Fn.conditionEquals(forwardEvents.valueAsString, 'true'),
    });
    const trust: MemberTrust = {
      deploymentAccount: monitoringAccount.valueAsString,
      deploymentName: deploymentName.valueAsString,
      externalId: externalId.valueAsString,
    };
    const services = MONITORED_SERVICES;
    const readRole = createMemberReadRole(this, trust, services);
    optionalExternalId(readRole, hasExternalId);

    const operatorRole = createMemberOperatorRole(this, trust, services, []);
    optionalExternalId(operatorRole, hasExternalId);
    applyCondition(operatorRole, operatorOn);
    const passRoles = new iam.Policy(this, 'OperatorPassRolePolicy', {
      roles: [operatorRole],
      statements: [passEncryptionRoleStatement(encryptionRoleArns.valueAsList)],
    });
    applyCondition(passRoles, passesRoles);

    // Change rules match only when the account has a trail with management events; the deployment ingests them
    // only with changeEvents: cloudtrail, and costs nothing otherwise but the bus's PutEvents.
    const forwarding = createEventForwarding(
      this,
      monitorEventBusArn(monitoringAccount.valueAsString, Aws.REGION, deploymentName.valueAsString, Aws.PARTITION),
      memberForwardPatterns(
        services.map((service) => service.service),
        'cloudtrail',
      ),
    );
    for (const child of this.node.children)
      if (forwarding.rules.includes(child as events.Rule) || FORWARDING_PARTS.has(child.node.id))
        applyCondition(child, forwardOn);

    new CfnOutput(this, 'ReadRoleArn', { description: 'The role the deployment reads with', value: readRole.roleArn });
    new CfnOutput(this, 'OperatorRoleArn', {
      description: 'The role the deployment acts with',
      value: operatorRole.roleArn,
      condition: operatorOn,
    });
    new CfnOutput(this, 'ForwardRuleArns', {
      description: "The rules forwarding this account's media events to the monitoring deployment's bus",
      value: Fn.join(
        ',',
        forwarding.rules.map((rule) => rule.ruleArn),
      ),
      condition: forwardOn,
    });
  }
}

const FORWARDING_PARTS = new Set(['ForwardDeadLetterQueue', 'ForwardDeadLetterAlarm', 'ForwardRole']);

/** Every CloudFormation resource under a construct exists only under a condition. */
function applyCondition(construct: IConstruct, condition: CfnCondition): void {
  for (const child of construct.node.findAll())
    if (child instanceof CfnResource) child.cfnOptions.condition = condition;
}

/** The generic template's trust: the ExternalId condition only when the parameter is not empty. */
function optionalExternalId(role: iam.Role, hasExternalId: CfnCondition): void {
  const cfnRole = role.node.defaultChild as iam.CfnRole;
  const document = Stack.of(role).resolve(cfnRole.assumeRolePolicyDocument) as {
    Statement: Array<{ Condition: { StringEquals?: unknown; ArnLike: unknown } }>;
  };
  const condition = document.Statement[0]!.Condition;
  cfnRole.addPropertyOverride(
    'AssumeRolePolicyDocument.Statement.0.Condition',
    Fn.conditionIf(hasExternalId.logicalId, condition, { ArnLike: condition.ArnLike }),
  );
}
