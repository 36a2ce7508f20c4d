import { COMMON_RESOURCE_STAR_ACTIONS } from './cloudwatch';
import { mediaConnectService } from './mediaconnect';
import { mediaLiveService } from './medialive';
import { mediaPackageService } from './mediapackage';
import { mediaPackageV2Service } from './mediapackagev2';
import type { MonitoredService } from './service-definition';

/**
 * The services the monitor polls, in the order their functions are created. Every construct that needs a service
 * (the inventory pollers, the event ingest, the API, the monitor alarms, the cdk-nag acknowledgements, the quota
 * configuration) iterates this list.
 */
export const MONITORED_SERVICES: readonly MonitoredService[] = [
  mediaConnectService,
  mediaLiveService,
  mediaPackageService,
  mediaPackageV2Service,
];

/** The quota keys of the deployment config (`quotas.<service>`), one per registered service. */
export const QUOTA_SERVICES: readonly string[] = MONITORED_SERVICES.map((s) => s.service);

/** Actions that IAM only authorizes on `*` (no resource-level permissions). The infra tests hold every policy to it. */
export const RESOURCE_STAR_ACTIONS: readonly string[] = [
  ...COMMON_RESOURCE_STAR_ACTIONS,
  ...MONITORED_SERVICES.flatMap((s) => s.resourceStarActions),
].map((a) => a.action);

/** The registered service of a key; throws for an unknown one. */
export function monitoredService(service: string): MonitoredService {
  const found = MONITORED_SERVICES.find((s) => s.service === service);
  if (!found) throw new Error(`no monitored service "${service}" (known: ${QUOTA_SERVICES.join(', ')})`);
  return found;
}
