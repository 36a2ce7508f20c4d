import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { RunningApiServer, startApiServer } from '../../../bin/local/api-server';

describe('local API server', () => {
  let server: RunningApiServer;
  const events: APIGatewayProxyEvent[] = [];
  let answer: APIGatewayProxyResult | Error = { statusCode: 200, body: '{}' };

  beforeAll(async () => {
    server = await startApiServer({
      handler: async (event) => {
        events.push(event);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    events.length = 0;
    answer = { statusCode: 200, body: '{}' };
  });

  it('converts a request to the API Gateway REST proxy event', async () => {
    // Prepare
    const arn = encodeURIComponent('arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-a:Show');

    // Act
    await fetch(`${server.url}/flows/${arn}/polling?tag=team%3Dnews&limit=5&limit=6`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: 'AWS4-HMAC-SHA256 Credential=x' },
      body: '{"enabled":true}',
    });

    // Assess
    const event = events[0]!;
    expect(event).toMatchObject({
      httpMethod: 'PUT',
      path: `/flows/${arn}/polling`,
      body: '{"enabled":true}',
      isBase64Encoded: false,
      queryStringParameters: { tag: 'team=news', limit: '6' },
      multiValueQueryStringParameters: { tag: ['team=news'], limit: ['5', '6'] },
      requestContext: { stage: 'local', httpMethod: 'PUT', identity: { userArn: null } },
    });
    expect(event.headers['Content-Type']).toBe('application/json');
    expect(event.headers.Authorization).toBe('AWS4-HMAC-SHA256 Credential=x');
    expect(event.headers['x-mediamon-role']).toBe('operator');
  });

  it('keeps the role header a request sends', async () => {
    // Act
    await fetch(`${server.url}/flows`, { headers: { 'X-Mediamon-Role': 'read-only' } });

    // Assess
    expect(events[0]!.headers['X-Mediamon-Role']).toBe('read-only');
    expect(events[0]!.headers['x-mediamon-role']).toBeUndefined();
  });

  it('answers with the handler status, headers and body', async () => {
    // Prepare
    answer = {
      statusCode: 405,
      headers: { Allow: 'GET', 'Content-Type': 'application/json' },
      body: '{"error":{"code":"MethodNotAllowed"}}',
    };

    // Act
    const response = await fetch(`${server.url}/flows`, { method: 'DELETE' });

    // Assess
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(await response.json()).toEqual({ error: { code: 'MethodNotAllowed' } });
  });

  it('answers 502 like API Gateway when the handler throws', async () => {
    // Prepare
    answer = new Error('boom');

    // Act
    const response = await fetch(`${server.url}/flows`);

    // Assess
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
  });
});
