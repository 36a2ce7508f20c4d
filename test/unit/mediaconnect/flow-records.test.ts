import type { Flow } from '@aws-sdk/client-mediaconnect';
import { FlowDocumentError, normalizeDocument, parseDescribeFlow } from '../../../lambdas/mediaconnect/flow-describe';
import type { OutputRecord, SourceRecord } from '../../../lambdas/mediaconnect/flow-model';
import { buildFlowRecords, FlowRecordContext } from '../../../lambdas/mediaconnect/flow-records';
import { ACCOUNT, entitlementArn, flowArn, REGION, sdkFlow, sdkOutput, sdkSource } from './flow-fixtures';

const context: FlowRecordContext = {
  account: ACCOUNT,
  region: REGION,
  observedAtMs: Date.parse('2025-03-01T10:00:00Z'),
  messages: [],
};

function records(flow: Flow, overrides: Partial<FlowRecordContext> = {}) {
  return buildFlowRecords(parseDescribeFlow({ Flow: flow }).document, { ...context, ...overrides });
}

const source = (flow: Flow) => records(flow).children.find((c) => c.type === 'mediaconnect:source') as SourceRecord;
const output = (flow: Flow) => records(flow).children.find((c) => c.type === 'mediaconnect:output') as OutputRecord;

describe('buildFlowRecords', () => {
  it('stores an unknown protocol as it comes', () => {
    // Prepare
    const flow = sdkFlow('Alpha', {
      Outputs: [sdkOutput('Alpha', 'out-1', { Transport: { Protocol: 'quantum-entangled-v9' as never } })],
    });

    // Act
    const stored = output(flow);

    // Assess
    expect(stored.protocol).toBe('quantum-entangled-v9');
  });

  it('reads the Transport object first and the flat fields (moto) second', () => {
    // Prepare
    const nested = sdkFlow('Alpha', {
      Sources: [
        sdkSource('Alpha', 'primary', { Transport: { Protocol: 'rist', MaxLatency: 500 }, MaxLatency: 900 } as never),
      ],
    });
    const flat = sdkFlow('Alpha', {
      Sources: [
        sdkSource('Alpha', 'primary', {
          Transport: undefined,
          Protocol: 'zixi-push',
          MaxLatency: 900,
          MinLatency: 40,
          StreamId: 's1',
        } as never),
      ],
    });

    // Act
    const [fromNested, fromFlat] = [source(nested), source(flat)];

    // Assess
    expect(fromNested).toMatchObject({ protocol: 'rist', maxLatency: 500 });
    expect(fromFlat).toMatchObject({
      protocol: 'zixi-push',
      maxLatency: 900,
      minLatency: 40,
      transport: { streamId: 's1' },
    });
    expect(fromFlat).not.toHaveProperty('streamId');
  });

  it('keeps the remaining Transport fields under transport and new AWS fields as they come', () => {
    // Prepare
    const flow = sdkFlow('Alpha', {
      Outputs: [
        sdkOutput('Alpha', 'out-1', {
          Transport: { Protocol: 'srt-listener', MinLatency: 120, StreamId: 'feed', NdiProgramName: 'prog' } as never,
          VpcInterfaceAttachment: { VpcInterfaceName: 'vpc-a' },
          MediaLiveInputArn: 'arn:aws:medialive:eu-west-1:111122223333:input:123',
          ListenerAddress: '10.0.0.5',
          RouterIntegrationState: 'ENABLED',
          Status: 'SOMETHING_NEW',
        } as never),
      ],
    });

    // Act
    const stored = output(flow);

    // Assess
    expect(stored).toMatchObject({
      protocol: 'srt-listener',
      minLatency: 120,
      transport: { streamId: 'feed', ndiProgramName: 'prog' },
      vpcInterfaceAttachment: { vpcInterfaceName: 'vpc-a' },
      mediaLiveInputArn: 'arn:aws:medialive:eu-west-1:111122223333:input:123',
      listenerAddress: '10.0.0.5',
      status: 'ENABLED',
      routerIntegrationState: 'ENABLED',
      // A new AWS field whose name the record already uses is kept under another name.
      awsStatus: 'SOMETHING_NEW',
    });
  });

  it('stores the flow fields the DataMiner connector shows and what is new since', () => {
    // Prepare
    const flow = {
      ...sdkFlow('Alpha'),
      Maintenance: { MaintenanceDay: 'Monday', MaintenanceStartHour: '02:00' },
      SourceFailoverConfig: { FailoverMode: 'MERGE', RecoveryWindow: 200, State: 'ENABLED' },
      VpcInterfaces: [{ Name: 'vpc-a', SubnetId: 'subnet-1' }],
      MediaStreams: [{ MediaStreamId: 1, MediaStreamName: 'video', MediaStreamType: 'video' }],
      SourceMonitoringConfig: { ThumbnailState: 'ENABLED' },
      FlowSize: 'LARGE',
      NdiConfig: { NdiState: 'DISABLED' },
    } as unknown as Flow;

    // Act
    const { flow: stored } = records(flow, { messages: ['Source connection lost'], tags: { team: 'news' } });

    // Assess
    expect(stored).toMatchObject({
      maintenance: { maintenanceDay: 'Monday', maintenanceStartHour: '02:00' },
      sourceFailoverConfig: { failoverMode: 'MERGE', recoveryWindow: 200, state: 'ENABLED' },
      vpcInterfaces: [{ name: 'vpc-a', subnetId: 'subnet-1' }],
      mediaStreams: [{ mediaStreamId: 1, mediaStreamName: 'video', mediaStreamType: 'video' }],
      sourceMonitoringConfig: { thumbnailState: 'ENABLED' },
      flowSize: 'LARGE',
      additionalFields: { ndiConfig: { ndiState: 'DISABLED' } },
      messages: ['Source connection lost'],
      tags: { team: 'news' },
    });
  });

  it('marks a flow whose source comes from an entitlement as ENTITLED', () => {
    // Prepare
    const entitled = sdkSource('Alpha', 'from-partner', {
      EntitlementArn: entitlementArn('Partner', 'share'),
      IngestIp: undefined,
    });

    // Act
    const { flow } = records(sdkFlow('Alpha', { Source: entitled, Sources: [entitled] }));

    // Assess
    expect(flow.sourceType).toBe('ENTITLED');
  });

  it('hashes content only: a later observation of the same flow has the same hashes', () => {
    // Prepare
    const flow = sdkFlow('Alpha');

    // Act
    const first = records(flow);
    const later = records(flow, { observedAtMs: context.observedAtMs + 60_000 });
    const changedChild = records(sdkFlow('Alpha', { Outputs: [sdkOutput('Alpha', 'out-1', { Port: 6000 })] }));

    // Assess
    expect(later.flow.version).toBe(first.flow.version + 60_000);
    expect(later.flow.hash).toBe(first.flow.hash);
    expect(later.flow.treeHash).toBe(first.flow.treeHash);
    expect(changedChild.flow.hash).toBe(first.flow.hash);
    expect(changedChild.flow.treeHash).not.toBe(first.flow.treeHash);
  });

  it('builds the same records from the wire body and from the SDK output of one answer', () => {
    // Prepare
    const sdk = { Flow: sdkFlow('Alpha'), Messages: { Errors: ['e1'] } };
    const wire = JSON.parse(JSON.stringify(normalizeDocument(sdk)));

    // Act
    const fromSdk = parseDescribeFlow(sdk);
    const fromWire = parseDescribeFlow({ ...wire, flow: { ...wire.flow, sourceFailoverConfig: null } });

    // Assess
    expect(fromWire).toEqual(fromSdk);
    expect(buildFlowRecords(fromWire.document, context)).toEqual(buildFlowRecords(fromSdk.document, context));
    expect(fromWire.messages).toEqual(['e1']);
  });
});

describe('parseDescribeFlow', () => {
  it('rejects an answer that is not a flow', () => {
    // Act
    const parse = () => parseDescribeFlow({ Flow: { FlowArn: flowArn('Alpha'), Name: 'Alpha' } });

    // Assess
    expect(parse).toThrow(FlowDocumentError);
    expect(parse).toThrow(/flow\.status/);
  });
});
