import { DescribeFlowCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import * as z from 'zod';
import type { Clock } from '../shared/clock';
import type { RequestBudget } from '../polling/request-budget';

/**
 * DescribeFlow as a validated, camelCase document: the wire form of the response.
 *
 * The SDK's deserializer keeps only the members its model knows. The pinned client predates fields such as `FlowSize`
 * and the NDI transport settings, and moto answers with flat `protocol`/`maxLatency`/… on sources and outputs instead of
 * a `transport` object, which the SDK drops. So the raw JSON body is captured on the way in and used as the document;
 * when no body was seen (a mocked client), the SDK output is normalised to the same shape (JSON names are the member
 * names with a lower-case first letter, for every MediaConnect member). The capture is for AWS's own answers first:
 * 3.654.0 is the newest client-mediaconnect the registry has, and on AWS's shape it drops `flowSize`, `ndiConfig` and
 * the NDI transport members (test/unit/mediaconnect/flow-describe-aws-shape.test.ts).
 */

const looseRecord = z.record(z.string(), z.unknown());

const sourceDocument = z.looseObject({
  name: z.string(),
  sourceArn: z.string().optional(),
  transport: looseRecord.optional(),
  decryption: looseRecord.optional(),
});

const outputDocument = z.looseObject({
  name: z.string(),
  outputArn: z.string().optional(),
  transport: looseRecord.optional(),
  encryption: looseRecord.optional(),
});

// moto's UpdateFlowEntitlement nulls the entitlement's name; the ARN ends in it (`entitlement:<id>:<name>`), so fall back.
const entitlementDocument = z
  .looseObject({
    name: z.string().nullish(),
    entitlementArn: z.string().optional(),
    subscribers: z.array(z.string()).optional(),
    encryption: looseRecord.optional(),
  })
  .transform((e): typeof e & { name: string } => ({ ...e, name: e.name ?? e.entitlementArn?.split(':').pop() ?? '' }));

const flowDocument = z.looseObject({
  flowArn: z.string().min(1),
  name: z.string(),
  status: z.string(),
  source: sourceDocument.optional(),
  sources: z.array(sourceDocument).optional(),
  outputs: z.array(outputDocument).optional(),
  entitlements: z.array(entitlementDocument).optional(),
});

const describeFlowDocument = z.looseObject({
  flow: flowDocument,
  messages: z.looseObject({ errors: z.array(z.string()).optional() }).optional(),
});

export type FlowDocument = z.infer<typeof flowDocument>;
export type SourceDocument = z.infer<typeof sourceDocument>;
export type OutputDocument = z.infer<typeof outputDocument>;
export type EntitlementDocument = z.infer<typeof entitlementDocument>;

/** A DescribeFlow answer that does not have the shape of a flow. */
export class FlowDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowDocumentError';
  }
}

export interface DescribedFlow {
  document: FlowDocument;
  /** `Messages.Errors`: the flow's current alerts. */
  messages: string[];
  /** Epoch ms at which the request went out: the version of everything built from it. */
  observedAtMs: number;
}

/** DescribeFlow through the call budget (rate limit, counting, throttle retry). NotFound and other errors propagate. */
export async function describeFlow(
  client: MediaConnectClient,
  budget: RequestBudget,
  clock: Clock,
  flowArn: string,
): Promise<DescribedFlow> {
  let observedAtMs = clock.now();
  let wireBody: unknown;
  const output = await budget.call('DescribeFlow', () => {
    observedAtMs = clock.now();
    const command = new DescribeFlowCommand({ FlowArn: flowArn });
    captureJsonBody(command, (body) => (wireBody = body));
    return client.send(command);
  });
  return { ...parseDescribeFlow(wireBody ?? output), observedAtMs };
}

/** Validates a DescribeFlow answer, in wire form or as SDK output, into the camelCase document. */
export function parseDescribeFlow(response: unknown): Omit<DescribedFlow, 'observedAtMs'> {
  const parsed = describeFlowDocument.safeParse(normalizeDocument(response));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FlowDocumentError(
      `DescribeFlow answer is not a flow: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
    );
  }
  return { document: parsed.data.flow, messages: parsed.data.messages?.errors ?? [] };
}

/**
 * Keys with a lower-case first letter (SDK `FlowArn` → wire `flowArn`; wire keys stay as they are), nulls and the SDK's
 * `$metadata` dropped, so the wire body and the SDK output of the same answer normalise to the same document.
 */
export function normalizeDocument(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(normalizeDocument);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined || key === '$metadata') continue;
    out[key.charAt(0).toLowerCase() + key.slice(1)] = normalizeDocument(v);
  }
  return out;
}

type DescribeFlowMiddleware = Parameters<DescribeFlowCommand['middlewareStack']['add']>[0];

/**
 * Adds a middleware inside the deserializer (deserialize step, low priority) that buffers a successful response body,
 * hands its JSON to `sink`, and puts the bytes back for the SDK's own deserializer.
 */
function captureJsonBody(command: DescribeFlowCommand, sink: (body: unknown) => void): void {
  const middleware: DescribeFlowMiddleware = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    if (response?.statusCode === 200 && response.body !== undefined) {
      const bytes = await collectBytes(response.body);
      if (bytes) {
        response.body = bytes;
        try {
          sink(JSON.parse(Buffer.from(bytes).toString('utf8')));
        } catch {
          // Not JSON: the SDK's deserializer reports it.
        }
      }
    }
    return result;
  };
  command.middlewareStack.add(middleware, { step: 'deserialize', priority: 'low', name: 'captureDescribeFlowJson' });
}

async function collectBytes(body: unknown): Promise<Uint8Array | undefined> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  return undefined;
}
