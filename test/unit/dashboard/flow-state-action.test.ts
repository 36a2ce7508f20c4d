import { stateActionOf } from '../../../bin/dashboard/app/model/flow-state-action';

describe('stateActionOf', () => {
  it.each([
    ['ACTIVE', 'stop', false],
    ['STANDBY', 'start', false],
    ['ERROR', 'start', false],
    ['STARTING', 'stop', true],
    ['STOPPING', 'start', true],
    ['UPDATING', 'stop', true],
    ['DELETING', 'start', true],
    ['SOMETHING_NEW', 'start', true],
  ])('offers a %s flow "%s", waiting: %s', (status, action, waiting) => {
    // Act
    const result = stateActionOf(status);

    // Assess
    expect(result).toEqual({ action, waiting });
  });
});
