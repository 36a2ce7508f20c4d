import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { configForTarget, parseConfig, type MediaMonitorConfigInput } from '../../lib/config';
import type { DeploymentSpec, WatchedTargetSpec } from '../../lib/deployment-spec';
import { MediaMonitorStack } from '../../lib/media-monitor-stack';
import { memberOperatorRoleName, memberReadRoleName, memberRoleArn } from '../../lib/member-naming';
import { SERVICE_NAMES, type WatchedTarget } from '../../lambdas/shared/watched-targets';
import { cdkJsonContext } from './synth';

/** The accounts of the sample multi-account config (media-monitor.config.multi-account.example.json). */
export const MONITOR_ACCOUNT = '111111111111';
export const MEMBER_ACCOUNT = '222222222222';
export const PARTNER_ACCOUNT = '333333333333';
export const EU = 'eu-west-1';
export const PARTNER_SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:111111111111:secret:media-monitor/keys/partner-AbCdEf';

/** A watched target as lib/config.ts resolves it: every field defaulted. */
export function watched(target: Partial<WatchedTargetSpec> & Pick<WatchedTarget, 'account'>): WatchedTargetSpec {
  return {
    region: EU,
    credentials: { type: 'execution-role' },
    services: [...SERVICE_NAMES],
    quotas: {},
    forwardEvents: target.account !== MONITOR_ACCOUNT,
    alarmTopicArns: [],
    alarmFlowArns: [],
    memberStack: target.account !== MONITOR_ACCOUNT,
    ...target,
  };
}

/** A member target read through the member stack's read role (and operated through its operator role). */
export function memberTarget(account: string, externalId: string, operate = true): WatchedTargetSpec {
  const source = (roleName: string) => ({
    type: 'assume-role' as const,
    roleArn: memberRoleArn(account, roleName),
    externalId,
    sessionDurationSeconds: 3600,
  });
  return watched({
    account,
    credentials: source(memberReadRoleName(EU)),
    ...(operate ? { operator: source(memberOperatorRoleName(EU)) } : {}),
  });
}

/**
 * The sample config's `eu` deployment, resolved by hand as lib/config.ts resolves it: itself, member 222… through the
 * member roles with an external id, partner 333… with a key pair, MediaConnect only, on its own inventory schedule.
 */
export const EU_DEPLOYMENT: DeploymentSpec = {
  name: 'eu',
  account: MONITOR_ACCOUNT,
  region: EU,
  watch: [
    watched({ account: MONITOR_ACCOUNT }),
    memberTarget(MEMBER_ACCOUNT, 'media-monitor-eu-2222'),
    watched({
      account: PARTNER_ACCOUNT,
      credentials: { type: 'key-pair', secretArn: PARTNER_SECRET_ARN },
      services: ['mediaconnect'],
      inventorySchedule: 'rate(10 minutes)',
      metricSet: 'health',
    }),
  ],
  encryptionSetups: [
    { name: 'zixi-partner', account: MEMBER_ACCOUNT, roleName: 'MediaConnect-zixi-partner', keyBits: 256 },
  ],
};

/** A deployment that watches only itself, as the config resolves a legacy `targets` entry. */
export function selfOnlyDeployment(account: string, region: string): DeploymentSpec {
  return { name: `${account}-${region}`, account, region, watch: [watched({ account, region })], encryptionSetups: [] };
}

export interface SynthesizedDeployment {
  readonly app: App;
  readonly stack: MediaMonitorStack;
  readonly template: Template;
}

/**
 * One MediaMonitorStack of a deployment, without bundling (`aws:cdk:bundling-stacks` empty): the tests look at the
 * template, not at the bundles, and a synthesis takes a second instead of a minute.
 */
export function synthDeployment(
  deployment: DeploymentSpec | undefined,
  config: MediaMonitorConfigInput = {},
  env: { account: string; region: string } = { account: MONITOR_ACCOUNT, region: EU },
): SynthesizedDeployment {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new MediaMonitorStack(app, 'MediaMonitorTest', {
    env,
    config: configForTarget(parseConfig(config), env),
    ...(deployment ? { deployment } : {}),
  });
  return { app, stack, template: Template.fromStack(stack) };
}
