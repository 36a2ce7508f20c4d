import { mediaConnectService } from '../../mediaconnect/mediaconnect-events';
import { mediaLiveService } from '../../medialive/medialive-events';
import { mediaPackageService } from '../../mediapackage/mediapackage-events';
import type { ServiceModule } from './service-module';

/**
 * Every service the real-time path understands. Adding a service: one `<service>-events.ts` in its service folder
 * exporting a `ServiceModule`, one line here.
 */
export const SERVICE_MODULES: readonly ServiceModule[] = [mediaConnectService, mediaLiveService, mediaPackageService];

const bySource = new Map(SERVICE_MODULES.map((m) => [m.eventSource, m]));
const byNamespace = new Map(SERVICE_MODULES.map((m) => [m.namespace, m]));

export const serviceForEventSource = (source: string): ServiceModule | undefined => bySource.get(source);
export const serviceForNamespace = (namespace: string): ServiceModule | undefined => byNamespace.get(namespace);
