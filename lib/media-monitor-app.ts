import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configForTarget, loadDeploymentConfig, type ConfigSources, type DeploymentTarget } from './config';
import { MediaMonitorStack } from './media-monitor-stack';

/** The stack id (and name) of one target: `MediaMonitor-<account>-<region>`, or `MediaMonitor` when env-agnostic. */
export function stackIdFor(target: DeploymentTarget): string {
  return ['MediaMonitor', target.account, target.region].filter(Boolean).join('-');
}

/**
 * Reads the deployment config from the app's context (`-c config=<path>`, `-c account=…`, `-c region=…`), creates
 * one MediaMonitorStack per target, and applies cdk-nag's AwsSolutions checks to the whole app.
 */
export function buildMediaMonitorApp(
  app: App,
  sources: Omit<ConfigSources, 'configPath' | 'contextAccount' | 'contextRegion'> = {},
): MediaMonitorStack[] {
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
  const stacks = loaded.targets.map(
    (target) =>
      new MediaMonitorStack(app, stackIdFor(target), {
        env: { account: target.account, region: target.region },
        config: configForTarget(loaded.config, target),
        description: 'Media monitor: MediaConnect/MediaLive/MediaPackage state, metrics, events and control API',
      }),
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stacks;
}
