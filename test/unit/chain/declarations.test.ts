import { mediaPackageChannelKey, networkKey, urlKey } from '../../../lambdas/chain/link-keys';
import { parseDescribeFlow } from '../../../lambdas/mediaconnect/flow-describe';
import { flowLinks } from '../../../lambdas/mediaconnect/flow-links';
import { buildFlowRecords } from '../../../lambdas/mediaconnect/flow-records';
import { channelLinks, inputLinks } from '../../../lambdas/medialive/chain-links';
import { buildChannelRecords } from '../../../lambdas/medialive/channel-records';
import { buildInputRecord } from '../../../lambdas/medialive/input-records';
import type { BuiltMeta, BuiltRecord, ResourceTree } from '../../../lambdas/polling/resource-kind';
import { sdkFlow, sdkOutput } from '../mediaconnect/flow-fixtures';
import {
  ACCOUNT,
  MEDIACONNECT_INPUT,
  REGION,
  SINGLE_PIPELINE_CHANNEL,
  STANDARD_CHANNEL,
  UDP_PUSH_INPUT,
  URL_PULL_INPUT,
} from '../medialive/medialive-fixtures';

/** The declarations each existing kind makes, from trees built out of recorded AWS answers by the services' builders. */

const where = { account: ACCOUNT, region: REGION };
const inputArnOf = (id: string) => `arn:aws:medialive:${REGION}:${ACCOUNT}:input:${id}`;

function flowTree(flow: ReturnType<typeof sdkFlow>): ResourceTree {
  const records = buildFlowRecords(parseDescribeFlow({ Flow: flow }).document, {
    account: ACCOUNT,
    region: REGION,
    observedAtMs: 1_000,
    messages: [],
  });
  return { meta: records.flow as unknown as BuiltMeta, children: records.children as unknown as BuiltRecord[] };
}

function inputTree(input: typeof UDP_PUSH_INPUT): ResourceTree {
  const meta = buildInputRecord(input as typeof input & { Arn: string }, { ...where, observedAtMs: 1_000 });
  return { meta: meta as unknown as BuiltMeta, children: [] };
}

function channelTree(channel: typeof STANDARD_CHANNEL): ResourceTree {
  const records = buildChannelRecords(channel as typeof channel & { Arn: string }, {
    ...where,
    observedAtMs: 1_000,
    inputArnOf,
  });
  return { meta: records.channel as unknown as BuiltMeta, children: records.children as unknown as BuiltRecord[] };
}

describe('flowLinks', () => {
  it('references the MediaLive input an output names by ARN, and the network endpoint of any other output', () => {
    // Prepare
    const inputArn = inputArnOf('2001004');
    const flow = sdkFlow('Contribution-A', {
      Outputs: [
        sdkOutput('Contribution-A', 'to-medialive', { MediaLiveInputArn: inputArn, Destination: undefined }),
        sdkOutput('Contribution-A', 'to-push', { Destination: '52.18.1.10', Port: 5000 }),
        sdkOutput('Contribution-A', 'no-destination', { Destination: undefined, Port: undefined }),
      ],
    });

    // Act
    const declared = flowLinks(flowTree(flow));

    // Assess
    expect(declared.anchors).toEqual([]);
    expect(declared.references).toEqual(
      expect.arrayContaining([
        {
          type: 'flow-output',
          role: 'upstream',
          target: { arn: inputArn },
          evidence: { field: 'outputs[].mediaLiveInputArn', value: inputArn },
        },
        {
          type: 'flow-output',
          role: 'upstream',
          target: { key: networkKey('52.18.1.10', 5000) },
          evidence: { field: 'outputs[].destination', value: '52.18.1.10:5000' },
        },
      ]),
    );
    expect(declared.references).toHaveLength(2);
  });
});

describe('inputLinks', () => {
  it('anchors each push destination as an IP and port, and references nothing', () => {
    // Act
    const declared = inputLinks(inputTree(UDP_PUSH_INPUT));

    // Assess
    expect(declared).toEqual({
      anchors: [networkKey('52.18.1.10', '5000'), networkKey('52.18.2.20', '5000')],
      references: [],
    });
  });

  it('anchors the host and port of a destination URL when the IP and port are absent', () => {
    // Prepare
    const input = { ...UDP_PUSH_INPUT, Destinations: [{ Url: 'rtp://203.0.113.9:5004' }] };

    // Act
    const declared = inputLinks(inputTree(input));

    // Assess
    expect(declared.anchors).toEqual([networkKey('203.0.113.9', 5004)]);
  });

  it('references each MediaConnect flow that feeds a MEDIACONNECT input', () => {
    // Act
    const declared = inputLinks(inputTree(MEDIACONNECT_INPUT));

    // Assess
    const flows = (MEDIACONNECT_INPUT.MediaConnectFlows ?? []).map((f) => f.FlowArn as string);
    expect(declared.anchors).toEqual([]);
    expect(declared.references).toEqual(
      flows.map((flowArn) => ({
        type: 'flow-input',
        role: 'downstream',
        target: { arn: flowArn },
        evidence: { field: 'mediaConnectFlowArns', value: flowArn },
      })),
    );
  });

  it('declares nothing for a pull input', () => {
    // Act
    const declared = inputLinks(inputTree(URL_PULL_INPUT));

    // Assess
    expect(declared).toEqual({ anchors: [], references: [] });
  });
});

describe('channelLinks', () => {
  it('references attached inputs, HTTP destination URLs without credentials, and MediaPackage channel ids', () => {
    // Act
    const declared = channelLinks(channelTree(STANDARD_CHANNEL), where);

    // Assess
    const targets = declared.references.map((r) => [r.type, r.role, r.target, r.evidence.field]);
    expect(targets).toEqual(
      expect.arrayContaining([
        ['input-attachment', 'downstream', { arn: inputArnOf('2001001') }, 'inputAttachments[].inputArn'],
        ['input-attachment', 'downstream', { arn: inputArnOf('2001003') }, 'inputAttachments[].inputArn'],
        [
          'package-ingest',
          'upstream',
          { key: urlKey('https://origin-a.example.com/in/sports/main') },
          'destinations[].urls',
        ],
        [
          'package-ingest',
          'upstream',
          { key: urlKey('https://origin-b.example.com/in/sports/main') },
          'destinations[].urls',
        ],
        [
          'package-ingest',
          'upstream',
          { key: mediaPackageChannelKey(ACCOUNT, REGION, 'sports-mp-channel') },
          'destinations[].mediaPackageChannelIds',
        ],
      ]),
    );
    // RTMP destinations are no MediaPackage ingest; no evidence carries a credential.
    expect(declared.references).toHaveLength(5);
    expect(JSON.stringify(declared)).not.toMatch(/hls-dest-pass-123|rtmp-output-key/);
    expect(declared.anchors).toEqual([]);
  });

  it('references the one attached input of a single-pipeline channel and no UDP destination', () => {
    // Act
    const declared = channelLinks(channelTree(SINGLE_PIPELINE_CHANNEL), where);

    // Assess
    expect(declared.references.map((r) => r.target)).toEqual([{ arn: inputArnOf('2001004') }]);
  });
});
