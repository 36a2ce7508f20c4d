import { changePathSettingsFromEnv } from '../../../lambdas/api/api-wiring';

describe('changePathSettingsFromEnv', () => {
  it('defaults to no change path and 60 / 5 minute sweeps when the stack set nothing (local runtime, tests)', () => {
    // Act
    const settings = changePathSettingsFromEnv({});

    // Assess
    expect(settings).toEqual({ changeEvents: 'off', sweepPeriods: { liveMinutes: 60, offMinutes: 5 } });
  });

  it('reads the mode and the periods the stack set', () => {
    // Act
    const settings = changePathSettingsFromEnv({
      CHANGE_EVENTS: 'cloudtrail',
      SWEEP_PERIOD_LIVE_MINUTES: '120',
      SWEEP_PERIOD_OFF_MINUTES: '10',
    });

    // Assess
    expect(settings).toEqual({ changeEvents: 'cloudtrail', sweepPeriods: { liveMinutes: 120, offMinutes: 10 } });
  });

  it.each([
    [{ CHANGE_EVENTS: 'eventbridge' }, 'CHANGE_EVENTS must be cloudtrail or off, got "eventbridge"'],
    [{ SWEEP_PERIOD_LIVE_MINUTES: 'hourly' }, 'SWEEP_PERIOD_LIVE_MINUTES must be a number'],
  ])('fails the cold start on %j', (env, message) => {
    // Act
    const read = () => changePathSettingsFromEnv(env);

    // Assess
    expect(read).toThrow(message);
  });
});
