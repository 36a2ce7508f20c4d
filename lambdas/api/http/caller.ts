import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ApiError } from './api-error';

export type CallerRole = 'read-only' | 'operator';

/** Who called: the IAM identity API Gateway authenticated, and the role the API treats them as. */
export interface Caller {
  role: CallerRole;
  /** The caller's IAM ARN (an STS assumed-role ARN when they assumed a role); `local:<role>` in the local runtime. */
  identityArn: string;
  /** API Gateway's `caller` (access key owner id, e.g. `AROA…:session`), when present. */
  callerId?: string;
}

/** The header by which the local runtime (which has no IAM) emulates the caller's role. */
export const ROLE_HEADER = 'x-mediamon-role';

export interface CallerPolicy {
  /** The read-only role's IAM ARN; a caller who assumed it may not act, whatever API Gateway let through. */
  readOnlyRoleArn?: string;
  /** Local runtime only: trust the `x-mediamon-role` header. Never set in AWS. @default false */
  roleHeaderEnabled?: boolean;
  /** The role of a local caller that sends no role header. @default 'operator' */
  defaultLocalRole?: CallerRole;
}

/**
 * Works out the caller's role. In AWS, API Gateway's IAM authorization already kept the read-only role to GET routes
 * (CDK); as defence in depth, a caller whose assumed-role ARN is the read-only role is treated as read-only here too.
 * Locally, where there is no IAM, the role comes from the `x-mediamon-role` header.
 */
export function identifyCaller(event: APIGatewayProxyEvent, policy: CallerPolicy): Caller {
  const identity = event.requestContext?.identity;
  const callerId = identity?.caller ?? undefined;
  if (policy.roleHeaderEnabled) {
    const role = parseRoleHeader(headerValue(event, ROLE_HEADER)) ?? policy.defaultLocalRole ?? 'operator';
    return { role, identityArn: identity?.userArn ?? `local:${role}`, ...(callerId ? { callerId } : {}) };
  }
  const identityArn = identity?.userArn ?? 'unknown';
  const readOnly = policy.readOnlyRoleArn !== undefined && isSameRole(identityArn, policy.readOnlyRoleArn);
  return { role: readOnly ? 'read-only' : 'operator', identityArn, ...(callerId ? { callerId } : {}) };
}

function parseRoleHeader(value: string | undefined): CallerRole | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'read-only' || value === 'operator') return value;
  throw new ApiError(400, 'ValidationFailed', `${ROLE_HEADER} must be read-only or operator`, { field: ROLE_HEADER });
}

/**
 * True when an identity ARN is the given IAM role: the role ARN itself, or a session of it
 * (`arn:aws:sts::111122223333:assumed-role/<RoleName>/<session>`; STS drops the role's path).
 */
export function isSameRole(identityArn: string, roleArn: string): boolean {
  if (identityArn === roleArn) return true;
  const role = /^arn:([\w-]+):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  const session = /^arn:([\w-]+):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/.+$/.exec(identityArn);
  if (!role || !session) return false;
  return role[1] === session[1] && role[2] === session[2] && role[3] === session[3];
}

/** A header's value, whatever the case of its name. */
export function headerValue(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (headers[key] ?? undefined);
}
