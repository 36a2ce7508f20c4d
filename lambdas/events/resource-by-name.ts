import { GSI1, listPk, type ResourceType } from '../store/keys';
import type { IngestStore } from './ingest-store';

/**
 * Finds a resource by its listing name: for alarm dimensions and change calls that name a resource only by a user id
 * whose ARN cannot be built (MediaPackage v1's channel Id). One Query on GSI1 `LIST#<type>#<account>#<region>`,
 * `begins_with(gsi1sk, '<name>#')`.
 */

/** A resource's listing name and type, as an alarm target or a change call names it. */
export interface ResourceName {
  readonly type: ResourceType;
  readonly name: string;
}

/**
 * The ARN of the one live resource listed under `name` (GSI1 sort key `<name>#<arn>`), or undefined when none or
 * several are (a tombstone is not live).
 */
export async function resourceArnByName(
  store: Pick<IngestStore, 'queryAll'>,
  where: { readonly account: string; readonly region: string },
  byName: ResourceName,
): Promise<string | undefined> {
  const prefix = `${byName.name}#`;
  const listed = await store.queryAll<{ arn?: string; gsi1sk?: string; tombstone?: boolean }>({
    index: GSI1,
    pk: listPk(byName.type, where.account, where.region),
    skPrefix: prefix,
  });
  // The ARN is the sort key's rest (`<name>#<arn>`), whether or not the index projects `arn`.
  const arns = listed
    .filter((item) => item.tombstone !== true)
    .map((item) => item.arn ?? item.gsi1sk?.slice(prefix.length))
    .filter((arn): arn is string => typeof arn === 'string' && arn.startsWith('arn:'));
  return arns.length === 1 ? arns[0] : undefined;
}
