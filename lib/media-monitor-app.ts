import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configForDeployment, loadDeploymentConfig, type ConfigSources, type DeploymentTarget } from './config';
import type { DeploymentSpec } from './deployment-spec';
import { MediaMonitorMemberStack } from './media-monitor-member-stack';
import { MediaMonitorStack } from './media-monitor-stack';
import { deploymentStackId, memberStackId } from './member-naming';

/** The stack id (and name) of one deployment: `MediaMonitor-<account>-<region>`, or `MediaMonitor` when env-agnostic. */
export function stackIdFor(target: DeploymentTarget): string {
  return deploymentStackId(target.account, target.region);
}

/** What the app entry hands the stacks besides the config. */
export interface MediaMonitorAppOptions {
  /**
   * Builds the dashboard and returns its folder; called once, and only when a deployment hosts the dashboard
   * (`dashboard.hosted`). bin/media-monitor.ts builds it from bin/dashboard with esbuild.
   * @default - none: a deployment with `dashboard.hosted` fails to synthesize
   */
  readonly dashboardSite?: () => string;
}

/** The stacks of the app: one MediaMonitorStack per deployment, one MediaMonitorMemberStack per member target. */
export interface MediaMonitorAppStacks {
  readonly deployments: MediaMonitorStack[];
  readonly members: MediaMonitorMemberStack[];
}

/**
 * Reads the deployment config from the app's context (`-c config=<path>`, `-c account=…`, `-c region=…`), creates
 * one MediaMonitorStack per deployment and one MediaMonitorMemberStack per watched target in another account (unless
 * its `memberStack` is false), and applies cdk-nag's AwsSolutions checks to the whole app. Returns the deployments'
 * stacks; `buildMediaMonitorAppStacks` returns the member stacks too.
 */
export function buildMediaMonitorApp(
  app: App,
  sources: Omit<ConfigSources, 'configPath' | 'contextAccount' | 'contextRegion'> = {},
  options: MediaMonitorAppOptions = {},
): MediaMonitorStack[] {
  return buildMediaMonitorAppStacks(app, sources, options).deployments;
}

export function buildMediaMonitorAppStacks(
  app: App,
  sources: Omit<ConfigSources, 'configPath' | 'contextAccount' | 'contextRegion'> = {},
  options: MediaMonitorAppOptions = {},
): MediaMonitorAppStacks {
  let site: string | undefined;
  const dashboardSite = (): string | undefined => (site ??= options.dashboardSite?.());
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null ? undefined : String(value);
  };
  const loaded = loadDeploymentConfig({
    ...sources,
    configPath: context('config'),
    contextAccount: context('account'),
    contextRegion: context('region'),
  });
  const deployments: MediaMonitorStack[] = [];
  const members: MediaMonitorMemberStack[] = [];
  for (const spec of loaded.deployments) {
    const stack = new MediaMonitorStack(app, deploymentStackId(spec.account, spec.region), {
      env: { account: spec.account, region: spec.region },
      config: configForDeployment(loaded.config, spec),
      // An env-agnostic stack names no target: it is the single-account stack, as without a deployment.
      ...(spec.watch.length > 0 ? { deployment: spec } : {}),
      ...(spec.hostedDashboard && dashboardSite() !== undefined ? { dashboardSiteDirectory: dashboardSite() } : {}),
      description: 'Media monitor: MediaConnect/MediaLive/MediaPackage state, metrics, events and control API',
    });
    deployments.push(stack);
    for (const member of memberStacks(app, spec, loaded.config.changeEvents)) {
      // Deploy order only (no cross-account reference): the member's roles and topic policies come first.
      stack.addDependency(member);
      members.push(member);
    }
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { deployments, members };
}

function memberStacks(app: App, spec: DeploymentSpec, changeEvents: 'cloudtrail' | 'off'): MediaMonitorMemberStack[] {
  const { name, account, region } = spec;
  return spec.watch
    .filter((target) => target.account !== account && target.memberStack)
    .map(
      (target) =>
        new MediaMonitorMemberStack(app, memberStackId(target.account, target.region), {
          env: { account: target.account, region: target.region },
          deployment: { name, account, region },
          target,
          changeEvents,
          encryptionSetups: spec.encryptionSetups.filter((setup) => setup.account === target.account),
          description: `Media monitor member: what deployment ${name} (${account}/${region}) needs in this account`,
        }),
    );
}
