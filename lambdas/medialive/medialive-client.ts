import type { MediaLiveClient } from '@aws-sdk/client-medialive';
import type { RequestBudget } from '../polling/request-budget';
import { asUnavailable } from './medialive-errors';

/**
 * MediaLive's List operations take `MaxResults` up to 1000 (the API reference; the SDK model gives no bounds). moto
 * pages at 100 by default and honours MaxResults and NextToken.
 */
export const LIST_PAGE_SIZE = 1000;

export interface BudgetedClientOptions {
  /** Rethrow "forbidden / unknown operation / not implemented" as `MediaLiveUnavailableError` (never retried). */
  readonly unavailableIsTyped?: boolean;
  /** Called as each request goes out (after its rate-limit token): the observation time of what it answers. */
  readonly onRequest?: () => void;
}

/**
 * The client, with every `send` going through the budget as one rate-limited, counted request without retry (an SDK
 * paginator needs a client instance; the caller retries throttled pages by restarting at the page's token).
 */
export function budgetedClient(
  client: MediaLiveClient,
  budget: RequestBudget,
  operation: string,
  options: BudgetedClientOptions = {},
): MediaLiveClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'send') {
        const send = target.send.bind(target) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) =>
          budget.send(operation, async () => {
            options.onRequest?.();
            try {
              return await send(...args);
            } catch (error) {
              throw options.unavailableIsTyped ? asUnavailable(operation, error) : error;
            }
          });
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
