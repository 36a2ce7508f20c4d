import {
  createResourceRepoller,
  isRepollTarget,
  repollTargetOf,
  ResourceRepollReport,
  serviceOfArn,
  targetMetricsRepoll,
  targetRefresher,
  UnwatchedResourceError,
} from '../../../lambdas/events/resource-repoller';
import type { RefreshOutcome, ResourceRefresher } from '../../../lambdas/polling/refresh';
import { parseTargetRegistry } from '../../../lambdas/shared/watched-targets';
import { CHANNEL_ARN, FLOW_ARN, MP_ENDPOINT_ARN, SOURCE_ARN } from './event-fixtures';

const MOTO_CHANNEL_ARN = 'arn:aws:medialive:channel:9f3c2a1b0e5d4c6b8a7f1e2d3c4b5a69';

/** A refresher that records the ARNs it re-read and answers with `change`. */
function recordingRefresher(change: RefreshOutcome['change'] = 'unchanged'): ResourceRefresher & { arns: string[] } {
  const arns: string[] = [];
  const refresh = async (arn: string): Promise<RefreshOutcome> => {
    arns.push(arn);
    return {
      arn,
      change,
      writes: change === 'unchanged' ? 0 : 1,
      calls: { DescribeChannel: 1 },
      throttles: 0,
      sdkRetries: 0,
      backoffMs: 0,
    };
  };
  return Object.assign(refresh, { arns });
}

function world(refreshers: Parameters<typeof createResourceRepoller>[0]['refreshers']) {
  const metricsPolls: (readonly string[])[] = [];
  const reports: ResourceRepollReport[] = [];
  const repoller = createResourceRepoller({
    refreshers,
    pollMetrics: async (arns) => {
      metricsPolls.push(arns);
      return arns.length;
    },
    onReport: (report) => reports.push(report),
  });
  return { repoller, metricsPolls, reports };
}

describe('createResourceRepoller', () => {
  it('re-reads a resource with its own service’s refresher, then polls its metrics', async () => {
    // Prepare
    const mediaconnect = recordingRefresher('updated');
    const medialive = recordingRefresher('unchanged');
    const { repoller, metricsPolls, reports } = world({ mediaconnect, medialive });

    // Act
    await repoller.repoll(CHANNEL_ARN);
    await repoller.repoll(FLOW_ARN);

    // Assess
    expect(medialive.arns).toEqual([CHANNEL_ARN]);
    expect(mediaconnect.arns).toEqual([FLOW_ARN]);
    expect(metricsPolls).toEqual([[CHANNEL_ARN], [FLOW_ARN]]);
    expect(reports).toEqual([
      { arn: CHANNEL_ARN, service: 'medialive', inventory: 'unchanged', metricsPolled: 1 },
      { arn: FLOW_ARN, service: 'mediaconnect', inventory: 'updated', metricsPolled: 1 },
    ]);
  });

  it('picks the MediaLive refresher for a moto channel ARN without region or account', async () => {
    // Prepare
    const medialive = recordingRefresher();
    const { repoller } = world({ medialive });

    // Act
    const report = await repoller.repollResource(MOTO_CHANNEL_ARN);

    // Assess
    expect(repoller.covers(MOTO_CHANNEL_ARN)).toBe(true);
    expect(medialive.arns).toEqual([MOTO_CHANNEL_ARN]);
    expect(report).toMatchObject({ service: 'medialive', inventory: 'unchanged' });
  });

  it.each(['tombstoned', 'not-found'] as const)(
    'polls no metrics for a resource the refresh found %s',
    async (change) => {
      // Prepare
      const medialive = recordingRefresher(change);
      const { repoller, metricsPolls } = world({ medialive });

      // Act
      const report = await repoller.repollResource(CHANNEL_ARN);

      // Assess
      expect(metricsPolls).toEqual([]);
      expect(report).toEqual({ arn: CHANNEL_ARN, service: 'medialive', inventory: change, metricsPolled: 0 });
    },
  );

  it('records a resource of a service with no refresher as no-refresher, without a call or an error', async () => {
    // Prepare
    const mediaconnect = recordingRefresher();
    const { repoller, metricsPolls, reports } = world({ mediaconnect });

    // Act
    await repoller.repoll(CHANNEL_ARN);
    await repoller.repoll('arn:aws:s3:::bucket');

    // Assess
    expect(repoller.covers(CHANNEL_ARN)).toBe(false);
    expect(repoller.covers(FLOW_ARN)).toBe(true);
    expect(mediaconnect.arns).toEqual([]);
    expect(metricsPolls).toEqual([]);
    expect(reports).toEqual([
      { arn: CHANNEL_ARN, service: 'medialive', inventory: 'no-refresher', metricsPolled: 0 },
      { arn: 'arn:aws:s3:::bucket', inventory: 'no-refresher', metricsPolled: 0 },
    ]);
  });

  it('lets a refresher’s error through, and polls no metrics', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    const { repoller, metricsPolls } = world({ medialive: () => Promise.reject(throttled) });

    // Act
    const run = repoller.repoll(CHANNEL_ARN);

    // Assess
    await expect(run).rejects.toThrow('Rate exceeded');
    expect(metricsPolls).toEqual([]);
  });
});

describe('serviceOfArn and isRepollTarget', () => {
  it.each([
    [FLOW_ARN, 'mediaconnect', true],
    [SOURCE_ARN, 'mediaconnect', false],
    [CHANNEL_ARN, 'medialive', true],
    [MOTO_CHANNEL_ARN, 'medialive', true],
    ['arn:aws:medialive:us-west-2:111122223333:inputDevice:hd-123456789012', 'medialive', true],
    ['arn:aws:medialive:us-west-2:111122223333:input:4455', 'medialive', true],
    ['arn:aws:medialive:us-west-2:111122223333:multiplex:4455', 'medialive', false],
    [MP_ENDPOINT_ARN, 'mediapackage', true],
    ['arn:aws:mediapackage:channel:live-1', 'mediapackage', true],
    ['arn:aws:s3:::bucket', undefined, false],
    ['flow-1', undefined, false],
  ])('reads %s as a resource of %s (top-level: %s)', (arn, service, topLevel) => {
    // Act
    const read = { service: serviceOfArn(arn), topLevel: isRepollTarget(arn) };

    // Assess
    expect(read).toEqual({ service, topLevel });
  });
});

describe('targetRefresher and targetMetricsRepoll', () => {
  const MEMBER = '222222222222';
  const MEMBER_FLOW_ARN = FLOW_ARN.replace('111122223333', MEMBER);
  const registry = parseTargetRegistry(
    {
      deployment: { account: '111122223333', region: 'us-east-1', name: 'main' },
      targets: [
        { account: '111122223333', region: 'us-east-1' },
        { account: MEMBER, region: 'us-east-1', services: ['mediaconnect'] },
      ],
    },
    'test registry',
  );
  const reader = async () => registry;

  it('re-reads each resource through the refresher of its own target, built once per target', async () => {
    // Prepare
    const built: string[] = [];
    const byTarget = new Map<string, ReturnType<typeof recordingRefresher>>();
    const refresh = targetRefresher(reader, (target) => {
      built.push(`${target.account}#${target.region}`);
      const refresher = recordingRefresher('updated');
      byTarget.set(target.account, refresher);
      return refresher;
    });

    // Act
    await refresh(MEMBER_FLOW_ARN);
    await refresh(FLOW_ARN);
    await refresh(MEMBER_FLOW_ARN, { refresh: true });

    // Assess
    expect(built).toEqual([`${MEMBER}#us-east-1`, '111122223333#us-east-1']);
    expect(byTarget.get(MEMBER)?.arns).toEqual([MEMBER_FLOW_ARN, MEMBER_FLOW_ARN]);
    expect(byTarget.get('111122223333')?.arns).toEqual([FLOW_ARN]);
  });

  it.each([
    ['of an unwatched account', FLOW_ARN.replace('111122223333', '333333333333')],
    ['of an unwatched Region', FLOW_ARN.replace('us-east-1', 'eu-west-1')],
    ['of a service its target does not watch', `arn:aws:medialive:us-east-1:${MEMBER}:channel:42`],
  ])('refuses a resource %s before building anything', async (_case, arn) => {
    // Prepare
    const build = jest.fn(() => recordingRefresher());
    const refresh = targetRefresher(reader, build);

    // Act
    const run = refresh(arn);

    // Assess
    await expect(run).rejects.toBeInstanceOf(UnwatchedResourceError);
    expect(build).not.toHaveBeenCalled();
  });

  it('polls the metrics of each target’s resources with that target’s own re-poll', async () => {
    // Prepare
    const polled: [string, readonly string[]][] = [];
    const pollMetrics = targetMetricsRepoll(reader, (target) => async (arns) => {
      polled.push([target.account, arns]);
      return arns.length;
    });

    // Act
    const count = await pollMetrics([MEMBER_FLOW_ARN, FLOW_ARN, FLOW_ARN.replace('111122223333', '333333333333')]);

    // Assess
    expect(polled).toEqual([
      [MEMBER, [MEMBER_FLOW_ARN]],
      ['111122223333', [FLOW_ARN]],
    ]);
    expect(count).toBe(2);
  });

  it('gives a moto ARN without account to the one target of the Region that watches its service', () => {
    // Act
    const target = repollTargetOf(registry, MOTO_CHANNEL_ARN);

    // Assess
    expect(target?.account).toBe('111122223333');
  });
});
