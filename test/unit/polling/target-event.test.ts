import { ValidationError } from '../../../lambdas/shared/errors';
import { parseTargetRegistry, targetKey } from '../../../lambdas/shared/watched-targets';
import { targetOfScheduledInvocation } from '../../../lambdas/polling/target-event';

const registry = parseTargetRegistry(
  {
    deployment: { account: '111111111111', region: 'eu-west-1', name: 'eu' },
    targets: [
      { account: '111111111111', region: 'eu-west-1' },
      {
        account: '222222222222',
        region: 'eu-west-1',
        credentials: { type: 'assume-role', roleArn: 'arn:aws:iam::222222222222:role/media-monitor/read' },
      },
    ],
  },
  'registry',
);

/** An EventBridge rule's scheduled event, as a single-target deployment's poller receives it. */
const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '111111111111',
  time: '2026-12-02T06:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:111111111111:rule/media-monitor-inventory'],
  detail: {},
};

describe('targetOfScheduledInvocation', () => {
  it("resolves a Scheduler entry's {target} input to the registry's target", () => {
    // Act
    const target = targetOfScheduledInvocation({ target: '222222222222#eu-west-1' }, registry);

    // Assess
    expect(targetKey(target)).toBe('222222222222#eu-west-1');
    expect(target.credentials.type).toBe('assume-role');
  });

  it("resolves a rule's Scheduled Event to the deployment's own target", () => {
    // Act
    const target = targetOfScheduledInvocation(scheduledEvent, registry);

    // Assess
    expect(targetKey(target)).toBe('111111111111#eu-west-1');
  });

  it('rejects a target this deployment does not watch', () => {
    // Act
    const resolve = () => targetOfScheduledInvocation({ target: '333333333333#eu-west-1' }, registry);

    // Assess
    expect(resolve).toThrow(new ValidationError('target 333333333333#eu-west-1 is not watched by this deployment'));
  });

  it.each(['222222222222', '222222222222#', 'eu-west-1#222222222222', '22#eu-west-1'])(
    'rejects the malformed target key "%s"',
    (key) => {
      // Act
      const resolve = () => targetOfScheduledInvocation({ target: key }, registry);

      // Assess
      expect(resolve).toThrow(new ValidationError(`target "${key}" is not <account>#<region>`));
    },
  );

  it.each([
    ['an input with more than the target', { target: '222222222222#eu-west-1', roleArn: 'arn:aws:iam::9:role/x' }],
    ['another event source', { ...scheduledEvent, source: 'aws.mediaconnect' }],
    ['another detail type', { ...scheduledEvent, 'detail-type': 'MediaConnect Flow Status Change' }],
    ['a target that is not text', { target: 222222222222 }],
    ['no event', null],
  ])('rejects %s', (_case, event) => {
    // Act
    const resolve = () => targetOfScheduledInvocation(event, registry);

    // Assess
    expect(resolve).toThrow(
      new ValidationError('Expected an EventBridge scheduled event or {"target": "<account>#<region>"}'),
    );
  });

  it('rejects a Scheduled Event when the deployment does not watch itself', () => {
    // Prepare
    const membersOnly = parseTargetRegistry(
      { deployment: registry.deployment, targets: [{ account: '222222222222', region: 'eu-west-1' }] },
      'registry',
    );

    // Act
    const resolve = () => targetOfScheduledInvocation(scheduledEvent, membersOnly);

    // Assess
    expect(resolve).toThrow(ValidationError);
    expect(resolve).toThrow(/deployment itself, which it does not watch/);
  });
});
