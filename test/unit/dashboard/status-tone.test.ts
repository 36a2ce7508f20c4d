import { statusTone } from '../../../bin/dashboard/app/model/status-tone';

describe('statusTone', () => {
  it.each([
    // MediaConnect flow statuses
    ['ACTIVE', 'ok'],
    ['STANDBY', 'idle'],
    ['STARTING', 'warn'],
    ['STOPPING', 'warn'],
    ['UPDATING', 'warn'],
    ['DELETING', 'warn'],
    ['ERROR', 'bad'],
    // MediaLive channel states
    ['RUNNING', 'ok'],
    ['IDLE', 'idle'],
    ['CREATING', 'warn'],
    ['RECOVERING', 'warn'],
    ['CREATE_FAILED', 'bad'],
    ['UPDATE_FAILED', 'bad'],
    ['DELETED', 'idle'],
    // Outputs, entitlements, inputs, source health
    ['ENABLED', 'ok'],
    ['DISABLED', 'idle'],
    ['CONNECTED', 'ok'],
    ['DISCONNECTED', 'bad'],
    ['ATTACHED', 'ok'],
    ['DETACHED', 'idle'],
    // Health
    ['HEALTHY', 'ok'],
    ['DEGRADED', 'warn'],
    ['UNHEALTHY', 'bad'],
    // CloudWatch alarm states, MediaLive alerts, severities
    ['OK', 'ok'],
    ['ALARM', 'bad'],
    ['INSUFFICIENT_DATA', 'warn'],
    ['SET', 'bad'],
    ['CLEARED', 'ok'],
    ['critical', 'bad'],
    ['major', 'bad'],
    ['minor', 'warn'],
    // Poller outcomes and staleness, the change path
    ['ok', 'ok'],
    ['errors', 'warn'],
    ['incomplete', 'warn'],
    ['credentials-failed', 'bad'],
    ['never', 'idle'],
    ['stale', 'bad'],
    ['live', 'ok'],
    ['unproven', 'warn'],
    ['broken', 'bad'],
    ['off', 'idle'],
    // MediaPackage harvest jobs
    ['IN_PROGRESS', 'warn'],
    ['SUCCEEDED', 'ok'],
    ['FAILED', 'bad'],
  ])('gives %s the tone %s', (status, tone) => {
    // Prepare / Act
    const actual = statusTone(status);

    // Assess
    expect(actual).toBe(tone);
  });

  it('reads case, spaces and dashes alike', () => {
    // Prepare / Act
    const tones = [statusTone('Active'), statusTone(' credentials_failed '), statusTone('in progress')];

    // Assess
    expect(tones).toEqual(['ok', 'bad', 'warn']);
  });

  it('answers unknown for a word it does not know or no word at all', () => {
    // Prepare / Act
    const tones = [statusTone('FROBNICATING'), statusTone(''), statusTone(undefined)];

    // Assess
    expect(tones).toEqual(['unknown', 'unknown', 'unknown']);
  });
});
