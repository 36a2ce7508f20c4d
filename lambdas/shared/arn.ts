import { ValidationError } from './errors';

/**
 * The parts of an ARN. MediaConnect resource ids contain colons (`flow:1-abc-def:Name`, and older
 * `flow:1:AbCd:abc:Name`), so we split on the first five colons only and keep the rest as the resource.
 */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. `flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow`. */
  resource: string;
  /** The resource type, e.g. `flow`, `source`, `output`, `entitlement`, `channel`. */
  resourceType: string;
}

const ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:(.+)$/;

export function parseArn(arn: string): ParsedArn {
  if (arn.length > 2048) throw new ValidationError('ARN is longer than 2048 characters');
  const match = ARN_PATTERN.exec(arn);
  if (!match) throw new ValidationError(`Not a valid ARN: ${truncate(arn)}`);
  const [, partition, service, region, account, resource] = match as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  const resourceType = resource.split(/[:/]/)[0] ?? '';
  return { partition, service, region, account: account ?? '', resource, resourceType };
}

export function tryParseArn(arn: string): ParsedArn | undefined {
  try {
    return parseArn(arn);
  } catch {
    return undefined;
  }
}

export type MediaConnectResourceType = 'flow' | 'source' | 'output' | 'entitlement';

/** Strictly validates a MediaConnect ARN of the given type (region and account required). */
export function parseMediaConnectArn(arn: string, expected: MediaConnectResourceType): ParsedArn {
  const parsed = parseArn(arn);
  if (parsed.service !== 'mediaconnect')
    throw new ValidationError(`Expected a MediaConnect ARN, got service "${parsed.service}"`);
  if (parsed.resourceType !== expected) {
    throw new ValidationError(`Expected a MediaConnect ${expected} ARN, got "${parsed.resourceType}"`);
  }
  if (!parsed.region || !parsed.account)
    throw new ValidationError('MediaConnect ARN must include a region and an account');
  if (!/^[a-z]+:[A-Za-z0-9._:-]+$/.test(parsed.resource) && !/^[a-z]+:[^\s/]+$/.test(parsed.resource)) {
    throw new ValidationError(`Malformed MediaConnect resource part: ${truncate(parsed.resource)}`);
  }
  return parsed;
}

/** The region code embedded in an ARN, or undefined. */
export function regionOfArn(arn: string): string | undefined {
  return tryParseArn(arn)?.region || undefined;
}

function truncate(value: string): string {
  return value.length > 120 ? `${value.slice(0, 117)}...` : value;
}

/** ARNs in events are bounded well below DynamoDB's key limits (2048 bytes pk, 1024 bytes sk). */
export const MAX_ARN_LENGTH = 900;

/** A parsed ARN when the value is a well-formed, bounded ARN with a region and an account. */
export function validArn(value: unknown): ParsedArn | undefined {
  if (typeof value !== 'string' || value.length > MAX_ARN_LENGTH || /\s/.test(value)) return undefined;
  const parsed = tryParseArn(value);
  return parsed && parsed.region && parsed.account ? parsed : undefined;
}

/** The partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
