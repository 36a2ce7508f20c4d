/**
 * Counts the AWS calls the pollers make, by `Service.Operation`, with an SDK middleware on each client they are given,
 * and what DynamoDB really wrote: items per kind (inventory, metrics, poller status, …), counted from the request when
 * the write succeeded. A conditional write that DynamoDB refused wrote nothing and is counted apart.
 */

/** What a written item is, from its key (see lambdas/store/keys.ts). */
export type ItemKind = 'inventory' | 'metrics' | 'alarm' | 'pollerStatus' | 'event' | 'other';

export interface CallCounts {
  /** Logical calls (one per `send`), by `Service.Operation`. */
  readonly calls: Record<string, number>;
  /** HTTP attempts beyond the first, summed over calls (the SDK's retries, mostly throttles). */
  readonly retries: number;
  /** Calls that failed after the SDK's retries, by `Service.Operation`. Refused conditional writes are not failures. */
  readonly failures: Record<string, number>;
  readonly itemsWritten: Record<ItemKind, number>;
  readonly conditionalWritesRefused: number;
}

const emptyItems = (): Record<ItemKind, number> => ({
  inventory: 0,
  metrics: 0,
  alarm: 0,
  pollerStatus: 0,
  event: 0,
  other: 0,
});

/** Accumulates counts from every client instrumented with it; `snapshot` and `since` read them per phase. */
export class AwsCallCounter {
  private counts = { calls: {} as Record<string, number>, retries: 0, failures: {} as Record<string, number> };
  private items = emptyItems();
  private refused = 0;

  recordCall(operation: string): void {
    this.counts.calls[operation] = (this.counts.calls[operation] ?? 0) + 1;
  }

  recordRetries(count: number): void {
    this.counts.retries += count;
  }

  recordFailure(operation: string): void {
    this.counts.failures[operation] = (this.counts.failures[operation] ?? 0) + 1;
  }

  recordWrites(kinds: readonly ItemKind[]): void {
    for (const kind of kinds) this.items[kind]++;
  }

  recordRefusedWrite(): void {
    this.refused++;
  }

  snapshot(): CallCounts {
    return {
      calls: { ...this.counts.calls },
      retries: this.counts.retries,
      failures: { ...this.counts.failures },
      itemsWritten: { ...this.items },
      conditionalWritesRefused: this.refused,
    };
  }

  /** The counts since an earlier snapshot: what one phase did. */
  since(before: CallCounts): CallCounts {
    const now = this.snapshot();
    return {
      calls: subtract(now.calls, before.calls),
      retries: now.retries - before.retries,
      failures: subtract(now.failures, before.failures),
      itemsWritten: subtract(now.itemsWritten, before.itemsWritten) as Record<ItemKind, number>,
      conditionalWritesRefused: now.conditionalWritesRefused - before.conditionalWritesRefused,
    };
  }
}

function subtract(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(now)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0 || key in emptyItems()) out[key] = delta;
  }
  return out;
}

/** `MediaConnectClient` + `DescribeFlowCommand` → `MediaConnect.DescribeFlow`. */
export function operationName(clientName: string | undefined, commandName: string | undefined): string {
  const service = (clientName ?? 'Unknown').replace(/Client$/, '');
  const operation = (commandName ?? 'Unknown').replace(/Command$/, '');
  return `${service}.${operation}`;
}

/** The kind of a stored item, from its pk and sk. */
export function itemKind(pk: string | undefined, sk: string | undefined): ItemKind {
  if (pk === undefined) return 'other';
  if (pk.startsWith('POLLER#')) return 'pollerStatus';
  if (pk.startsWith('EVENTS#')) return 'event';
  if (!pk.startsWith('RES#') || sk === undefined) return 'other';
  if (sk === '#META' || /^(SOURCE|OUTPUT|ENTITLEMENT)#/.test(sk)) return 'inventory';
  if (sk.startsWith('METRICS#')) return 'metrics';
  if (sk.startsWith('ALARM#')) return 'alarm';
  return 'other';
}

type Key = Record<string, unknown> | undefined;

/** A key attribute as a string, whether the request is a document-client one (`'x'`) or marshalled (`{ S: 'x' }`). */
function keyString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string')
    return (value as { S: string }).S;
  return undefined;
}

const kindOf = (key: Key): ItemKind => itemKind(keyString(key?.pk), keyString(key?.sk));

interface WriteRequest {
  PutRequest?: { Item?: Key };
  DeleteRequest?: { Key?: Key };
}

/**
 * The items a DynamoDB write request writes, by kind, given its answer (BatchWriteItem's UnprocessedItems were not
 * written). Reads and unknown operations write nothing.
 */
export function writtenItemKinds(
  operation: string,
  input: Record<string, unknown>,
  output: Record<string, unknown> = {},
): ItemKind[] {
  switch (operation) {
    case 'PutItem':
      return [kindOf(input.Item as Key)];
    case 'UpdateItem':
    case 'DeleteItem':
      return [kindOf(input.Key as Key)];
    case 'BatchWriteItem': {
      const kinds = (requests: unknown): ItemKind[] =>
        Object.values((requests ?? {}) as Record<string, WriteRequest[]>).flatMap((list) =>
          list.map((r) => kindOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key)),
        );
      const unprocessed = kinds(output.UnprocessedItems);
      const written = kinds(input.RequestItems);
      for (const kind of unprocessed) written.splice(written.indexOf(kind), 1);
      return written;
    }
    case 'TransactWriteItems':
      return ((input.TransactItems ?? []) as Record<string, { Item?: Key; Key?: Key } | undefined>[]).flatMap((t) => {
        const write = t.Put ?? t.Update ?? t.Delete;
        return write ? [kindOf(write.Item ?? write.Key)] : [];
      });
    default:
      return [];
  }
}

const isConditionalRefusal = (error: unknown): boolean =>
  ['ConditionalCheckFailedException', 'TransactionCanceledException'].includes(
    (error as Error | undefined)?.name ?? '',
  );

interface MetadataBearer {
  $metadata?: { attempts?: number };
}

type InitializeHandler = (args: { input: object }) => Promise<{ output: unknown }>;

/** Structurally any SDK v3 client (the pinned clients depend on different @smithy/types versions). */
export interface InstrumentableClient {
  middlewareStack: {
    add(
      middleware: (
        next: InitializeHandler,
        context: { clientName?: string; commandName?: string },
      ) => InitializeHandler,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

/**
 * Adds the counting middleware to a client (or a DynamoDBDocumentClient, which shares its client's stack). It sits in
 * the initialize step, outside the retry loop, so each `send` counts once; `$metadata.attempts` gives the retries.
 */
export function instrumentClient(client: InstrumentableClient, counter: AwsCallCounter): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationName(context.clientName, context.commandName);
      const shortName = operation.slice(operation.indexOf('.') + 1);
      counter.recordCall(operation);
      try {
        const result = await next(args);
        const attempts = (result.output as MetadataBearer | undefined)?.$metadata?.attempts ?? 1;
        counter.recordRetries(Math.max(0, attempts - 1));
        counter.recordWrites(
          writtenItemKinds(
            shortName,
            args.input as unknown as Record<string, unknown>,
            result.output as unknown as Record<string, unknown>,
          ),
        );
        return result;
      } catch (error) {
        const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        counter.recordRetries(Math.max(0, attempts - 1));
        if (isConditionalRefusal(error)) counter.recordRefusedWrite();
        else counter.recordFailure(operation);
        throw error;
      }
    },
    { step: 'initialize', name: 'benchCallCounter', override: true },
  );
}
