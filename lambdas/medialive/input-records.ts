import type { Input, InputSecurityGroup } from '@aws-sdk/client-medialive';
import {
  INPUT_TYPE,
  type InputDestination,
  type InputRecord,
  type InputSecurityGroupRef,
  type InputSource,
} from './medialive-model';
import { compact, metaHeader, nonEmpty, OWNED_COMMON_FIELDS, str, tagsOf, treeHash, withHash } from './record-hash';
import { redactUrl } from './url-secrets';

/**
 * Builds an input's stored record from ListInputs' (or DescribeInput's) `Input`. Everything lives inline on the
 * `#META` item: an input has a handful of sources and destinations. Sources keep their URL without credentials and
 * their username; `PasswordParam` (the name of the SSM parameter holding the password) is never read. Security groups
 * are joined with ListInputSecurityGroups' whitelist rules when the cycle could read them.
 */

export interface InputRecordContext {
  account: string;
  region: string;
  /** Epoch ms of the listing request: the record's `version`. */
  observedAtMs: number;
  /** Security groups by id, from the cycle's ListInputSecurityGroups; undefined when it could not be read. */
  securityGroups?: ReadonlyMap<string, InputSecurityGroup>;
}

/** The input fields the poller owns on the `#META` item. */
export const POLLER_OWNED_INPUT_FIELDS = [
  ...OWNED_COMMON_FIELDS,
  'inputType',
  'inputClass',
  'inputSourceType',
  'sources',
  'destinations',
  'mediaConnectFlowArns',
  'securityGroups',
  'attachedChannelIds',
  'inputDeviceIds',
  'roleArn',
] as const;

/** Input fields cut first when the item is too large. */
export const INPUT_TRUNCATABLE_FIELDS = ['securityGroups', 'attachedChannelIds'] as const;

/** The input's `#META` record (`treeHash` equals its own hash's tree: an input has no children). */
export function buildInputRecord(
  input: Input & { Arn: string },
  context: InputRecordContext,
): InputRecord & { treeHash: string } {
  const record = withHash<InputRecord & { treeHash: string }>({
    ...metaHeader(INPUT_TYPE, input, context),
    status: str(input.State),
    inputType: str(input.Type),
    inputClass: str(input.InputClass),
    inputSourceType: str(input.InputSourceType),
    sources: nonEmpty((input.Sources ?? []).map(inputSource).filter(isPresent)),
    destinations: nonEmpty((input.Destinations ?? []).map(inputDestination).filter(isPresent)),
    mediaConnectFlowArns: nonEmpty((input.MediaConnectFlows ?? []).flatMap((f) => (f.FlowArn ? [f.FlowArn] : []))),
    securityGroups: nonEmpty((input.SecurityGroups ?? []).map((id) => securityGroupRef(id, context.securityGroups))),
    attachedChannelIds: nonEmpty(input.AttachedChannels),
    inputDeviceIds: nonEmpty((input.InputDevices ?? []).flatMap((d) => (d.Id ? [d.Id] : []))),
    roleArn: str(input.RoleArn),
    tags: tagsOf(input.Tags),
    hash: '',
    treeHash: '',
  });
  record.treeHash = treeHash(record.hash, []);
  return record;
}

function inputSource(source: NonNullable<Input['Sources']>[number]): InputSource | undefined {
  // PasswordParam is deliberately not read.
  const out = compact({ url: source.Url ? redactUrl(source.Url) : undefined, username: str(source.Username) });
  return Object.keys(out).length ? out : undefined;
}

function inputDestination(destination: NonNullable<Input['Destinations']>[number]): InputDestination | undefined {
  const out = compact({
    url: destination.Url ? redactUrl(destination.Url) : undefined,
    ip: str(destination.Ip),
    port: str(destination.Port),
  });
  return Object.keys(out).length ? out : undefined;
}

function securityGroupRef(
  id: string,
  groups: ReadonlyMap<string, InputSecurityGroup> | undefined,
): InputSecurityGroupRef {
  const group = groups?.get(id);
  if (!group) return { id };
  return compact({
    id,
    whitelistRules: (group.WhitelistRules ?? []).flatMap((rule) => (rule.Cidr ? [rule.Cidr] : [])),
    state: str(group.State),
  });
}

const isPresent = <T>(value: T | undefined): value is T => value !== undefined;
