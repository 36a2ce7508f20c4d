import * as z from 'zod';
import { CHANNEL_GROUP_TYPE, CHANNEL_TYPE, ORIGIN_ENDPOINT_TYPE } from '../../mediapackagev2/mediapackagev2-model';
import type { ResourceType } from '../../store/keys';
import type { ApiDeps } from '../api-deps';
import { pageQuery } from '../http/pagination';
import { listPage } from '../list-route';
import { accountParam, booleanParam, regionParam } from '../http/params';
import { defineRoute, json, Route } from '../http/router';
import { getChannelWithEndpoints, getOriginEndpoint } from './mediapackagev2-queries';
import { mediaPackageV2ArnParam } from './mediapackagev2-params';

const TAG = 'MediaPackage v2';

/** The resource types the MediaPackage v2 routes list (and `/summary` counts). */
export const MEDIAPACKAGEV2_RESOURCE_TYPES: readonly ResourceType[] = [
  CHANNEL_GROUP_TYPE,
  CHANNEL_TYPE,
  ORIGIN_ENDPOINT_TYPE,
];

const includeDeletedQuery = z.strictObject({ includeDeleted: booleanParam.default(false) });

/** A list route over one v2 resource type: one GSI1 Query per page. MediaPackage has no state to filter by. */
function listRoute(spec: { path: string; operationId: string; summary: string; type: ResourceType; noun: string }) {
  return defineRoute({
    method: 'GET',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tag: TAG,
    query: z.strictObject({
      account: accountParam.optional(),
      region: regionParam.optional(),
      namePrefix: z
        .string()
        .min(1)
        .max(256)
        .optional()
        .describe(`${spec.noun} whose name starts with this (case-sensitive).`),
      includeDeleted: booleanParam.default(false).describe(`Include ${spec.noun.toLowerCase()} deleted at AWS.`),
      ...pageQuery,
    }),
    responses: { 200: `A page of ${spec.noun.toLowerCase()}.` },
    handle: async ({ query }, deps: ApiDeps) => listPage(deps, spec.operationId, spec.type, query, query.namePrefix),
  });
}

/** The MediaPackage v2 routes: read-only (the read-only role may call every one). */
export const mediaPackageV2Routes: Route<ApiDeps>[] = [
  listRoute({
    path: '/mediapackagev2/channel-groups',
    operationId: 'listMediaPackageV2ChannelGroups',
    summary:
      'List MediaPackage v2 channel groups of every watched target, or of the account and Region given, with their egress domains.',
    type: CHANNEL_GROUP_TYPE,
    noun: 'Channel groups',
  }),
  listRoute({
    path: '/mediapackagev2/channels',
    operationId: 'listMediaPackageV2Channels',
    summary:
      'List MediaPackage v2 channels of every watched target, or of the account and Region given, filtered by name prefix.',
    type: CHANNEL_TYPE,
    noun: 'Channels',
  }),
  defineRoute({
    method: 'GET',
    path: '/mediapackagev2/channels/{channelArn}',
    operationId: 'getMediaPackageV2Channel',
    summary: 'A v2 channel with its ingest endpoints, latest metrics, alarms and origin endpoints (with theirs).',
    tag: TAG,
    params: z.strictObject({ channelArn: mediaPackageV2ArnParam('channel') }),
    query: includeDeletedQuery,
    responses: { 200: 'The channel and its origin endpoints.' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps) =>
      json(200, await getChannelWithEndpoints(deps.store, params.channelArn, query)),
  }),
  listRoute({
    path: '/mediapackagev2/origin-endpoints',
    operationId: 'listMediaPackageV2OriginEndpoints',
    summary:
      'List MediaPackage v2 origin endpoints of every watched target, or of the account and Region given, filtered by name prefix.',
    type: ORIGIN_ENDPOINT_TYPE,
    noun: 'Origin endpoints',
  }),
  defineRoute({
    method: 'GET',
    path: '/mediapackagev2/origin-endpoints/{endpointArn}',
    operationId: 'getMediaPackageV2OriginEndpoint',
    summary: 'A v2 origin endpoint with its segment settings, manifests, latest metrics and alarms.',
    tag: TAG,
    params: z.strictObject({ endpointArn: mediaPackageV2ArnParam('originEndpoint') }),
    query: includeDeletedQuery,
    responses: { 200: 'The origin endpoint.' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps) =>
      json(200, await getOriginEndpoint(deps.store, params.endpointArn, query)),
  }),
];
