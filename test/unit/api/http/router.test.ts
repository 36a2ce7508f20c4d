import { z } from 'zod';
import { ApiError } from '../../../../lambdas/api/http/api-error';
import { defineRoute, json, Router } from '../../../../lambdas/api/http/router';

const handle = async () => json(200, {});
const routes = [
  defineRoute({
    method: 'GET',
    path: '/flows',
    operationId: 'list',
    summary: '',
    tag: 't',
    responses: { 200: '' },
    handle,
  }),
  defineRoute({
    method: 'GET',
    path: '/flows/{flowArn}',
    operationId: 'get',
    summary: '',
    tag: 't',
    params: z.strictObject({ flowArn: z.string() }),
    responses: { 200: '' },
    handle,
  }),
  defineRoute({
    method: 'POST',
    path: '/flows/{flowArn}/start',
    operationId: 'start',
    summary: '',
    tag: 't',
    responses: { 202: '' },
    handle,
  }),
  defineRoute({
    method: 'PATCH',
    path: '/flows/{flowArn}/entitlements/{entitlementArn}',
    operationId: 'patch',
    summary: '',
    tag: 't',
    responses: { 200: '' },
    handle,
  }),
  defineRoute({
    method: 'DELETE',
    path: '/flows/{flowArn}/entitlements/{entitlementArn}',
    operationId: 'revoke',
    summary: '',
    tag: 't',
    responses: { 200: '' },
    handle,
  }),
];

function resolveError(router: Router<unknown>, method: string, path: string): ApiError {
  try {
    router.resolve(method, path);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('resolved');
}

describe('Router', () => {
  const router = new Router(routes);

  it('decodes URL-encoded ARNs in path parameters exactly once', () => {
    // Prepare
    const arn = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc:Show%Name';
    const path = `/flows/${encodeURIComponent(encodeURIComponent('a%b'))}/entitlements/${encodeURIComponent(arn)}`;

    // Act
    const match = router.resolve('PATCH', path);

    // Assess
    expect(match.route.operationId).toBe('patch');
    expect(match.params).toEqual({ flowArn: 'a%25b', entitlementArn: arn });
  });

  it('matches a trailing slash like the path without it', () => {
    // Act
    const match = router.resolve('GET', '/flows/');

    // Assess
    expect(match.route.operationId).toBe('list');
  });

  it('answers 404 for a path no route has', () => {
    // Act
    const error = resolveError(router, 'GET', '/channels');

    // Assess
    expect(error).toMatchObject({ status: 404, code: 'RouteNotFound' });
  });

  it('answers 405 with the allowed methods of the matching template', () => {
    // Act
    const error = resolveError(router, 'PUT', `/flows/a/entitlements/b`);

    // Assess
    expect(error).toMatchObject({ status: 405, code: 'MethodNotAllowed' });
    expect(error.options.headers).toEqual({ Allow: 'DELETE, PATCH' });
  });

  it('answers 405, not 404, for a GET on an action path', () => {
    // Act
    const error = resolveError(router, 'GET', '/flows/x/start');

    // Assess
    expect(error.status).toBe(405);
    expect(error.options.headers?.Allow).toBe('POST');
  });

  it('refuses malformed percent-encoding with a 400 naming the parameter', () => {
    // Act
    const error = resolveError(router, 'GET', '/flows/arn%3Aaws%ZZ');

    // Assess
    expect(error).toMatchObject({ status: 400, options: { field: 'flowArn' } });
  });

  it('does not match empty path segments', () => {
    // Act
    const error = resolveError(router, 'POST', '/flows//start');

    // Assess
    expect(error.status).toBe(404);
  });

  it('refuses a table with the same method and path twice', () => {
    // Act
    const build = () => new Router([routes[0]!, routes[0]!]);

    // Assess
    expect(build).toThrow('Duplicate route GET /flows');
  });
});
