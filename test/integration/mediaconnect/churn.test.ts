/**
 * Correctness under churn, over the real wire: moto_server (MediaConnect) and dynalite. 20 flows, then 200 random
 * configuration changes made through a CloudTrail-emulated client, their events ingested (the real refresher re-polls
 * moto), while inventory cycles run on a clock moved 5 minutes a cycle for one 60-minute sweep period; then the store
 * is compared with moto field by field (bin/bench/churn-scenario.ts). Region: ap-northeast-1 and us-west-1 (this
 * file's own; moto partitions state by region). A failure prints its seed: CHURN_SEED=<seed> replays it.
 */
import { LOCAL_ACCOUNT } from '../../../bin/local/emulators';
import { ChurnResult, runChurn, StoreComparison } from '../../../bin/bench/churn-scenario';
import { createTestStore, motoConfig } from '../emulator-env';

const SEED = Number(process.env.CHURN_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** The figures a failure shows: the seed, what was made, and the comparison's counts and first differences. */
function report(label: string, result: ChurnResult, comparison: StoreComparison): string {
  return JSON.stringify(
    {
      label,
      seed: result.seed,
      replay: `CHURN_SEED=${result.seed}`,
      missed: comparison.missed,
      stale: comparison.stale,
      staleTags: comparison.staleTags,
      falseTombstones: comparison.falseTombstones,
      flowsCompared: comparison.flowsCompared,
      tombstoned: comparison.tombstoned,
      neverStored: comparison.neverStored,
      differences: comparison.differences,
      eventsEmitted: result.eventsEmitted,
      eventsDropped: result.eventsDropped,
      unparsed: result.unparsed,
      made: result.made,
    },
    null,
    2,
  );
}

const counts = (c: StoreComparison) => ({
  missed: c.missed,
  stale: c.stale,
  staleTags: c.staleTags,
  falseTombstones: c.falseTombstones,
});

describe('the store under configuration churn, against moto and dynalite', () => {
  beforeAll(() => {
    console.info(`churn seed ${SEED} (replay with CHURN_SEED=${SEED})`);
  });

  it('matches moto field by field after 200 changes with every change event delivered', async () => {
    // Prepare
    const { store } = await createTestStore('churn');

    // Act
    const result = await runChurn({
      clientConfig: motoConfig('ap-northeast-1'),
      store,
      account: LOCAL_ACCOUNT,
      seed: SEED,
      flows: 20,
      changes: 200,
      sweepPeriodMs: 60 * 60_000,
      cycleIntervalMs: 5 * 60_000,
    });

    // Assess
    const made = Object.values(result.made).reduce((n, c) => n + c.ok, 0);
    expect(made).toBeGreaterThanOrEqual(150);
    expect(result.eventsEmitted).toBeGreaterThanOrEqual(made);
    expect(result.cycles).toBe(12);
    expect(result.afterChurn.flowsCompared).toBeGreaterThan(0);
    // Every flow DeleteFlow removed (each picked from moto's listing) is tombstoned, none is merely absent.
    expect(result.afterChurn.tombstoned).toBe(result.made.DeleteFlow?.ok ?? 0);
    const bad =
      result.afterChurn.missed +
      result.afterChurn.stale +
      result.afterChurn.staleTags +
      result.afterChurn.falseTombstones +
      result.afterChurn.neverStored;
    if (bad > 0 || Object.keys(result.unparsed).length > 0)
      throw new Error(`the store does not match moto:\n${report('every event delivered', result, result.afterChurn)}`);
    expect(counts(result.afterChurn)).toEqual({ missed: 0, stale: 0, staleTags: 0, falseTombstones: 0 });
    expect(result.afterChurn.neverStored).toBe(0);
  }, 600_000);

  it('matches moto again one sweep period after the change path lost a tenth of the events', async () => {
    // Prepare
    const { store } = await createTestStore('churn-drop');

    // Act
    const result = await runChurn({
      clientConfig: motoConfig('us-west-1'),
      store,
      account: LOCAL_ACCOUNT,
      seed: SEED + 1,
      flows: 20,
      changes: 200,
      dropFraction: 0.1,
      sweepPeriodMs: 60 * 60_000,
      cycleIntervalMs: 5 * 60_000,
      settleCycles: 12,
    });

    // Assess
    console.info(
      `churn with drops (seed ${result.seed}): after the churn ${JSON.stringify(counts(result.afterChurn))}, ` +
        `one sweep period later ${JSON.stringify(counts(result.final))}`,
    );
    expect(result.eventsDropped).toBeGreaterThan(0);
    expect(result.final.flowsCompared).toBeGreaterThan(0);
    if (result.final.missed + result.final.stale + result.final.falseTombstones > 0)
      throw new Error(`the sweep did not repair the store:\n${report('10 % of events dropped', result, result.final)}`);
    // A lost TagResource event leaves only the flow's tags behind, until the tag round-robin reads them (stale tags
    // are reported, not failed: the rolling sweep's describe does not re-read tags, by design; see StoreComparison).
    expect(counts(result.final)).toMatchObject({ missed: 0, stale: 0, falseTombstones: 0 });
  }, 600_000);
});
