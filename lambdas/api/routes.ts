import type { ResourceType, ServiceName } from '../store/keys';
import type { ApiDeps } from './api-deps';
import { chainRoutes } from './chain/routes';
import { buildOpenApiDocument } from './http/openapi';
import { defineRoute, json, Route } from './http/router';
import { mediaConnectRoutes } from './mediaconnect/routes';
import { MEDIALIVE_RESOURCE_TYPES, mediaLiveRoutes } from './medialive/routes';
import { MEDIAPACKAGE_RESOURCE_TYPES, mediaPackageRoutes } from './mediapackage/routes';
import { MEDIAPACKAGEV2_RESOURCE_TYPES, mediaPackageV2Routes } from './mediapackagev2/routes';
import { monitoringRoutes } from './monitoring/routes';

/**
 * A polled service's part of the API. Adding MediaLive or MediaPackage is one entry here: a module with its route
 * table and the resource types it lists (the summary counts them).
 */
export interface ServiceApi {
  service: ServiceName;
  resourceTypes: readonly ResourceType[];
  routes: readonly Route<ApiDeps>[];
}

export const SERVICE_APIS: readonly ServiceApi[] = [
  { service: 'mediaconnect', resourceTypes: ['mediaconnect:flow'], routes: mediaConnectRoutes },
  { service: 'medialive', resourceTypes: MEDIALIVE_RESOURCE_TYPES, routes: mediaLiveRoutes },
  { service: 'mediapackage', resourceTypes: MEDIAPACKAGE_RESOURCE_TYPES, routes: mediaPackageRoutes },
  { service: 'mediapackagev2', resourceTypes: MEDIAPACKAGEV2_RESOURCE_TYPES, routes: mediaPackageV2Routes },
];

export const API_INFO = {
  title: 'media-monitor API',
  version: '1.0.0',
  description:
    'Query and operate AWS Elemental MediaConnect and MediaLive (and, as it is polled, MediaPackage) resources.',
};

const openApiRoute = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This API as an OpenAPI 3.1 document.',
  tag: 'Meta',
  responses: { 200: 'The OpenAPI document.' },
  handle: async () => json(200, openApiDocument()),
});

/** Every route the API serves, in one table: the router and the OpenAPI document both read it. */
export const API_ROUTES: readonly Route<ApiDeps>[] = [
  openApiRoute as Route<ApiDeps>,
  ...monitoringRoutes(SERVICE_APIS.flatMap((s) => s.resourceTypes)),
  ...chainRoutes,
  ...SERVICE_APIS.flatMap((s) => s.routes),
];

let document: Record<string, unknown> | undefined;

/** The OpenAPI document of `API_ROUTES`, built once per cold start. */
export function openApiDocument(): Record<string, unknown> {
  document ??= buildOpenApiDocument(API_ROUTES, API_INFO);
  return document;
}
