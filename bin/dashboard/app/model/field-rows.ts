/**
 * Every field of a stored record as label/value rows, for a resource page's field lists: nested objects flattened to
 * dotted paths (`transport.protocol`, `decryption.roleArn`), arrays of values joined, arrays of objects numbered.
 * Pure: no DOM. A field that looks like a secret VALUE (a password, a key, a token) is never shown, even if one
 * reached the API's answer; references to secrets (`secretArn`, `keyType`, `passwordParam`) are shown.
 */

export interface FieldRow {
  /** The dotted path, for ids and tests: `transport.maxBitrate`. */
  path: string;
  /** Words: `Transport · Max bitrate`. */
  label: string;
  value: string;
}

/** Names of secret values (matched on the last path segment). `…Arn`, `…Type`, `…Param`/`…Parameter` are references. */
const SECRET =
  /(password|passphrase|secret(string|value|key)?$|^key$|keyvalue|privatekey|streamkey|accesskey|token$|^credentials?$)/i;
const REFERENCE = /(arn|type|param|parameter|id|source|name)$/i;

/** Whether a field (its last segment) names a secret value, which is never shown. */
export function isSecretField(name: string): boolean {
  return SECRET.test(name) && !REFERENCE.test(name);
}

const ACRONYMS: Readonly<Record<string, string>> = {
  arn: 'ARN',
  arns: 'ARNs',
  ip: 'IP',
  ips: 'IPs',
  id: 'ID',
  ids: 'IDs',
  az: 'AZ',
  cidr: 'CIDR',
  vpc: 'VPC',
  url: 'URL',
  urls: 'URLs',
  srt: 'SRT',
  rtp: 'RTP',
  fec: 'FEC',
  arq: 'ARQ',
  smpte: 'SMPTE',
  ndi: 'NDI',
  cdi: 'CDI',
  sdp: 'SDP',
  tr101: 'TR 101 290',
  mtu: 'MTU',
  cpu: 'CPU',
  tls: 'TLS',
};

/** `ingestIp` → `Ingest IP`, `whitelistCidr` → `Whitelist CIDR`, `maxBitrate` → `Max bitrate`. */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  const [first = '', ...rest] = words;
  const head = ACRONYMS[first.toLowerCase()] ? first : first.charAt(0).toUpperCase() + first.slice(1);
  return [head, ...rest].join(' ');
}

/**
 * The rows of `record`, in its field order, without `omit` (fields the page shows elsewhere: name, status, ARN) and
 * without secret values. Empty objects and arrays are left out; `null` and `undefined` too.
 */
export function fieldRows(record: Readonly<Record<string, unknown>>, omit: readonly string[] = []): FieldRow[] {
  const rows: FieldRow[] = [];
  const visit = (value: unknown, path: string[], labels: string[]) => {
    const last = path[path.length - 1] ?? '';
    if (value === null || value === undefined || isSecretField(last)) return;
    if (Array.isArray(value)) {
      if (value.every((item) => item === null || typeof item !== 'object')) {
        if (value.length) rows.push(row(path, labels, value.map(String).join(', ')));
        return;
      }
      value.forEach((item, index) => visit(item, [...path, String(index + 1)], [...labels, `#${index + 1}`]));
      return;
    }
    if (typeof value === 'object') {
      for (const [name, inner] of Object.entries(value as Record<string, unknown>))
        visit(inner, [...path, name], [...labels, fieldLabel(name)]);
      return;
    }
    rows.push(row(path, labels, String(value)));
  };
  for (const [name, value] of Object.entries(record)) {
    if (!omit.includes(name)) visit(value, [name], [fieldLabel(name)]);
  }
  return rows;
}

function row(path: readonly string[], labels: readonly string[], value: string): FieldRow {
  return { path: path.join('.'), label: labels.join(' · '), value };
}
