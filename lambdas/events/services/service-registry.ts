import { mediaConnectService } from '../../mediaconnect/mediaconnect-events';
import { mediaLiveService } from '../../medialive/medialive-events';
import { mediaPackageService } from '../../mediapackage/mediapackage-events';
import { mediaPackageV2Service } from '../../mediapackagev2/mediapackagev2-events';
import type { ServiceModule } from './service-module';

/**
 * Every service the real-time path understands. Adding a service: one `<service>-events.ts` in its service folder
 * exporting a `ServiceModule`, one line here.
 */
export const SERVICE_MODULES: readonly ServiceModule[] = [
  mediaConnectService,
  mediaLiveService,
  // Before v1: both publish in AWS/MediaPackage, and v2 claims only the metrics with a ChannelGroup dimension.
  mediaPackageV2Service,
  mediaPackageService,
];

const bySource = new Map(SERVICE_MODULES.map((m) => [m.eventSource, m]));
const byNamespace = new Map<string, ServiceModule>();
for (const module of SERVICE_MODULES) {
  const first = byNamespace.get(module.namespace);
  // Services sharing a namespace (MediaPackage v1 and v2): the first, in order, whose dimensions name a resource.
  byNamespace.set(module.namespace, first ? sharedNamespace(first, module) : module);
}

function sharedNamespace(first: ServiceModule, next: ServiceModule): ServiceModule {
  return {
    ...first,
    alarmTargets: (metric, where) => {
      const targets = first.alarmTargets(metric, where);
      return targets.length > 0 ? targets : next.alarmTargets(metric, where);
    },
  };
}

export const serviceForEventSource = (source: string): ServiceModule | undefined => bySource.get(source);
export const serviceForNamespace = (namespace: string): ServiceModule | undefined => byNamespace.get(namespace);
