/**
 * The change path's records against dynalite: the API's `recordExpectedCall` and the ingest's `recordDeliveredCall`
 * write different monotonic fields of the same items, so whatever order they land in (an older CloudTrail event after
 * a newer one included), the health read back is the same.
 */
import {
  changePathHealth,
  readChangePath,
  recordDeliveredCall,
  recordExpectedCall,
  type ChangePathWhere,
} from '../../../lambdas/store/change-path';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore } from '../emulator-env';

// A Region no other integration file uses (these tests touch only dynalite, never moto).
const REGION = 'me-south-1';
const ACCOUNT = '111122223333';
const FLOW = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-abc:AwardsShow`;
const T = Date.parse('2025-11-25T10:00:00.000Z');
const MIN = 60_000;

type Write = (store: StateStore, where: ChangePathWhere) => Promise<unknown>;

/** The API calls StopFlow at T; CloudTrail reports it at T + 3 s; a report of an earlier StopFlow (T - 10 min) is late. */
const WRITES: Record<string, Write> = {
  'the API call': (store, where) => recordExpectedCall(store, where, 'StopFlow', FLOW, T),
  'its report': (store, where) =>
    recordDeliveredCall(store, where, { eventName: 'StopFlow', arn: FLOW, eventTimeMs: T + 3_000 }),
  'an older report': (store, where) =>
    recordDeliveredCall(store, where, { eventName: 'StopFlow', arn: FLOW, eventTimeMs: T - 10 * MIN }),
};

function permutations<X>(items: readonly X[]): X[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('the change path against dynalite', () => {
  let store: StateStore;
  let scenario = 0;
  /** Each test writes its own account's partition of one table. */
  const nextWhere = (): ChangePathWhere => ({ account: String(100000000000 + ++scenario), region: REGION });

  beforeAll(async () => {
    ({ store } = await createTestStore('change-path'));
  });

  it.each(permutations(Object.keys(WRITES)).map((order) => [order.join(', then '), order]))(
    'reads the path live with the newest report when %s land',
    async (_order, order) => {
      // Prepare
      const where = nextWhere();

      // Act
      for (const name of order as string[]) await WRITES[name]!(store, where);
      const records = await readChangePath(store, where);
      const health = changePathHealth(records, 'cloudtrail', T + 20 * MIN);

      // Assess
      expect(records.calls).toEqual([{ eventName: 'StopFlow', arn: FLOW, expectedAtMs: T, confirmedAtMs: T + 3_000 }]);
      expect(records.state).toMatchObject({
        lastEventAtMs: T + 3_000,
        lastEventAt: new Date(T + 3_000).toISOString(),
        lastEventName: 'StopFlow',
      });
      expect(health).toMatchObject({ status: 'live', unconfirmedCalls: 0, overdue: [] });
    },
  );

  it('reads the same whatever the three writes race to land', async () => {
    // Prepare
    const where = nextWhere();

    // Act
    await Promise.all(Object.values(WRITES).map((write) => write(store, where)));
    const health = changePathHealth(await readChangePath(store, where), 'cloudtrail', T + 20 * MIN);

    // Assess
    expect(health).toMatchObject({ status: 'live', lastEventAt: new Date(T + 3_000).toISOString() });
  });

  it.each([
    ['before the API call', ['an older report', 'the API call']],
    ['after the API call', ['the API call', 'an older report']],
  ])('reads the path live, then broken after 15 minutes, when only an older report lands %s', async (_case, order) => {
    // Prepare
    const where = nextWhere();
    for (const name of order) await WRITES[name]!(store, where);

    // Act
    const records = await readChangePath(store, where);
    const pending = changePathHealth(records, 'cloudtrail', T + 14 * MIN);
    const overdue = changePathHealth(records, 'cloudtrail', T + 15 * MIN);

    // Assess: the older report proves events arrive (live), but not that this call was reported.
    expect(pending).toMatchObject({ status: 'live', unconfirmedCalls: 1, overdue: [] });
    expect(overdue).toMatchObject({ status: 'broken', overdue: [`StopFlow ${FLOW}`] });
  });

  it('reads the path unproven and then broken when the API call is never reported', async () => {
    // Prepare
    const where = nextWhere();
    await WRITES['the API call']!(store, where);

    // Act
    const records = await readChangePath(store, where);

    // Assess
    expect(changePathHealth(records, 'cloudtrail', T + 5 * MIN).status).toBe('unproven');
    expect(changePathHealth(records, 'cloudtrail', T + 16 * MIN)).toMatchObject({
      status: 'broken',
      oldestUnconfirmedAt: new Date(T).toISOString(),
    });
  });

  it('keeps the newer API call when an older one lands after it, so a later unreported call still counts', async () => {
    // Prepare
    const where = nextWhere();
    await WRITES['its report']!(store, where);
    await recordExpectedCall(store, where, 'StopFlow', FLOW, T + 30 * MIN);

    // Act
    const landed = await recordExpectedCall(store, where, 'StopFlow', FLOW, T).then(() => readChangePath(store, where));
    const health = changePathHealth(landed, 'cloudtrail', T + 46 * MIN);

    // Assess
    expect(landed.calls).toEqual([
      { eventName: 'StopFlow', arn: FLOW, expectedAtMs: T + 30 * MIN, confirmedAtMs: T + 3_000 },
    ]);
    expect(health).toMatchObject({ status: 'broken', unconfirmedCalls: 1 });
  });
});
