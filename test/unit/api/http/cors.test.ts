import { call, createTestApi, flowPath, READ_ONLY_SESSION_ARN } from '../api-test-kit';

const ORIGIN = 'https://d111111abcdef8.cloudfront.net';

describe('CORS response headers for the hosted dashboard', () => {
  it('marks a successful response as readable by the dashboard origin', async () => {
    // Prepare
    const api = createTestApi({ corsOrigin: ORIGIN });

    // Act
    const response = await call(api, { path: '/openapi.json' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': ORIGIN,
      'Access-Control-Expose-Headers': 'ETag, X-Request-Id',
      Vary: 'Origin',
      'Content-Type': 'application/json; charset=utf-8',
    });
  });

  it('marks an error envelope too, so the browser can show the API message', async () => {
    // Prepare
    const api = createTestApi({ corsOrigin: ORIGIN });

    // Act
    const response = await call(api, {
      method: 'POST',
      path: flowPath(undefined, '/stop'),
      userArn: READ_ONLY_SESSION_ARN,
    });

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('Forbidden');
    expect(response.headers['Access-Control-Allow-Origin']).toBe(ORIGIN);
  });

  it('adds no CORS header without a configured origin', async () => {
    // Prepare
    const api = createTestApi();

    // Act
    const response = await call(api, { path: '/openapi.json' });

    // Assess
    expect(response.status).toBe(200);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('Access-Control'))).toEqual([]);
  });
});
