import type { StoreChange } from '../../../lambdas/api/monitoring/change-feed';
import { alarmsChanged, anyOf, ofKind, ofResource, ofType } from '../../../bin/dashboard/app/model/change-match';
import { AppConfigError, parseAppConfig } from '../../../bin/dashboard/app/model/config-check';
import {
  alarmsBySeverity,
  countRows,
  credentialText,
  kindLabel,
  pollerIsStale,
  type AlarmRow,
  type PollerRow,
} from '../../../bin/dashboard/app/model/overview-model';

const alarm = (name: string, severity: string | undefined, since: string): AlarmRow => ({
  name,
  state: 'ALARM',
  since,
  ...(severity ? { severity } : {}),
});

describe('alarmsBySeverity', () => {
  it('groups alarms most urgent first, counts one without a severity as major, newest first within a group', () => {
    // Prepare
    const alarms = [
      alarm('a', 'warning', '2026-12-02T09:00:00Z'),
      alarm('b', undefined, '2026-12-02T09:01:00Z'),
      alarm('c', 'CRITICAL', '2026-12-02T09:02:00Z'),
      alarm('d', 'major', '2026-12-02T09:03:00Z'),
      alarm('e', 'cosmic', '2026-12-02T09:04:00Z'),
    ];

    // Act
    const groups = alarmsBySeverity(alarms).map((g) => [g.severity, g.alarms.map((a) => a.name)]);

    // Assess
    expect(groups).toEqual([
      ['critical', ['c']],
      ['major', ['d', 'b']],
      ['warning', ['a']],
      ['cosmic', ['e']],
    ]);
  });
});

describe('pollerIsStale', () => {
  const now = Date.parse('2026-12-02T10:00:00.000Z');
  const poller = (overrides: Partial<PollerRow>): PollerRow => ({
    key: 'metrics#111122223333#eu-west-1',
    poller: 'metrics',
    account: '111122223333',
    region: 'eu-west-1',
    stale: false,
    staleAfterSeconds: 180,
    errors: 0,
    failedResources: 0,
    ...overrides,
  });

  it('is stale when the summary says so, when it never ran, or when its last run has since aged past the limit', () => {
    // Prepare
    const pollers = [
      poller({ stale: true, lastRunAt: '2026-12-02T09:59:59.000Z' }),
      poller({}),
      poller({ lastRunAt: '2026-12-02T09:56:59.000Z' }),
      poller({ lastRunAt: '2026-12-02T09:57:30.000Z' }),
    ];

    // Act
    const stale = pollers.map((p) => pollerIsStale(p, now));

    // Assess
    expect(stale).toEqual([true, true, true, false]);
  });
});

describe('countRows', () => {
  it('orders types as the registry does and statuses needing attention first', () => {
    // Prepare
    const resources = {
      'medialive:channel': { total: 2, byStatus: { RUNNING: 1, IDLE: 1 }, deleted: 0 },
      'mediaconnect:flow': { total: 6, byStatus: { ACTIVE: 3, STANDBY: 2, ERROR: 1 }, deleted: 1 },
      'mediapackage:channel': { total: 1, byStatus: { UNKNOWN: 1 }, deleted: 0 },
    };

    // Act
    const rows = countRows(resources, ['mediaconnect:flow', 'medialive:channel']);

    // Assess
    expect(rows.map((r) => [r.type, r.service, r.statuses.map((s) => `${s.status}:${s.count}`), r.deleted])).toEqual([
      ['mediaconnect:flow', 'mediaconnect', ['ERROR:1', 'ACTIVE:3', 'STANDBY:2'], 1],
      ['medialive:channel', 'medialive', ['RUNNING:1', 'IDLE:1'], 0],
      ['mediapackage:channel', 'mediapackage', ['UNKNOWN:1'], 0],
    ]);
  });

  it('names a kind no module shows in words, and credential sources without secrets', () => {
    // Prepare / Act
    const texts = [
      kindLabel('medialive:input-device'),
      kindLabel('mediapackagev2:channel-group'),
      credentialText({ type: 'execution-role' }),
      credentialText({ type: 'assume-role', roleArn: 'arn:aws:iam::222222222222:role/read' }),
      credentialText({ type: 'key-pair', secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:k' }),
      credentialText(null),
    ];

    // Assess
    expect(texts).toEqual([
      'input devices',
      'channel groups',
      'execution role',
      'assume role arn:aws:iam::222222222222:role/read',
      'key pair (secret arn:aws:secretsmanager:eu-west-1:1:secret:k)',
      'none: actions refused',
    ]);
  });
});

describe('change matchers', () => {
  const change = (overrides: Partial<StoreChange>): StoreChange => ({
    kind: 'resource',
    account: '111122223333',
    region: 'eu-west-1',
    at: '2026-12-02T10:00:00.000Z',
    ...overrides,
  });

  it('match by kind, by resource and by type, alone or combined', () => {
    // Prepare
    const flowChild = change({ kind: 'child', arn: 'arn:flow', type: 'mediaconnect:flow' });
    const alarmChange = change({ kind: 'alarm', arn: 'arn:flow' });
    const poller = change({ kind: 'poller', poller: 'metrics' });

    // Act
    const results = [
      [ofKind('poller')(poller), ofKind('poller')(flowChild)],
      [ofResource('arn:flow')(flowChild), ofResource('arn:flow')(alarmChange), ofResource('arn:other')(alarmChange)],
      [ofType('mediaconnect:flow')(flowChild), ofType('mediaconnect:flow')(alarmChange)],
      [alarmsChanged(alarmChange), anyOf(ofKind('poller'), alarmsChanged)(flowChild)],
    ];

    // Assess
    expect(results).toEqual([
      [true, false],
      [true, true, false],
      [true, false],
      [true, false],
    ]);
  });
});

describe('parseAppConfig', () => {
  it('reads the proxy config and drops a trailing slash of its base', () => {
    // Prepare / Act
    const config = parseAppConfig({ mode: 'proxy', apiBase: '/api/' });

    // Assess
    expect(config).toEqual({ mode: 'proxy', apiBase: '/api' });
  });

  it('reads the hosted config with every field it needs', () => {
    // Prepare
    const hosted = {
      mode: 'hosted',
      apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/prod',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_abc',
      userPoolClientId: 'client',
      identityPoolId: 'eu-west-1:pool',
      cognitoDomain: 'https://ops.auth.eu-west-1.amazoncognito.com',
    };

    // Act
    const config = parseAppConfig({ ...hosted, extra: 'ignored' });

    // Assess
    expect(config).toEqual(hosted);
  });

  it.each([
    [null, 'config.json is not a JSON object'],
    [[], 'config.json is not a JSON object'],
    [{ mode: 'proxy' }, 'config.json: apiBase must be a string'],
    [{ mode: 'hosted', apiUrl: 'x' }, 'config.json: region must be a non-empty string'],
    [{ mode: 'cloud' }, 'config.json: mode must be "proxy" or "hosted", not "cloud"'],
  ])('refuses %j, naming the field', (value, message) => {
    // Prepare / Act
    const parse = () => parseAppConfig(value);

    // Assess
    expect(parse).toThrow(new AppConfigError(message));
  });
});
