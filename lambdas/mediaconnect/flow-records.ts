import { recordHash } from '../polling/record-building';
import { ENGINE_OWNED_FIELDS } from '../polling/tree-sync';
import { contentHash } from '../store/content-hash';
import { childSk, listPk, listSk, META_SK, resourcePk } from '../store/keys';
import type { EntitlementDocument, FlowDocument, OutputDocument, SourceDocument } from './flow-describe';
import type { EntitlementRecord, FlowChildRecord, FlowRecord, OutputRecord, SourceRecord } from './flow-model';
import { redactSecretText } from '../shared/secret-filter';
import { encryptionSummary, withoutSecrets } from './flow-secrets';

/**
 * Builds the stored records of one flow from its DescribeFlow document: the flow `#META` item and one item per source,
 * output and entitlement. Values are stored as they come (a protocol AWS adds tomorrow is stored as-is); encryption
 * keeps only its non-secret fields and any field whose name looks secret is dropped. Each record carries the `hash`
 * of its content, and the flow the `treeHash` over itself and its children.
 */

export interface FlowRecordContext {
  account: string;
  region: string;
  /** Epoch ms of the DescribeFlow request: every record's `version`. */
  observedAtMs: number;
  /** DescribeFlow `Messages.Errors`. */
  messages: readonly string[];
  tags?: Record<string, string>;
}

/** A flow's records; `lastPolledAt` is set by the writer. */
export interface FlowRecordSet {
  flow: FlowRecord;
  children: FlowChildRecord[];
}

/** The flow fields the poller owns on the `#META` item (everything else there, e.g. `polling`, `health`, belongs to others). */
export const POLLER_OWNED_FLOW_FIELDS = [
  ...ENGINE_OWNED_FIELDS,
  'availabilityZone',
  'sourceType',
  'description',
  'egressIp',
  'flowSize',
  'maintenance',
  'sourceFailoverConfig',
  'vpcInterfaces',
  'mediaStreams',
  'sourceMonitoringConfig',
  'messages',
  'tags',
  'additionalFields',
  'childCount',
] as const;

/** Flow fields that hold free-form arrays or maps AWS can grow: cut first when the item is too large. */
export const FLOW_TRUNCATABLE_FIELDS = ['mediaStreams', 'messages', 'vpcInterfaces', 'additionalFields'] as const;

const FLOW_FIELDS = new Set([
  'flowArn',
  'name',
  'status',
  'availabilityZone',
  'description',
  'egressIp',
  'flowSize',
  'maintenance',
  'sourceFailoverConfig',
  'vpcInterfaces',
  'mediaStreams',
  'sourceMonitoringConfig',
  'source',
  'sources',
  'outputs',
  'entitlements',
]);

/** Members of MediaConnect's `Transport`. moto (and the create requests) have them flat on the source or output. */
export const TRANSPORT_FIELDS: ReadonlySet<string> = new Set([
  'protocol',
  'maxBitrate',
  'maxLatency',
  'minLatency',
  'maxSyncBuffer',
  'smoothingLatency',
  'streamId',
  'remoteId',
  'cidrAllowList',
  'senderControlPort',
  'senderIpAddress',
  'sourceListenerAddress',
  'sourceListenerPort',
  'ndiSpeedHqQuality',
  'ndiProgramName',
  'ndiSourceSettings',
]);

/** Transport fields stored as top-level record fields; the rest stay under `transport`. */
const PROMOTED_TRANSPORT_FIELDS = ['protocol', 'maxBitrate', 'maxLatency', 'minLatency'] as const;

/** Source members read explicitly or kept top-level (Source has its own `senderControlPort`/`senderIpAddress`). */
const SOURCE_FIELDS = new Set([
  'name',
  'sourceArn',
  'ingestIp',
  'ingestPort',
  'whitelistCidr',
  'entitlementArn',
  'decryption',
  'vpcInterfaceName',
  'description',
  'dataTransferSubscriberFeePercent',
  'transport',
  'senderControlPort',
  'senderIpAddress',
]);

const OUTPUT_FIELDS = new Set([
  'name',
  'outputArn',
  'destination',
  'port',
  'outputStatus',
  'listenerAddress',
  'mediaLiveInputArn',
  'entitlementArn',
  'encryption',
  'description',
  'transport',
]);

const ENTITLEMENT_FIELDS = new Set([
  'name',
  'entitlementArn',
  'subscribers',
  'dataTransferSubscriberFeePercent',
  'entitlementStatus',
  'description',
  'encryption',
]);

/** Names a child record uses itself; an unknown AWS field with one of these names is stored as `aws<Name>`. */
const RESERVED_CHILD_FIELDS = new Set([
  'pk',
  'sk',
  'type',
  'arn',
  'name',
  'flowArn',
  'hash',
  'account',
  'region',
  'observedAt',
  'version',
  'expiresAt',
  'gsi1pk',
  'gsi1sk',
  'truncated',
  'protocol',
  'status',
  'transport',
]);

export function buildFlowRecords(doc: FlowDocument, context: FlowRecordContext): FlowRecordSet {
  const common = {
    account: context.account,
    region: context.region,
    observedAt: new Date(context.observedAtMs).toISOString(),
    version: context.observedAtMs,
  };
  const sources = distinctByArn(doc.sources?.length ? doc.sources : doc.source ? [doc.source] : [], (s) => s.sourceArn);
  const children: FlowChildRecord[] = [
    ...sources.map((s) => sourceRecord(s, doc.flowArn, common)),
    ...distinctByArn(doc.outputs ?? [], (o) => o.outputArn).map((o) => outputRecord(o, doc.flowArn, common)),
    ...distinctByArn(doc.entitlements ?? [], (e) => e.entitlementArn).map((e) =>
      entitlementRecord(e, doc.flowArn, common),
    ),
  ];
  const flow = flowRecord(doc, context, common, children.length);
  flow.treeHash = treeHash(flow.hash, children);
  return { flow, children };
}

/** The hash over a flow's own hash and its children's hashes, order-independent. */
export function treeHash(flowHash: string, children: readonly { hash: string }[]): string {
  return contentHash({ flow: flowHash, children: children.map((c) => c.hash).sort() });
}

type Common = Pick<FlowRecord, 'account' | 'region' | 'observedAt' | 'version'>;

function flowRecord(doc: FlowDocument, context: FlowRecordContext, common: Common, childCount: number): FlowRecord {
  const primarySource = doc.sources?.[0] ?? doc.source;
  const additional = withoutSecrets(pickUnknown(doc, FLOW_FIELDS));
  const flow = compact({
    pk: resourcePk(doc.flowArn),
    sk: META_SK,
    type: 'mediaconnect:flow' as const,
    ...common,
    gsi1pk: listPk('mediaconnect:flow', context.account, context.region),
    gsi1sk: listSk(doc.name, doc.flowArn),
    arn: doc.flowArn,
    name: doc.name,
    status: doc.status,
    availabilityZone: str(doc.availabilityZone),
    // DescribeFlow has no SourceType; ListFlows derives it the same way: a source with an entitlement ARN is ENTITLED.
    sourceType: primarySource ? (str(primarySource.entitlementArn) ? 'ENTITLED' : 'OWNED') : undefined,
    description: str(doc.description),
    egressIp: str(doc.egressIp),
    flowSize: str(doc.flowSize),
    maintenance: recordOf(doc.maintenance),
    sourceFailoverConfig: recordOf(doc.sourceFailoverConfig),
    vpcInterfaces: recordList(doc.vpcInterfaces),
    mediaStreams: recordList(doc.mediaStreams),
    sourceMonitoringConfig: recordOf(doc.sourceMonitoringConfig),
    messages: context.messages.length ? [...context.messages] : undefined,
    tags: context.tags && Object.keys(context.tags).length ? { ...context.tags } : undefined,
    additionalFields: Object.keys(additional).length ? additional : undefined,
    childCount,
    hash: '',
    treeHash: '',
  }) as FlowRecord;
  flow.hash = recordHash(flow);
  return flow;
}

function sourceRecord(doc: SourceDocument, flowArn: string, common: Common): SourceRecord {
  const arn = doc.sourceArn as string;
  const transport = mergedTransport(doc, SOURCE_FIELDS);
  return withHash<SourceRecord>({
    ...childBase('SOURCE', 'mediaconnect:source', arn, doc.name, flowArn, common),
    ...promoted(transport),
    ingestIp: str(doc.ingestIp),
    ingestPort: num(doc.ingestPort),
    whitelistCidr: str(doc.whitelistCidr),
    entitlementArn: str(doc.entitlementArn),
    decryption: encryptionSummary(doc.decryption),
    vpcInterfaceName: str(doc.vpcInterfaceName),
    description: str(doc.description),
    dataTransferSubscriberFeePercent: num(doc.dataTransferSubscriberFeePercent),
    senderControlPort: num(doc.senderControlPort),
    senderIpAddress: str(doc.senderIpAddress),
    transport: remainingTransport(transport),
    ...extras(doc, SOURCE_FIELDS),
  });
}

function outputRecord(doc: OutputDocument, flowArn: string, common: Common): OutputRecord {
  const arn = doc.outputArn as string;
  const transport = mergedTransport(doc, OUTPUT_FIELDS);
  return withHash<OutputRecord>({
    ...childBase('OUTPUT', 'mediaconnect:output', arn, doc.name, flowArn, common),
    ...promoted(transport),
    destination: str(doc.destination),
    port: num(doc.port),
    status: str(doc.outputStatus),
    listenerAddress: str(doc.listenerAddress),
    mediaLiveInputArn: str(doc.mediaLiveInputArn),
    entitlementArn: str(doc.entitlementArn),
    encryption: encryptionSummary(doc.encryption),
    description: str(doc.description),
    transport: remainingTransport(transport),
    ...extras(doc, OUTPUT_FIELDS),
  });
}

function entitlementRecord(doc: EntitlementDocument, flowArn: string, common: Common): EntitlementRecord {
  const arn = doc.entitlementArn as string;
  return withHash<EntitlementRecord>({
    ...childBase('ENTITLEMENT', 'mediaconnect:entitlement', arn, doc.name, flowArn, common),
    subscribers: [...(doc.subscribers ?? [])],
    dataTransferSubscriberFeePercent: num(doc.dataTransferSubscriberFeePercent),
    status: str(doc.entitlementStatus),
    description: str(doc.description),
    encryption: encryptionSummary(doc.encryption),
    ...extras(doc, ENTITLEMENT_FIELDS),
  });
}

function childBase<K extends FlowChildRecord['type']>(
  kind: 'SOURCE' | 'OUTPUT' | 'ENTITLEMENT',
  type: K,
  arn: string,
  name: string,
  flowArn: string,
  common: Common,
) {
  return { pk: resourcePk(flowArn), sk: childSk(kind, arn), type, ...common, arn, name, flowArn, hash: '' };
}

function withHash<T extends FlowChildRecord>(record: Record<string, unknown>): T {
  const compacted = compact(record);
  compacted.hash = recordHash(compacted);
  return compacted as T;
}

/** Transport read from the `transport` object first, then from flat fields (moto, and create-request shapes). */
function mergedTransport(doc: Record<string, unknown>, ownFields: ReadonlySet<string>): Record<string, unknown> {
  const flat = Object.fromEntries(
    Object.entries(doc).filter(([key]) => TRANSPORT_FIELDS.has(key) && !ownFields.has(key)),
  );
  return { ...flat, ...recordOf(doc.transport) };
}

function promoted(transport: Record<string, unknown>) {
  return {
    protocol: str(transport.protocol),
    maxBitrate: num(transport.maxBitrate),
    maxLatency: num(transport.maxLatency),
    minLatency: num(transport.minLatency),
  };
}

function remainingTransport(transport: Record<string, unknown>): Record<string, unknown> | undefined {
  const rest = withoutSecrets(
    Object.fromEntries(
      Object.entries(transport).filter(([key]) => !(PROMOTED_TRANSPORT_FIELDS as readonly string[]).includes(key)),
    ),
  );
  return Object.keys(rest).length ? rest : undefined;
}

/** Members the record does not read explicitly, without secrets, renamed when they clash with a record field. */
function extras(doc: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(withoutSecrets(pickUnknown(doc, known)))) {
    if (TRANSPORT_FIELDS.has(key)) continue; // stored under `transport` or promoted
    out[RESERVED_CHILD_FIELDS.has(key) ? `aws${key.charAt(0).toUpperCase()}${key.slice(1)}` : key] = value;
  }
  return out;
}

function pickUnknown(doc: Record<string, unknown>, known: ReadonlySet<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key, value]) => !known.has(key) && value !== undefined));
}

/** Children without an ARN cannot be keyed (only moto's add_flow_outputs produces them); duplicates are kept once. */
function distinctByArn<T>(items: readonly T[], arnOf: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const arn = arnOf(item);
    if (!arn || seen.has(arn)) return false;
    seen.add(arn);
    return true;
  });
}

function compact<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** A stored string: free text (a description) can carry a secret value, so each one goes through the secret filter. */
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? redactSecretText(value) : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function recordOf(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const cleaned = withoutSecrets(value as Record<string, unknown>);
  return Object.keys(cleaned).length ? cleaned : undefined;
}

function recordList(value: unknown): Record<string, unknown>[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value
    .filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v))
    .map((v) => withoutSecrets(v));
  return list.length ? list : undefined;
}
