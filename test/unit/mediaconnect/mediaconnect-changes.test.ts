import type * as MediaConnect from '@aws-sdk/client-mediaconnect';
import { isWatched, type ChangeVerb } from '../../../lambdas/events/change-calls';
import { ingestMessages } from '../../../lambdas/events/ingest';
import { mediaConnectChangeCalls } from '../../../lambdas/mediaconnect/mediaconnect-changes';
import { mediaConnectService } from '../../../lambdas/mediaconnect/mediaconnect-events';
import {
  ACCOUNT,
  FLOW_ARN,
  NOW,
  OUTPUT_ARN,
  rawMessage,
  REGION,
  SOURCE_ARN,
  testIngest,
} from '../events/event-fixtures';
import { callOf, changeEventBuilder, describeChangeCallTable, type WatchedCase } from '../events/service-change-calls';

/**
 * MediaConnect's change-call table against the SDK it ships with: it lists exactly the SDK's mutating commands, and
 * every watched call, as CloudTrail delivers it (the SDK input in wire shape, the response for a create), resolves to
 * the flow it changed.
 */

const ENTITLEMENT_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:entitlement:1-11aa22bb33cc44dd-55ee66ff77aa:Affiliate`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/MediaConnectSecrets`;
const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:flow-key-AbCdEf`;
const encryption = { Algorithm: 'aes256', KeyType: 'static-key', RoleArn: ROLE_ARN, SecretArn: SECRET_ARN } as const;
const vpcInterface = {
  Name: 'vpc-a',
  RoleArn: ROLE_ARN,
  SecurityGroupIds: ['sg-0123456789abcdef0'],
  SubnetId: 'subnet-0123456789abcdef0',
};

/** One realistic SDK call per watched command: its verb, its input, and for a create its output. */
interface Sample {
  readonly verb: ChangeVerb;
  readonly input: object;
  readonly output?: object;
}

const SAMPLES: Record<string, Sample> = {
  CreateFlow: {
    verb: 'create',
    input: {
      Name: 'AwardsShow',
      AvailabilityZone: `${REGION}a`,
      Source: { Name: 'MainSource', Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
      Outputs: [{ Name: 'NYCOutput', Protocol: 'srt-caller', Destination: '10.0.1.1', Port: 6000 }],
    } satisfies MediaConnect.CreateFlowCommandInput,
    output: {
      Flow: {
        FlowArn: FLOW_ARN,
        Name: 'AwardsShow',
        AvailabilityZone: `${REGION}a`,
        Status: 'STANDBY',
        Entitlements: [],
        Outputs: [{ Name: 'NYCOutput', OutputArn: OUTPUT_ARN }],
        Source: { Name: 'MainSource', SourceArn: SOURCE_ARN },
      },
    } satisfies MediaConnect.CreateFlowCommandOutput extends infer T ? Omit<T, '$metadata'> : never,
  },
  DeleteFlow: {
    verb: 'delete',
    input: { FlowArn: FLOW_ARN } satisfies MediaConnect.DeleteFlowCommandInput,
  },
  UpdateFlow: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      SourceFailoverConfig: { State: 'ENABLED', FailoverMode: 'MERGE', RecoveryWindow: 200 },
    } satisfies MediaConnect.UpdateFlowCommandInput,
  },
  StartFlow: {
    verb: 'update',
    input: { FlowArn: FLOW_ARN } satisfies MediaConnect.StartFlowCommandInput,
  },
  StopFlow: {
    verb: 'update',
    input: { FlowArn: FLOW_ARN } satisfies MediaConnect.StopFlowCommandInput,
  },
  AddFlowSources: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      Sources: [{ Name: 'Backup', Protocol: 'rtp', IngestPort: 5002, WhitelistCidr: '10.0.0.0/16' }],
    } satisfies MediaConnect.AddFlowSourcesCommandInput,
  },
  UpdateFlowSource: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      SourceArn: SOURCE_ARN,
      WhitelistCidr: '10.1.0.0/16',
      Decryption: encryption,
    } satisfies MediaConnect.UpdateFlowSourceCommandInput,
  },
  RemoveFlowSource: {
    verb: 'update',
    input: { FlowArn: FLOW_ARN, SourceArn: SOURCE_ARN } satisfies MediaConnect.RemoveFlowSourceCommandInput,
  },
  AddFlowOutputs: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      Outputs: [{ Name: 'LAOutput', Protocol: 'zixi-push', Destination: '198.51.100.7', Port: 2088 }],
    } satisfies MediaConnect.AddFlowOutputsCommandInput,
  },
  UpdateFlowOutput: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      OutputArn: OUTPUT_ARN,
      Destination: '198.51.100.9',
      Port: 6001,
    } satisfies MediaConnect.UpdateFlowOutputCommandInput,
  },
  RemoveFlowOutput: {
    verb: 'update',
    input: { FlowArn: FLOW_ARN, OutputArn: OUTPUT_ARN } satisfies MediaConnect.RemoveFlowOutputCommandInput,
  },
  GrantFlowEntitlements: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      Entitlements: [{ Name: 'Affiliate', Subscribers: ['444455556666'], Encryption: encryption }],
    } satisfies MediaConnect.GrantFlowEntitlementsCommandInput,
  },
  UpdateFlowEntitlement: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      EntitlementArn: ENTITLEMENT_ARN,
      Encryption: encryption,
    } satisfies MediaConnect.UpdateFlowEntitlementCommandInput,
  },
  RevokeFlowEntitlement: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      EntitlementArn: ENTITLEMENT_ARN,
    } satisfies MediaConnect.RevokeFlowEntitlementCommandInput,
  },
  AddFlowMediaStreams: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      MediaStreams: [{ MediaStreamId: 1, MediaStreamName: 'video', MediaStreamType: 'video', ClockRate: 90000 }],
    } satisfies MediaConnect.AddFlowMediaStreamsCommandInput,
  },
  UpdateFlowMediaStream: {
    verb: 'update',
    input: {
      FlowArn: FLOW_ARN,
      MediaStreamName: 'video',
      VideoFormat: '1080p',
    } satisfies MediaConnect.UpdateFlowMediaStreamCommandInput,
  },
  RemoveFlowMediaStream: {
    verb: 'update',
    input: { FlowArn: FLOW_ARN, MediaStreamName: 'video' } satisfies MediaConnect.RemoveFlowMediaStreamCommandInput,
  },
  AddFlowVpcInterfaces: {
    verb: 'update',
    input: { FlowArn: FLOW_ARN, VpcInterfaces: [vpcInterface] } satisfies MediaConnect.AddFlowVpcInterfacesCommandInput,
  },
  RemoveFlowVpcInterface: {
    verb: 'update',
    input: { FlowArn: FLOW_ARN, VpcInterfaceName: 'vpc-a' } satisfies MediaConnect.RemoveFlowVpcInterfaceCommandInput,
  },
  TagResource: {
    verb: 'update',
    input: { ResourceArn: FLOW_ARN, Tags: { team: 'news' } } satisfies MediaConnect.TagResourceCommandInput,
  },
  UntagResource: {
    verb: 'update',
    input: { ResourceArn: FLOW_ARN, TagKeys: ['team'] } satisfies MediaConnect.UntagResourceCommandInput,
  },
};

/** The event CloudTrail delivers for an SDK call, 5 s before NOW. */
const event = changeEventBuilder({
  service: 'mediaconnect',
  account: ACCOUNT,
  region: REGION,
  style: 'camel',
  time: new Date(NOW - 5_000),
});

/** Each sample as CloudTrail records it: every watched call names its flow. */
const WATCHED: Record<string, WatchedCase> = Object.fromEntries(
  Object.entries(SAMPLES).map(([name, sample]) => [
    name,
    { verb: sample.verb, call: callOf(event(name, sample.input, sample.output)), targets: [{ arn: FLOW_ARN }] },
  ]),
);

describe('MediaConnect change calls', () => {
  describeChangeCallTable({
    label: 'MediaConnect',
    module: mediaConnectService,
    changeCalls: mediaConnectChangeCalls,
    sdkCommands: { atLeast: 21, including: ['CreateFlow', 'UpdateBridgeState'] },
    cases: WATCHED,
  });

  it('leaves bridges, gateways, gateway instances and offerings unwatched, as not inventoried', () => {
    // Prepare
    const unwatched = Object.entries(mediaConnectChangeCalls.calls).filter(([, spec]) => !isWatched(spec));

    // Assess
    expect(unwatched.map(([name]) => name)).toEqual(
      expect.arrayContaining(['DeregisterGatewayInstance', 'PurchaseOffering', 'UpdateBridgeState']),
    );
    for (const [name, spec] of unwatched) {
      expect(name).toMatch(/Bridge|Gateway|Offering/);
      expect(spec).toEqual({ unwatched: expect.stringMatching(/not inventoried/) });
    }
  });

  it.each(Object.entries(SAMPLES))(
    'resolves %s, as CloudTrail delivers it, to its flow and re-polls it',
    async (name, sample) => {
      // Prepare
      const t = testIngest();

      // Act
      const result = await ingestMessages(t.deps, [rawMessage(event(name, sample.input, sample.output))]);

      // Assess
      expect(result.outcomes[0]).toMatchObject({
        result: 'applied',
        kind: 'mediaconnect:change',
        repollArns: [FLOW_ARN],
      });
      expect(t.repoller.calls).toEqual([FLOW_ARN]);
      expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toEqual([
        expect.objectContaining({
          kind: 'mediaconnect:change',
          summary: `${name} by arn:aws:sts::${ACCOUNT}:assumed-role/MediaOperator/operator`,
          detail: expect.objectContaining({ eventName: name, verb: sample.verb, targets: [FLOW_ARN] }),
        }),
      ]);
      expect(t.store.item(`CHANGEPATH#${ACCOUNT}#${REGION}`, `CALL#${name}#${FLOW_ARN}`)).toMatchObject({
        confirmedAtMs: NOW - 5_000,
      });
    },
  );

  it('resolves CreateFlow from any flow ARN in the response when the recorded shape nests it elsewhere', async () => {
    // Prepare
    const t = testIngest();
    const recorded = event('CreateFlow', { name: 'AwardsShow' }, { result: { createdFlow: { arn: FLOW_ARN } } });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(recorded)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ kind: 'mediaconnect:change', repollArns: [FLOW_ARN] });
  });

  it.each([
    ['a bridge', `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:bridge:1-aaaabbbbccccdddd-eeeeffff0000:Venue`],
    ['a gateway', `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:gateway:1-aaaabbbbccccdddd-eeeeffff0000:Edge`],
  ])('tags of %s name nothing the inventory polls: unresolved, nothing re-polled', async (_what, arn) => {
    // Prepare
    const t = testIngest();
    const recorded = event('TagResource', { ResourceArn: arn, Tags: { site: 'venue' } });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(recorded)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'mediaconnect:change', repollArns: [] });
    expect(t.repoller.calls).toEqual([]);
    expect(t.metrics.get('ChangeCallsUnresolved')).toBe(1);
  });
});
