import { ingestMessages } from '../../../lambdas/events/ingest';
import type { ItemKey } from '../../../lambdas/store/state-store';
import {
  ACCOUNT,
  fixture,
  FLOW_ARN,
  NOW,
  rawMessage,
  REGION,
  snsEnvelope,
  SOURCE_ARN,
  storedChild,
  storedFlow,
  testIngest,
} from './event-fixtures';

const SOURCE_ALARM = 'mediamonitor-MainSource-source-disconnected-1a2b3c4d';
const ALARM_SK = `ALARM#${SOURCE_ALARM}`;

function sourceAlarm(state: 'ALARM' | 'OK', stateChangeTime: string, messageId: string) {
  return rawMessage(
    snsEnvelope(
      {
        ...fixture('alarm-message-source'),
        NewStateValue: state,
        OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
        StateChangeTime: stateChangeTime,
      },
      { messageId },
    ),
  );
}

/** The alarms the API lists as active: GSI1 `ALARMS#<account>#<region>`, `ALARM#…`. */
async function activeAlarms(t: ReturnType<typeof testIngest>) {
  return t.store.queryAll<{ pk: string; name: string }>({
    index: 'gsi1',
    pk: `ALARMS#${ACCOUNT}#${REGION}`,
    skPrefix: 'ALARM#',
  });
}

describe('alarm placement', () => {
  it('closes an ALARM stored before the inventory knew its source when the OK arrives after the flow is known', async () => {
    // Prepare
    const t = testIngest();
    await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:00.000+0000', 'm-alarm')]);
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    t.clock.advance(60_000);

    // Act
    await ingestMessages(t.deps, [sourceAlarm('OK', '2024-05-14T10:20:00.000+0000', 'm-ok')]);

    // Assess
    expect(await activeAlarms(t)).toEqual([]);
    expect(t.store.item(`RES#${SOURCE_ARN}`, ALARM_SK)).toBeUndefined();
    expect(t.store.item(`RES#${FLOW_ARN}`, ALARM_SK)).toMatchObject({ state: 'OK', resourceArn: SOURCE_ARN });
  });

  it('moves an unresolved ALARM to its flow when a later ALARM of the same alarm finds the flow', async () => {
    // Prepare
    const t = testIngest();
    await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:00.000+0000', 'm-1')]);
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    t.clock.advance(60_000);

    // Act
    await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:25:00.000+0000', 'm-2')]);

    // Assess
    expect((await activeAlarms(t)).map((a) => a.pk)).toEqual([`RES#${FLOW_ARN}`]);
    expect(t.store.item(`RES#${SOURCE_ARN}`, ALARM_SK)).toBeUndefined();
  });

  it('gives an unresolved ALARM a TTL of 24 hours and a resolved ALARM none', async () => {
    // Prepare
    const unresolved = testIngest();
    const resolved = testIngest();
    resolved.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));

    // Act
    await ingestMessages(unresolved.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:00.000+0000', 'm-1')]);
    await ingestMessages(resolved.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:00.000+0000', 'm-1')]);

    // Assess
    expect(unresolved.store.item(`RES#${SOURCE_ARN}`, ALARM_SK)).toMatchObject({
      unresolved: true,
      state: 'ALARM',
      expiresAt: Math.floor(NOW / 1000) + 24 * 3600,
    });
    expect(resolved.store.item(`RES#${FLOW_ARN}`, ALARM_SK)).not.toHaveProperty('expiresAt');
  });

  it('removes an older ALARM that lands on the source after a newer OK was placed on the flow', async () => {
    // Prepare: the ALARM's writer is slow; it has placed its item on the source (flow unknown to it) and pauses
    // before recording the placement. Meanwhile the inventory learns the flow and the OK is applied in full.
    const t = testIngest();
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atPause = new Promise<void>((resolve) => (reached = resolve));
    const original = t.store.addToSet.bind(t.store);
    let first = true;
    t.store.addToSet = async (key: ItemKey, field: string, values: readonly string[]) => {
      if (first) {
        first = false;
        reached();
        await paused;
      }
      return original(key, field, values);
    };
    const older = ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:00.000+0000', 'm-alarm')]);
    await atPause;
    expect(t.store.item(`RES#${SOURCE_ARN}`, ALARM_SK)).toMatchObject({ state: 'ALARM' });
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    t.clock.advance(60_000);
    await ingestMessages(t.deps, [sourceAlarm('OK', '2024-05-14T10:20:00.000+0000', 'm-ok')]);

    // Act
    release();
    await older;

    // Assess
    expect(await activeAlarms(t)).toEqual([]);
    expect(t.store.item(`RES#${SOURCE_ARN}`, ALARM_SK)).toBeUndefined();
    expect(t.store.item(`RES#${FLOW_ARN}`, ALARM_SK)).toMatchObject({ state: 'OK' });
  });

  it('keeps the newer ALARM on its flow when an older OK arrives late through an unresolved placement', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:25:00.000+0000', 'm-alarm')]);
    // A container that never learnt the flow: its lookup item is gone and the flow no longer listed.
    t.store.items.delete(`CHILD#${SOURCE_ARN}\u0000#PARENT`);
    t.store.items.delete(`RES#${FLOW_ARN}\u0000#META`);
    const late = testIngest();
    late.store.seed(...t.store.items.values());

    // Act
    await ingestMessages(late.deps, [sourceAlarm('OK', '2024-05-14T10:20:00.000+0000', 'm-ok-old')]);

    // Assess
    expect((await activeAlarms(late)).map((a) => a.pk)).toEqual([`RES#${FLOW_ARN}`]);
    expect(late.store.item(`RES#${SOURCE_ARN}`, ALARM_SK)).toBeUndefined();
  });
});
