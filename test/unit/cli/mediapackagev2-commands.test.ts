import type { HttpExchange } from '../../../bin/cli/http-transport';
import { runCli } from '../../../bin/cli/run-cli';

const API_URL = 'http://127.0.0.1:3000';
const CHANNEL_ARN = 'arn:aws:mediapackagev2:eu-west-1:111122223333:channelGroup/live/channel/news';

/** The API as the CLI sees it: answers by `METHOD path?query`. */
async function cli(args: string[], routes: Record<string, [number, unknown]>) {
  const sent: HttpExchange[] = [];
  let out = '';
  let err = '';
  const code = await runCli([...args, '--api-url', API_URL], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: {},
    now: () => Date.parse('2025-11-25T10:00:00Z'),
    transport: async (exchange) => {
      sent.push(exchange);
      const url = new URL(exchange.url);
      const key = `${exchange.method} ${url.pathname}${url.search}`;
      const [status, body] = routes[key] ?? [404, { error: { code: 'RouteNotFound', message: `No route for ${key}` } }];
      return { status, statusText: '', body: JSON.stringify(body) };
    },
  });
  return { code, out, err, sent };
}

describe('mediamon v2-channels', () => {
  it('lists MediaPackage v2 channels with their group and input type, passing the filters', async () => {
    // Act
    const run = await cli(['v2-channels', '--name-prefix', 'ne', '--include-deleted'], {
      'GET /mediapackagev2/channels?namePrefix=ne&includeDeleted=true&limit=100': [
        200,
        {
          items: [
            { arn: CHANNEL_ARN, name: 'news', channelGroupName: 'live', inputType: 'CMAF' },
            { arn: `${CHANNEL_ARN}-old`, name: 'news-old', channelGroupName: 'live', tombstone: true },
          ],
        },
      ],
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toContain('GROUP  NAME                INPUT  ARN');
    expect(run.out).toContain(`live   news                CMAF   ${CHANNEL_ARN}`);
    expect(run.out).toContain('news-old (deleted)');
    expect(run.out).toContain('2 channels\n');
  });

  it('refuses a --status option (MediaPackage has no state)', async () => {
    // Act
    const run = await cli(['v2-channels', '--status', 'RUNNING'], {});

    // Assess
    expect(run.code).not.toBe(0);
    expect(run.sent).toEqual([]);
  });
});
