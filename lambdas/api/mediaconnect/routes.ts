import * as z from 'zod';
import type { ApiDeps } from '../api-deps';
import { pageQuery } from '../http/pagination';
import { accountParam, booleanParam, isoTimeParam, mediaConnectArn, regionParam } from '../http/params';
import { defineRoute, json, Route } from '../http/router';
import { listAcrossTargets } from '../target-listing';
import { actionDepsFor } from '../targets';
import { grantEntitlementBody, updateEntitlementBody } from './entitlement-schemas';
import { grantEntitlement, revokeEntitlement, updateEntitlement } from './entitlement-actions';
import { changeFlowState, setFlowPolling } from './flow-actions';
import { getFlowMetricsHistory, getFlowTree, listFlows } from './flow-queries';

const TAG = 'MediaConnect';

/** MediaConnect flow statuses (BC `Status`). */
export const FLOW_STATUSES = ['STANDBY', 'ACTIVE', 'UPDATING', 'DELETING', 'STARTING', 'STOPPING', 'ERROR'] as const;

const flowParams = z.strictObject({ flowArn: mediaConnectArn('flow') });
const entitlementParams = z.strictObject({
  flowArn: mediaConnectArn('flow'),
  entitlementArn: mediaConnectArn('entitlement'),
});

const listFlowsQuery = z.strictObject({
  status: z.enum(FLOW_STATUSES).optional(),
  account: accountParam.optional(),
  region: regionParam.optional(),
  namePrefix: z.string().min(1).max(256).optional().describe('Flows whose name starts with this (case-sensitive).'),
  tag: z
    .string()
    .regex(/^[^=]{1,128}(=.{0,256})?$/s, 'must be key or key=value')
    .optional()
    .describe('A tag filter: `key` (the tag is set) or `key=value`.'),
  includeDeleted: booleanParam.default(false).describe('Include flows deleted at AWS (tombstones).'),
  ...pageQuery,
});

const metricNames = z
  .string()
  .regex(/^[A-Za-z0-9]+(,[A-Za-z0-9]+)*$/, 'must be comma-separated metric names')
  .transform((value) => value.split(','))
  .describe('Comma-separated CloudWatch metric names, e.g. BitRate,SourceBitRate.');

const pollingBody = z.strictObject({
  enabled: z.boolean().describe('Polling Status: whether metrics are polled for this flow.'),
  intervalSeconds: z
    .number()
    .int()
    .min(60)
    .max(86_400)
    .refine((value) => value % 60 === 0, 'must be a multiple of 60')
    .describe('Polling Frequency: seconds between metric polls, a multiple of 60 from 60 to 86400.'),
});

/** The MediaConnect routes: flows, their metrics, start/stop, polling settings and entitlements. */
export const mediaConnectRoutes: Route<ApiDeps>[] = [
  defineRoute({
    method: 'GET',
    path: '/flows',
    operationId: 'listFlows',
    summary:
      'List flows of every watched target, or of the account and Region given, filtered by status, name prefix and tag.',
    tag: TAG,
    query: listFlowsQuery,
    responses: { 200: 'A page of flows.' },
    handle: async ({ query }, deps: ApiDeps) => {
      const { limit, nextToken, tag, ...filters } = query;
      const [key, ...rest] = tag?.split('=') ?? [];
      const page = await listAcrossTargets(
        deps,
        { route: 'listFlows', ...filters, tag },
        { limit, nextToken, account: filters.account, region: filters.region },
        (target, request) =>
          listFlows(
            deps.store,
            {
              account: target.account,
              region: target.region,
              includeDeleted: filters.includeDeleted,
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.namePrefix ? { namePrefix: filters.namePrefix } : {}),
              ...(key ? { tag: rest.length ? { key, value: rest.join('=') } : { key } } : {}),
            },
            request,
          ),
      );
      return json(200, page);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/flows/{flowArn}',
    operationId: 'getFlow',
    summary: 'A flow with its sources, outputs, entitlements, latest metrics, health, alarms and links.',
    tag: TAG,
    params: flowParams,
    query: z.strictObject({ includeDeleted: booleanParam.default(false) }),
    responses: { 200: 'The flow tree.' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps) => json(200, await getFlowTree(deps.store, params.flowArn, query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/flows/{flowArn}/metrics',
    operationId: 'getFlowMetrics',
    summary: 'Recent metric history of a flow, its sources and outputs.',
    tag: TAG,
    params: flowParams,
    query: z.strictObject({ names: metricNames.optional(), since: isoTimeParam.optional() }),
    responses: { 200: 'Series of one-minute datapoints (t: epoch seconds, v: value).' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps) =>
      json(
        200,
        await getFlowMetricsHistory(deps.store, params.flowArn, {
          ...(query.names ? { names: query.names } : {}),
          ...(query.since ? { since: query.since } : {}),
        }),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/flows/{flowArn}/start',
    operationId: 'startFlow',
    summary: 'Start a flow (operator).',
    tag: TAG,
    params: flowParams,
    responses: { 202: 'AWS is starting the flow.' },
    errors: [403, 404, 409, 429, 502, 503],
    handle: async ({ params, caller, requestId }, deps: ApiDeps) =>
      json(
        202,
        await changeFlowState(await actionDepsFor(deps, params.flowArn), params.flowArn, 'start', {
          caller,
          requestId,
        }),
      ),
  }),
  defineRoute({
    method: 'POST',
    path: '/flows/{flowArn}/stop',
    operationId: 'stopFlow',
    summary: 'Stop a flow (operator).',
    tag: TAG,
    params: flowParams,
    responses: { 202: 'AWS is stopping the flow.' },
    errors: [403, 404, 409, 429, 502, 503],
    handle: async ({ params, caller, requestId }, deps: ApiDeps) =>
      json(
        202,
        await changeFlowState(await actionDepsFor(deps, params.flowArn), params.flowArn, 'stop', { caller, requestId }),
      ),
  }),
  defineRoute({
    method: 'PUT',
    path: '/flows/{flowArn}/polling',
    operationId: 'setFlowPolling',
    summary: "Set a flow's metrics polling: enabled, and the interval in seconds (operator).",
    tag: TAG,
    params: flowParams,
    body: pollingBody,
    responses: { 200: 'The stored polling settings.' },
    errors: [404, 413],
    handle: async ({ params, body, caller, requestId }, deps: ApiDeps) =>
      json(200, {
        flowArn: params.flowArn,
        polling: await setFlowPolling(deps, params.flowArn, body, { caller, requestId }),
      }),
  }),
  defineRoute({
    method: 'POST',
    path: '/flows/{flowArn}/entitlements',
    operationId: 'grantEntitlement',
    summary: 'Grant an entitlement on a flow to subscriber accounts (operator).',
    tag: TAG,
    params: flowParams,
    body: grantEntitlementBody,
    responses: { 201: 'The entitlement, and what to give the subscriber.' },
    errors: [403, 404, 409, 413, 429, 502, 503],
    handle: async ({ params, body, caller, requestId }, deps: ApiDeps) =>
      json(
        201,
        await grantEntitlement(await actionDepsFor(deps, params.flowArn), params.flowArn, body, { caller, requestId }),
      ),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/flows/{flowArn}/entitlements/{entitlementArn}',
    operationId: 'updateEntitlement',
    summary: 'Enable or disable an entitlement, or change its description, subscribers or encryption (operator).',
    tag: TAG,
    params: entitlementParams,
    body: updateEntitlementBody,
    responses: { 200: 'The updated entitlement.' },
    errors: [403, 404, 413, 429, 502, 503],
    handle: async ({ params, body, caller, requestId }, deps: ApiDeps) =>
      json(
        200,
        await updateEntitlement(
          await actionDepsFor(deps, params.flowArn),
          params.flowArn,
          params.entitlementArn,
          body,
          {
            caller,
            requestId,
          },
        ),
      ),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/flows/{flowArn}/entitlements/{entitlementArn}',
    operationId: 'revokeEntitlement',
    summary: 'Revoke an entitlement (operator).',
    tag: TAG,
    params: entitlementParams,
    responses: { 200: 'The entitlement is revoked.' },
    errors: [403, 404, 429, 502, 503],
    handle: async ({ params, caller, requestId }, deps: ApiDeps) =>
      json(
        200,
        await revokeEntitlement(await actionDepsFor(deps, params.flowArn), params.flowArn, params.entitlementArn, {
          caller,
          requestId,
        }),
      ),
  }),
];
