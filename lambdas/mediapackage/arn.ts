/**
 * MediaPackage v1 ARNs. AWS writes `arn:aws:mediapackage:<region>:<account>:channels/<guid>` and
 * `…:origin_endpoints/<guid>`: the GUID is not the user-assigned Id that DescribeChannel and DescribeOriginEndpoint
 * take. moto writes `arn:aws:mediapackage:channel:<Id>` and `…:origin_endpoint:<Id>`, with no region or account and
 * the Id itself at the end. So account and region always come from the poller, and an ARN's Id comes from the
 * listing (see `arnIdOf` in endpoint-ids.ts) unless the ARN is moto's.
 */

export type MediaPackageResourceKind = 'channel' | 'originEndpoint';

/** What an ARN says: its kind, its last segment, and whether that segment is the user Id (moto) or AWS's GUID. */
export interface ParsedMediaPackageArn {
  readonly kind: MediaPackageResourceKind;
  /** The ARN's last segment: the GUID (AWS) or the user Id (moto). */
  readonly suffix: string;
  /** True for moto's form, whose suffix is the user Id. */
  readonly suffixIsId: boolean;
}

const AWS_KINDS: Readonly<Record<string, MediaPackageResourceKind>> = {
  channels: 'channel',
  origin_endpoints: 'originEndpoint',
};
const MOTO_KINDS: Readonly<Record<string, MediaPackageResourceKind>> = {
  channel: 'channel',
  origin_endpoint: 'originEndpoint',
};

/** MediaPackage Ids and GUIDs: letters, digits, `_` and `-` (the API's Id pattern), up to 256. */
const ID_PATTERN = /^[\w-]{1,256}$/;

/** The kind and last segment of a MediaPackage v1 ARN (AWS's or moto's form), or undefined for anything else. */
export function parseMediaPackageArn(arn: string): ParsedMediaPackageArn | undefined {
  if (arn.length > 900 || !arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts[2] !== 'mediapackage') return undefined;
  if (parts.length === 6) {
    // AWS: arn:partition:mediapackage:region:account:channels/<guid>
    const [type, suffix, ...rest] = (parts[5] ?? '').split('/');
    const kind = type ? AWS_KINDS[type] : undefined;
    if (!kind || !suffix || rest.length > 0 || !ID_PATTERN.test(suffix)) return undefined;
    return { kind, suffix, suffixIsId: false };
  }
  if (parts.length === 5) {
    // moto: arn:partition:mediapackage:channel:<Id>
    const kind = MOTO_KINDS[parts[3] ?? ''];
    const suffix = parts[4] ?? '';
    if (!kind || !ID_PATTERN.test(suffix)) return undefined;
    return { kind, suffix, suffixIsId: true };
  }
  return undefined;
}

/** True for a user-assigned MediaPackage Id (what DescribeChannel and the CloudWatch dimensions may carry). */
export const isMediaPackageId = (value: unknown): value is string =>
  typeof value === 'string' && ID_PATTERN.test(value);
