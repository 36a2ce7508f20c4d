import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ApiError, invalidJson, payloadTooLarge } from './api-error';
import { headerValue } from './caller';
import { toApiError } from './error-mapping';
import { ApiResult } from './router';

/** The API Gateway event once the body middleware has run: `jsonBody` is the parsed body, undefined when empty. */
export type ApiEvent = APIGatewayProxyEvent & { jsonBody?: unknown };

/** Where errors are reported; a Powertools Logger fits. */
export interface ErrorLog {
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

/** Request bodies larger than this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Refuses bodies over `maxBytes` (413), bodies that are not JSON (415 for another content type, 400 for bad JSON),
 * and parses the rest into `event.jsonBody`.
 */
export function jsonRequestBody(maxBytes = MAX_BODY_BYTES): MiddlewareObj<ApiEvent> {
  return {
    before: (request) => {
      const event = request.event;
      if (event.body === null || event.body === undefined || event.body === '') return;
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.length > maxBytes) throw payloadTooLarge(maxBytes);
      const contentType = headerValue(event, 'content-type');
      if (contentType !== undefined && !/^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim())) {
        throw new ApiError(415, 'UnsupportedMediaType', 'Send the body as application/json');
      }
      const text = raw.toString('utf8');
      if (text.trim() === '') return;
      try {
        event.jsonBody = JSON.parse(text);
      } catch {
        throw invalidJson();
      }
    },
  };
}

const BASE_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };

/** Serializes the route's ApiResult as the API Gateway proxy result. */
export function jsonResponse(): MiddlewareObj<ApiEvent, APIGatewayProxyResult> {
  return {
    after: (request) => {
      const result = request.response as unknown as ApiResult;
      request.response = toProxyResult(result, request.context.awsRequestId);
    },
  };
}

/**
 * The last line of defence: whatever was thrown becomes `{ error: { code, message } }` with a mapped status, logged
 * with the request id. The caller never sees a stack trace or an AWS error body.
 */
export function errorResponder(log: ErrorLog): MiddlewareObj<ApiEvent, APIGatewayProxyResult> {
  return {
    onError: (request) => {
      const apiError = toApiError(request.error);
      const extra = {
        requestId: request.context.awsRequestId,
        method: request.event.httpMethod,
        path: request.event.path,
        status: apiError.status,
        code: apiError.code,
      };
      if (apiError.status >= 500) log.error('Request failed', { ...extra, error: request.error });
      else log.warn('Request refused', { ...extra, reason: apiError.message });
      request.response = toProxyResult(
        {
          status: apiError.status,
          body: apiError.body(),
          ...(apiError.options.headers ? { headers: apiError.options.headers } : {}),
        },
        request.context.awsRequestId,
      );
    },
  };
}

function toProxyResult(result: ApiResult, requestId: string | undefined): APIGatewayProxyResult {
  return {
    statusCode: result.status,
    headers: { ...BASE_HEADERS, ...(requestId ? { 'X-Request-Id': requestId } : {}), ...result.headers },
    body: result.status === 204 ? '' : JSON.stringify(result.body),
  };
}
