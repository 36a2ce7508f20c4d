import { isSecretFieldName, redactSecretText, REDACTED } from '../shared/secret-filter';

/**
 * What of a MediaLive URL may be stored. Input sources and output destinations carry credentials in three places:
 * the user info (`https://user:password@host/…`), the query string (signed URLs: `?token=…`, `?Signature=…`) and, for
 * RTMP, the stream name, which is the stream key (`rtmp://host:1935/app/<stream key>`). The user info goes (the
 * username is stored apart, from the `Username` field), secret query parameters go, and an RTMP URL keeps only its
 * application (`rtmp://host:1935/app`).
 */

/** Query parameters of signed URLs (CloudFront, Akamai, S3, Azure) besides those whose name looks secret. */
const SIGNING_PARAMETERS = /^(sig|hdnts|hdnea|auth|st|policy|key-pair-id|x-amz-.+|x-goog-.+|se|sp|sv|sr|skoid)$/i;

/** A URL with its credentials removed (see above); text that is not a URL goes through the secret filter. */
export function redactUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return redactSecretText(value);
  }
  if (!url.host) return redactSecretText(value);
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()])
    if (isSecretFieldName(name) || SIGNING_PARAMETERS.test(name)) url.searchParams.delete(name);
  if (/^rtmps?:$/i.test(url.protocol)) {
    // `/app/instance`: the instance (stream name) is the key; some URLs carry the key as `/app/instance/key`.
    const [app] = url.pathname.split('/').filter(Boolean);
    url.pathname = app ? `/${app}` : '';
    url.search = '';
  }
  url.hash = '';
  // WHATWG URL encodes nothing we need back; the secret filter catches a secret left in the path (`/password=…`).
  return redactSecretText(url.toString().replace(/\?$/, ''));
}

export { REDACTED };
