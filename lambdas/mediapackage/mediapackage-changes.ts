import type {
  ChangeCallSpec,
  ChangeCallTable,
  ChangeTarget,
  ChangeVerb,
  CloudTrailCall,
  ServiceChangeCalls,
} from '../events/change-calls';
import { param } from '../events/change-params';
import { isMediaPackageId, parseMediaPackageArn, type MediaPackageResourceKind } from './arn';
import { CHANNEL_TYPE, ORIGIN_ENDPOINT_TYPE } from './mediapackage-model';

/**
 * MediaPackage v1's change calls (events/change-calls.ts): channels and origin endpoints, the two kinds the inventory
 * polls (service.ts). A v1 ARN ends in a GUID that no request carries: Update*, Delete*, ConfigureLogs and Rotate*
 * name the resource by its user Id only. So a call's target is the response's `arn` when it has one (all of them but
 * Delete*: AWS's form, or moto's `arn:aws:mediapackage:channel:<Id>`, both the form the listing returns and the store
 * keys by), else the resource by its listing name, which is its Id (channel-kind.ts, origin-endpoint-kind.ts): the
 * ingest looks it up in the store.
 */

const TYPES = { channel: CHANNEL_TYPE, originEndpoint: ORIGIN_ENDPOINT_TYPE } as const;

/** The one resource of a call on a channel or an origin endpoint. */
function resourceOf(call: CloudTrailCall, kind: MediaPackageResourceKind): ChangeTarget[] {
  const arn = param(call.responseElements, 'arn');
  if (arn !== undefined && parseMediaPackageArn(arn)?.kind === kind) return [{ arn }];
  const id = param(call.requestParameters, 'id') ?? param(call.responseElements, 'id');
  return isMediaPackageId(id) ? [{ byName: { type: TYPES[kind], name: id } }] : [];
}

const resourceCall = (verb: ChangeVerb, kind: MediaPackageResourceKind): ChangeCallSpec => ({
  verb,
  targets: (call) => resourceOf(call, kind),
});

/** Tags: the tagged channel or origin endpoint (a harvest job's tags change nothing polled). */
const tagsCall: ChangeCallSpec = {
  verb: 'update',
  targets(call) {
    const arn = param(call.requestParameters, 'resource-arn', 'resourceArn');
    return arn !== undefined && parseMediaPackageArn(arn) ? [{ arn }] : [];
  },
};

export const mediaPackageChangeCalls: ServiceChangeCalls = {
  eventSource: 'mediapackage.amazonaws.com',
  calls: {
    CreateChannel: resourceCall('create', 'channel'),
    UpdateChannel: resourceCall('update', 'channel'),
    DeleteChannel: resourceCall('delete', 'channel'),
    // The stored channel holds its access log groups and its ingest endpoints' usernames (never their passwords).
    ConfigureLogs: resourceCall('update', 'channel'),
    RotateChannelCredentials: resourceCall('update', 'channel'),
    RotateIngestEndpointCredentials: resourceCall('update', 'channel'),
    CreateOriginEndpoint: resourceCall('create', 'originEndpoint'),
    UpdateOriginEndpoint: resourceCall('update', 'originEndpoint'),
    DeleteOriginEndpoint: resourceCall('delete', 'originEndpoint'),
    TagResource: tagsCall,
    UntagResource: tagsCall,
    CreateHarvestJob: {
      unwatched: 'harvest jobs are not polled; their outcome arrives as HarvestJob Notification events',
    },
  } satisfies ChangeCallTable,
};
