// replaced at integration
/**
 * The MediaLive inventory function's entry, so the CDK can bundle and deploy-test the function before the engine's
 * handler factory (lambdas/polling) and the MediaLive service (lambdas/medialive/service.ts) meet in one branch. The
 * integrator replaces this file with `createInventoryHandler(mediaLiveInventory, …)`.
 *
 * Until then it polls nothing and fails every invocation with a clear error, so a deployment of it alarms (its
 * dead-letter queue and the stalled-poller alarm) instead of passing for a poller. It creates the MediaLive client at
 * module load as the real handler will (one attempt per send: the request budget is the one retry layer), so the
 * bundle carries the SDK the size guard is about.
 */
import { MediaLiveClient } from '@aws-sdk/client-medialive';

export class MediaLiveInventoryNotWiredError extends Error {
  constructor() {
    super('The MediaLive inventory handler is not wired to the polling engine in this build');
    this.name = 'MediaLiveInventoryNotWiredError';
  }
}

export const mediaLiveClient = new MediaLiveClient({ retryMode: 'standard', maxAttempts: 1 });

export const handler = async (): Promise<never> => {
  throw new MediaLiveInventoryNotWiredError();
};
