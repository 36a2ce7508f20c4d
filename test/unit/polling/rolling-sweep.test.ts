import { InventoryPollOptions, pollInventoryKind } from '../../../lambdas/polling/inventory-cycle';
import type { InventoryDeps } from '../../../lambdas/polling/inventory-deps';
import { createRefresher } from '../../../lambdas/polling/inventory-refresh';
import type { InventoryKind } from '../../../lambdas/polling/resource-kind';
import { META_SK, resourcePk } from '../../../lambdas/store/keys';
import { effectiveLastPolledAt, PolledResource } from '../../../lambdas/store/poller-status';
import { ACCOUNT, ManualClock } from '../mediaconnect/flow-fixtures';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';
import { seededRandom, SweepClient, sweepDeps, sweepKind, sweepStatus, SweepWorld, thingArn } from './sweep-world';

/**
 * The rolling sweep (inventory-cycle.ts): every cycle lists everything, describes new and changed resources at once,
 * and only its share of the rotation, so that every resource is described within the period.
 */

const MINUTE = 60_000;
const INTERVAL = 5 * MINUTE;
const PERIOD = 60 * MINUTE;

describe('the rolling sweep', () => {
  let store: InMemoryInventoryStore;
  let clock: ManualClock;
  let world: SweepWorld;
  let deps: InventoryDeps<SweepClient>;
  let kind: InventoryKind<SweepClient, string>;
  let start: number;
  const paced: InventoryPollOptions = {
    accountId: ACCOUNT,
    sweepPerCycle: 0,
    describeConcurrency: 1,
    sweepPeriodMs: PERIOD,
    cycleIntervalMs: INTERVAL,
  };

  beforeEach(() => {
    store = new InMemoryInventoryStore();
    clock = new ManualClock();
    start = clock.now();
    world = new SweepWorld(clock).add(24);
    deps = sweepDeps(store, clock);
    kind = sweepKind(world);
  });

  /** Cycle `n` of the schedule (at start + n intervals), with `options` over the paced ones. */
  async function cycleAt(n: number, options: Partial<InventoryPollOptions> = {}) {
    clock.ms = Math.max(clock.ms, start + n * INTERVAL);
    const before = world.describes.length;
    const outcome = await pollInventoryKind(deps, kind, { ...paced, ...options });
    return { outcome, described: world.describedSince(before) };
  }

  const sorted = () => [...world.resources.keys()].sort();

  it('describes every new resource in the first cycle, then only each cycle’s share of the rotation, in ARN order', async () => {
    // Act
    const first = await cycleAt(0);
    const next = [await cycleAt(1), await cycleAt(2), await cycleAt(3)];

    // Assess
    expect(first.described).toEqual(sorted());
    expect(first.outcome.pass).toMatchObject({ complete: true, remaining: 0, periodMs: PERIOD, behind: false });
    // A new pass starts at cycle 1, due 55 minutes later: 11 cycles for 24 resources, ceil(24/11) = 3, then ceil(21/10) = 3, ceil(18/9) = 2.
    expect(next.map((c) => c.described.length)).toEqual([3, 3, 2]);
    expect(next.flatMap((c) => c.described)).toEqual(sorted().slice(0, 8));
    expect(next[2]?.outcome.pass).toMatchObject({
      complete: false,
      remaining: 16,
      dueBy: new Date(start + INTERVAL + PERIOD - INTERVAL).toISOString(),
      behind: false,
      cursor: sorted()[7],
    });
  });

  it('describes all remaining every cycle when the period is not longer than the interval, as before the sweep', async () => {
    // Prepare
    await cycleAt(0);

    // Act
    const unpaced = await cycleAt(1, { sweepPeriodMs: INTERVAL });
    const without = await cycleAt(2, { sweepPeriodMs: undefined });

    // Assess
    expect(unpaced.described).toEqual(sorted());
    expect(unpaced.outcome.pass).toMatchObject({ complete: true, periodMs: INTERVAL });
    expect(without.described).toEqual(sorted());
    expect(without.outcome.pass.periodMs).toBeUndefined();
  });

  it('describes all remaining when the pass is overdue, and starts a new pass once it is complete', async () => {
    // Prepare
    await cycleAt(0);
    const paced1 = await cycleAt(1);

    // Act: the schedule stalls; the next cycle comes after the pass's due time.
    const overdue = await cycleAt(13);
    const nextPass = await cycleAt(14);

    // Assess
    expect(overdue.described).toEqual(sorted().slice(3));
    expect(overdue.outcome.pass).toMatchObject({
      startedAt: paced1.outcome.pass.startedAt,
      complete: true,
      behind: false,
    });
    expect(nextPass.outcome.pass.startedAt).toBe(nextPass.outcome.startedAt);
    expect(nextPass.described).toEqual(sorted().slice(0, 3));
    expect(sweepStatus(store)?.pass).toMatchObject({
      previousStartedAt: paced1.outcome.pass.startedAt,
      previousCheckpoints: [
        { cursor: sorted()[2], atMs: start + INTERVAL },
        { cursor: sorted()[23], atMs: start + 13 * INTERVAL },
      ],
    });
  });

  it('describes a resource whose listed summary changed in the next cycle, ahead of the rotation', async () => {
    // Prepare
    await cycleAt(0);
    await cycleAt(1);
    const changed = sorted()[20] as string;
    Object.assign(world.resources.get(changed) as object, { sourceType: 'ENTITLED' });

    // Act
    const next = await cycleAt(2);
    const after = await cycleAt(3);

    // Assess
    // First, the changed one is not in the rotation's share: ceil(20/10) = 2 of it. Then it is back in the rotation
    // (the paced rotation describes every resource at its own turn, written or not), ceil(19/9) = 3.
    expect(next.described).toEqual([changed, ...sorted().slice(3, 5)]);
    expect(next.outcome.changes).toMatchObject({ updated: 1, unchanged: 2 });
    expect(after.described).toEqual(sorted().slice(5, 8));
  });

  it('puts nothing first for a steady listing: the stored summary matches the listed one', async () => {
    // Prepare
    await cycleAt(0);

    // Act
    const steady = await cycleAt(1, { sweepPeriodMs: 24 * 60 * MINUTE });

    // Assess: a 24-hour period spreads 24 resources over 287 cycles: one this cycle, and none of them out of order.
    expect(steady.described).toEqual([sorted()[0]]);
    expect(steady.outcome.inventoryWrites).toBe(0);
  });

  it('starts no describe once the cycle’s request budget is spent, and the next cycle continues', async () => {
    // Prepare
    world.add(6, 24);

    // Act: one listing page plus 9 describes.
    const first = await cycleAt(0, { maxRequests: 10 });
    const second = await cycleAt(1, { maxRequests: 10 });
    const third = await cycleAt(2, { maxRequests: 20 });

    // Assess
    expect(first.described).toEqual(sorted().slice(0, 9));
    expect(first.outcome.calls).toEqual({ ListThings: 1, DescribeThing: 9 });
    expect(first.outcome.pass).toMatchObject({ complete: false, remaining: 21 });
    expect(first.outcome.pass.oldestDescribedAt).toBeUndefined();
    expect(second.described).toEqual(sorted().slice(9, 18));
    // The last new ones first, then the rotation's share of those described as new: ceil(18/10) = 2.
    expect(third.described).toEqual([...sorted().slice(18), ...sorted().slice(0, 2)]);
    expect(third.outcome.pass).toMatchObject({ firstCompleteAt: third.outcome.finishedAt });
  });

  it('stops at the deadline mid-share and the next cycle continues from the cursor', async () => {
    // Prepare
    world.describeMs = 1_000;
    await cycleAt(0);

    // Act: 3 describes are due; only 2 fit before the deadline (1 s margin, 1 s describes).
    const cut = await cycleAt(1, { deadlineMs: start + INTERVAL + 3_500, safetyMarginMs: 1_000 });
    const next = await cycleAt(2);

    // Assess
    expect(cut.described).toEqual(sorted().slice(0, 2));
    expect(cut.outcome.pass).toMatchObject({ remaining: 22, cursor: sorted()[1] });
    expect(next.described).toEqual(sorted().slice(2, 5));
  });

  it('tombstones only after a complete listing, even when the sweep describes a share', async () => {
    // Prepare
    world.add(200, 100);
    await cycleAt(0);
    const gone = thingArn(5);
    world.resources.delete(gone);
    const page = world.page.bind(world);
    world.page = (index) => {
      if (index === 1) throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      return page(index);
    };

    // Act
    const incomplete = await cycleAt(1);
    const afterIncomplete = store.item<{ tombstone?: boolean }>(resourcePk(gone), META_SK);
    world.page = page;
    const complete = await cycleAt(2);

    // Assess
    expect(incomplete.outcome).toMatchObject({ listing: 'incomplete', changes: { tombstoned: 0 } });
    expect(afterIncomplete).toMatchObject({ content: 'v1' });
    expect(afterIncomplete?.tombstone).toBeUndefined();
    expect(complete.outcome).toMatchObject({ listing: 'complete', changes: { tombstoned: 1 } });
    expect(complete.described.length).toBeLessThan(world.resources.size / 5);
    expect(store.item<{ tombstone?: boolean }>(resourcePk(gone), META_SK)?.tombstone).toBe(true);
  });

  it('keeps effectiveLastPolledAt true mid-pass: no resource claims a description newer than its last one', async () => {
    // Prepare
    await cycleAt(0);

    // Act
    for (let n = 1; n <= 6; n++) await cycleAt(n);

    // Assess
    const status = sweepStatus(store);
    expect(status?.pass).toMatchObject({ complete: false });
    for (const arn of sorted()) {
      const lastDescribed = Math.max(...world.describes.filter((d) => d.arn === arn).map((d) => d.atMs));
      const meta = store.item<PolledResource>(resourcePk(arn), META_SK) as PolledResource;
      const effective = Date.parse(effectiveLastPolledAt(meta, status) as string);
      expect(effective).toBeLessThanOrEqual(lastDescribed);
    }
    expect(Date.parse(status?.pass?.oldestDescribedAt as string)).toBe(start);
  });

  it('describes every one of 500 resources within the period over 30 cycles cut short at random', async () => {
    // Prepare
    world = new SweepWorld(clock).add(500);
    kind = sweepKind(world);
    const random = seededRandom(11);
    let firstCompleteAt: number | undefined;

    // Act
    for (let n = 0; n < 30; n++) {
      // A third of the invocations get almost no time (5 describes), the others 5 to 65 s (40 to 640 describes).
      const budgetMs = random() < 1 / 3 ? 1_500 : 5_000 + Math.floor(random() * 60_000);
      const { outcome } = await cycleAt(n, { deadlineMs: start + n * INTERVAL + budgetMs, safetyMarginMs: 1_000 });
      firstCompleteAt ??= outcome.pass.firstCompleteAt ? Date.parse(outcome.pass.firstCompleteAt) : undefined;
      const status = sweepStatus(store);
      for (const arn of world.resources.keys()) {
        const last = Math.max(...world.describes.filter((d) => d.arn === arn).map((d) => d.atMs));
        const meta = store.item<PolledResource>(resourcePk(arn), META_SK);
        if (meta) expect(Date.parse(effectiveLastPolledAt(meta, status) as string)).toBeLessThanOrEqual(last);
      }
    }

    // Assess
    expect(firstCompleteAt).toBeDefined();
    const end = clock.now();
    let largestGap = 0;
    for (const arn of world.resources.keys()) {
      const times = world.describes.filter((d) => d.arn === arn).map((d) => d.atMs);
      const since = times.filter((t) => t >= (firstCompleteAt as number));
      const before = times.filter((t) => t < (firstCompleteAt as number));
      const series = [...(before.length ? [Math.max(...before)] : []), ...since, end];
      for (let i = 1; i < series.length; i++)
        largestGap = Math.max(largestGap, (series[i] as number) - (series[i - 1] as number));
    }
    expect(largestGap).toBeLessThanOrEqual(PERIOD);
    // Paced: far fewer describes than 500 per cycle.
    expect(world.describes.length).toBeLessThan(500 * 30 * 0.15);
  });

  it('keeps each cycle to about its even share when re-polls write resources mid-pass: no burst at the period’s end', async () => {
    // Prepare: 110 resources; between cycles, changes re-poll 4 of them (the change path), as under churn
    world = new SweepWorld(clock).add(110);
    kind = sweepKind(world);
    const refresh = createRefresher(deps, kind);
    const random = seededRandom(5);
    const perCycle: number[] = [];
    await cycleAt(0);

    // Act
    for (let n = 1; n <= 36; n++) {
      clock.ms = start + n * INTERVAL - MINUTE;
      for (let k = 0; k < 4; k++) {
        const arn = thingArn(Math.floor(random() * 110));
        Object.assign(world.resources.get(arn) as object, { content: `v${n}.${k}` });
        await refresh(arn);
      }
      const { described } = await cycleAt(n);
      perCycle.push(described.length);
    }

    // Assess: an even share is ceil(110 / 11) = 10 a cycle; none far above it, and the period still holds
    expect(Math.max(...perCycle)).toBeLessThanOrEqual(20);
    const end = clock.now();
    for (const arn of world.resources.keys()) {
      const times = [...world.describes.filter((d) => d.arn === arn).map((d) => d.atMs), end];
      for (let i = 1; i < times.length; i++)
        expect((times[i] as number) - (times[i - 1] as number)).toBeLessThanOrEqual(PERIOD);
    }
  });

  it('lets neither a mid-pass refresh nor the cycle overwrite the newer write of the other', async () => {
    // Prepare
    await cycleAt(0);
    const target = sorted()[1] as string;
    const refresh = createRefresher(deps, kind);
    Object.assign(world.resources.get(target) as object, { content: 'v2' });
    let interleaved = false;
    world.onDescribe = async (arn) => {
      if (arn !== target || interleaved) return;
      interleaved = true;
      // The cycle has read v2; the resource changes again and a refresh writes v3 before the cycle writes.
      Object.assign(world.resources.get(target) as object, { content: 'v3' });
      await refresh(target);
    };

    // Act
    const { outcome } = await cycleAt(1);

    // Assess
    const meta = store.item<{ content: string; version: number }>(resourcePk(target), META_SK);
    expect(meta?.content).toBe('v3');
    const refreshedAt = world.describes.filter((d) => d.arn === target)[2]?.atMs;
    expect(meta?.version).toBe(refreshedAt);
    expect(outcome.changes.failed).toBe(0);
  });

  it('lets a cycle’s newer write stand against an older refresh that lands after it', async () => {
    // Prepare
    await cycleAt(0);
    const target = sorted()[0] as string;
    const refresh = createRefresher(deps, kind);
    Object.assign(world.resources.get(target) as object, { content: 'v2' });
    let interleaved = false;
    let cycled: Awaited<ReturnType<typeof pollInventoryKind>> | undefined;
    world.onDescribe = async (arn) => {
      if (arn !== target || interleaved) return;
      interleaved = true;
      // The refresh has read v2; the resource changes again and a whole cycle writes v3 before the refresh writes.
      Object.assign(world.resources.get(target) as object, { content: 'v3' });
      cycled = await pollInventoryKind(deps, kind, paced);
    };

    // Act
    const refreshed = await refresh(target);

    // Assess
    expect(cycled?.changes.failed).toBe(0);
    expect(refreshed.arn).toBe(target);
    const meta = store.item<{ content: string; version: number }>(resourcePk(target), META_SK);
    expect(meta?.content).toBe('v3');
    expect(meta?.version).toBe(world.describes.filter((d) => d.arn === target)[2]?.atMs);
  });
});
