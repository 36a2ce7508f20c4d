import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiEvent } from './middlewares';

/**
 * The response headers that let a browser on `origin` (the hosted dashboard) read the API's answers, errors included:
 * API Gateway answers the preflight itself (lib/api.ts), the function only marks each actual response. `ETag` and
 * `X-Request-Id` are exposed so the dashboard can poll conditionally and quote a request id.
 */
export function corsResponseHeaders(origin: string): MiddlewareObj<ApiEvent, APIGatewayProxyResult> {
  const mark = (request: { response?: APIGatewayProxyResult | null }) => {
    if (!request.response) return;
    request.response = {
      ...request.response,
      headers: {
        ...request.response.headers,
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Expose-Headers': 'ETag, X-Request-Id',
        Vary: 'Origin',
      },
    };
  };
  // Used first, so its `after` and `onError` run last: after the JSON response or the error envelope is built.
  return { after: mark, onError: mark };
}
