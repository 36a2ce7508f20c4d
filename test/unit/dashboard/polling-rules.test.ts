import { pollingBody, pollingFormOf, validatePolling } from '../../../bin/dashboard/app/model/polling-rules';

describe('validatePolling', () => {
  it.each([
    ['', 'Enter a whole number of seconds'],
    ['1.5', 'Enter a whole number of seconds'],
    ['abc', 'Enter a whole number of seconds'],
    ['0', 'Enter 60 to 86400 seconds (1 minute to 1 day)'],
    ['30', 'Enter 60 to 86400 seconds (1 minute to 1 day)'],
    ['86460', 'Enter 60 to 86400 seconds (1 minute to 1 day)'],
    ['90', 'Enter a multiple of 60 seconds (whole minutes)'],
  ])('refuses an interval of %j with its message', (intervalSeconds, message) => {
    // Act
    const errors = validatePolling({ enabled: true, intervalSeconds });

    // Assess
    expect(errors).toEqual({ intervalSeconds: message });
  });

  it.each(['60', '300', '86400'])('accepts %j seconds', (intervalSeconds) => {
    // Act
    const errors = validatePolling({ enabled: false, intervalSeconds });

    // Assess
    expect(errors).toEqual({});
  });
});

describe('pollingFormOf and pollingBody', () => {
  it('starts from the stored settings, or polling every minute, and sends numbers', () => {
    // Act
    const stored = pollingFormOf({ enabled: false, intervalSeconds: 300 });
    const defaults = pollingFormOf(undefined);

    // Assess
    expect(stored).toEqual({ enabled: false, intervalSeconds: '300' });
    expect(defaults).toEqual({ enabled: true, intervalSeconds: '60' });
    expect(pollingBody({ enabled: true, intervalSeconds: ' 120 ' })).toEqual({ enabled: true, intervalSeconds: 120 });
  });
});
