/**
 * From a resource's ARN (or stored type) to the view module that shows it and its page's URL, so any view can link a
 * resource it only knows by ARN (an alarm's owner, an event's resource, a chain node). Pure: it takes the modules'
 * paths and types, not the registry (which imports views).
 */
import { detailHref } from './routes';

/** What this needs of a view module. */
export interface ModuleRef {
  readonly path: string;
  readonly resourceType: string;
  readonly title: string;
  readonly service: string;
}

/** The service names as operators read them. */
export const SERVICE_LABELS: Readonly<Record<string, string>> = {
  mediaconnect: 'MediaConnect',
  medialive: 'MediaLive',
  mediapackage: 'MediaPackage',
  mediapackagev2: 'MediaPackage v2',
};

export const serviceLabel = (service: string): string => SERVICE_LABELS[service] ?? service;

const MEDIALIVE_KINDS: Readonly<Record<string, string>> = {
  channel: 'medialive:channel',
  input: 'medialive:input',
  inputDevice: 'medialive:input-device',
};

/**
 * The stored type of a top-level resource's ARN (`mediaconnect:flow`, `medialive:channel`, `mediapackage:channel`,
 * `mediapackagev2:origin-endpoint`, …); undefined for a child (a flow's source) or an ARN of another service. moto's
 * region- and account-less MediaLive ARNs (`arn:aws:medialive:channel:<hex>`) are read too.
 */
export function resourceTypeOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 4) return undefined;
  const service = parts[2];
  const resource = parts.length >= 6 ? (parts[5] ?? '') : (parts[3] ?? '');
  switch (service) {
    case 'mediaconnect':
      return resource === 'flow' ? 'mediaconnect:flow' : undefined;
    case 'medialive':
      return MEDIALIVE_KINDS[parts.length >= 6 ? resource : (parts[3] ?? '')];
    case 'mediapackage':
      if (resource.startsWith('channels/') || (parts.length < 6 && parts[3] === 'channel'))
        return 'mediapackage:channel';
      if (resource.startsWith('origin_endpoints/')) return 'mediapackage:origin-endpoint';
      return undefined;
    case 'mediapackagev2': {
      const path = parts.slice(5).join(':');
      if (/\/originEndpoint\//.test(path)) return 'mediapackagev2:origin-endpoint';
      if (/\/channel\//.test(path)) return 'mediapackagev2:channel';
      if (path.startsWith('channelGroup/')) return 'mediapackagev2:channel-group';
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The module showing a resource: by its stored `type` when known, else by its ARN. */
export function moduleForResource<M extends ModuleRef>(
  modules: readonly M[],
  arn: string,
  type?: string,
): M | undefined {
  const resourceType = type ?? resourceTypeOfArn(arn);
  return resourceType ? modules.find((m) => m.resourceType === resourceType) : undefined;
}

/** The resource's page, or undefined when no registered module shows its kind. */
export function resourceHref(modules: readonly ModuleRef[], arn: string, type?: string): string | undefined {
  const module = moduleForResource(modules, arn, type);
  return module ? detailHref(module.path, arn) : undefined;
}

/**
 * A readable name from an ARN when the item carries none: a flow's name (its last segment), else the resource's id
 * (`channel:1234567` → `1234567`, `channels/abc` → `abc`).
 */
export function nameOfArn(arn: string): string {
  const parts = arn.split(':');
  if (parts[2] === 'mediaconnect' && parts.length >= 8) return parts.slice(7).join(':');
  const last = parts[parts.length - 1] ?? arn;
  const slash = last.lastIndexOf('/');
  return slash >= 0 ? last.slice(slash + 1) : last;
}

/** Modules grouped by service, in registry order, for the navigation. */
export function modulesByService<M extends ModuleRef>(modules: readonly M[]): { service: string; modules: M[] }[] {
  const groups: { service: string; modules: M[] }[] = [];
  for (const module of modules) {
    const group = groups.find((g) => g.service === module.service);
    if (group) group.modules.push(module);
    else groups.push({ service: module.service, modules: [module] });
  }
  return groups;
}
