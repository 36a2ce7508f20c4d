import type { ImpactList } from '../../../lambdas/chain/chain-graph';
import { ingestMessages } from '../../../lambdas/events/ingest';
import {
  CHANNEL_ARN,
  fixture,
  FLOW_ARN,
  MP_CHANNEL_ARN,
  MP_ENDPOINT_ARN,
  rawMessage,
  snsEnvelope,
  SOURCE_ARN,
  storedChild,
  storedFlow,
  testIngest,
  TestIngest,
} from './event-fixtures';

const SOURCE_ALARM = 'mediamonitor-MainSource-source-disconnected-1a2b3c4d';

const FED: ImpactList = {
  impacts: [
    { arn: CHANNEL_ARN, type: 'medialive:channel', name: 'News-HD', depth: 2 },
    { arn: MP_CHANNEL_ARN, type: 'mediapackage:channel', name: 'news-hd-origin', depth: 3 },
    { arn: MP_ENDPOINT_ARN, type: 'mediapackage:origin-endpoint', name: 'news-hls', depth: 4 },
  ],
  truncated: false,
  reads: 5,
};

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

function withImpacts(reader: jest.Mock): TestIngest & { warn: jest.Mock } {
  const t = testIngest();
  const warn = jest.fn();
  Object.assign(t.deps, {
    impacts: reader,
    logger: { info: jest.fn(), warn, error: jest.fn() },
  });
  return { ...t, warn };
}

const alarmItem = (t: TestIngest) => t.store.item<Record<string, unknown>>(`RES#${FLOW_ARN}`, `ALARM#${SOURCE_ALARM}`);

describe('alarm impacts', () => {
  it('records on an alarm entering ALARM what its flow feeds downstream, read for the flow it is placed on', async () => {
    // Prepare
    const reader = jest.fn().mockResolvedValue(FED);
    const t = withImpacts(reader);
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));

    // Act
    const result = await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:14.090+0000', 'm-1')]);

    // Assess
    expect(result.outcomes[0]?.result).toBe('applied');
    expect(reader).toHaveBeenCalledTimes(1);
    expect(reader).toHaveBeenCalledWith(FLOW_ARN);
    expect(alarmItem(t)).toMatchObject({ state: 'ALARM', resourceArn: SOURCE_ARN, impacts: FED.impacts });
    expect(alarmItem(t)).not.toHaveProperty('impactsTruncated');
  });

  it('says when the impact list was cut by its bound', async () => {
    // Prepare
    const t = withImpacts(jest.fn().mockResolvedValue({ ...FED, truncated: true }));
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));

    // Act
    await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:14.090+0000', 'm-1')]);

    // Assess
    expect(alarmItem(t)).toMatchObject({ impacts: FED.impacts, impactsTruncated: true });
  });

  it('reads no impacts for an alarm returning to OK, whose item then holds none', async () => {
    // Prepare
    const reader = jest.fn().mockResolvedValue(FED);
    const t = withImpacts(reader);
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:14.090+0000', 'm-1')]);

    // Act
    await ingestMessages(t.deps, [sourceAlarm('OK', '2024-05-14T10:20:00.000+0000', 'm-2')]);

    // Assess
    expect(reader).toHaveBeenCalledTimes(1);
    expect(alarmItem(t)).toMatchObject({ state: 'OK' });
    expect(alarmItem(t)).not.toHaveProperty('impacts');
  });

  it('applies the alarm without impacts and warns when the chain cannot be read', async () => {
    // Prepare
    const t = withImpacts(jest.fn().mockRejectedValue(new Error('Service unavailable')));
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));

    // Act
    const result = await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:14.090+0000', 'm-1')]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', repollArns: [FLOW_ARN] });
    expect(alarmItem(t)).toMatchObject({ state: 'ALARM' });
    expect(alarmItem(t)).not.toHaveProperty('impacts');
    expect(t.warn).toHaveBeenCalledWith(
      `alarm ${SOURCE_ALARM} stored without impacts: the chain could not be read`,
      expect.objectContaining({ owner: FLOW_ARN, error: expect.stringContaining('Service unavailable') }),
    );
  });

  it('reads no impacts for a source alarm whose flow is unknown', async () => {
    // Prepare
    const reader = jest.fn().mockResolvedValue(FED);
    const t = withImpacts(reader);

    // Act
    await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:14.090+0000', 'm-1')]);

    // Assess
    expect(reader).not.toHaveBeenCalled();
    expect(t.store.item(`RES#${SOURCE_ARN}`, `ALARM#${SOURCE_ALARM}`)).toMatchObject({ unresolved: true });
    expect(t.store.item(`RES#${SOURCE_ARN}`, `ALARM#${SOURCE_ALARM}`)).not.toHaveProperty('impacts');
  });

  it('keeps a late ALARM from replacing a newer OK, impacts or not', async () => {
    // Prepare
    const t = withImpacts(jest.fn().mockResolvedValue(FED));
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    await ingestMessages(t.deps, [sourceAlarm('OK', '2024-05-14T10:20:00.000+0000', 'm-ok')]);

    // Act
    await ingestMessages(t.deps, [sourceAlarm('ALARM', '2024-05-14T10:15:14.090+0000', 'm-late')]);

    // Assess
    expect(alarmItem(t)).toMatchObject({ state: 'OK' });
    expect(alarmItem(t)).not.toHaveProperty('impacts');
  });

  it('records on a flow health event that says unhealthy what the flow feeds, and nothing on a healthy one', async () => {
    // Prepare
    const reader = jest.fn().mockResolvedValue(FED);
    const t = withImpacts(reader);
    const unhealthy = fixture('mediaconnect-flow-health');
    const flowArn = (unhealthy.resources as string[])[0] as string;
    const healthy = {
      ...unhealthy,
      id: 'healthy-later',
      time: '2024-05-14T10:16:30Z',
      detail: { ...(unhealthy.detail as object), unhealthy: false },
    };
    const healthItem = () => t.store.item<Record<string, unknown>>(`RES#${flowArn}`, `HEALTH#${flowArn}#connectivity`);

    // Act
    await ingestMessages(t.deps, [rawMessage(unhealthy)]);
    const whenUnhealthy = healthItem();
    await ingestMessages(t.deps, [rawMessage(healthy)]);

    // Assess
    expect(reader).toHaveBeenCalledTimes(1);
    expect(reader).toHaveBeenCalledWith(flowArn);
    expect(whenUnhealthy).toMatchObject({ health: { unhealthy: true }, impacts: FED.impacts });
    expect(healthItem()).toMatchObject({ health: { unhealthy: false } });
    expect(healthItem()).not.toHaveProperty('impacts');
  });
});
