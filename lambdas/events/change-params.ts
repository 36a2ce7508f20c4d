import { validArn, type ParsedArn } from '../shared/arn';

/**
 * Reading a CloudTrail call's request parameters and response elements. The shapes CloudTrail records are not
 * published per call, and services differ in case (`flowArn` in MediaConnect, `ChannelGroupName` in MediaPackage v2),
 * so the change-call tables read names case-insensitively and can fall back to the first ARN of a given type anywhere
 * in the record.
 */

/** The first string value among `names` (case-insensitive) in `record`, or undefined. */
export function param(record: unknown, ...names: readonly string[]): string | undefined {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const [key, value] of Object.entries(record as Record<string, unknown>))
    if (wanted.has(key.toLowerCase()) && typeof value === 'string' && value !== '') return value;
  return undefined;
}

/** The object under `name` (case-insensitive) in `record`, or undefined: `child(responseElements, 'flow')`. */
export function child(record: unknown, name: string): Record<string, unknown> | undefined {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(record as Record<string, unknown>))
    if (key.toLowerCase() === lower && value && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  return undefined;
}

/** The first string anywhere in `value` (depth-first, at most `maxDepth` levels) that is an ARN `accept` takes. */
export function findArnDeep(
  value: unknown,
  accept: (arn: ParsedArn, text: string) => boolean,
  maxDepth = 6,
): string | undefined {
  if (typeof value === 'string') {
    const parsed = validArn(value);
    return parsed && accept(parsed, value) ? value : undefined;
  }
  if (maxDepth <= 0 || !value || typeof value !== 'object') return undefined;
  for (const member of Array.isArray(value) ? value : Object.values(value)) {
    const found = findArnDeep(member, accept, maxDepth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
