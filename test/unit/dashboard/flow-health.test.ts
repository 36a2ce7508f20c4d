import { healthItemsOf, healthLine, healthWord } from '../../../bin/dashboard/app/model/flow-health';

const SOURCE = 'arn:aws:mediaconnect:eu-west-1:111122223333:source:1-abc:Main';

describe('healthWord', () => {
  it.each<[string, unknown, { health: { unhealthy?: boolean } }[], string | undefined]>([
    ['the summary state first', { state: 'DEGRADED' }, [{ health: { unhealthy: true } }], 'DEGRADED'],
    ['a plain-string summary', 'HEALTHY', [], 'HEALTHY'],
    [
      'UNHEALTHY when any item says unhealthy',
      undefined,
      [{ health: { unhealthy: false } }, { health: { unhealthy: true } }],
      'UNHEALTHY',
    ],
    ['HEALTHY when items say healthy and none unhealthy', undefined, [{ health: { unhealthy: false } }], 'HEALTHY'],
    ['nothing when nothing is known', undefined, [{ health: {} }], undefined],
  ])('gives %s', (_case, summary, items, word) => {
    // Act
    const result = healthWord(summary, items);

    // Assess
    expect(result).toBe(word);
  });
});

describe('healthItemsOf and healthLine', () => {
  it("picks one resource's items and says their state, TR 101 290 errors and verdict", () => {
    // Prepare
    const items = [
      {
        resourceArn: SOURCE,
        aspect: 'connectivity',
        health: { sourceState: 'DISCONNECTED', tr101Errors: ['PAT', 'CC'], unhealthy: true },
      },
      { resourceArn: 'other', aspect: 'connectivity', health: { unhealthy: false } },
    ];

    // Act
    const mine = healthItemsOf(items, SOURCE);

    // Assess
    expect(mine).toHaveLength(1);
    expect(healthLine(mine[0]!)).toBe('DISCONNECTED · PAT, CC · unhealthy');
  });
});
