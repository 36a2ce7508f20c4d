import * as z from 'zod';
import { Route, routeAccess } from './router';

type JsonSchema = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: malformed ARN, JSON, unknown field, invalid value or nextToken.',
  403: 'The caller may not do this (the read-only role on an action), or AWS denied the service.',
  404: 'No such route, or the resource is unknown or deleted.',
  405: 'Wrong method for this path; the Allow header lists the right ones.',
  409: 'Conflict: the flow is changing state, the name is taken, or a quota is reached.',
  413: 'The body is over 64 KB.',
  415: 'The body is not application/json.',
  429: 'Throttled; retry after the Retry-After header.',
  500: 'Internal error (no detail is returned).',
  502: 'AWS failed to handle the request.',
  503: 'AWS is unavailable; retry after the Retry-After header.',
};

/** Answers every route can give. */
const COMMON_ERRORS = [400, 403, 405, 500];

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/**
 * The OpenAPI 3.1 document of the route table: paths, methods, parameters and request bodies come from the routes'
 * zod schemas, so the document is the routes. Every operation is signed with SigV4 (API Gateway AWS_IAM);
 * `x-mediamon-access` says which role may call it.
 */
export function buildOpenApiDocument(routes: readonly Route<unknown>[], info: OpenApiInfo): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operations = (paths[route.path] ??= {});
    operations[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info,
    security: [{ sigv4: [] }],
    paths,
    components: {
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description: 'AWS Signature Version 4 (service execute-api) with the read-only or operator role.',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}

function operationOf(route: Route<unknown>): Record<string, unknown> {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(route.responses)) {
    const body = route.responseSchemas?.[Number(status)];
    const schema = body ? schemaOf(body, 'output') : { type: 'object' };
    responses[status] = { description, content: { 'application/json': { schema } } };
  }
  for (const status of [...new Set([...COMMON_ERRORS, ...(route.errors ?? [])])].sort()) {
    responses[String(status)] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    'x-mediamon-access': routeAccess(route),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } } }
      : {}),
    responses,
  };
}

function parametersOf(schema: z.ZodObject | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = schemaOf(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}
