import { App, Stack } from 'aws-cdk-lib';
import { ENV } from '../../lambdas/shared/env';
import { MONITORED_SERVICES, RESOURCE_STAR_ACTIONS, monitoredService } from '../../lib/services/registry';

const stack = () => new Stack(new App(), 'ServicesTest', { env: { account: '123456789012', region: 'eu-west-1' } });

/** Every action of every statement a service declares, by the job that uses it. */
function actionsOf(job: 'inventory' | 'repoll' | 'api', service = MONITORED_SERVICES[0]!): string[] {
  const scope = stack();
  const statements =
    job === 'inventory'
      ? service.inventoryStatements(scope)
      : job === 'repoll'
        ? service.repollStatements(scope)
        : service.apiStatements(scope, { encryptionRoleArns: ['arn:aws:iam::123456789012:role/Keys'] });
  return statements.flatMap((s) => s.toStatementJson().Action as string | string[]).flat();
}

describe('the service registry', () => {
  it.each(MONITORED_SERVICES.map((s) => [s.service, s]))(
    'names the quota variable of %s as the functions read it (${SERVICE}_QUOTA)',
    (service, definition) => {
      // Assess
      expect(definition.quotaEnv).toBe(`${service.toUpperCase()}_QUOTA`);
      expect(Object.values(ENV)).toContain(definition.quotaEnv);
    },
  );

  it.each(MONITORED_SERVICES.map((s) => [s.service, s]))(
    'gives the %s inventory and re-poll only List, Describe and Get calls of their own service',
    (service, definition) => {
      // Act
      const reads = [...actionsOf('inventory', definition), ...actionsOf('repoll', definition)];

      // Assess
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.filter((a) => !new RegExp(`^${service}:(List|Describe|Get)`).test(a))).toEqual([]);
    },
  );

  it('lists every action a service grants on "*" among the resource-star actions, with a reason', () => {
    // Assess
    for (const service of MONITORED_SERVICES)
      for (const { action, reason } of service.resourceStarActions) {
        expect(RESOURCE_STAR_ACTIONS).toContain(action);
        expect(reason.length).toBeGreaterThan(20);
      }
  });

  it('keeps one poller name per inventory and per kind across services', () => {
    // Act
    const names = MONITORED_SERVICES.flatMap((s) => [
      s.inventoryPoller,
      ...s.kindPollers.filter((k) => k !== s.inventoryPoller),
    ]);

    // Assess
    expect(new Set(names).size).toBe(names.length);
    expect(monitoredService('medialive').kindPollers).toEqual([
      'medialive-inputs',
      'medialive-channels',
      'medialive-input-devices',
    ]);
  });

  it('refuses an unknown service key', () => {
    // Act
    const lookup = () => monitoredService('mediatailor');

    // Assess
    expect(lookup).toThrow(
      /^no monitored service "mediatailor" \(known: mediaconnect, medialive, mediapackage, mediapackagev2/,
    );
  });

  it('gives a MediaPackage v2 re-poll (ingest, API) only the Get of each resource type, in its own account and region', () => {
    // Prepare
    const scope = stack();
    const service = monitoredService('mediapackagev2');

    // Act
    const resolve = (statements: ReturnType<typeof service.repollStatements>) =>
      statements.map((s) => scope.resolve(s.toStatementJson()) as { Action: string | string[]; Resource: unknown });
    const repoll = resolve(service.repollStatements(scope));
    const api = resolve(service.apiStatements(scope, { encryptionRoleArns: [] }));

    // Assess
    expect(repoll.map((s) => s.Action)).toEqual([
      'mediapackagev2:GetChannelGroup',
      'mediapackagev2:GetChannel',
      'mediapackagev2:GetOriginEndpoint',
    ]);
    expect(JSON.stringify(repoll)).toContain(':mediapackagev2:eu-west-1:123456789012:channelGroup/');
    expect(JSON.stringify(repoll)).not.toContain('List');
    expect(api).toEqual(repoll);
  });

  it('gives MediaPackage v1 List on "*" and Describe on its own account and region’s channels and endpoints only', () => {
    // Prepare
    const scope = stack();

    // Act
    const statements = monitoredService('mediapackage')
      .inventoryStatements(scope)
      .map((s) => scope.resolve(s.toStatementJson()) as { Action: string | string[]; Resource: unknown });

    // Assess
    const arn = (resource: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:mediapackage:eu-west-1:123456789012:${resource}/*`]],
    });
    expect(statements).toEqual([
      expect.objectContaining({
        Action: ['mediapackage:ListChannels', 'mediapackage:ListOriginEndpoints'],
        Resource: '*',
      }),
      expect.objectContaining({ Action: 'mediapackage:DescribeChannel', Resource: arn('channels') }),
      expect.objectContaining({ Action: 'mediapackage:DescribeOriginEndpoint', Resource: arn('origin_endpoints') }),
    ]);
    expect(monitoredService('mediapackage')).toMatchObject({
      inventoryPoller: 'mediapackage-inventory',
      kindPollers: ['mediapackage-channels', 'mediapackage-origin-endpoints'],
      quotaEnv: 'MEDIAPACKAGE_QUOTA',
      defaultInventorySchedule: 'rate(5 minutes)',
    });
  });
});
