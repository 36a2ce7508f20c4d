import type { HttpExchange } from '../../../bin/cli/http-transport';
import { runCli } from '../../../bin/cli/run-cli';

const API_URL = 'http://127.0.0.1:3000';
const CHANNEL_ARN = 'arn:aws:mediapackage:eu-west-1:111122223333:channels/6d582f2bfe8b4bd3bd8a4f2b3e1c0a11';
const ENDPOINT_ARN = 'arn:aws:mediapackage:eu-west-1:111122223333:origin_endpoints/1f2e3d4c5b6a79880716253443526170';

/** The API as the CLI sees it: answers by `METHOD path?query`, and every request the CLI sent. */
async function cli(args: string[], routes: Record<string, [number, unknown]>) {
  const sent: HttpExchange[] = [];
  let out = '';
  let err = '';
  const code = await runCli([...args, '--api-url', API_URL], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: {},
    now: () => Date.parse('2025-11-25T10:00:00Z'),
    transport: async (exchange: HttpExchange) => {
      sent.push(exchange);
      const url = new URL(exchange.url);
      const key = `${exchange.method} ${url.pathname}${url.search}`;
      const [status, body] = routes[key] ?? [404, { error: { code: 'RouteNotFound', message: `No route for ${key}` } }];
      return { status, statusText: '', body: JSON.stringify(body) };
    },
  });
  return { code, out, err, sent };
}

describe('mediamon MediaPackage v1 commands', () => {
  it('lists package channels by Id prefix', async () => {
    // Act
    const result = await cli(['package-channels', '--id-prefix', 'ne'], {
      'GET /mediapackage/channels?idPrefix=ne&limit=100': [200, { items: [{ arn: CHANNEL_ARN, name: 'news' }] }],
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain('news');
    expect(result.out).toContain(CHANNEL_ARN);
    expect(result.sent).toHaveLength(1);
  });

  it('lists one channel’s origin endpoints with their packaging', async () => {
    // Act
    const result = await cli(['origin-endpoints', '--channel', 'news'], {
      'GET /mediapackage/origin-endpoints?channelId=news&limit=100': [
        200,
        { items: [{ arn: ENDPOINT_ARN, name: 'news-hls', channelId: 'news', packaging: { type: 'HLS' } }] },
      ],
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/news-hls\s+news\s+HLS/);
  });

  it('refuses an option the command does not take', async () => {
    // Act
    const result = await cli(['package-channels', '--channel', 'news'], {});

    // Assess
    expect(result.code).not.toBe(0);
    expect(result.sent).toHaveLength(0);
  });
});
