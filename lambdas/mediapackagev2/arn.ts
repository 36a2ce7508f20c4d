/**
 * MediaPackage v2 ARNs. AWS and moto both write them with slashes under the channel group (the SDK's `Arn` fields, the
 * CDK's `formatArn({ service: 'mediapackagev2', resource: 'channelGroup', arnFormat: SLASH_RESOURCE_NAME })`, moto's
 * `models.py`):
 * - `arn:aws:mediapackagev2:<region>:<account>:channelGroup/<group>`
 * - `…:channelGroup/<group>/channel/<channel>`
 * - `…:channelGroup/<group>/channel/<channel>/originEndpoint/<endpoint>`
 * Names are 1-256 characters of letters, digits, `_` and `-` (the API's pattern).
 */

import { partitionOf } from '../shared/arn';

export type MediaPackageV2ResourceKind = 'channelGroup' | 'channel' | 'originEndpoint';

export interface MediaPackageV2Names {
  readonly kind: MediaPackageV2ResourceKind;
  readonly region: string;
  readonly account: string;
  readonly channelGroupName: string;
  readonly channelName?: string;
  readonly originEndpointName?: string;
}

const NAME = '([A-Za-z0-9_-]{1,256})';
const RESOURCE = new RegExp(`^channelGroup/${NAME}(?:/channel/${NAME}(?:/originEndpoint/${NAME})?)?$`);

/** The kind and names of a MediaPackage v2 ARN, or undefined for anything else. */
export function parseMediaPackageV2Arn(arn: string): MediaPackageV2Names | undefined {
  if (typeof arn !== 'string' || arn.length > 1_000 || !arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[2] !== 'mediapackagev2') return undefined;
  const [, , , region, account, resource] = parts as [string, string, string, string, string, string];
  if (!/^[a-z0-9-]{1,32}$/.test(region) || !/^\d{12}$/.test(account)) return undefined;
  const match = RESOURCE.exec(resource);
  if (!match) return undefined;
  const [, group, channel, endpoint] = match;
  const kind: MediaPackageV2ResourceKind = endpoint ? 'originEndpoint' : channel ? 'channel' : 'channelGroup';
  return {
    kind,
    region,
    account,
    channelGroupName: group!,
    ...(channel ? { channelName: channel } : {}),
    ...(endpoint ? { originEndpointName: endpoint } : {}),
  };
}

/** The ARN of a channel group, channel (with `channel`) or origin endpoint (with both) in an account and region. */
export function mediaPackageV2Arn(
  where: { readonly account: string; readonly region: string },
  channelGroupName: string,
  channelName?: string,
  originEndpointName?: string,
): string {
  const group = `arn:${partitionOf(where.region)}:mediapackagev2:${where.region}:${where.account}:channelGroup/${channelGroupName}`;
  if (!channelName) return group;
  const channel = `${group}/channel/${channelName}`;
  return originEndpointName ? `${channel}/originEndpoint/${originEndpointName}` : channel;
}
