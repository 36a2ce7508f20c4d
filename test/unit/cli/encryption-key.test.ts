import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HttpExchange } from '../../../bin/cli/http-transport';
import { createStaticKey } from '../../../bin/cli/encryption-key';
import { runCli } from '../../../bin/cli/run-cli';

// The real CSPRNG, observed: the CLI must draw its keys from crypto.randomBytes.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, randomBytes: jest.fn((size: number) => actual.randomBytes(size)) };
});

const FLOW_ARN = 'arn:aws:mediaconnect:eu-west-1:222222222222:flow:1-bbb-222:NewsHD-Primary';

interface Run {
  code: number;
  out: string;
  err: string;
  requests: HttpExchange[];
}

/** Runs the CLI with a recording transport and, when given, a fake random source. */
async function cli(args: string[], random?: (size: number) => Buffer, withApi = true): Promise<Run> {
  let out = '';
  let err = '';
  const requests: HttpExchange[] = [];
  const code = await runCli([...args, ...(withApi ? ['--api-url', 'http://127.0.0.1:3000'] : [])], {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    env: {},
    ...(random ? { randomBytes: random } : {}),
    transport: async (exchange) => {
      requests.push(exchange);
      const answer = exchange.method === 'POST' ? { entitlementArn: 'arn:e', name: 'Partner' } : { items: [] };
      return { status: exchange.method === 'POST' ? 201 : 200, statusText: '', body: JSON.stringify(answer) };
    },
  });
  return { code, out, err, requests };
}

/** A random source that counts its calls and returns bytes 0, 1, 2, … */
function countingRandom() {
  const sizes: number[] = [];
  const random = (size: number) => {
    sizes.push(size);
    return Buffer.from(Array.from({ length: size }, (_, i) => i));
  };
  return { sizes, random };
}

describe('mediamon encryption create-key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mediamon-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [128, 32],
    [192, 48],
    [256, 64],
  ])('prints a %i-bit key as %i lowercase hex characters from bits/8 random bytes', async (bits, length) => {
    // Prepare
    const source = countingRandom();

    // Act
    const run = await cli(['encryption', 'create-key', '--bits', String(bits)], source.random, false);

    // Assess
    expect(run.code).toBe(0);
    expect(source.sizes).toEqual([bits / 8]);
    const key = run.out.trimEnd();
    expect(key).toHaveLength(length);
    expect(key).toMatch(/^[0-9a-f]+$/);
    expect(key).toBe(Buffer.from(Array.from({ length: bits / 8 }, (_, i) => i)).toString('hex'));
  });

  it('makes a 256-bit key when no --bits is given', async () => {
    // Act
    const run = await cli(['encryption', 'create-key'], undefined, false);

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('draws from crypto.randomBytes by default, so two keys differ', async () => {
    // Prepare
    jest.mocked(randomBytes).mockClear();

    // Act
    const first = await cli(['encryption', 'create-key'], undefined, false);
    const second = await cli(['encryption', 'create-key'], undefined, false);

    // Assess
    expect(jest.mocked(randomBytes).mock.calls).toEqual([[32], [32]]);
    expect(first.out).toMatch(/^[0-9a-f]{64}\n$/);
    expect(first.out).not.toBe(second.out);
  });

  it('needs no API: no URL, no credentials, no request', async () => {
    // Act
    const run = await cli(['encryption', 'create-key', '--json'], countingRandom().random, false);

    // Assess
    expect(run.code).toBe(0);
    expect(run.requests).toEqual([]);
    expect(JSON.parse(run.out)).toEqual({ bits: 256, key: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('writes the key with --out to a new file of mode 0600, without a newline, and prints only where it went', async () => {
    // Prepare
    const out = path.join(dir, 'key.hex');

    // Act
    const run = await cli(['encryption', 'create-key', '--bits', '128', '--out', out], countingRandom().random, false);

    // Assess
    expect(run.code).toBe(0);
    const key = readFileSync(out, 'utf8');
    expect(key).toBe('000102030405060708090a0b0c0d0e0f');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(run.out).not.toContain(key);
    expect(run.out).toBe(
      `Wrote a 128-bit key to ${out} (mode 0600); store it as the setup's secret, then remove the file\n`,
    );
  });

  it('writes mode 0600 whatever the umask', async () => {
    // Prepare
    const out = path.join(dir, 'key.hex');
    const previous = process.umask(0);

    // Act
    try {
      await cli(['encryption', 'create-key', '--out', out], countingRandom().random, false);
    } finally {
      process.umask(previous);
    }

    // Assess
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite an existing --out file and leaves it as it was, exit 2', async () => {
    // Prepare
    const out = path.join(dir, 'key.hex');
    writeFileSync(out, 'the key in use');

    // Act
    const run = await cli(['encryption', 'create-key', '--out', out], countingRandom().random, false);

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      `mediamon: ${out} exists; refusing to overwrite a key file: remove it first or choose another --out\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('the key in use');
    expect(run.out).toBe('');
  });

  it.each([
    [['--bits', '512'], '--bits must be 128, 192, 256; got "512"'],
    [['--bits', '256', 'extra'], 'encryption create-key takes no arguments'],
    [['--account', '222222222222'], 'encryption create-key does not take --account'],
  ])('refuses %j, exit 2', async (options, message) => {
    // Act
    const run = await cli(['encryption', 'create-key', ...options], countingRandom().random, false);

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain(`mediamon: ${message}`);
  });

  it('lists the encryption subcommands when none is given, exit 2', async () => {
    // Act
    const run = await cli(['encryption'], undefined, false);

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toContain('mediamon: encryption takes a subcommand: create-key');
    expect(run.err).toContain('Usage: mediamon encryption create-key');
  });

  it('refuses a random source that gives the wrong number of bytes', () => {
    // Act / Assess
    expect(() => createStaticKey(256, () => Buffer.alloc(16))).toThrow('the random source gave 16 bytes, not 32');
  });
});

describe('mediamon entitlement grant --encryption', () => {
  const grant = ['entitlement', 'grant', FLOW_ARN, '--name', 'Partner', '--subscriber', '444455556666'];

  it('sends the named setup with the default algorithm aes256', async () => {
    // Act
    const run = await cli([...grant, '--encryption', 'zixi-partner']);

    // Assess
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const post = run.requests.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body!)).toEqual({
      name: 'Partner',
      subscribers: ['444455556666'],
      encryption: { setup: 'zixi-partner', algorithm: 'aes256' },
    });
  });

  it('sends the --algorithm given with the setup', async () => {
    // Act
    const run = await cli([...grant, '--encryption', 'zixi-partner', '--algorithm', 'aes128']);

    // Assess
    const post = run.requests.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body!).encryption).toEqual({ setup: 'zixi-partner', algorithm: 'aes128' });
  });

  it('sends the setup on entitlement update too', async () => {
    // Act
    const entitlement = 'arn:aws:mediaconnect:eu-west-1:222222222222:entitlement:1-cc:Partner';
    const run = await cli(['entitlement', 'update', FLOW_ARN, entitlement, '--encryption', 'zixi-partner']);

    // Assess
    const patch = run.requests.find((r) => r.method === 'PATCH')!;
    expect(JSON.parse(patch.body!)).toEqual({ encryption: { setup: 'zixi-partner', algorithm: 'aes256' } });
  });

  it('refuses a setup mixed with a raw role or secret, before calling the API, exit 2', async () => {
    // Act
    const run = await cli([
      ...grant,
      '--encryption',
      'zixi-partner',
      '--secret-arn',
      'arn:aws:secretsmanager:eu-west-1:222222222222:secret:x',
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      'mediamon: --encryption names a setup, which brings its own role and secret: drop --secret-arn\n',
    );
    expect(run.requests).toEqual([]);
  });

  it('names --encryption when the API does not know the setup', async () => {
    // Prepare
    let err = '';
    const code = await runCli([...grant, '--encryption', 'nope', '--api-url', 'http://127.0.0.1:3000'], {
      stdout: () => undefined,
      stderr: (text) => (err += text),
      env: {},
      transport: async () => ({
        status: 400,
        statusText: '',
        body: JSON.stringify({
          error: {
            code: 'UnknownEncryptionSetup',
            message: 'encryption.setup: no encryption setup is named "nope"',
            field: 'encryption.setup',
          },
        }),
      }),
    });

    // Assess
    expect(code).toBe(2);
    expect(err).toBe('mediamon: --encryption: no encryption setup is named "nope"\n');
  });
});
