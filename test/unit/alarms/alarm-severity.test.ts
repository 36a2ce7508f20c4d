import { alarmSeverity, severityFields, severityOf, withSeverity } from '../../../lambdas/alarms/alarm-severity';

describe('alarmSeverity', () => {
  it.each([
    [{ description: 'Source lost [severity=critical]. arn:…', state: 'ALARM' }, 'critical'],
    [{ description: 'Severity: Minor', state: 'ALARM' }, 'minor'],
    [{ name: 'flow-a-SEVERITY=WARNING', state: 'ALARM' }, 'warning'],
    [{ name: 'x severity=critical', description: 'severity=minor', state: 'ALARM' }, 'minor'],
  ])('reads the convention from %j', (alarm, expected) => {
    // Act
    const severity = alarmSeverity(alarm);

    // Assess
    expect(severity).toBe(expected);
  });

  it.each([
    ['ALARM', 'major'],
    ['OK', 'major'],
    ['INSUFFICIENT_DATA', 'warning'],
  ])('defaults an alarm in %s without the convention to %s', (state, expected) => {
    // Act
    const severity = alarmSeverity({ name: 'flow-down', description: 'severity is high', state });

    // Assess
    expect(severity).toBe(expected);
  });

  it('ignores a word that is no severity', () => {
    // Act
    const severity = alarmSeverity({ description: 'severity=blocker', state: 'INSUFFICIENT_DATA' });

    // Assess
    expect(severity).toBe('warning');
  });
});

describe('stored severity', () => {
  it('reads the severity back from a GSI1 listing, which carries it in health only', () => {
    // Prepare
    const stored = severityFields({ description: '[severity=critical]', state: 'ALARM' });
    const listed = { name: 'a', state: 'ALARM', health: stored.health };

    // Act
    const shown = withSeverity(listed);

    // Assess
    expect(shown).toEqual({ name: 'a', state: 'ALARM', severity: 'critical' });
  });

  it('derives the severity of an item stored before severities were', () => {
    // Act
    const severity = severityOf({ name: 'old', state: 'INSUFFICIENT_DATA' });

    // Assess
    expect(severity).toBe('warning');
  });
});
