import type { ApiClient } from '../../../bin/cli/api-client';
import { changePathLine, summaryCommand } from '../../../bin/cli/commands';

const NOW = Date.parse('2025-11-25T10:00:00Z');
const FLOW_ARN = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow';
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

describe('changePathLine', () => {
  it.each([
    [
      'a live path with its last event',
      { status: 'live', lastEventAt: minutesAgo(2), sweepPeriodMinutes: 60 },
      'change path: live (last event 2 min ago)  [sweep 60 min]',
    ],
    [
      'a broken path with the call CloudTrail never reported',
      {
        status: 'broken',
        overdue: [`StopFlow ${FLOW_ARN}`, `StartFlow ${FLOW_ARN}`],
        oldestUnconfirmedAt: minutesAgo(17),
        sweepPeriodMinutes: 5,
      },
      'change path: broken: StopFlow AwardsShow (and 1 more) unreported for 17 min — is there a CloudTrail trail?  [sweep 5 min]',
    ],
    [
      'an unproven path with a call awaiting CloudTrail',
      { status: 'unproven', unconfirmedCalls: 1, sweepPeriodMinutes: 5 },
      'change path: unproven (no change event yet; 1 call(s) awaiting CloudTrail)  [sweep 5 min]',
    ],
    ['a deployment without the path', { status: 'off' }, 'change path: off'],
  ])('shows %s on one line', (_case, view, line) => {
    // Act
    const shown = changePathLine(view, NOW);

    // Assess
    expect(shown).toBe(line);
  });
});

describe('summaryCommand', () => {
  it('shows the change path under the account line', async () => {
    // Prepare
    const summary = {
      account: '111122223333',
      region: 'eu-west-1',
      services: {},
      alarms: { active: 0, byState: {} },
      pollers: [],
      changePath: { status: 'live', lastEventAt: minutesAgo(3), sweepPeriodMinutes: 60 },
    };
    const api = { get: jest.fn().mockResolvedValue(summary) } as unknown as ApiClient;

    // Act
    const output = await summaryCommand({ api, now: NOW });

    // Assess
    expect(output.text.split('\n').slice(0, 2)).toEqual([
      'Account 111122223333  Region eu-west-1',
      'change path: live (last event 3 min ago)  [sweep 60 min]',
    ]);
  });
});
