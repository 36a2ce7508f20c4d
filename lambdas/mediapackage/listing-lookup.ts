import type { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { GONE, type Gone, type KindContext, type ListedPage, type ListedResource } from '../polling/resource-kind';
import { isNotFound } from '../shared/errors';
import { parseMediaPackageArn, type MediaPackageResourceKind } from './arn';
import { rememberedId } from './endpoint-ids';

/**
 * How a MediaPackage v1 kind finds one resource by ARN for a refresh (`lookup`): Describe* take the user Id, and an
 * AWS ARN ends in a GUID. The Id is, in order: the one the listing under this budget remembered; the ARN's own suffix
 * when the ARN is moto's; else a full listing (which remembers every Id it sees) that finds the ARN. A complete
 * listing without the ARN means it is gone. A described resource whose ARN differs was deleted and re-created under
 * the same Id: the ARN asked for is gone too.
 */
export interface LookupSteps<Listed> {
  readonly kind: MediaPackageResourceKind;
  /** DescribeChannel / DescribeOriginEndpoint through the budget, as a listing entry (undefined: no Arn answered). */
  describeById(ctx: KindContext<MediaPackageClient>, id: string): Promise<ListedResource<Listed> | undefined>;
  listPages(ctx: KindContext<MediaPackageClient>): AsyncIterable<ListedPage<Listed>>;
}

export async function lookupByArn<Listed>(
  ctx: KindContext<MediaPackageClient>,
  arn: string,
  steps: LookupSteps<Listed>,
): Promise<ListedResource<Listed> | Gone> {
  const parsed = parseMediaPackageArn(arn);
  if (!parsed || parsed.kind !== steps.kind)
    throw new Error(`Not a MediaPackage ${steps.kind} ARN: ${arn.slice(0, 200)}`);
  const id = rememberedId(ctx.budget, steps.kind, arn) ?? (parsed.suffixIsId ? parsed.suffix : undefined);
  if (id === undefined) {
    for await (const page of steps.listPages(ctx)) {
      const found = page.items.find((item) => item.arn === arn);
      if (found) return found;
    }
    return GONE;
  }
  let described: ListedResource<Listed> | undefined;
  try {
    described = await steps.describeById(ctx, id);
  } catch (error) {
    if (isNotFound(error)) return GONE;
    throw error;
  }
  if (!described || described.arn !== arn) return GONE;
  return described;
}
