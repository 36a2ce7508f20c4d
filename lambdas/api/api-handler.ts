import middy, { MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import * as z from 'zod';
import type { ApiDeps } from './api-deps';
import { ApiError } from './http/api-error';
import { CallerPolicy, identifyCaller } from './http/caller';
import { corsResponseHeaders } from './http/cors';
import { ApiEvent, ErrorLog, errorResponder, jsonRequestBody, jsonResponse, MAX_BODY_BYTES } from './http/middlewares';
import { ApiResult, Route, routeAccess, Router } from './http/router';
import { API_ROUTES } from './routes';

export interface ApiHandlerOptions extends CallerPolicy {
  log: ErrorLog;
  /** @default API_ROUTES */
  routes?: readonly Route<ApiDeps>[];
  /** @default 65536 */
  maxBodyBytes?: number;
  /** The hosted dashboard's origin, allowed to read the responses (CORS). @default - no CORS headers */
  corsOrigin?: string;
}

export type ApiHandler = MiddyfiedHandler<ApiEvent, APIGatewayProxyResult>;

const NO_PARAMS = z.strictObject({});

/**
 * Issues keep their input, so a missing field ("is required") is told from a wrong one ("expected number"). The
 * input stays in the ZodError: messages never quote it, and refusals are logged by message only.
 */
const PARSE_OPTIONS = { reportInput: true } as const;

/**
 * The API as one Lambda handler: middy parses and bounds the body, maps every error to `{error: {code, message}}` and
 * serializes results; `dispatch` routes, checks the caller's role and validates the input before the route runs.
 */
export function createApiHandler(deps: ApiDeps, options: ApiHandlerOptions): ApiHandler {
  const router = new Router(options.routes ?? API_ROUTES);
  const dispatch = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const { route, params } = router.resolve(event.httpMethod, withoutStage(event));
    const caller = identifyCaller(event, options);
    if (routeAccess(route) === 'operate' && caller.role === 'read-only') {
      throw new ApiError(403, 'Forbidden', `The read-only role may not ${route.method} ${route.path}`);
    }
    const request = {
      params: (route.params ?? NO_PARAMS).parse(params, PARSE_OPTIONS),
      query: (route.query ?? NO_PARAMS).parse(queryParameters(event), PARSE_OPTIONS),
      body: parseBody(route, event.jsonBody),
      caller,
      requestId: context.awsRequestId ?? event.requestContext?.requestId ?? 'local',
    };
    return route.handle(request, deps);
  };
  // The route answers an ApiResult; jsonResponse turns it into the proxy result in the `after` phase.
  const handler = dispatch as unknown as (event: ApiEvent, context: Context) => Promise<APIGatewayProxyResult>;
  const api = middy<ApiEvent, APIGatewayProxyResult>(handler);
  if (options.corsOrigin) api.use(corsResponseHeaders(options.corsOrigin));
  return api
    .use(jsonRequestBody(options.maxBodyBytes ?? MAX_BODY_BYTES))
    .use(jsonResponse())
    .use(errorResponder(options.log));
}

/**
 * The path without the stage. On the execute-api endpoint `event.path` has no stage; behind a custom domain's base path
 * mapping it can start with it. API Gateway REST keeps the path percent-encoded; the router decodes each segment once.
 */
function withoutStage(event: ApiEvent): string {
  const stage = event.requestContext?.stage;
  if (stage && (event.path === `/${stage}` || event.path.startsWith(`/${stage}/`)))
    return event.path.slice(stage.length + 1) || '/';
  return event.path;
}

/** Query parameters; a parameter given twice is refused rather than silently taking one value. */
function queryParameters(event: ApiEvent): Record<string, string> {
  const multi = event.multiValueQueryStringParameters ?? {};
  for (const [name, values] of Object.entries(multi)) {
    if (values && values.length > 1)
      throw new ApiError(400, 'ValidationFailed', `${name}: give one value`, { field: name });
  }
  const single = event.queryStringParameters ?? {};
  return Object.fromEntries(
    Object.entries(single).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function parseBody(route: Route<ApiDeps>, body: unknown): unknown {
  if (!route.body) {
    const empty =
      body === undefined ||
      (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!empty) throw new ApiError(400, 'ValidationFailed', `${route.method} ${route.path} takes no body`);
    return undefined;
  }
  if (body === undefined) throw new ApiError(400, 'ValidationFailed', 'A JSON body is required');
  return route.body.parse(body, PARSE_OPTIONS);
}
