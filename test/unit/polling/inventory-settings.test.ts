import { chooseSweepPeriod } from '../../../lambdas/polling/inventory-handler';
import {
  inventoryMaxRequests,
  inventoryPollSettingsFromEnv,
  serviceInventorySettingsFromEnv,
} from '../../../lambdas/polling/inventory-settings';
import { parseServiceQuota, splitQuota } from '../../../lambdas/shared/service-quota';
import { ConfigError } from '../../../lambdas/shared/env';
import { CHANGE_PATH_STATE_SK, changeCallSk, changePathPk } from '../../../lambdas/store/keys';
import { ACCOUNT, REGION } from '../mediaconnect/flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';

const MINUTE = 60_000;
const base = { ACCOUNT_ID: ACCOUNT };

describe('inventory sweep settings', () => {
  it('defaults to no change path, 60 and 5 minute periods, a 300 s interval and the pace times the interval', () => {
    // Act
    const settings = serviceInventorySettingsFromEnv('mediaconnect', base);

    // Assess
    expect(settings).toMatchObject({
      changeEvents: 'off',
      sweepPeriods: { liveMinutes: 60, offMinutes: 5 },
      cycleIntervalMs: 300_000,
    });
    expect(settings.maxRequests).toBe(Math.floor(settings.quota.functions.inventory.rps * 300));
    expect(settings.maxRequests).toBeGreaterThan(0);
  });

  it('reads the change path mode, the periods and the interval the stack sets', () => {
    // Act
    const settings = serviceInventorySettingsFromEnv('medialive', {
      ...base,
      CHANGE_EVENTS: 'cloudtrail',
      SWEEP_PERIOD_LIVE_MINUTES: '120',
      SWEEP_PERIOD_OFF_MINUTES: '10',
      INVENTORY_INTERVAL_SECONDS: '600',
    });

    // Assess
    expect(settings).toMatchObject({
      changeEvents: 'cloudtrail',
      sweepPeriods: { liveMinutes: 120, offMinutes: 10 },
      cycleIntervalMs: 600_000,
      maxRequests: Math.floor(settings.quota.functions.inventory.rps * 600),
    });
  });

  it.each([
    ['CHANGE_EVENTS', 'eventbridge'],
    ['SWEEP_PERIOD_LIVE_MINUTES', '0'],
    ['SWEEP_PERIOD_OFF_MINUTES', '-5'],
    ['INVENTORY_INTERVAL_SECONDS', '30'],
  ])('refuses %s=%s with a ConfigError naming the variable', (name, value) => {
    // Act
    const read = () => serviceInventorySettingsFromEnv('mediaconnect', { ...base, [name]: value });

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(new RegExp(`Invalid inventory setting ${name}:`));
  });
});

describe('inventory settings of a poller of many targets', () => {
  it('needs no ACCOUNT_ID: each target names its account', () => {
    // Act
    const settings = inventoryPollSettingsFromEnv('mediaconnect', { INVENTORY_INTERVAL_SECONDS: '600' });

    // Assess
    expect(settings).not.toHaveProperty('accountId');
    expect(settings.cycleIntervalMs).toBe(600_000);
  });

  it('still requires a valid ACCOUNT_ID for the settings of the deployment’s own account', () => {
    // Act
    const missing = () => serviceInventorySettingsFromEnv('mediaconnect', {});
    const invalid = () => serviceInventorySettingsFromEnv('mediaconnect', { ACCOUNT_ID: '12345' });

    // Assess
    expect(missing).toThrow(ConfigError);
    expect(invalid).toThrow('Invalid inventory setting ACCOUNT_ID: must be a 12-digit AWS account id');
  });

  it('gives a target with a larger quota a larger request budget per interval', () => {
    // Prepare
    const standard = splitQuota(parseServiceQuota({}));
    const larger = splitQuota(parseServiceQuota({ rps: 10, burst: 60, shares: { inventory: 6, ingest: 3, api: 1 } }));

    // Act
    const budgets = [inventoryMaxRequests(standard, 300_000), inventoryMaxRequests(larger, 300_000)];

    // Assess: 3 req/s × 0.9 × 300 s and 6 req/s × 0.9 × 300 s
    expect(budgets).toEqual([810, 1620]);
  });
});

describe('chooseSweepPeriod', () => {
  const periods = { liveMinutes: 60, offMinutes: 5 };
  const where = { account: ACCOUNT, region: REGION };
  const now = Date.parse('2026-12-01T12:00:00.000Z');
  let store: InMemoryInventoryStore;

  beforeEach(() => {
    store = new InMemoryInventoryStore();
  });

  const delivered = (atMs: number) => ({
    pk: changePathPk(ACCOUNT, REGION),
    sk: CHANGE_PATH_STATE_SK,
    lastEventAtMs: atMs,
    lastEventAt: new Date(atMs).toISOString(),
    lastEventName: 'StopFlow',
  });
  const call = (expectedAtMs: number, confirmedAtMs?: number) => ({
    pk: changePathPk(ACCOUNT, REGION),
    sk: changeCallSk('StartFlow', 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc:alpha'),
    eventName: 'StartFlow',
    arn: 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc:alpha',
    expectedAtMs,
    ...(confirmedAtMs !== undefined ? { confirmedAtMs } : {}),
  });

  it('keeps the short period without reading the store when the change path is off', async () => {
    // Act
    const chosen = await chooseSweepPeriod(store, { changeEvents: 'off', sweepPeriods: periods }, where, now);

    // Assess
    expect(chosen).toEqual({ periodMs: 5 * MINUTE, status: 'off' });
    expect(store.stats.queries).toBe(0);
  });

  it('takes the long period only while the path is live, with one Query', async () => {
    // Prepare
    store.seed(delivered(now - 10 * MINUTE), call(now - 20 * MINUTE, now - 19 * MINUTE));

    // Act
    const chosen = await chooseSweepPeriod(store, { changeEvents: 'cloudtrail', sweepPeriods: periods }, where, now);

    // Assess
    expect(chosen).toEqual({ periodMs: 60 * MINUTE, status: 'live' });
    expect(store.stats.queries).toBe(1);
  });

  it('falls back to the short period while the path is unproven or broken', async () => {
    // Act
    const unproven = await chooseSweepPeriod(store, { changeEvents: 'cloudtrail', sweepPeriods: periods }, where, now);
    store.seed(delivered(now - 30 * MINUTE), call(now - 20 * MINUTE));
    const broken = await chooseSweepPeriod(store, { changeEvents: 'cloudtrail', sweepPeriods: periods }, where, now);

    // Assess
    expect(unproven).toEqual({ periodMs: 5 * MINUTE, status: 'unproven' });
    expect(broken).toEqual({ periodMs: 5 * MINUTE, status: 'broken' });
  });
});
