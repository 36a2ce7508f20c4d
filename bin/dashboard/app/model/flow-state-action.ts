/** Flow statuses from which MediaConnect takes a start or stop; in any other (STARTING, STOPPING, UPDATING, DELETING,
 * or one AWS adds) the flow is changing, and the API answers 409. */
const SETTLED_STATUSES: readonly string[] = ['ACTIVE', 'STANDBY', 'ERROR'];

/**
 * Which of start and stop a flow's status offers, and whether it waits: a running (or starting, or updating) flow
 * offers "Stop flow", any other "Start flow" (an ERROR flow is started again); while the flow is changing the button
 * waits (disabled).
 */
export function stateActionOf(status: string): { action: 'start' | 'stop'; waiting: boolean } {
  const action = status === 'ACTIVE' || status === 'STARTING' || status === 'UPDATING' ? 'stop' : 'start';
  return { action, waiting: !SETTLED_STATUSES.includes(status) };
}
