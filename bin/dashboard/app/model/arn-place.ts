/**
 * The account and Region an ARN names, as list-route filters (`{account, region}`), or nothing for an ARN without
 * them (moto's `arn:aws:medialive:channel:<id>`): the list then reads every watched target. Pure.
 */
export function arnPlace(arn: string): { account?: string; region?: string } {
  const [prefix, , , region, account] = arn.split(':');
  if (
    prefix !== 'arn' ||
    !region ||
    !account ||
    !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region) ||
    !/^\d{12}$/.test(account)
  )
    return {};
  return { account, region };
}

/** The channel group's name of a MediaPackage v2 ARN (`…:channelGroup/<group>[/channel/…]`), or undefined. */
export function channelGroupNameOf(arn: string): string | undefined {
  return /:channelGroup\/([A-Za-z0-9_-]{1,256})(\/|$)/.exec(arn)?.[1];
}
