import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { API_ROUTES } from '../../../lambdas/api/routes';
import {
  apiEvent,
  call,
  createTestApi,
  FLOW_ARN,
  flowMeta,
  flowPath,
  lambdaContext,
  MediaConnectMockTarget,
  MediaConnectStub,
  READ_ONLY_SESSION_ARN,
  silentLog,
  StartFlowCommand,
  TestApi,
} from './api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);
const mediaConnect: MediaConnectStub = mockClient(MediaConnectMockTarget);

/** A concrete path for a route template: every ARN parameter gets a valid ARN. */
function concretePath(template: string): string {
  return template
    .replace('{flowArn}', encodeURIComponent(FLOW_ARN))
    .replace('{entitlementArn}', encodeURIComponent(FLOW_ARN.replace(':flow:', ':entitlement:')));
}

const ACTION_ROUTES = API_ROUTES.filter((r) => r.method !== 'GET');

describe('API guards', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    mediaConnect.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({ Item: flowMeta() });
    ddb.on(PutCommand).resolves({});
    api = createTestApi();
  });

  describe('role separation', () => {
    it.each(ACTION_ROUTES.map((r) => [r.method, r.path]))(
      'refuses %s %s to the local read-only role with 403',
      async (method, path) => {
        // Prepare
        const local = createTestApi({ roleHeaderEnabled: true });

        // Act
        const response = await call(local, {
          method,
          path: concretePath(path),
          body: {},
          headers: { 'x-mediamon-role': 'read-only' },
        });

        // Assess
        expect(response.status).toBe(403);
        expect(response.body.error.code).toBe('Forbidden');
        expect(ddb).toHaveReceivedCommandTimes(GetCommand, 0);
        expect(mediaConnect.calls()).toHaveLength(0);
      },
    );

    it('refuses an action to a session of READ_ONLY_ROLE_ARN even when API Gateway let it through', async () => {
      // Act
      const response = await call(api, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/start'),
        userArn: READ_ONLY_SESSION_ARN,
      });

      // Assess
      expect(response.status).toBe(403);
      expect(mediaConnect).toHaveReceivedCommandTimes(StartFlowCommand, 0);
    });

    it('lets the read-only role read', async () => {
      // Prepare
      const local = createTestApi({ roleHeaderEnabled: true });

      // Act
      const viaHeader = await call(local, { path: '/flows', headers: { 'x-mediamon-role': 'read-only' } });
      const viaIam = await call(api, { path: '/flows', userArn: READ_ONLY_SESSION_ARN });

      // Assess
      expect(viaHeader.status).toBe(200);
      expect(viaIam.status).toBe(200);
    });

    it('lets the local operator act', async () => {
      // Prepare
      const local = createTestApi({ roleHeaderEnabled: true });
      mediaConnect.on(StartFlowCommand).resolves({ Status: 'STARTING' });

      // Act
      const response = await call(local, {
        method: 'POST',
        path: flowPath(FLOW_ARN, '/start'),
        userArn: null,
        headers: { 'x-mediamon-role': 'operator' },
      });

      // Assess
      expect(response.status).toBe(202);
      const audit = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item)[0];
      expect(audit).toMatchObject({ actor: 'local:operator', role: 'operator' });
    });
  });

  describe('bad input', () => {
    it('answers 404 with the error shape for an unknown route', async () => {
      // Act
      const response = await call(api, { path: '/multiplexes' });

      // Assess
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: { code: 'RouteNotFound', message: 'No route for /multiplexes' } });
      expect(response.headers['Content-Type']).toBe('application/json; charset=utf-8');
    });

    it('answers 405 with an Allow header for a wrong method', async () => {
      // Act
      const response = await call(api, { method: 'DELETE', path: flowPath() });

      // Assess
      expect(response.status).toBe(405);
      expect(response.headers.Allow).toBe('GET');
    });

    it('refuses malformed JSON with 400', async () => {
      // Act
      const response = await call(api, {
        method: 'PUT',
        path: flowPath(FLOW_ARN, '/polling'),
        rawBody: '{"enabled": true,',
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('InvalidJson');
    });

    it('refuses a body over 64 KB with 413 before parsing it', async () => {
      // Prepare
      const rawBody = JSON.stringify({ name: 'x', description: 'd'.repeat(64 * 1024) });

      // Act
      const response = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/entitlements'), rawBody });

      // Assess
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('PayloadTooLarge');
      expect(ddb.calls()).toHaveLength(0);
    });

    it('measures a base64 body by its decoded size', async () => {
      // Prepare
      const event = apiEvent({ method: 'PUT', path: flowPath(FLOW_ARN, '/polling') });
      event.body = Buffer.from(JSON.stringify({ enabled: true, intervalSeconds: 60, x: 'y'.repeat(70_000) })).toString(
        'base64',
      );
      event.isBase64Encoded = true;

      // Act
      const response = await api.handler(event, lambdaContext);

      // Assess
      expect(response.statusCode).toBe(413);
    });

    it('refuses a body that is not JSON with 415', async () => {
      // Act
      const response = await call(api, {
        method: 'PUT',
        path: flowPath(FLOW_ARN, '/polling'),
        rawBody: 'enabled=true',
        headers: { 'Content-Type': 'text/plain' },
      });

      // Assess
      expect(response.status).toBe(415);
    });

    it('refuses a missing body, a JSON array, and a body on a route that takes none', async () => {
      // Act
      const missing = await call(api, { method: 'PUT', path: flowPath(FLOW_ARN, '/polling') });
      const array = await call(api, { method: 'PUT', path: flowPath(FLOW_ARN, '/polling'), body: [1] });
      const unexpected = await call(api, { method: 'POST', path: flowPath(FLOW_ARN, '/start'), body: { force: true } });

      // Assess
      expect([missing.status, array.status, unexpected.status]).toEqual([400, 400, 400]);
      expect(unexpected.body.error.message).toBe('POST /flows/{flowArn}/start takes no body');
    });

    it('refuses a query parameter given twice', async () => {
      // Prepare
      const event = apiEvent({ path: '/flows', query: { status: 'ACTIVE' } });
      event.multiValueQueryStringParameters = { status: ['ACTIVE', 'STANDBY'] };

      // Act
      const response = await api.handler(event, lambdaContext);

      // Assess
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).error.field).toBe('status');
    });

    it('answers an internal fault with a generic 500 and no stack', async () => {
      // Prepare
      ddb.on(QueryCommand).rejects(new TypeError("Cannot read properties of undefined (reading 'Items')"));

      // Act
      const response = await call(api, { path: '/flows' });

      // Assess
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        error: { code: 'InternalError', message: 'The request failed because of an internal error' },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/TypeError|at /);
      expect(silentLog.error).toHaveBeenCalled();
    });
  });
});
