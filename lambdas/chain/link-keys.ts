/**
 * Link keys (chain/link-model.ts): the values two services both know, built by the same functions on both sides so a
 * reference and an anchor meet in the same `LINKKEY#<key>` partition without one service importing another.
 */

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/**
 * A URL as a link key: scheme and host lower-cased, user info, query, fragment, a default port and a trailing `/`
 * removed, so `https://user:pw@Host.example/in/v2/a/b/channel/` and `https://host.example/in/v2/a/b/channel` meet.
 * Undefined for a value that is not an absolute URL with a host.
 */
export function urlKey(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (!parsed.host) return undefined;
  const port = parsed.port && parsed.port !== DEFAULT_PORTS[parsed.protocol] ? `:${parsed.port}` : '';
  const path = parsed.pathname.replace(/\/+$/, '');
  return `url:${parsed.protocol}//${parsed.hostname.toLowerCase()}${port}${path}`;
}

/**
 * A network destination as a link key: where a MediaConnect output sends (`Destination`, `Port`) and where a MediaLive
 * push input listens (`Destinations[].Ip`, `Port`). Undefined unless both are present and the port is 1–65535.
 */
export function networkKey(host: string | undefined, port: string | number | undefined): string | undefined {
  const h = host?.trim().toLowerCase();
  const p = typeof port === 'number' ? port : Number(port);
  if (!h || !Number.isInteger(p) || p < 1 || p > 65_535) return undefined;
  return `net:${h}:${p}`;
}

/**
 * A MediaPackage v1 channel by its user-assigned Id, in one account and region: how a MediaLive MEDIA_PACKAGE
 * destination (`MediaPackageSettings[].ChannelId`) and an origin endpoint (`ChannelId`) name their channel.
 */
export function mediaPackageChannelKey(account: string, region: string, channelId: string): string {
  return `mediapackage-channel:${account}:${region}:${channelId}`;
}
