import { connect } from 'node:net';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { RunningApiServer, startApiServer } from '../../../bin/local/api-server';
import { createTestApi, flowMeta } from './api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);

/** Sends raw HTTP/1.1 (so a header can repeat under two casings) and answers the status and the parsed body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function rawRequest(server: RunningApiServer, head: string, body = ''): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(
        `${head}\r\nHost: localhost\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [headers = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]);
      const payload = /transfer-encoding: chunked/i.test(headers)
        ? dechunk(rest.join('\r\n\r\n'))
        : rest.join('\r\n\r\n');
      resolve({ status, body: payload ? JSON.parse(payload) : undefined });
    });
  });
}

/** The body of a chunked HTTP/1.1 answer. */
function dechunk(text: string): string {
  let body = '';
  let rest = text;
  for (;;) {
    const cut = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, cut), 16);
    if (!(size > 0)) return body;
    body += rest.slice(cut + 2, cut + 2 + size);
    rest = rest.slice(cut + 2 + size + 2);
  }
}

describe('local API server hardening', () => {
  let server: RunningApiServer;

  beforeAll(async () => {
    const api = createTestApi({ roleHeaderEnabled: true });
    server = await startApiServer({ handler: api.handler, maxRequestBytes: 1024 });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({ Item: flowMeta() });
  });

  it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'])(
    'answers a header and a query parameter named %s with no 5xx',
    async (name) => {
      // Act
      const header = await rawRequest(server, `GET /flows HTTP/1.1\r\n${name}: x\r\n${name}: y`);
      const query = await rawRequest(server, `GET /flows?${name}=1&${name}=2 HTTP/1.1`);
      const single = await rawRequest(server, `GET /flows?${name}=1 HTTP/1.1`);

      // Assess
      expect(header.status).toBe(200);
      expect(query.status).toBe(400);
      expect(query.body.error.code).toBe('ValidationFailed');
      expect(single.status).toBe(400);
      expect(single.body.error).toMatchObject({ code: 'ValidationFailed', field: name });
    },
  );

  it('refuses a role header sent twice with 400', async () => {
    // Act
    const response = await rawRequest(
      server,
      'POST /flows/x/start HTTP/1.1\r\nx-mediamon-role: read-only\r\nX-Mediamon-Role: operator',
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'ValidationFailed', field: 'x-mediamon-role' });
  });

  it('answers a body over the limit with the standard error envelope', async () => {
    // Act
    const response = await rawRequest(
      server,
      'POST /flows HTTP/1.1\r\nContent-Type: application/json',
      JSON.stringify({ padding: 'x'.repeat(2048) }),
    );

    // Assess
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      error: { code: 'PayloadTooLarge', message: expect.stringMatching(/larger than/) },
    });
  });
});
