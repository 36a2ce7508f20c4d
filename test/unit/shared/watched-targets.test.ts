import { ConfigError } from '../../../lambdas/shared/env';
import {
  COMPRESSED_REGISTRY_PREFIX,
  decodeRegistryValue,
  encodeRegistryValue,
  findTarget,
  parseTargetKey,
  parseTargetRegistry,
  selfRegistry,
  SERVICE_NAMES,
  targetForArn,
  targetKey,
  TargetRegistrySource,
  type TargetRegistryInput,
} from '../../../lambdas/shared/watched-targets';

const SAMPLE: TargetRegistryInput = {
  deployment: { account: '111111111111', region: 'eu-west-1', name: 'eu' },
  targets: [
    { account: '111111111111', region: 'eu-west-1', operator: { type: 'execution-role' } },
    {
      account: '222222222222',
      region: 'eu-west-1',
      credentials: {
        type: 'assume-role',
        roleArn: 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-read-eu-west-1',
        externalId: 'mm-eu-9f3c',
      },
      services: ['mediaconnect', 'medialive'],
      quotas: { mediaconnect: { rps: 5, burst: 30 } },
    },
    {
      account: '333333333333',
      region: 'eu-west-1',
      credentials: {
        type: 'key-pair',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:mm/partner-AbCdEf',
      },
      services: ['mediaconnect'],
    },
  ],
};

const json = (value: unknown) => JSON.stringify(value);

function withTarget(index: number, patch: Record<string, unknown>): TargetRegistryInput {
  const targets = SAMPLE.targets.map((t, i) => (i === index ? { ...t, ...patch } : t));
  return { ...SAMPLE, targets } as TargetRegistryInput;
}

describe('parseTargetRegistry', () => {
  it('parses JSON text and fills the defaults of each target', () => {
    // Act
    const registry = parseTargetRegistry(json(SAMPLE), 'WATCHED_TARGETS');

    // Assess
    expect(registry.targets[0]).toEqual({
      account: '111111111111',
      region: 'eu-west-1',
      credentials: { type: 'execution-role' },
      operator: { type: 'execution-role' },
      services: [...SERVICE_NAMES],
      quotas: {},
    });
    expect(registry.targets[1]!.credentials).toEqual({
      type: 'assume-role',
      roleArn: 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-read-eu-west-1',
      externalId: 'mm-eu-9f3c',
      sessionDurationSeconds: 3600,
    });
    expect(registry.targets[1]!.operator).toBeUndefined();
    expect(registry.encryptionSetups).toEqual([]);
  });

  it('names the source when the text is not JSON', () => {
    // Act
    const parse = () => parseTargetRegistry('{"deployment":', 'WATCHED_TARGETS');

    // Assess
    expect(parse).toThrow(new ConfigError('WATCHED_TARGETS must be JSON'));
  });

  it.each([
    [
      'an account that is not 12 digits',
      withTarget(1, { account: '2222' }),
      'targets.1.account: must be a 12-digit AWS account id',
    ],
    ['a bad Region code', withTarget(0, { region: 'europe' }), 'targets.0.region: must be an AWS Region code'],
    [
      'a role ARN that is no IAM role',
      withTarget(1, { credentials: { type: 'assume-role', roleArn: 'arn:aws:iam::222222222222:user/x' } }),
      'targets.1.credentials.roleArn: must be an IAM role ARN',
    ],
    [
      'a session longer than role chaining allows',
      withTarget(1, {
        credentials: {
          type: 'assume-role',
          roleArn: 'arn:aws:iam::222222222222:role/r',
          sessionDurationSeconds: 7200,
        },
      }),
      'targets.1.credentials.sessionDurationSeconds: Too big: expected number to be <=3600',
    ],
    [
      'a secret ARN that is no Secrets Manager ARN',
      withTarget(2, { credentials: { type: 'key-pair', secretArn: 'arn:aws:ssm:eu-west-1:111111111111:parameter/x' } }),
      'targets.2.credentials.secretArn: must be a secret ARN',
    ],
    ['an unknown service', withTarget(1, { services: ['mediaconect'] }), 'targets.1.services.0: Invalid option'],
  ])('rejects %s, naming the field path', (_case, input, expected) => {
    // Act
    const parse = () => parseTargetRegistry(input, 'SSM parameter /media-monitor/eu/targets');

    // Assess
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(`Invalid SSM parameter /media-monitor/eu/targets: ${expected}`);
  });

  it('rejects a registry without targets', () => {
    // Act
    const parse = () => parseTargetRegistry({ ...SAMPLE, targets: [] }, 'registry');

    // Assess
    expect(parse).toThrow(/^Invalid registry: targets: /);
  });

  it('rejects a target listed twice', () => {
    // Prepare
    const input = { ...SAMPLE, targets: [...SAMPLE.targets, { account: '222222222222', region: 'eu-west-1' }] };

    // Act
    const parse = () => parseTargetRegistry(input, 'WATCHED_TARGETS');

    // Assess
    expect(parse).toThrow(new ConfigError('Invalid WATCHED_TARGETS: target 222222222222#eu-west-1 is listed twice'));
  });

  it('accepts one account in two Regions as two targets', () => {
    // Prepare
    const input = { ...SAMPLE, targets: [...SAMPLE.targets, { account: '222222222222', region: 'us-east-1' }] };

    // Act
    const registry = parseTargetRegistry(input, 'WATCHED_TARGETS');

    // Assess
    expect(registry.targets.map(targetKey)).toEqual([
      '111111111111#eu-west-1',
      '222222222222#eu-west-1',
      '333333333333#eu-west-1',
      '222222222222#us-east-1',
    ]);
  });
});

describe('target keys', () => {
  it('round-trips an account and Region through its key', () => {
    // Act
    const key = targetKey({ account: '222222222222', region: 'ap-southeast-2' });

    // Assess
    expect(key).toBe('222222222222#ap-southeast-2');
    expect(parseTargetKey(key)).toEqual({ account: '222222222222', region: 'ap-southeast-2' });
  });

  it.each(['222222222222', '2222#eu-west-1', '222222222222#EU-WEST-1', '222222222222#eu-west-1#x', ''])(
    'parses the malformed key "%s" as undefined',
    (key) => {
      // Act
      const parsed = parseTargetKey(key);

      // Assess
      expect(parsed).toBeUndefined();
    },
  );
});

describe('selfRegistry and findTarget', () => {
  it('watches only the deployment, with its own role for reads and actions, every service', () => {
    // Act
    const registry = selfRegistry('123456789012', 'us-east-1');

    // Assess
    expect(registry.deployment).toEqual({
      account: '123456789012',
      region: 'us-east-1',
      name: '123456789012-us-east-1',
    });
    expect(registry.targets).toEqual([
      {
        account: '123456789012',
        region: 'us-east-1',
        credentials: { type: 'execution-role' },
        operator: { type: 'execution-role' },
        services: [...SERVICE_NAMES],
        quotas: {},
      },
    ]);
  });

  it('finds a target by account and Region, and nothing for an unwatched one', () => {
    // Prepare
    const registry = parseTargetRegistry(SAMPLE, 'registry');

    // Act
    const found = findTarget(registry, { account: '333333333333', region: 'eu-west-1' });
    const otherRegion = findTarget(registry, { account: '333333333333', region: 'us-east-1' });

    // Assess
    expect(found?.credentials.type).toBe('key-pair');
    expect(otherRegion).toBeUndefined();
  });
});

describe('targetForArn', () => {
  const registry = parseTargetRegistry(SAMPLE, 'registry');

  it.each([
    ['arn:aws:mediaconnect:eu-west-1:222222222222:flow:1-abc:News', 'mediaconnect', '222222222222#eu-west-1'],
    ['arn:aws:mediaconnect:eu-west-1:333333333333:flow:1-abc:News', 'mediaconnect', '333333333333#eu-west-1'],
    [
      'arn:aws:mediapackagev2:eu-west-1:111111111111:channelGroup/g/channel/c',
      'mediapackagev2',
      '111111111111#eu-west-1',
    ],
    ['arn:aws:medialive:eu-west-1:222222222222:channel:1234567', 'medialive', '222222222222#eu-west-1'],
  ])('gives %s to the target of its account and Region', (arn, service, expected) => {
    // Act
    const target = targetForArn(registry, arn, service as 'mediaconnect');

    // Assess
    expect(target && targetKey(target)).toBe(expected);
  });

  it.each([
    ['an unwatched account', 'arn:aws:mediaconnect:eu-west-1:999999999999:flow:1-abc:News'],
    ['an unwatched Region', 'arn:aws:mediaconnect:us-east-1:222222222222:flow:1-abc:News'],
    ['text that is no ARN', 'flow:1-abc:News'],
  ])('gives nothing for %s', (_case, arn) => {
    // Act
    const target = targetForArn(registry, arn, 'mediaconnect');

    // Assess
    expect(target).toBeUndefined();
  });

  it("gives moto's account-less ARN to the one target of the Region that watches the service", () => {
    // Prepare
    const onlyMember = parseTargetRegistry(
      withTarget(0, { services: ['mediaconnect'] }) /* the deployment's own target no longer watches MediaLive */,
      'registry',
    );

    // Act
    const target = targetForArn(onlyMember, 'arn:aws:medialive:channel:1234567', 'medialive');

    // Assess
    expect(target && targetKey(target)).toBe('222222222222#eu-west-1');
  });

  it("gives moto's account-less ARN to the deployment's own target when several targets watch the service", () => {
    // Act
    const target = targetForArn(registry, 'arn:aws:mediapackage:channel:news-hls', 'mediapackage');
    const live = targetForArn(registry, 'arn:aws:medialive:channel:1234567', 'medialive');

    // Assess
    expect(target && targetKey(target)).toBe('111111111111#eu-west-1');
    expect(live && targetKey(live)).toBe('111111111111#eu-west-1');
  });
});

describe('TargetRegistrySource', () => {
  const PARAMETER = '/media-monitor/eu/targets';

  class FakeNow {
    at = 1_000_000;
    now = () => this.at;
  }

  it('reads the registry inline from WATCHED_TARGETS, before any parameter', async () => {
    // Prepare
    const reader = jest.fn(async () => json(SAMPLE));
    const source = new TargetRegistrySource(
      { WATCHED_TARGETS: json(selfRegistry('123456789012', 'us-east-1')), TARGETS_PARAMETER: PARAMETER },
      reader,
    );

    // Act
    const registry = await source.get();

    // Assess
    expect(registry.targets.map(targetKey)).toEqual(['123456789012#us-east-1']);
    expect(reader).not.toHaveBeenCalled();
  });

  it('reads the SSM parameter TARGETS_PARAMETER names through the injected reader', async () => {
    // Prepare
    const reader = jest.fn(async () => json(SAMPLE));
    const source = new TargetRegistrySource({ TARGETS_PARAMETER: PARAMETER, ACCOUNT_ID: '111111111111' }, reader);

    // Act
    const registry = await source.get();

    // Assess
    expect(reader).toHaveBeenCalledWith(PARAMETER);
    expect(registry.targets).toHaveLength(3);
    expect(registry.deployment.name).toBe('eu');
  });

  it('reads a compressed parameter back to the same registry', async () => {
    // Prepare: a limit of 100 characters forces the compressed form.
    const value = encodeRegistryValue(json(SAMPLE), 100);
    const source = new TargetRegistrySource({ TARGETS_PARAMETER: PARAMETER }, async () => value);

    // Act
    const registry = await source.get();

    // Assess
    expect(value.startsWith(COMPRESSED_REGISTRY_PREFIX)).toBe(true);
    expect(registry).toEqual(parseTargetRegistry(json(SAMPLE), 'sample'));
  });

  it('refuses a compressed parameter that does not inflate, naming the parameter', async () => {
    // Prepare
    const source = new TargetRegistrySource({ TARGETS_PARAMETER: PARAMETER }, async () => 'gzip:bm90IGd6aXA=');

    // Act
    const read = source.get();

    // Assess
    await expect(read).rejects.toThrow(`SSM parameter ${PARAMETER} holds a compressed registry that does not inflate`);
  });

  it("names the parameter in a bad parameter's error", async () => {
    // Prepare
    const source = new TargetRegistrySource({ TARGETS_PARAMETER: PARAMETER }, async () => '{"targets": []}');

    // Act
    const read = source.get();

    // Assess
    await expect(read).rejects.toThrow(`Invalid SSM parameter ${PARAMETER}: deployment: `);
  });

  it('fails with a ConfigError when a parameter is named but no reader is given', async () => {
    // Prepare
    const source = new TargetRegistrySource({ TARGETS_PARAMETER: PARAMETER });

    // Act
    const read = source.get();

    // Assess
    await expect(read).rejects.toThrow(new ConfigError('TARGETS_PARAMETER is set but no parameter reader is'));
  });

  it('watches the deployment itself from ACCOUNT_ID and AWS_REGION when neither is set', async () => {
    // Prepare
    const source = new TargetRegistrySource({ ACCOUNT_ID: '111111111111', AWS_REGION: 'eu-west-1' });

    // Act
    const registry = await source.get();

    // Assess
    expect(registry).toEqual(selfRegistry('111111111111', 'eu-west-1'));
  });

  it('fails with a ConfigError when ACCOUNT_ID is missing too', async () => {
    // Prepare
    const source = new TargetRegistrySource({ AWS_REGION: 'eu-west-1' });

    // Act
    const read = source.get();

    // Assess
    await expect(read).rejects.toThrow(new ConfigError('Environment variable ACCOUNT_ID is required'));
  });

  it('keeps the registry for the TTL, then reads the parameter again', async () => {
    // Prepare
    const clock = new FakeNow();
    const reader = jest
      .fn<Promise<string>, [string]>()
      .mockResolvedValueOnce(json(SAMPLE))
      .mockResolvedValue(json({ ...SAMPLE, targets: SAMPLE.targets.slice(0, 1) }));
    const source = new TargetRegistrySource({ TARGETS_PARAMETER: PARAMETER }, reader, clock.now, 300_000);
    await source.get();

    // Act
    clock.at += 299_999;
    const cached = await source.get();
    clock.at += 1;
    const reread = await source.get();

    // Assess
    expect(cached.targets).toHaveLength(3);
    expect(reread.targets).toHaveLength(1);
    expect(reader).toHaveBeenCalledTimes(2);
  });

  it('makes one read for concurrent callers', async () => {
    // Prepare
    let release: (value: string) => void = () => undefined;
    const reader = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const source = new TargetRegistrySource({ TARGETS_PARAMETER: PARAMETER }, reader);

    // Act
    const reads = Array.from({ length: 10 }, () => source.get());
    release(json(SAMPLE));
    const registries = await Promise.all(reads);

    // Assess
    expect(reader).toHaveBeenCalledTimes(1);
    expect(new Set(registries).size).toBe(1);
  });

  it('does not cache a failed read: the next call reads again', async () => {
    // Prepare
    const reader = jest
      .fn<Promise<string>, [string]>()
      .mockRejectedValueOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .mockResolvedValue(json(SAMPLE));
    const source = new TargetRegistrySource({ TARGETS_PARAMETER: PARAMETER }, reader);

    // Act
    const first = source.get();
    await expect(first).rejects.toThrow('Rate exceeded');
    const second = await source.get();

    // Assess
    expect(second.targets).toHaveLength(3);
    expect(reader).toHaveBeenCalledTimes(2);
  });
});

describe('encodeRegistryValue', () => {
  it('keeps a registry that fits as readable JSON, and passes it through decoding', () => {
    // Act
    const value = encodeRegistryValue(json(SAMPLE));

    // Assess
    expect(value).toBe(json(SAMPLE));
    expect(decodeRegistryValue(value, 'x')).toBe(json(SAMPLE));
  });

  it('compresses 100 targets with external ids and operator roles under 4 KB', () => {
    // Prepare
    const targets = Array.from({ length: 100 }, (_, i) => {
      const account = String(200000000000 + i * 7919);
      const role = (kind: string) => `arn:aws:iam::${account}:role/media-monitor/media-monitor-${kind}-eu-west-1`;
      const externalId = `media-monitor-eu-${account}`;
      return {
        account,
        region: 'eu-west-1',
        credentials: { type: 'assume-role', roleArn: role('read'), externalId },
        operator: { type: 'assume-role', roleArn: role('operate'), externalId },
      };
    });
    const registry = json({ deployment: SAMPLE.deployment, targets });

    // Act
    const value = encodeRegistryValue(registry);

    // Assess
    expect(registry.length).toBeGreaterThan(30_000);
    expect(value.length).toBeLessThan(4096);
    expect(decodeRegistryValue(value, 'x')).toBe(registry);
  });
});
