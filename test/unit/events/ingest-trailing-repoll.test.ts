import { ingestMessages, type Repoller } from '../../../lambdas/events/ingest';
import { trailingRepollBody } from '../../../lambdas/events/trailing-repoll';
import {
  CHANNEL_ARN,
  fixture,
  FLOW_ARN,
  NOW,
  rawMessage,
  snsEnvelope,
  SOURCE_ARN,
  storedChild,
  storedFlow,
  testIngest,
  type TestIngest,
} from './event-fixtures';

let changes = 0;

/** State changes of one source alarm, each a second after the previous, as SNS notifications. */
function notifications(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => {
    const message = fixture('alarm-message-source');
    const changedAt = Date.parse(String(message.StateChangeTime).replace('+0000', 'Z')) + ++changes * 1000;
    message.StateChangeTime = new Date(changedAt).toISOString().replace('Z', '+0000');
    return rawMessage(snsEnvelope(message, { messageId: `${prefix}-${i}` }));
  });
}

/** A re-poller that copies what "AWS" says of the flow's status into the store, as refreshFlow does. */
function awsRepoller(t: TestIngest, aws: { status: string }): Repoller & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    covers: () => true,
    async repoll(flowArn) {
      calls.push(flowArn);
      await t.store.updateIfNewer({ pk: `RES#${flowArn}`, sk: '#META' }, t.clock.now(), { status: aws.status });
    },
  };
}

function seeded(): TestIngest {
  const t = testIngest({ repollWindowSeconds: 10 });
  t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
  return t;
}

/** The scheduled trailing re-poll, delivered by SQS once its delay has passed. */
function deliverTrailing(t: TestIngest, index = 0, id = `trailing-${index}`) {
  const sent = t.trailing.sent[index]!;
  return rawMessage(trailingRepollBody(sent.request), { id });
}

describe('ingestMessages: leading and trailing re-polls', () => {
  it('ends with the state of a burst’s last event: the trailing re-poll at the window’s end reads it', async () => {
    // Prepare
    const t = seeded();
    const aws = { status: 'ACTIVE' };
    const repoller = awsRepoller(t, aws);
    const deps = { ...t.deps, repoller };
    const [first, last] = notifications(2, 'burst');

    // Act: the first event re-polls at once; the flow then fails, and the last event comes 3 s into the window.
    await ingestMessages(deps, [first!]);
    aws.status = 'ERROR';
    t.clock.advance(3_000);
    const coalesced = await ingestMessages(deps, [last!]);
    t.clock.advance(t.trailing.sent[0]!.delaySeconds * 1000);
    const trailing = await ingestMessages(deps, [deliverTrailing(t)]);

    // Assess
    expect(coalesced.repolls).toMatchObject({ issued: 0, coalesced: 1, trailingScheduled: 1 });
    expect(t.trailing.sent).toEqual([{ request: { arn: FLOW_ARN, windowStart: NOW }, delaySeconds: 8 }]);
    expect(trailing.outcomes[0]).toMatchObject({ result: 'applied', kind: 'repoll-request' });
    expect(trailing.repolls).toMatchObject({ issued: 1 });
    expect(repoller.calls).toEqual([FLOW_ARN, FLOW_ARN]);
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({ status: 'ERROR' });
  });

  it('schedules one trailing re-poll per window however many batches arrive in it, reading the store once for it', async () => {
    // Prepare
    const t = seeded();
    const all = notifications(12, 'storm');

    // Act
    await ingestMessages(t.deps, all.slice(0, 2));
    const reads: number[] = [];
    for (const message of all.slice(2)) {
      t.clock.advance(500);
      const before = t.store.calls.filter((c) => c.includes('REPOLL#')).length;
      await ingestMessages(t.deps, [message]);
      reads.push(t.store.calls.filter((c) => c.includes('REPOLL#')).length - before);
    }

    // Assess
    expect(t.trailing.sent).toHaveLength(1);
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
    expect(reads).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('schedules no trailing re-poll for a window whose events all came before its leading re-poll', async () => {
    // Prepare
    const t = seeded();

    // Act
    await ingestMessages(t.deps, notifications(10, 'one-batch'));

    // Assess
    expect(t.trailing.sent).toEqual([]);
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
  });

  it('records nothing for a trailing re-poll request: no history, dedup marker or unparsed record', async () => {
    // Prepare
    const t = seeded();
    await ingestMessages(t.deps, notifications(1, 'a'));
    t.clock.advance(1_000);
    await ingestMessages(t.deps, notifications(1, 'b'));
    t.clock.advance(10_000);
    const keysBefore = [...t.store.items.keys()].filter((k) => !k.startsWith('REPOLL#'));

    // Act
    const result = await ingestMessages(t.deps, [deliverTrailing(t)]);

    // Assess
    expect(result.outcomes).toEqual([{ id: 'trailing-0', result: 'applied', kind: 'repoll-request', repollArns: [] }]);
    expect([...t.store.items.keys()].filter((k) => !k.startsWith('REPOLL#'))).toEqual(keysBefore);
    expect(t.metrics.counts.UnparsedMessages ?? 0).toBe(0);
  });

  it('re-polls once for a trailing request delivered twice', async () => {
    // Prepare
    const t = seeded();
    await ingestMessages(t.deps, notifications(1, 'a'));
    t.clock.advance(1_000);
    await ingestMessages(t.deps, notifications(1, 'b'));
    t.clock.advance(10_000);

    // Act
    const first = await ingestMessages(t.deps, [deliverTrailing(t, 0, 'sqs-a')]);
    const again = await ingestMessages(t.deps, [deliverTrailing(t, 0, 'sqs-b')]);

    // Assess
    expect(first.repolls).toMatchObject({ issued: 1, coalesced: 0 });
    expect(again.repolls).toMatchObject({ issued: 0, coalesced: 1 });
    expect(again.outcomes[0]?.result).toBe('applied');
    expect(t.repoller.calls).toEqual([FLOW_ARN, FLOW_ARN]);
  });

  it('schedules a trailing request that arrives before its window ended again, for the rest of the window', async () => {
    // Prepare
    const t = seeded();
    await ingestMessages(t.deps, notifications(1, 'a'));
    t.clock.advance(1_000);
    await ingestMessages(t.deps, notifications(1, 'b'));
    t.clock.advance(4_000);

    // Act
    const early = await ingestMessages(t.deps, [deliverTrailing(t)]);

    // Assess
    expect(early.outcomes[0]).toMatchObject({ result: 'applied', kind: 'repoll-request' });
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
    expect(t.trailing.sent.map((s) => s.delaySeconds)).toEqual([10, 6]);
    expect(t.trailing.sent[1]?.request).toEqual({ arn: FLOW_ARN, windowStart: NOW });
  });

  it('fails a trailing request whose claim cannot be read, so SQS delivers it again', async () => {
    // Prepare
    const t = seeded();
    t.store.failWhen = (operation, key) => operation === 'get' && key.pk.startsWith('REPOLL#');
    const request = rawMessage(trailingRepollBody({ arn: FLOW_ARN, windowStart: NOW - 20_000 }), { id: 'trailing' });

    // Act
    const result = await ingestMessages(t.deps, [request]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ id: 'trailing', result: 'failed' });
    expect(t.repoller.calls).toEqual([]);
    expect(t.metrics.counts.MessagesFailed).toBe(1);
  });

  it('reports a trailing re-poll it could not send and unmarks the window, so the next event schedules it', async () => {
    // Prepare
    const t = seeded();
    await ingestMessages(t.deps, notifications(1, 'a'));
    t.trailing.failWith = new Error('AWS.SimpleQueueService.NonExistentQueue');

    // Act
    t.clock.advance(1_000);
    const unsent = await ingestMessages(t.deps, notifications(1, 'b'));
    t.trailing.failWith = undefined;
    t.clock.advance(1_000);
    const sent = await ingestMessages(t.deps, notifications(1, 'c'));

    // Assess
    expect(unsent.repolls).toMatchObject({ failed: 1, trailingScheduled: 0 });
    expect(unsent.outcomes[0]?.result).toBe('applied');
    expect(t.metrics.counts.RepollsFailed).toBe(1);
    expect(sent.repolls).toMatchObject({ trailingScheduled: 1 });
    expect(t.trailing.sent).toHaveLength(1);
  });

  it('re-polls a MediaLive channel from its trailing message, as a flow', async () => {
    // Prepare
    const t = testIngest({ repollWindowSeconds: 10 });
    const request = rawMessage(trailingRepollBody({ arn: CHANNEL_ARN, windowStart: NOW - 20_000 }), { id: 'trailing' });

    // Act
    const result = await ingestMessages(t.deps, [request]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'repoll-request' });
    expect(result.repolls).toMatchObject({ requested: 1, issued: 1, skipped: 0 });
    expect(t.repoller.calls).toEqual([CHANNEL_ARN]);
    expect(t.store.item(`REPOLL#${CHANNEL_ARN}`, '#')).toMatchObject({ windowStart: NOW });
  });

  it('applies a trailing message for a service with no refresher and records it as skipped, without a claim', async () => {
    // Prepare
    const t = testIngest({ repollWindowSeconds: 10 });
    t.repoller.services = ['mediaconnect'];
    const request = rawMessage(trailingRepollBody({ arn: CHANNEL_ARN, windowStart: NOW - 20_000 }), { id: 'trailing' });

    // Act
    const result = await ingestMessages(t.deps, [request]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'repoll-request' });
    expect(result.repolls).toEqual({
      requested: 1,
      issued: 0,
      coalesced: 0,
      failed: 0,
      skipped: 1,
      foreign: 0,
      trailingScheduled: 0,
    });
    expect(t.repoller.calls).toEqual([]);
    expect(t.store.itemsWithPk(`REPOLL#${CHANNEL_ARN}`)).toEqual([]);
  });

  it('treats a bare re-poll body that names a child resource as an ordinary unparsed message', async () => {
    // Prepare
    const t = seeded();
    const body = JSON.stringify({ kind: 'repoll', arn: SOURCE_ARN, windowStart: 1 });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(body)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'unparsed' });
    expect(t.repoller.calls).toEqual([]);
  });
});
