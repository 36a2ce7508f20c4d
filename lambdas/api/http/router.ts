import * as z from 'zod';
import { ApiError } from './api-error';
import { Caller } from './caller';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route may do: `read` routes are GETs (the read-only role's), `operate` routes are everything else. */
export type RouteAccess = 'read' | 'operate';

export interface RouteRequest<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  caller: Caller;
  requestId: string;
}

export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * One route: its method and path template (`/flows/{flowArn}`), zod schemas for path parameters, query and body,
 * and the function that serves it. The OpenAPI document is generated from these, so it cannot drift from them.
 */
export interface Route<D> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Success status codes and what they mean. */
  readonly responses: Readonly<Record<number, string>>;
  /** The body of a success status, for the OpenAPI document. @default - an object */
  readonly responseSchemas?: Readonly<Record<number, z.ZodType>>;
  /** Error status codes this route can answer, besides the ones every route can (400, 403, 500). */
  readonly errors?: readonly number[];
  handle(request: RouteRequest<unknown, unknown, unknown>, deps: D): Promise<ApiResult>;
}

export interface RouteSpec<D, P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType> {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, string>;
  responseSchemas?: Record<number, z.ZodType>;
  errors?: readonly number[];
  handle(request: RouteRequest<z.output<P>, z.output<Q>, z.output<B>>, deps: D): Promise<ApiResult>;
}

type EmptyObject = z.ZodObject<Record<string, never>>;

/** Declares a route; the handler's request is typed from the route's schemas. */
export function defineRoute<
  D,
  P extends z.ZodObject = EmptyObject,
  Q extends z.ZodObject = EmptyObject,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteSpec<D, P, Q, B>): Route<D> {
  return spec as unknown as Route<D>;
}

export const routeAccess = (route: Pick<Route<unknown>, 'method'>): RouteAccess =>
  route.method === 'GET' ? 'read' : 'operate';

export const json = (status: number, body: unknown, headers?: Record<string, string>): ApiResult => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export interface RouteMatch<D> {
  route: Route<D>;
  /** Path parameters, percent-decoded once. */
  params: Record<string, string>;
}

/** The routes of all services, matched by path template, then by method. */
export class Router<D> {
  private readonly templates: { route: Route<D>; segments: string[] }[];

  constructor(readonly routes: readonly Route<D>[]) {
    const seen = new Set<string>();
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) throw new Error(`Duplicate route ${key}`);
      seen.add(key);
    }
    this.templates = routes.map((route) => ({ route, segments: splitPath(route.path) }));
  }

  /** The route for a method and raw path; a 404 when no template matches, a 405 (with Allow) when the method is wrong. */
  resolve(method: string, rawPath: string): RouteMatch<D> {
    const segments = splitPath(rawPath);
    const candidates = this.templates
      .map((t) => ({
        route: t.route,
        params: matchSegments(t.segments, segments),
        score: t.segments.filter((s) => !isParam(s)).length,
      }))
      .filter((c): c is { route: Route<D>; params: Record<string, string>; score: number } => c.params !== undefined);
    if (candidates.length === 0) throw new ApiError(404, 'RouteNotFound', `No route for ${truncate(rawPath)}`);
    const best = Math.max(...candidates.map((c) => c.score));
    const sameTemplate = candidates.filter((c) => c.score === best);
    const match = sameTemplate.find((c) => c.route.method === method.toUpperCase());
    if (!match) {
      const allow = [...new Set(sameTemplate.map((c) => c.route.method))].sort().join(', ');
      throw new ApiError(405, 'MethodNotAllowed', `${method.toUpperCase()} is not allowed here; use ${allow}`, {
        headers: { Allow: allow },
      });
    }
    return { route: match.route, params: decodeParams(match.params) };
  }
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? [] : trimmed.replace(/^\//, '').split('/');
}

const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const a = actual[i] as string;
    if (a === '') return undefined;
    if (isParam(t)) params[t.slice(1, -1)] = a;
    else if (t !== a) return undefined;
  }
  return params;
}

function decodeParams(params: Record<string, string>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      throw new ApiError(400, 'ValidationFailed', `${name}: malformed percent-encoding`, { field: name });
    }
  }
  return decoded;
}

/** A path as quoted back in an error: printable ASCII only (no control or bidi characters), and short. */
function truncate(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 200 ? `${printable.slice(0, 197)}...` : printable;
}
