import { MediaConnectClient, StopFlowCommand } from '@aws-sdk/client-mediaconnect';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { deliveryLine, stopFlowThroughChangePath } from '../../../bin/local/change-probe';
import type { Delivery } from '../../../bin/local/cloudtrail-emulator';
import { CHANGE_PATH_STATE_SK } from '../../../lambdas/store/keys';

const mediaConnectMock = mockClient(MediaConnectClient);
const FLOW = { arn: 'arn:aws:mediaconnect:us-east-1:123456789012:flow:1-abc:Studio-Return', name: 'Studio-Return' };
const WHERE = { account: '123456789012', region: 'us-east-1' };

/** A store whose flow `#META` status reads as scripted, one answer per read (the last one repeats). */
function scriptedStore(statuses: (string | undefined)[]) {
  let reads = 0;
  return {
    get: async <T>() => {
      const status = statuses[Math.min(reads++, statuses.length - 1)];
      return (status === undefined ? undefined : { status }) as T | undefined;
    },
  };
}

/** A clock that moves 40 ms per read. */
function steppingClock(start = 1_000_000) {
  let now = start;
  return () => (now += 40);
}

const delivery = (overrides: Partial<Delivery> = {}): Delivery => ({
  call: { eventName: 'StopFlow', service: 'mediaconnect', calledAtMs: 1_764_648_000_250, returnedAtMs: 0, event: {} },
  settledAtMs: 1_764_648_000_390,
  ok: true,
  ...overrides,
});

describe('change path probe', () => {
  beforeEach(() => {
    mediaConnectMock.reset();
    mediaConnectMock.on(StopFlowCommand).resolves({ FlowArn: FLOW.arn, Status: 'STOPPING' });
  });

  it('stops an active flow and reports how long the store took to show it', async () => {
    // Prepare
    const store = scriptedStore(['ACTIVE', 'ACTIVE', 'ACTIVE', 'STANDBY']);

    // Act
    const result = await stopFlowThroughChangePath(
      { mediaConnect: new MediaConnectClient({}), store, now: steppingClock() },
      FLOW,
    );

    // Assess
    expect(mediaConnectMock).toHaveReceivedCommandWith(StopFlowCommand, { FlowArn: FLOW.arn });
    expect(result.ok).toBe(true);
    expect(result.storedAfterMs).toBeGreaterThan(0);
    expect(result.summary).toBe(
      `change path: StopFlow reached the store ${result.storedAfterMs} ms after the call (Studio-Return ACTIVE → STANDBY)`,
    );
  });

  it('says so when the store never shows the change within the wait', async () => {
    // Prepare
    const store = scriptedStore(['ACTIVE']);

    // Act
    const result = await stopFlowThroughChangePath(
      { mediaConnect: new MediaConnectClient({}), store, now: steppingClock(), waitMs: 200 },
      FLOW,
    );

    // Assess
    expect(result).toEqual({
      ok: false,
      summary: 'change path: StopFlow on Studio-Return not in the store 0.2 s after the call',
    });
  });

  it('does not stop a flow that is not active', async () => {
    // Prepare
    const store = scriptedStore(['STANDBY']);

    // Act
    const result = await stopFlowThroughChangePath({ mediaConnect: new MediaConnectClient({}), store }, FLOW);

    // Assess
    expect(result.ok).toBe(false);
    expect(mediaConnectMock).not.toHaveReceivedCommand(StopFlowCommand);
  });

  it('reads a delivery as reaching the store only when the change path recorded the event', async () => {
    // Prepare
    const recorded = {
      queryAll: async <T>() =>
        [{ sk: CHANGE_PATH_STATE_SK, lastEventAtMs: 1_764_648_000_000, lastEventName: 'StopFlow' }] as T[],
    };
    const nothing = { queryAll: async <T>() => [] as T[] };

    // Act
    const reached = await deliveryLine(recorded, WHERE, delivery());
    const unrecorded = await deliveryLine(nothing, WHERE, delivery());
    const failed = await deliveryLine(nothing, WHERE, delivery({ ok: false, error: 'Sandbox.Timedout: late' }));

    // Assess
    expect(reached).toBe('change path: StopFlow reached the store 140 ms after the call');
    expect(unrecorded).toBe(
      'change path: StopFlow delivered to the ingest 140 ms after the call, not recorded as a change',
    );
    expect(failed).toBe('change path: StopFlow failed at the ingest: Sandbox.Timedout: late');
  });
});
