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
  /** The read-only role's IAM ARN (READ_ONLY_ROLE_ARN): its sessions may read. @default - no one reads */
  readOnlyRoleArn?: string;
  /** The operator role's IAM ARN (OPERATOR_ROLE_ARN): its sessions may read and act. @default - no one acts */
  operatorRoleArn?: string;
  /** Local runtime only: trust the `x-mediamon-role` header. Never set in AWS. @default false */
  roleHeaderEnabled?: boolean;
  /** The role of a local caller that sends no role header. @default 'operator' */
  defaultLocalRole?: CallerRole;
}

/**
 * Works out the caller's role, default-deny: a session of the operator role (by its exact ARN) is the operator, a
 * session of the read-only role is read-only, and anyone else is refused with 403 for every route, whatever API
 * Gateway's resource policy let through, so a later change to that policy cannot open the API to other principals.
 * Locally, where there is no IAM, the role comes from the `x-mediamon-role` header; naming it twice is a 400.
 */
export function identifyCaller(event: APIGatewayProxyEvent, policy: CallerPolicy): Caller {
  const identity = event.requestContext?.identity;
  const callerId = identity?.caller ?? undefined;
  if (policy.roleHeaderEnabled) {
    const role = parseRoleHeader(singleHeaderValue(event, ROLE_HEADER)) ?? policy.defaultLocalRole ?? 'operator';
    return { role, identityArn: identity?.userArn ?? `local:${role}`, ...(callerId ? { callerId } : {}) };
  }
  const identityArn = identity?.userArn ?? undefined;
  const role: CallerRole | undefined =
    identityArn === undefined
      ? undefined
      : policy.operatorRoleArn !== undefined && isSameRole(identityArn, policy.operatorRoleArn)
        ? 'operator'
        : policy.readOnlyRoleArn !== undefined && isSameRole(identityArn, policy.readOnlyRoleArn)
          ? 'read-only'
          : undefined;
  if (!role) throw new ApiError(403, 'Forbidden', 'Only the operator and read-only roles of this monitor may call it');
  return { role, identityArn: identityArn as string, ...(callerId ? { callerId } : {}) };
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

/** A header's one value, whatever the case of its name; a header sent twice (under any casing) is a 400. */
function singleHeaderValue(event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>, name: string) {
  const values: string[] = [];
  const multi = event.multiValueHeaders ?? {};
  for (const key of Object.keys(multi)) if (key.toLowerCase() === name) values.push(...(multi[key] ?? []));
  if (values.length === 0) {
    const headers = event.headers ?? {};
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name) values.push(headers[key] ?? '');
  }
  if (values.length > 1) throw new ApiError(400, 'ValidationFailed', `${name}: give one value`, { field: name });
  return values[0];
}

/** A header's value, whatever the case of its name. */
export function headerValue(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (headers[key] ?? undefined);
}
