/**
 * MediaLive ARNs. AWS writes `arn:aws:medialive:<region>:<account>:channel:<id>` (also `input:`, `inputDevice:`);
 * moto writes `arn:aws:medialive:channel:<hex>`, with no region or account. So the id is always the last segment after
 * the resource type, and account and region come from the poller, never from the ARN.
 */

import { partitionOf } from '../shared/arn';

export type MediaLiveResourceKind = 'channel' | 'input' | 'inputDevice';

const KINDS: readonly MediaLiveResourceKind[] = ['channel', 'input', 'inputDevice'];

/** The resource kind and id of a MediaLive ARN (AWS's or moto's form), or undefined for anything else. */
export function parseMediaLiveArn(arn: string): { kind: MediaLiveResourceKind; id: string } | undefined {
  if (arn.length > 900 || !arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts[2] !== 'medialive') return undefined;
  // AWS: arn:partition:medialive:region:account:kind:id (7 parts); moto: arn:partition:medialive:kind:id (5 parts).
  const [kind, id] = parts.length === 7 ? [parts[5], parts[6]] : parts.length === 5 ? [parts[3], parts[4]] : [];
  if (!kind || !id || !(KINDS as readonly string[]).includes(kind) || !/^[\w-]{1,128}$/.test(id)) return undefined;
  return { kind: kind as MediaLiveResourceKind, id };
}

/** The AWS ARN of a MediaLive resource in the poller's account and region. */
export function mediaLiveArn(kind: MediaLiveResourceKind, id: string, account: string, region: string): string {
  return `arn:${partitionOf(region)}:medialive:${region}:${account}:${kind}:${id}`;
}
