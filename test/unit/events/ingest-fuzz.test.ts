import fc from 'fast-check';
import { ingestMessages } from '../../../lambdas/events/ingest';
import {
  fixture,
  Fixture,
  FLOW_ARN,
  rawMessage,
  snsEnvelope,
  SOURCE_ARN,
  storedChild,
  storedFlow,
  testIngest,
} from './event-fixtures';

/**
 * Property: whatever a valid event is mutated into (fields dropped, types changed, junk injected, JSON truncated,
 * detail-types swapped), ingesting it never throws and never fails: it is either applied or recorded as unparsed,
 * and the store shows which.
 */

const EVENT_FIXTURES = [
  'mediaconnect-flow-status-change',
  'mediaconnect-flow-health',
  'mediaconnect-source-health',
  'mediaconnect-output-health',
  'mediaconnect-output-status-change',
  'mediaconnect-alert',
  'mediaconnect-flow-maintenance',
  'mediaconnect-flow-content-quality',
  'medialive-channel-state-change',
  'medialive-channel-alert-set',
  'medialive-channel-input-change',
  'mediapackage-input-notification',
  'mediapackage-key-provider-notification',
  'mediapackage-harvest-job-notification',
  'eventbridge-alarm-state-change',
];
const ALARM_FIXTURES = [
  'alarm-message-flow',
  'alarm-message-source',
  'alarm-message-metric-math',
  'alarm-message-legacy',
  'alarm-message-medialive',
  'alarm-message-mediapackage',
];
const DETAIL_TYPES = EVENT_FIXTURES.map((name) => fixture(name)['detail-type'] as string);

type Json = unknown;
type Path = (string | number)[];

/** Every path to a value inside a JSON document (the root excluded). */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  }
  return [];
}

function parentOf(root: Json, path: Path): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

type Mutation =
  | { kind: 'drop'; pick: number }
  | { kind: 'retype'; pick: number; value: Json }
  | { kind: 'inject'; pick: number; key: string; value: Json }
  | { kind: 'truncate'; at: number }
  | { kind: 'swapDetailType'; pick: number }
  | { kind: 'longString'; pick: number; length: number };

const junk = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    '',
    0,
    -1,
    1e308,
    true,
    [],
    {},
    'arn:aws:mediaconnect:::flow::',
    'ALARM',
    '2024-13-45T99:99:99Z',
    '💥\u0000',
  ),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), value: junk }),
  fc.record({ kind: fc.constant('inject' as const), pick: fc.nat(), key: fc.string({ maxLength: 12 }), value: junk }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapDetailType' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('longString' as const),
    pick: fc.nat(),
    // Around DynamoDB's key limits (1,024 and 2,048 bytes) and far beyond (400 KB items).
    length: fc.oneof(fc.integer({ min: 800, max: 2_100 }), fc.integer({ min: 2_100, max: 500_000 })),
  }),
);

/** Applies mutations to a JSON document; a truncation ends the document as text. */
function mutate(document: Json, mutations: readonly Mutation[]): string {
  const doc = structuredClone(document);
  for (const m of mutations) {
    if (m.kind === 'truncate') {
      const text = JSON.stringify(doc);
      return text.slice(0, m.at % Math.max(1, text.length));
    }
    if (m.kind === 'swapDetailType') {
      if (doc && typeof doc === 'object' && 'detail-type' in doc)
        (doc as Record<string, unknown>)['detail-type'] = DETAIL_TYPES[m.pick % DETAIL_TYPES.length];
      continue;
    }
    const paths = pathsOf(doc);
    if (paths.length === 0) continue;
    const path = paths[m.pick % paths.length] as Path;
    const parent = parentOf(doc, path);
    const key = path[path.length - 1] as string | number;
    if (m.kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (m.kind === 'retype') {
      parent[key] = m.value;
    } else if (m.kind === 'inject') {
      const target = parent[key];
      if (target && typeof target === 'object' && !Array.isArray(target))
        (target as Record<string, unknown>)[m.key] = m.value;
      else parent[key] = { [m.key]: m.value };
    } else if (m.kind === 'longString') {
      // Stretching an existing string keeps what makes it valid (an ARN's prefix), so length limits get exercised.
      const current = parent[key];
      parent[key] = `${typeof current === 'string' ? current : ''}${'x'.repeat(m.length)}`;
    }
  }
  return JSON.stringify(doc) ?? 'undefined';
}

/** A mutated input: an EventBridge event, an alarm inside an SNS envelope (mutated inside or outside), or raw SNS. */
const mutatedBody: fc.Arbitrary<{ body: string; label: string }> = fc.oneof(
  fc
    .record({ name: fc.constantFrom(...EVENT_FIXTURES), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) })
    .map(({ name, mutations }) => ({
      body: mutate(fixture(name), mutations),
      label: `${name} ${JSON.stringify(mutations).slice(0, 200)}`,
    })),
  fc
    .record({ name: fc.constantFrom(...ALARM_FIXTURES), inner: fc.array(mutation, { minLength: 1, maxLength: 3 }) })
    .map(({ name, inner }) => ({
      body: JSON.stringify(snsEnvelope(mutate(fixture(name), inner))),
      label: `sns(${name} ${JSON.stringify(inner).slice(0, 200)})`,
    })),
  fc
    .record({ name: fc.constantFrom(...ALARM_FIXTURES), outer: fc.array(mutation, { minLength: 1, maxLength: 3 }) })
    .map(({ name, outer }) => ({
      body: mutate(snsEnvelope(fixture(name)) as Fixture, outer),
      label: `sns-envelope(${name}) ${JSON.stringify(outer).slice(0, 200)}`,
    })),
);

function seeded() {
  const t = testIngest();
  t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
  return t;
}

describe('ingestMessages under fuzzed input', () => {
  it('applies or records as unparsed every one of 600 mutated events, never failing one', async () => {
    // Prepare
    const seen = { applied: 0, unparsed: 0 };

    // Act & Assess
    await fc.assert(
      fc.asyncProperty(mutatedBody, async ({ body }) => {
        const t = seeded();
        const result = await ingestMessages(t.deps, [rawMessage(body)]);
        const [outcome] = result.outcomes;
        expect(result.outcomes).toHaveLength(1);
        expect(outcome?.result === 'applied' || outcome?.result === 'unparsed').toBe(true);
        seen[outcome?.result as 'applied' | 'unparsed']++;
        // The store shows the verdict: a history entry for what was applied, an unparsed record for the rest.
        const unparsedRecords = t.store.itemsWithPk('UNPARSED#').length;
        const historyEntries = t.store.itemsWithPk('EVENTS#').length;
        if (outcome?.result === 'unparsed') expect([unparsedRecords, historyEntries]).toEqual([1, 0]);
        else expect(unparsedRecords === 0 && historyEntries >= 1).toBe(true);
        expect(t.metrics.get('MessagesApplied') + t.metrics.get('UnparsedMessages')).toBe(1);
        expect(t.metrics.get('MessagesFailed')).toBe(0);
      }),
      { numRuns: 600, seed: 20240514 },
    );
    // Both verdicts occur: the mutations are neither all harmless nor all fatal.
    expect(seen.applied).toBeGreaterThan(50);
    expect(seen.unparsed).toBeGreaterThan(50);
  });

  it('accounts for every input of mixed batches: applied + unparsed + duplicate = inputs', async () => {
    // Act & Assess
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedBody, { minLength: 1, maxLength: 10 }), async (bodies) => {
        const t = seeded();
        const result = await ingestMessages(
          t.deps,
          bodies.map(({ body }) => rawMessage(body)),
        );
        const count = (r: string) => result.outcomes.filter((o) => o.result === r).length;
        expect(count('failed')).toBe(0);
        expect(count('applied') + count('unparsed') + count('duplicate')).toBe(bodies.length);
        expect(t.metrics.get('MessagesApplied')).toBe(count('applied'));
        expect(t.metrics.get('UnparsedMessages')).toBe(count('unparsed'));
        // A duplicate (same MessageId) may have written its own record before losing the marker; never fewer.
        const records = t.store.itemsWithPk('UNPARSED#').length;
        expect(records).toBeGreaterThanOrEqual(count('unparsed'));
        expect(records).toBeLessThanOrEqual(count('unparsed') + count('duplicate'));
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
