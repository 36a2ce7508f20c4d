/**
 * The MediaLive states the list routes filter by (`?status=`), and which of them allow a start or a stop. They mirror
 * the route's enums (lambdas/api/medialive/routes.ts) and the action's rules (channel-actions.ts) without importing
 * the server code into the browser; a unit test holds them equal.
 */

export const CHANNEL_STATES = [
  'CREATING',
  'CREATE_FAILED',
  'IDLE',
  'STARTING',
  'RUNNING',
  'RECOVERING',
  'STOPPING',
  'DELETING',
  'DELETED',
  'UPDATING',
  'UPDATE_FAILED',
] as const;
export const INPUT_STATES = ['CREATING', 'DETACHED', 'ATTACHED', 'DELETING', 'DELETED'] as const;
export const INPUT_DEVICE_STATES = ['DISCONNECTED', 'CONNECTED'] as const;

/** States in which the API refuses both start and stop (409): a transition is under way, or the channel is unusable. */
const REFUSING_BOTH: ReadonlySet<string> = new Set([
  'STARTING',
  'STOPPING',
  'UPDATING',
  'RECOVERING',
  'CREATING',
  'CREATE_FAILED',
  'DELETING',
  'DELETED',
]);

/** The actions a channel's stored state allows: start unless RUNNING, stop unless IDLE, neither while it changes. */
export function channelActionsFor(status: string | undefined): { start: boolean; stop: boolean } {
  const state = status ?? 'UNKNOWN';
  if (REFUSING_BOTH.has(state)) return { start: false, stop: false };
  return { start: state !== 'RUNNING', stop: state !== 'IDLE' };
}
