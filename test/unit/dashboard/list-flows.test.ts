import { FLOW_STATUSES as API_FLOW_STATUSES } from '../../../lambdas/api/mediaconnect/routes';
import {
  FLOW_STATUSES,
  flowRowFromDetail,
  sourceHealth,
  storedHealth,
} from '../../../bin/dashboard/app/model/flow-list';

const series = (metric: string, resourceArn: string, v: number[]) => ({
  metric,
  resourceArn,
  t: v.map((_, i) => 60 * (i + 1)),
  v,
});

describe('the Flows list status filter', () => {
  it("offers exactly the API's flow statuses", () => {
    // Assess
    expect([...FLOW_STATUSES]).toEqual([...API_FLOW_STATUSES]);
  });
});

describe('flowRowFromDetail', () => {
  it("keeps the listing's fields of a flow detail and leaves its children, metrics and links out", () => {
    // Prepare
    const detail = {
      arn: 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-a:Venue',
      name: 'Venue',
      status: 'ACTIVE',
      account: '111122223333',
      region: 'eu-west-1',
      sourceType: 'OWNED',
      lastPolledAt: '2026-12-02T10:00:00.000Z',
      description: 'not listed',
      sources: [{ arn: 'source' }],
      outputs: [],
      entitlements: [],
      alarms: [],
      links: { self: '/flows/x' },
      deleted: false,
    };

    // Act
    const row = flowRowFromDetail(detail);

    // Assess
    expect(row).toEqual({
      arn: detail.arn,
      name: 'Venue',
      status: 'ACTIVE',
      account: '111122223333',
      region: 'eu-west-1',
      sourceType: 'OWNED',
      lastPolledAt: '2026-12-02T10:00:00.000Z',
    });
  });

  it('refuses a detail without an ARN, account or Region', () => {
    // Act
    const read = () => flowRowFromDetail({ name: 'Venue' });

    // Assess
    expect(read).toThrow('The flow detail has no arn, account or region');
  });
});

describe('storedHealth', () => {
  it('reads a word, a state, a source state and an unhealthy flag', () => {
    // Act
    const words = [
      storedHealth('healthy'),
      storedHealth({ state: 'DEGRADED' }),
      storedHealth({ sourceState: 'disconnected' }),
      storedHealth({ unhealthy: true }),
      storedHealth({ unhealthy: false }),
      storedHealth({}),
      storedHealth(undefined),
    ];

    // Assess
    expect(words).toEqual(['HEALTHY', 'DEGRADED', 'DISCONNECTED', 'UNHEALTHY', 'HEALTHY', undefined, undefined]);
  });
});

describe('sourceHealth', () => {
  it('prefers the stored health over the metrics', () => {
    // Act
    const health = sourceHealth({ unhealthy: true }, [series('SourceConnected', 's1', [1])]);

    // Assess
    expect(health).toEqual({ word: 'UNHEALTHY' });
  });

  it("reads every source's latest SourceConnected", () => {
    // Act
    const all = sourceHealth(undefined, [
      series('SourceConnected', 's1', [0, 1]),
      series('SourceConnected', 's2', [1]),
    ]);
    const some = sourceHealth(undefined, [
      series('SourceConnected', 's1', [1, 0]),
      series('SourceConnected', 's2', [1]),
    ]);
    const none = sourceHealth(undefined, [series('SourceConnected', 's1', [1, 0])]);

    // Assess
    expect([all, some, none]).toEqual([{ word: 'CONNECTED' }, { word: 'DEGRADED' }, { word: 'DISCONNECTED' }]);
  });

  it('reads SourceBitRate when the protocol has no SourceConnected', () => {
    // Act
    const receiving = sourceHealth(undefined, [series('SourceBitRate', 's1', [0, 8_000_000])]);
    const silent = sourceHealth(undefined, [series('SourceBitRate', 's1', [8_000_000, 0])]);
    const partly = sourceHealth(undefined, [series('SourceBitRate', 's1', [0]), series('SourceBitRate', 's2', [5])]);

    // Assess
    expect([receiving, silent, partly]).toEqual([
      { word: 'RECEIVING' },
      { word: 'NO INPUT', tone: 'bad' },
      { word: 'DEGRADED' },
    ]);
  });

  it('knows nothing without stored health or metrics', () => {
    // Act
    const unknown = [sourceHealth(undefined, undefined), sourceHealth(undefined, [series('SourceBitRate', 's1', [])])];

    // Assess
    expect(unknown).toEqual([undefined, undefined]);
  });
});
