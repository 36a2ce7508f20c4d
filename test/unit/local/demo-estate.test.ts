import { demoEstate } from '../../../bin/local/demo-estate';
import { createFlowRequest } from '../../../bin/local/seed-estate';
import { flowMinuteDatapoints, SignalledFlow, unitNoise } from '../../../bin/local/signal-model';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const MINUTE = Date.UTC(2026, 10, 25, 12, 0, 0);

function signalled(name: string, overrides: Partial<SignalledFlow> = {}): SignalledFlow {
  const blueprint = demoEstate(ACCOUNT, REGION).find((b) => b.name === name)!;
  return {
    arn: `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-abc:${name}`,
    name,
    sources: blueprint.sources.map((s, i) => ({ name: s.name, arn: `arn:src:${i}`, protocol: s.protocol })),
    outputs: blueprint.outputs.map((o, i) => ({ name: o.name, arn: `arn:out:${i}`, protocol: o.protocol })),
    signal: blueprint.signal,
    ...(blueprint.failover ? { failoverMode: blueprint.failover.mode } : {}),
    ...overrides,
  };
}

const value = (data: ReturnType<typeof flowMinuteDatapoints>, metric: string, dimension: string) =>
  data.find((d) => d.metricName === metric && d.dimensions[0]?.Value === dimension)?.value;

describe('demo estate', () => {
  it('has at least 12 flows of mixed protocols, failover and merge sources, and static-key and SPEKE entitlements', () => {
    // Act
    const estate = demoEstate(ACCOUNT, REGION);

    // Assess
    expect(estate.length).toBeGreaterThanOrEqual(12);
    const protocols = new Set(estate.flatMap((f) => [...f.sources, ...f.outputs].map((e) => e.protocol)));
    ['zixi-push', 'zixi-pull', 'srt-listener', 'srt-caller', 'rist', 'rtp-fec', 'rtp', 'udp'].forEach((p) =>
      expect(protocols).toContain(p),
    );
    expect(estate.filter((f) => f.failover?.mode === 'FAILOVER' && f.sources.length === 2).length).toBeGreaterThan(0);
    expect(estate.filter((f) => f.failover?.mode === 'MERGE' && f.sources.length === 2).length).toBeGreaterThan(0);
    const encryptions = estate.flatMap((f) => f.entitlements.map((e) => e.encryption)).filter((e) => e !== undefined);
    expect(encryptions.find((e) => e.keyType === 'static-key')).toMatchObject({
      roleArn: expect.stringContaining(`::${ACCOUNT}:role/`),
      secretArn: expect.stringContaining(`:${REGION}:${ACCOUNT}:secret:`),
    });
    expect(encryptions.find((e) => e.keyType === 'speke')).toMatchObject({
      url: expect.stringMatching(/^https:\/\//),
      resourceId: expect.any(String),
      deviceId: expect.any(String),
    });
    expect(estate.some((f) => f.start) && estate.some((f) => !f.start)).toBe(true);
    // moto cannot route flow ARNs with `.` or `/` in the name.
    estate.forEach((f) => expect(f.name).toMatch(/^[^./]+$/));
  });

  it('creates a failover flow with its two sources and failover config, and a single-source flow with Source', () => {
    // Prepare
    const estate = demoEstate(ACCOUNT, REGION);

    // Act
    const failover = createFlowRequest(estate.find((f) => f.name === 'Sports-Feed-A')!);
    const single = createFlowRequest(estate.find((f) => f.name === 'NewsHD-Primary')!);

    // Assess
    expect(failover.Sources?.map((s) => s.Name)).toEqual(['Stadium-Main', 'Stadium-Backup']);
    expect(failover.Source).toBeUndefined();
    expect(failover.SourceFailoverConfig).toEqual({
      FailoverMode: 'FAILOVER',
      RecoveryWindow: 200,
      State: 'ENABLED',
      SourcePriority: { PrimarySource: 'Stadium-Main' },
    });
    expect(single.Source).toMatchObject({
      Name: 'Newsroom-Encoder',
      Protocol: 'zixi-push',
      Decryption: { KeyType: 'static-key' },
    });
    expect(single.Entitlements?.map((e) => e.Encryption?.KeyType)).toEqual(['static-key', 'speke']);
  });
});

describe('signal model', () => {
  it('publishes realistic source, flow and output datapoints for one minute', () => {
    // Prepare
    const flow = signalled('NewsHD-Primary');

    // Act
    const data = flowMinuteDatapoints(flow, MINUTE + 42_000);

    // Assess
    const bitrate = value(data, 'SourceBitRate', 'arn:src:0')!;
    expect(bitrate).toBeGreaterThan(5e6);
    expect(bitrate).toBeLessThan(20e6);
    expect(value(data, 'SourceConnected', 'arn:src:0')).toBe(1);
    expect(value(data, 'BitRate', flow.arn)).toBe(bitrate);
    // rtp-fec output carries the FEC overhead; the zixi-pull output is connected.
    expect(value(data, 'OutputBitrate', 'arn:out:0')!).toBeGreaterThan(bitrate * 1.15);
    expect(value(data, 'OutputConnected', 'arn:out:2')).toBe(1);
    expect(value(data, 'ConnectedOutputs', flow.arn)).toBe(2);
    data.forEach((d) => expect(d.timestamp.getTime()).toBe(MINUTE));
  });

  it('gives the same datapoints for the same minute, so history and the live feeder agree', () => {
    // Prepare
    const flow = signalled('Sports-Feed-B');

    // Act / Assess
    expect(flowMinuteDatapoints(flow, MINUTE)).toEqual(flowMinuteDatapoints(flow, MINUTE + 59_000));
    expect(unitNoise('a')).not.toBe(unitNoise('b'));
  });

  it('drops a disconnected source to Connected 0 and no bitrate from the minute it was lost', () => {
    // Prepare
    const flow = signalled('Radio-Simulcast', { disconnectedSince: MINUTE });

    // Act
    const before = flowMinuteDatapoints(flow, MINUTE - 60_000);
    const after = flowMinuteDatapoints(flow, MINUTE);

    // Assess
    expect(value(before, 'SourceConnected', 'arn:src:0')).toBe(1);
    expect(value(before, 'SourceBitRate', 'arn:src:0')).toBeGreaterThan(0);
    expect(value(after, 'SourceConnected', 'arn:src:0')).toBe(0);
    expect(value(after, 'SourceBitRate', 'arn:src:0')).toBe(0);
    expect(value(after, 'OutputBitrate', 'arn:out:0')).toBe(0);
  });

  it('gives a lossy flow non-zero unrecovered packets and CC errors in some minutes only', () => {
    // Prepare
    const flow = signalled('Sports-Feed-B');
    const minutes = Array.from({ length: 60 }, (_, i) => flowMinuteDatapoints(flow, MINUTE - i * 60_000));

    // Act
    const lossy = minutes.filter((d) => value(d, 'SourceNotRecoveredPackets', 'arn:src:0')! > 0).length;
    const cc = minutes.filter((d) => value(d, 'SourceContinuityCounter', 'arn:src:0')! > 0).length;

    // Assess
    expect(lossy).toBeGreaterThan(5);
    expect(lossy).toBeLessThan(45);
    expect(cc).toBeGreaterThan(5);
    expect(cc).toBeLessThan(45);
  });

  it('repairs one path’s loss from the other in a MERGE flow', () => {
    // Prepare
    const flow = signalled('Playout-Main', {
      signal: { bitrateMbps: 15, wander: 0, lossBurstChance: 1, continuityErrorChance: 0 },
    });

    // Act
    const data = flowMinuteDatapoints(flow, MINUTE);

    // Assess
    const perPath = [
      value(data, 'SourceNotRecoveredPackets', 'arn:src:0')!,
      value(data, 'SourceNotRecoveredPackets', 'arn:src:1')!,
    ];
    expect(value(data, 'NotRecoveredPackets', flow.arn)).toBe(Math.min(...perPath));
  });
});
