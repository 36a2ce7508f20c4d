import { FOREIGN_ACCOUNT, ingestMessages, type IngestLogger } from '../../../lambdas/events/ingest';
import { TargetCredentialsError } from '../../../lambdas/shared/target-credentials';
import { parseTargetRegistry, type TargetRegistry } from '../../../lambdas/shared/watched-targets';
import { ACCOUNT, fixture, FLOW_ARN, rawMessage, REGION, snsEnvelope, storedFlow, testIngest } from './event-fixtures';

/**
 * The ingest of a deployment that watches several accounts: a message is for the target its origin names (the
 * EventBridge envelope's account and Region, the alarm's account and Region); one from no watched target is dropped
 * before any write; a resource of no watched target is not re-polled.
 */

const MEMBER = '222222222222';
const STRANGER = '333333333333';
const MEMBER_FLOW_ARN = FLOW_ARN.replace(ACCOUNT, MEMBER);
const STRANGER_FLOW_ARN = FLOW_ARN.replace(ACCOUNT, STRANGER);

/** The deployment (ACCOUNT in REGION) watching itself and MEMBER in REGION, MEMBER through an assumed role. */
const REGISTRY: TargetRegistry = parseTargetRegistry(
  {
    deployment: { account: ACCOUNT, region: REGION, name: 'main' },
    targets: [
      { account: ACCOUNT, region: REGION },
      {
        account: MEMBER,
        region: REGION,
        credentials: { type: 'assume-role', roleArn: `arn:aws:iam::${MEMBER}:role/media-monitor-read` },
        services: ['mediaconnect', 'medialive'],
      },
    ],
  },
  'test registry',
);

/** A Flow Status Change of `flowArn`, as the envelope of `account` in `region` carries it. */
function flowStatus(flowArn: string, account: string, id: string, region = REGION): Record<string, unknown> {
  return {
    ...fixture('mediaconnect-flow-status-change'),
    id,
    account,
    region,
    resources: [flowArn],
  };
}

/** A logger that keeps what it was told. */
function recordingLogger(): IngestLogger & { warnings: { message: string; extra: unknown[] }[] } {
  const warnings: { message: string; extra: unknown[] }[] = [];
  return {
    warnings,
    info: () => undefined,
    warn: (message, ...extra) => warnings.push({ message, extra }),
    error: () => undefined,
  };
}

function targetIngest() {
  const t = testIngest();
  const logger = recordingLogger();
  const deps = { ...t.deps, logger, targets: async () => REGISTRY };
  return { ...t, deps, logger };
}

describe('ingestMessages: watched targets', () => {
  it('applies an event of a member account to that account’s flow only, and re-polls that flow', async () => {
    // Prepare: a flow of the same name in the deployment's account and in the member's
    const t = targetIngest();
    t.store.seed(storedFlow(FLOW_ARN, 'STANDBY'), storedFlow(MEMBER_FLOW_ARN, 'STANDBY'));

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(flowStatus(MEMBER_FLOW_ARN, MEMBER, 'e-member'))]);

    // Assess
    expect(result.outcomes).toEqual([expect.objectContaining({ result: 'applied', repollArns: [MEMBER_FLOW_ARN] })]);
    expect(t.store.item(`RES#${MEMBER_FLOW_ARN}`, '#META')).toMatchObject({ status: 'STARTING' });
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({ status: 'STANDBY' });
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toEqual([]);
    expect(t.store.itemsWithPk(`EVENTS#${MEMBER_FLOW_ARN}`)).toHaveLength(1);
    expect(t.repoller.calls).toEqual([MEMBER_FLOW_ARN]);
    expect(t.metrics.get('EventsForeignAccount')).toBe(0);
  });

  it.each([
    ['an event of an unwatched account', () => flowStatus(STRANGER_FLOW_ARN, STRANGER, 'e-stranger')],
    [
      'an event of a watched account in an unwatched Region',
      () => flowStatus(FLOW_ARN.replace(REGION, 'eu-west-1'), ACCOUNT, 'e-region', 'eu-west-1'),
    ],
    [
      'an alarm notification of an unwatched account',
      () =>
        snsEnvelope({
          ...fixture('alarm-message-flow'),
          AWSAccountId: STRANGER,
          AlarmArn: `arn:aws:cloudwatch:${REGION}:${STRANGER}:alarm:stranger`,
        }),
    ],
    [
      'an alarm state change of an unwatched account',
      () => ({ ...fixture('eventbridge-alarm-state-change'), account: STRANGER }),
    ],
    [
      'an event of an unwatched account that does not parse',
      () => ({ ...flowStatus(STRANGER_FLOW_ARN, STRANGER, 'e-odd'), source: 'aws.s3' }),
    ],
  ])('drops %s before any write, counts it and logs its account only', async (_case, body) => {
    // Prepare
    const t = targetIngest();
    t.store.seed(storedFlow(FLOW_ARN, 'STANDBY'));
    const before = t.store.calls.length;

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(body(), { id: 'm-foreign' })]);

    // Assess
    expect(result.outcomes).toEqual([{ id: 'm-foreign', result: 'dropped', kind: FOREIGN_ACCOUNT, repollArns: [] }]);
    expect(t.store.calls.slice(before).filter((call) => !call.startsWith('get'))).toEqual([]);
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({ status: 'STANDBY' });
    expect(t.metrics.get('EventsForeignAccount')).toBe(1);
    expect(t.metrics.get('UnparsedMessages')).toBe(0);
    expect(t.repoller.calls).toEqual([]);
    expect(t.logger.warnings).toEqual([
      {
        message: 'message from an unwatched account dropped',
        extra: [{ id: 'm-foreign', account: expect.stringMatching(/^\d{12}$/), region: expect.any(String) }],
      },
    ]);
    expect(JSON.stringify(t.logger.warnings)).not.toContain('currentStatus');
  });

  it('keeps the watched messages of a batch that also carries a foreign one', async () => {
    // Prepare
    const t = targetIngest();
    t.store.seed(storedFlow(FLOW_ARN, 'STANDBY'));

    // Act
    const result = await ingestMessages(t.deps, [
      rawMessage(flowStatus(STRANGER_FLOW_ARN, STRANGER, 'e-1'), { id: 'm-1' }),
      rawMessage(flowStatus(FLOW_ARN, ACCOUNT, 'e-2'), { id: 'm-2' }),
    ]);

    // Assess
    expect(result.outcomes.map((o) => [o.id, o.result])).toEqual([
      ['m-1', 'dropped'],
      ['m-2', 'applied'],
    ]);
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({ status: 'STARTING' });
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
    expect(t.metrics.get('MessagesApplied')).toBe(1);
    expect(t.metrics.get('EventsForeignAccount')).toBe(1);
  });

  it('does not re-poll a resource of no watched target, writes no claim for it, and counts it', async () => {
    // Prepare: a watched account's event that names another account's flow, and a trailing request for one
    const t = targetIngest();
    const trailing = {
      id: 'm-trailing',
      body: JSON.stringify({ kind: 'repoll', arn: STRANGER_FLOW_ARN, windowStart: 1 }),
    };

    // Act
    const result = await ingestMessages(t.deps, [
      rawMessage(flowStatus(STRANGER_FLOW_ARN, MEMBER, 'e-odd'), { id: 'm-event' }),
      { ...rawMessage(trailing.body, { id: trailing.id }) },
    ]);

    // Assess
    expect(result.outcomes.map((o) => o.result)).toEqual(['applied', 'applied']);
    expect(t.repoller.calls).toEqual([]);
    expect(t.store.itemsWithPk('REPOLL#')).toEqual([]);
    expect(t.store.calls.filter((call) => call.includes('REPOLL#'))).toEqual([]);
    expect(result.repolls).toMatchObject({ requested: 1, issued: 0, foreign: 1, skipped: 0 });
    expect(t.metrics.get('RepollsForeignAccount')).toBe(1);
  });

  it('skips the re-poll of a resource whose target does not watch its service', async () => {
    // Prepare: the member watches MediaConnect and MediaLive only
    const t = targetIngest();
    const endpoint = `arn:aws:mediapackage:${REGION}:${MEMBER}:origin_endpoints/7a62e0f5c0a54b7e8f9d0a1b2c3d4e5f`;
    const trailing = JSON.stringify({ kind: 'repoll', arn: endpoint, windowStart: 1 });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(trailing)]);

    // Assess
    expect(t.repoller.calls).toEqual([]);
    expect(result.repolls).toMatchObject({ skipped: 1, foreign: 0 });
  });

  it('fails only the re-poll of the resource whose target’s credentials fail, naming the failure', async () => {
    // Prepare
    const t = targetIngest();
    const repoll = t.repoller.repoll.bind(t.repoller);
    t.deps = {
      ...t.deps,
      repoller: {
        covers: (arn) => t.repoller.covers(arn),
        repoll: async (arn) => {
          await repoll(arn);
          if (arn === MEMBER_FLOW_ARN) throw new TargetCredentialsError(`${MEMBER}#${REGION}`, 'AccessDenied');
        },
      },
    };

    // Act
    const result = await ingestMessages(t.deps, [
      rawMessage(flowStatus(MEMBER_FLOW_ARN, MEMBER, 'e-1')),
      rawMessage(flowStatus(FLOW_ARN, ACCOUNT, 'e-2')),
    ]);

    // Assess
    expect(result.outcomes.map((o) => o.result)).toEqual(['applied', 'applied']);
    expect(t.repoller.calls.sort()).toEqual([FLOW_ARN, MEMBER_FLOW_ARN].sort());
    expect(result.repolls).toMatchObject({ issued: 1, failed: 1 });
    expect(t.logger.warnings).toContainEqual({
      message: 're-poll failed',
      extra: [{ arn: MEMBER_FLOW_ARN, error: 'AccessDenied' }],
    });
  });

  it('fails every message of the batch when the watched targets cannot be read, writing nothing', async () => {
    // Prepare
    const t = targetIngest();
    t.deps = {
      ...t.deps,
      targets: () => Promise.reject(Object.assign(new Error('no parameter'), { name: 'ParameterNotFound' })),
    };

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(flowStatus(FLOW_ARN, ACCOUNT, 'e-1'), { id: 'm-1' })]);

    // Assess
    expect(result.outcomes).toEqual([
      expect.objectContaining({ id: 'm-1', result: 'failed', error: expect.stringContaining('ParameterNotFound') }),
    ]);
    expect(t.store.calls).toEqual([]);
    expect(t.metrics.get('MessagesFailed')).toBe(1);
  });
});
