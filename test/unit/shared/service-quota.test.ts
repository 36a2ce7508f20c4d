import { parseServiceQuota, serviceQuotaFromEnv, splitQuota } from '../../../lambdas/shared/service-quota';
import { ConfigError } from '../../../lambdas/shared/env';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { ManualClock } from '../mediaconnect/flow-fixtures';

describe('splitQuota', () => {
  it('paces the default split at 90 % of the account quota: 4.5 req/s and 26 of 30 burst in all', () => {
    // Act
    const split = splitQuota(parseServiceQuota({}));

    // Assess
    expect(split.functions).toEqual({
      inventory: { share: 3, instances: 1, rps: 2.7, burst: 16 },
      ingest: { share: 1.5, instances: 2, rps: 0.675, burst: 4 },
      api: { share: 0.5, instances: 3, rps: 0.15, burst: 1 },
    });
    expect(split.total).toEqual({ rps: 4.5, burst: 27 });
    expect(split.account).toEqual({ rps: 5, burst: 30, margin: 0.9 });
  });

  it('divides a function share between its instances', () => {
    // Act
    const split = splitQuota(parseServiceQuota({ concurrency: { ingest: 4 } }));

    // Assess
    expect(split.functions.ingest).toEqual({ share: 1.5, instances: 4, rps: 0.3375, burst: 2 });
  });

  it('keeps every instance, at its full pace and burst, inside the account quota', () => {
    // Prepare
    const configs = [{}, { concurrency: { ingest: 2, api: 1 } }, { shares: { inventory: 4, ingest: 0.5, api: 0.5 } }];

    for (const config of configs) {
      // Act
      const split = splitQuota(parseServiceQuota(config));
      const instances = Object.values(split.functions);

      // Assess
      const rps = instances.reduce((sum, f) => sum + f.rps * f.instances, 0);
      const burst = instances.reduce((sum, f) => sum + f.burst * f.instances, 0);
      expect(rps).toBeLessThanOrEqual(split.account.rps * split.account.margin + 1e-9);
      expect(burst).toBeLessThanOrEqual(split.account.burst * split.account.margin);
    }
  });
});

describe('parseServiceQuota', () => {
  it.each([
    [{ shares: { inventory: 4, ingest: 1.5, api: 0.5 } }, /shares add up to 6 req\/s, more than the account's 5/],
    [{ concurrency: { api: 10 } }, /burst/],
    [{ margin: 1.2 }, /margin/],
    [{ concurrency: { ingest: 1 } }, /ingest/],
    [{ shares: { inventory: 0 } }, /inventory/],
    [{ rsp: 5 }, /rsp/],
  ])('rejects %j', (config, message) => {
    // Act
    const parse = () => parseServiceQuota(config);

    // Assess
    expect(parse).toThrow(message);
  });
});

describe('serviceQuotaFromEnv', () => {
  it('reads MEDIACONNECT_QUOTA, with the defaults when unset', () => {
    // Act
    const configured = serviceQuotaFromEnv('mediaconnect', {
      MEDIACONNECT_QUOTA: JSON.stringify({ concurrency: { api: 1 } }),
    });
    const unset = serviceQuotaFromEnv('mediaconnect', {});

    // Assess
    expect(configured.functions.api).toEqual({ share: 0.5, instances: 1, rps: 0.45, burst: 2 });
    expect(unset.functions.inventory.rps).toBe(2.7);
  });

  it('reads each service from its own variable, MEDIALIVE_QUOTA for MediaLive', () => {
    // Prepare
    const env = {
      MEDIACONNECT_QUOTA: JSON.stringify({ concurrency: { api: 1 } }),
      MEDIALIVE_QUOTA: JSON.stringify({ shares: { inventory: 4, ingest: 0.5, api: 0.5 } }),
    };

    // Act
    const mediaLive = serviceQuotaFromEnv('medialive', env);
    const mediaConnect = serviceQuotaFromEnv('mediaconnect', env);

    // Assess
    expect(mediaLive.functions.inventory).toEqual({ share: 4, instances: 1, rps: 3.6, burst: 21 });
    expect(mediaLive.functions.api.instances).toBe(3);
    expect(mediaConnect.functions.inventory.share).toBe(3);
    expect(mediaConnect.functions.api.instances).toBe(1);
  });

  it('names the service and its variable when its quota is invalid', () => {
    // Act
    const notJson = () => serviceQuotaFromEnv('medialive', { MEDIALIVE_QUOTA: '{' });
    const overcommitted = () =>
      serviceQuotaFromEnv('medialive', { MEDIALIVE_QUOTA: JSON.stringify({ shares: { inventory: 5 } }) });

    // Assess
    expect(notJson).toThrow('Environment variable MEDIALIVE_QUOTA must be JSON');
    expect(overcommitted).toThrow(/^Invalid MediaLive quota: shares/);
  });

  it('fails with a ConfigError on a value that is not a valid quota', () => {
    // Act
    const notJson = () => serviceQuotaFromEnv('mediaconnect', { MEDIACONNECT_QUOTA: '{' });
    const overcommitted = () =>
      serviceQuotaFromEnv('mediaconnect', { MEDIACONNECT_QUOTA: JSON.stringify({ shares: { inventory: 5 } }) });

    // Assess
    expect(notJson).toThrow(ConfigError);
    expect(overcommitted).toThrow(ConfigError);
  });
});

describe('a function paced at its share', () => {
  it('sends at most its burst at once, then its rate: the inventory 16 + 2.7 req/s', async () => {
    // Prepare
    const pace = splitQuota(parseServiceQuota({})).functions.inventory;
    const clock = new ManualClock();
    const budget = new RequestBudget(new TokenBucket(pace.rps, pace.burst, clock, async (ms) => clock.advance(ms)));
    const start = clock.now();

    // Act
    for (let i = 0; i < 16 + 27; i++) await budget.call('DescribeFlow', async () => ({}));

    // Assess: 27 requests after the burst take 10 s at 2.7/s.
    expect(clock.now() - start).toBeGreaterThanOrEqual(9_990);
    expect(clock.now() - start).toBeLessThan(10_500);
  });
});
