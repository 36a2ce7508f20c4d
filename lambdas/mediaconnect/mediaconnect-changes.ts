import type {
  ChangeCallSpec,
  ChangeCallTable,
  ChangeVerb,
  CloudTrailCall,
  ServiceChangeCalls,
  UnwatchedCall,
} from '../events/change-calls';
import { child, findArnDeep, param } from '../events/change-params';
import { validArn } from '../shared/arn';

/**
 * MediaConnect's change calls (events/change-calls.ts): every mutating command of `@aws-sdk/client-mediaconnect`.
 * The inventory polls flows only (with their sources, outputs, entitlements, media streams and VPC interfaces as
 * parts of the flow), so every flow call, a child's included, names its flow: `flowArn` in the request (a URI
 * parameter, which CloudTrail records under the same name), CreateFlow's in `responseElements.flow.flowArn`, and, when a
 * recorded shape differs, the first flow ARN anywhere in the record. TagResource and UntagResource change a flow's
 * stored tags when they name a flow; on a bridge or a gateway they name nothing the inventory polls (unresolved,
 * counted, and nothing re-polled). Bridges, gateways and gateway instances (MediaConnect Gateway) are not inventoried,
 * nor are offerings and reservations (PurchaseOffering).
 */

const isFlowArn = (value: unknown): value is string => {
  const parsed = validArn(value);
  return parsed?.service === 'mediaconnect' && parsed.resourceType === 'flow';
};

/** The flow a call names: the request's `flowArn`, a create's response, else any flow ARN in the record. */
function flowOf(call: CloudTrailCall): string | undefined {
  const candidates = [
    param(call.requestParameters, 'flowArn'),
    param(child(call.responseElements, 'flow'), 'flowArn'),
    param(call.responseElements, 'flowArn'),
  ];
  return (
    candidates.find(isFlowArn) ??
    findArnDeep(
      [call.requestParameters, call.responseElements],
      (arn) => arn.service === 'mediaconnect' && arn.resourceType === 'flow',
    )
  );
}

const flowCall = (verb: ChangeVerb): ChangeCallSpec => ({
  verb,
  targets: (call) => {
    const flowArn = flowOf(call);
    return flowArn ? [{ arn: flowArn }] : [];
  },
});

/** TagResource and UntagResource: the tagged resource when it is a flow (its `resourceArn`). */
const flowTags: ChangeCallSpec = {
  verb: 'update',
  targets: (call) => {
    const resourceArn = param(call.requestParameters, 'resourceArn');
    return isFlowArn(resourceArn) ? [{ arn: resourceArn }] : [];
  },
};

const bridge: UnwatchedCall = { unwatched: 'MediaConnect Gateway bridges are not inventoried' };
const gateway: UnwatchedCall = { unwatched: 'MediaConnect Gateway gateways are not inventoried' };
const gatewayInstance: UnwatchedCall = { unwatched: 'MediaConnect Gateway instances are not inventoried' };
const offering: UnwatchedCall = { unwatched: 'offerings and the reservations a purchase makes are not inventoried' };

export const MEDIACONNECT_CHANGE_CALLS: ChangeCallTable = {
  CreateFlow: flowCall('create'),
  DeleteFlow: flowCall('delete'),
  UpdateFlow: flowCall('update'),
  StartFlow: flowCall('update'),
  StopFlow: flowCall('update'),
  AddFlowSources: flowCall('update'),
  UpdateFlowSource: flowCall('update'),
  RemoveFlowSource: flowCall('update'),
  AddFlowOutputs: flowCall('update'),
  UpdateFlowOutput: flowCall('update'),
  RemoveFlowOutput: flowCall('update'),
  GrantFlowEntitlements: flowCall('update'),
  UpdateFlowEntitlement: flowCall('update'),
  RevokeFlowEntitlement: flowCall('update'),
  AddFlowMediaStreams: flowCall('update'),
  UpdateFlowMediaStream: flowCall('update'),
  RemoveFlowMediaStream: flowCall('update'),
  AddFlowVpcInterfaces: flowCall('update'),
  RemoveFlowVpcInterface: flowCall('update'),
  TagResource: flowTags,
  UntagResource: flowTags,
  CreateBridge: bridge,
  UpdateBridge: bridge,
  UpdateBridgeState: bridge,
  DeleteBridge: bridge,
  AddBridgeSources: bridge,
  UpdateBridgeSource: bridge,
  RemoveBridgeSource: bridge,
  AddBridgeOutputs: bridge,
  UpdateBridgeOutput: bridge,
  RemoveBridgeOutput: bridge,
  CreateGateway: gateway,
  DeleteGateway: gateway,
  UpdateGatewayInstance: gatewayInstance,
  DeregisterGatewayInstance: gatewayInstance,
  PurchaseOffering: offering,
};

export const mediaConnectChangeCalls: ServiceChangeCalls = {
  eventSource: 'mediaconnect.amazonaws.com',
  calls: MEDIACONNECT_CHANGE_CALLS,
};
