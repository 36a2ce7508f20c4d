import type { EstateView, FlowView } from '../../../bin/local/estate-view';
import { formatAge, formatBitrate, renderEstate, sparkline } from '../../../bin/local/tree-renderer';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 30);
const minute = (ago: number) => Math.floor(NOW / 60_000) * 60 - ago * 60;
const FRAME = { title: 'media-monitor · test', region: 'eu-west-1', account: '123456789012' };

function history(values: number[]) {
  return { t: values.map((_, i) => minute(values.length - 1 - i)), v: values };
}

function flow(overrides: Partial<FlowView> & Pick<FlowView, 'name'>): FlowView {
  return {
    arn: `arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-abc:${overrides.name}`,
    status: 'ACTIVE',
    sources: [],
    outputs: [],
    entitlements: [],
    alarms: [],
    ...overrides,
  };
}

const estate: EstateView = {
  flows: [
    flow({
      name: 'Standby-Flow',
      status: 'STANDBY',
      sources: [{ arn: 's3', name: 'Idle-Src', protocol: 'rist' }],
    }),
    flow({
      name: 'News',
      availabilityZone: 'eu-west-1a',
      failoverMode: 'FAILOVER',
      sources: [
        {
          arn: 's1',
          name: 'Main',
          protocol: 'zixi-push',
          connected: true,
          bitrate: 12_300_000,
          bitrateHistory: history([12e6, 12.5e6, 12.3e6]),
          notRecovered: 37,
          continuityErrors: 0,
        },
        {
          arn: 's2',
          name: 'Backup',
          protocol: 'zixi-push',
          connected: false,
          bitrate: 0,
          bitrateHistory: history([12e6, 0, 0]),
        },
      ],
      outputs: [{ arn: 'o1', name: 'To-MediaLive', protocol: 'rtp-fec', bitrate: 14_760_000 }],
      entitlements: [{ arn: 'e1', name: 'Affiliates', subscribers: ['444455556666'], encryption: 'speke aes128' }],
      alarms: [
        {
          name: 'mediamonitor-Backup-source-disconnected-1a2b3c4d',
          state: 'ALARM',
          flowName: 'News',
          since: '2026-11-25T11:58:00.000Z',
        },
      ],
    }),
  ],
  pollers: [
    { name: 'mediaconnect-inventory', lastStartedAt: NOW - 42_000, durationMs: 1_400, summary: '2 flows', errors: 0 },
    { name: 'mediaconnect-metrics', lastStartedAt: NOW - 7_000, durationMs: 900, errors: 2 },
  ],
};

describe('flow tree renderer', () => {
  it('shows each flow with its status, sources, outputs and entitlements, active flows first', () => {
    // Act
    const lines = renderEstate(estate, FRAME, { now: NOW, width: 200, sparkWidth: 3 });

    // Assess
    const news = lines.findIndex((l) => l.includes('News') && l.includes('ACTIVE'));
    const standby = lines.findIndex((l) => l.includes('Standby-Flow') && l.includes('STANDBY'));
    expect(news).toBeGreaterThan(0);
    expect(standby).toBeGreaterThan(news);
    expect(lines[news]).toMatch(/2 src · failover · 1\/1 out · 1 ent\s+12\.3 Mb\/s\s+! 1 alarm/);
    expect(lines[news + 1]).toMatch(/├─ src Main\s+zixi-push\s+connected\s+12\.3 Mb\/s ▇█▇\s+lost 37$/);
    expect(lines[news + 2]).toMatch(/├─ src Backup\s+zixi-push\s+disconnected\s+0 b\/s █▁▁/);
    expect(lines[news + 3]).toMatch(/├─ out To-MediaLive\s+rtp-fec\s+sending\s+14\.8 Mb\/s/);
    expect(lines[news + 4]).toMatch(/└─ ent Affiliates\s+→ 444455556666\s+key speke aes128/);
    expect(lines[standby + 1]).toMatch(/└─ src Idle-Src\s+rist\s+idle\s+–/);
  });

  it('summarizes the estate, the pollers’ last cycles and the active alarms', () => {
    // Act
    const lines = renderEstate(estate, FRAME, { now: NOW, width: 200 });

    // Assess
    expect(lines[1]).toBe('flows 2 (1 active, 1 other) · sources 3 · outputs 1 · entitlements 1 · active alarms 1');
    expect(lines[2]).toBe('pollers inventory 42s ago (2 flows, 1.4 s) · metrics 7s ago (0.9 s) 2 errors');
    const alarmHeader = lines.indexOf('active alarms');
    expect(lines[alarmHeader + 1]).toMatch(
      /! mediamonitor-Backup-source-disconnected-1a2b3c4d\s+News\s+since 11:58:00Z/,
    );
  });

  it('prints plain text without colour and ANSI codes with colour', () => {
    // Act
    const plain = renderEstate(estate, FRAME, { now: NOW, color: false }).join('\n');
    const coloured = renderEstate(estate, FRAME, { now: NOW, color: true }).join('\n');

    // Assess
    expect(plain).not.toContain('\x1b[');
    expect(coloured).toContain('\x1b[31mdisconnected');
    expect(coloured).toContain('\x1b[32mACTIVE');
  });

  it('cuts every line to the terminal width', () => {
    // Act
    const lines = renderEstate(estate, FRAME, { now: NOW, width: 50 });

    // Assess
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(50);
  });

  it('keeps a flow’s bitrate and alarm count on an 80-column terminal by narrowing the columns', () => {
    // Act
    const lines = renderEstate(estate, FRAME, { now: NOW, width: 80, sparkWidth: 3 });

    // Assess
    const news = lines.find((l) => l.includes('News') && l.includes('ACTIVE'));
    expect(news).toMatch(/2 src failover · 1\/1 out\s+12\.3 Mb\/s\s+! 1 alarm$/);
    expect(news).not.toContain('eu-west-1a');
  });

  it('condenses the tree to fit the terminal height: entitlements go first, then outputs', () => {
    // Act
    const full = renderEstate(estate, FRAME, { now: NOW, width: 200 });
    const condensed = renderEstate(estate, FRAME, { now: NOW, width: 200, height: full.length - 1 });
    const tighter = renderEstate(estate, FRAME, { now: NOW, width: 200, height: full.length - 2 });

    // Assess
    expect(condensed.length).toBeLessThanOrEqual(full.length - 1);
    expect(condensed.some((l) => l.includes('ent Affiliates'))).toBe(false);
    expect(condensed.some((l) => l.includes('out To-MediaLive'))).toBe(true);
    expect(tighter.some((l) => l.includes('out To-MediaLive'))).toBe(false);
    expect(tighter.some((l) => l.includes('src Main'))).toBe(true);
  });

  it('says the store is still empty before the first inventory', () => {
    // Act
    const lines = renderEstate({ flows: [], pollers: [] }, FRAME, { now: NOW });

    // Assess
    expect(lines.join('\n')).toContain('no flows in the store yet');
    expect(lines).toContain('pollers none has run yet');
  });

  it('shows the key help, activity and problems of the frame', () => {
    // Act
    const lines = renderEstate(
      estate,
      { ...FRAME, keys: '[q] quit', activity: ['12:00:01Z  ALARM fired'], problems: ['api: handler missing'] },
      { now: NOW, width: 200 },
    );

    // Assess
    expect(lines.slice(-1)).toEqual(['[q] quit']);
    expect(lines).toContain('12:00:01Z  ALARM fired');
    expect(lines).toContain('! api: handler missing');
  });
});

describe('sparkline', () => {
  it('draws one bar per minute ending now, blank where a minute has no datapoint', () => {
    // Act
    const line = sparkline({ t: [minute(4), minute(2), minute(1), minute(0)], v: [10, 20, 0, 40] }, 6, NOW);

    // Assess
    expect(line).toBe(' ▃ ▅▁█');
  });

  it('keeps the bars of a steady stream in the upper half instead of magnifying its noise', () => {
    // Act
    const line = sparkline({ t: [minute(2), minute(1), minute(0)], v: [9_600_000, 10_100_000, 9_900_000] }, 3, NOW);

    // Assess
    expect(line).toBe('▆█▇');
  });

  it('is blank without a series', () => {
    // Act / Assess
    expect(sparkline(undefined, 4, NOW)).toBe('    ');
  });
});

describe('formats', () => {
  it.each([
    [12_345_678, '12.3 Mb/s'],
    [850_000, '850 kb/s'],
    [0, '0 b/s'],
    [undefined, '–'],
  ])('formats %p bits/s as %p', (bps, text) => {
    // Act / Assess
    expect(formatBitrate(bps)).toBe(text);
  });

  it.each([
    [4_000, '4s'],
    [125_000, '2m05s'],
    [4_320_000, '1h12m'],
  ])('formats an age of %p ms as %p', (ms, text) => {
    // Act / Assess
    expect(formatAge(ms)).toBe(text);
  });
});

describe('renderEstate with several accounts', () => {
  it('groups flows under one header per account, the deployment’s own first, and keeps same-named flows apart', () => {
    // Prepare
    const member = '222222222222';
    const view: EstateView = {
      flows: [
        flow({ name: 'News', account: member, arn: `arn:aws:mediaconnect:eu-west-1:${member}:flow:1-m:News` }),
        flow({ name: 'News', account: '123456789012' }),
        flow({ name: 'Weather', account: '123456789012', status: 'STANDBY' }),
      ],
      pollers: [],
    };

    // Act
    const lines = renderEstate(view, FRAME, { now: NOW, width: 160 });

    // Assess
    const body = lines.filter((l) => l.startsWith('account ') || /^[●○▲] /.test(l));
    expect(body.map((l) => l.replace(/\s{2,}.*$/, '').trim())).toEqual([
      'account 123456789012 · this deployment · 2 flows, 1 active',
      '● News',
      '○ Weather',
      `account ${member} · watched · 1 flow, 1 active`,
      '● News',
    ]);
  });

  it('shows no account header when every flow is in one account', () => {
    // Act
    const lines = renderEstate({ flows: [flow({ name: 'News', account: '123456789012' })], pollers: [] }, FRAME, {
      now: NOW,
      width: 160,
    });

    // Assess
    expect(lines.some((l) => l.startsWith('account '))).toBe(false);
  });
});
