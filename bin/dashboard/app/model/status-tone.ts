/**
 * The colour family of a status word. The dashboard always shows the word itself (StatusBadge); the tone only picks
 * its colour, so a status is never told by colour alone. Pure (unit-tested).
 *
 * - `ok`: running as meant (flow ACTIVE, channel RUNNING, HEALTHY, alarm OK, a poller cycle `ok`);
 * - `warn`: in transition or partly wrong (STARTING, UPDATING, INSUFFICIENT_DATA, DEGRADED, a cycle with `errors`);
 * - `bad`: needs an operator (ERROR, ALARM, UNHEALTHY, *_FAILED, DISCONNECTED, `stale`, `credentials-failed`);
 * - `idle`: stopped on purpose or not in use (STANDBY, IDLE, DISABLED, DELETED, a poller that `never` ran);
 * - `unknown`: a word this table does not know (shown neutral, never hidden).
 */
export type StatusTone = 'ok' | 'warn' | 'bad' | 'idle' | 'unknown';

const TONES: Record<Exclude<StatusTone, 'unknown'>, readonly string[]> = {
  ok: [
    // MediaConnect flows, outputs, entitlements; MediaLive channels, inputs; health; alarms; pollers; jobs.
    'ACTIVE',
    'RUNNING',
    'ENABLED',
    'ATTACHED',
    'HEALTHY',
    'CONNECTED',
    'RECEIVING',
    'SENDING',
    'OK',
    'CLEARED',
    'SUCCEEDED',
    'FINISHED',
    'LIVE',
    'IN_SYNC',
  ],
  warn: [
    'STARTING',
    'STOPPING',
    'UPDATING',
    'CREATING',
    'DELETING',
    'RECOVERING',
    'PENDING',
    'IN_PROGRESS',
    'INPROGRESS',
    'SCHEDULED',
    'RESCHEDULED',
    'INSUFFICIENT_DATA',
    'DEGRADED',
    'WARNING',
    'MINOR',
    'ERRORS',
    'INCOMPLETE',
    'UNPROVEN',
    'BEHIND',
  ],
  bad: [
    'ERROR',
    'FAILED',
    'CREATE_FAILED',
    'UPDATE_FAILED',
    'ALARM',
    'SET',
    'UNHEALTHY',
    'DISCONNECTED',
    'DOWN',
    'CRITICAL',
    'MAJOR',
    'STALE',
    'CREDENTIALS_FAILED',
    'BROKEN',
  ],
  idle: ['STANDBY', 'IDLE', 'DISABLED', 'DETACHED', 'DELETED', 'CANCELED', 'CANCELLED', 'NEVER', 'OFF', 'NOT_STARTED'],
};

const TONE_OF = new Map<string, StatusTone>(
  (Object.entries(TONES) as [StatusTone, readonly string[]][]).flatMap(([tone, words]) =>
    words.map((word) => [word, tone] as const),
  ),
);

/** The tone of a status word, case-insensitive; `-` and spaces read as `_` (`credentials-failed`, `In progress`). */
export function statusTone(status: string | undefined | null): StatusTone {
  if (!status) return 'unknown';
  return (
    TONE_OF.get(
      status
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_'),
    ) ?? 'unknown'
  );
}
