import type { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import type { RequestBudget } from '../polling/request-budget';

/**
 * MediaPackage's List operations take `MaxResults` 1–1000 (the API reference). moto ignores it and returns every
 * item without a NextToken.
 */
export const LIST_PAGE_SIZE = 1000;

/**
 * The client, with every `send` going through the budget as one rate-limited, counted request without retry (an SDK
 * paginator needs a client instance; the engine retries a throttled page by restarting at its token). `onRequest` is
 * called as each request goes out: the observation time of what it answers.
 */
export function budgetedClient(
  client: MediaPackageClient,
  budget: RequestBudget,
  operation: string,
  onRequest?: () => void,
): MediaPackageClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'send') {
        const send = target.send.bind(target) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) =>
          budget.send(operation, () => {
            onRequest?.();
            return send(...args);
          });
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
