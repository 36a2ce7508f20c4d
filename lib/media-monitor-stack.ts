import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { metricSetEnvValue, type MediaMonitorConfig } from './config';
import type { DeploymentSpec } from './deployment-spec';
import { DashboardHosting } from './dashboard-hosting';
import { createEncryptionSetups, setupsOfAccount } from './encryption-setups';
import { MediaMonitor } from './media-monitor';
import { watchesOnlyItself } from './target-registry';

export interface MediaMonitorStackProps extends StackProps {
  /** The validated configuration for this stack's account and region (see `configForTarget`). */
  readonly config: MediaMonitorConfig;
  /**
   * The deployment and the targets it watches (lib/config.ts). When it watches only itself with its own role, the
   * stack is exactly the single-account stack. @default - the stack's own account and Region, nothing else
   */
  readonly deployment?: DeploymentSpec;
  /**
   * The folder of the built dashboard, required when the deployment hosts it (`dashboard.hosted`). The app entry
   * (bin/media-monitor.ts) builds it from bin/dashboard; constructs do not build clients.
   * @default - none: a deployment with `dashboard.hosted` fails without it
   */
  readonly dashboardSiteDirectory?: string;
}

/** One deployment of the media monitor in one account and region, configured from the deployment config. */
export class MediaMonitorStack extends Stack {
  public readonly monitor: MediaMonitor;
  /** The hosted dashboard, when the deployment has one. */
  public readonly dashboard?: DashboardHosting;

  constructor(scope: Construct, id: string, props: MediaMonitorStackProps) {
    super(scope, id, props);
    const { config } = props;
    const alarms = config.alarms;
    const hasAlarmResources = alarms.flowArns.length + alarms.sourceArns.length + alarms.outputArns.length > 0;
    const deployment = props.deployment;
    // The deployment's own target may carry its own schedules (overrides); any other target is scheduled per target.
    const own = deployment?.watch.find((t) => t.account === deployment.account && t.region === deployment.region);
    const selfOnly = deployment === undefined || watchesOnlyItself(deployment);
    // The API passes the role of an encryption setup in this account itself; a member's setup, its operator role.
    const ownSetupRoleArns = (deployment?.encryptionSetups ?? [])
      .filter((setup) => setup.account === deployment?.account)
      .map((setup) => `arn:aws:iam::${setup.account}:role/${setup.roleName}`);

    this.monitor = new MediaMonitor(this, 'MediaMonitor', {
      inventorySchedule: events.Schedule.expression(
        (selfOnly ? own?.inventorySchedule : undefined) ?? config.inventorySchedule,
      ),
      metricsSchedule: events.Schedule.expression(
        (selfOnly ? own?.metricsSchedule : undefined) ?? config.metricsSchedule,
      ),
      settings: {
        metricSet: metricSetEnvValue(config.metricSet),
        defaultMetricsIntervalSeconds: config.defaultMetricsIntervalSeconds,
        metricsHistoryMinutes: config.metricsHistoryMinutes,
        tombstoneRetentionHours: config.tombstoneRetentionHours,
        quotas: config.quotas,
        concurrency: config.concurrency,
        describeConcurrency: config.describeConcurrency,
      },
      eventHistoryDays: config.eventHistoryDays,
      repollWindowSeconds: config.repollWindowSeconds,
      createAlarmTopic: alarms.createTopic,
      existingAlarmTopics: alarms.existingTopicArns.map((arn, i) =>
        sns.Topic.fromTopicArn(this, `ExistingTopic${i}`, arn),
      ),
      operationsTopic: alarms.operationsTopicArn
        ? sns.Topic.fromTopicArn(this, 'ExistingOperationsTopic', alarms.operationsTopicArn)
        : undefined,
      defaultAlarms:
        alarms.defaultAlarms && hasAlarmResources
          ? { flowArns: alarms.flowArns, sourceArns: alarms.sourceArns, outputArns: alarms.outputArns }
          : undefined,
      api: {
        throttleRateLimit: config.api.throttleRateLimit,
        throttleBurstLimit: config.api.throttleBurstLimit,
        readOnlyPrincipals: principals(config.api.readOnlyPrincipals),
        operatorPrincipals: principals(config.api.operatorPrincipals),
        externalId: config.api.externalId,
        encryptionRoleArns:
          ownSetupRoleArns.length > 0
            ? [...new Set([...config.api.encryptionRoleArns, ...ownSetupRoleArns])]
            : config.api.encryptionRoleArns,
        createAccountLogRole: config.api.createAccountLogRole,
        ...(config.api.stageLogging !== undefined ? { stageLogging: config.api.stageLogging } : {}),
        ...(deployment?.hostedDashboard ? { hostedDashboard: true } : {}),
      },
      logRetention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      tableDeletionProtection: config.tableDeletionProtection,
      changePath: { changeEvents: config.changeEvents, sweepPeriodMinutes: config.sweepPeriodMinutes },
      deployment,
    });

    const monitor = this.monitor;
    new CfnOutput(this, 'ApiUrl', {
      value: monitor.api.url,
      description: 'Base URL of the REST API (SigV4, service execute-api)',
    });
    new CfnOutput(this, 'ReadOnlyRoleArn', {
      value: monitor.accessRoles.readOnlyRole.roleArn,
      description: 'Assume for GET access',
    });
    new CfnOutput(this, 'OperatorRoleArn', {
      value: monitor.accessRoles.operatorRole.roleArn,
      description: 'Assume for all methods',
    });
    new CfnOutput(this, 'TableName', { value: monitor.table.tableName, description: 'State table' });
    const alarmTopic = monitor.topics.alarmTopic ?? monitor.topics.alarmActionTopic;
    if (alarmTopic) {
      new CfnOutput(this, 'TopicArn', { value: alarmTopic.topicArn, description: 'Point media-service alarms here' });
    }
    new CfnOutput(this, 'OperationsTopicArn', {
      value: monitor.topics.operationsTopic.topicArn,
      description: "Subscribe people to the monitor's own health alarms",
    });
    if (monitor.memberBus) {
      new CfnOutput(this, 'EventBusArn', {
        value: monitor.memberBus.bus.eventBusArn,
        description: 'Member accounts forward their media events here (their member stacks name it)',
      });
    }
    // The encryption setups of this account are created here (a member's, in its member stack).
    if (deployment?.account !== undefined && deployment.region !== undefined)
      createEncryptionSetups(this, setupsOfAccount(deployment.encryptionSetups, deployment.account), deployment.region);
    if (deployment?.hostedDashboard) {
      this.dashboard = new DashboardHosting(this, 'Dashboard', {
        api: monitor.api,
        accessRoles: monitor.accessRoles,
        hosted: deployment.hostedDashboard,
        siteDirectory: requiredSiteDirectory(props.dashboardSiteDirectory),
      });
      new CfnOutput(this, 'DashboardUrl', {
        value: `${this.dashboard.url}/`,
        description: 'The hosted dashboard (sign in with a user of the operator or read-only group)',
      });
      new CfnOutput(this, 'DashboardUserPoolId', {
        value: this.dashboard.userPool.userPoolId,
        description: 'Create dashboard users here and add each to the operator or read-only group',
      });
    }
    if (monitor.targetRegistry) {
      new CfnOutput(this, 'TargetsParameterName', {
        value: monitor.targetRegistry.parameter.parameterName,
        description: 'SSM parameter holding the watched targets (no secrets)',
      });
    }
  }
}

/** The dashboard built from bin/dashboard into a fresh directory (the BucketDeployment's asset). */
function requiredSiteDirectory(directory: string | undefined): string {
  if (directory === undefined)
    throw new Error(
      'dashboard.hosted needs the built dashboard: pass dashboardSiteDirectory (bin/media-monitor.ts does)',
    );
  return directory;
}

/** Config principals: a 12-digit account id, or an IAM ARN. An empty list means the deploying account. */
function principals(values: readonly string[]): iam.IPrincipal[] | undefined {
  if (values.length === 0) return undefined;
  return values.map((v) => (/^\d{12}$/.test(v) ? new iam.AccountPrincipal(v) : new iam.ArnPrincipal(v)));
}
