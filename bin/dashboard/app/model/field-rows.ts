import { formatBitrate, formatNumber } from './format';

/**
 * A stored resource's fields as labelled rows, for the resource pages that show "every field the API returns"
 * (MediaLive, MediaPackage v1 and v2). Pure: no DOM.
 *
 * - Nested objects are flattened into `Parent · child` labels, arrays of objects into `Parent 1 · child`; arrays of
 *   plain values are joined.
 * - Secrets never show, even if one reached an answer: a field named like a password, passphrase, stream name, key
 *   value or constant IV is left out (a secret's ARN, `…SecretArn`, is a reference and shows), and URLs lose any user
 *   info (`rtmp://user:pass@host` → `rtmp://host`).
 */

export interface FieldRow {
  /** The flattened path (`packaging.encryption.speke.url`), stable: a key for the UI and the tests. */
  readonly path: string;
  readonly label: string;
  readonly value: string;
}

export interface FieldRowOptions {
  /** Top-level fields shown elsewhere on the page (name, status, child lists). */
  readonly omit?: readonly string[];
}

/** Field names whose value is a secret, compared lowercased. */
const SECRET_NAMES = new Set([
  'password',
  'passwordparam',
  'passphrase',
  'secret',
  'secretstring',
  'secretvalue',
  'streamname',
  'streamkey',
  'key',
  'keyvalue',
  'statickeyvalue',
  'constantinitializationvector',
  'cdnidentifiersecret',
]);

/** Whether a field of this name holds a secret value (a reference to one, `…Arn`, is not). */
export function isSecretField(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('arn')) return false;
  return SECRET_NAMES.has(lower) || lower.includes('password') || lower.includes('passphrase');
}

/** A URL without user info (`scheme://user:pass@host/…` → `scheme://host/…`); other text unchanged. */
export function withoutUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1');
}

/** Words that are acronyms in the stored field names. */
const ACRONYMS: Readonly<Record<string, string>> = {
  arn: 'ARN',
  arns: 'ARNs',
  id: 'ID',
  ids: 'IDs',
  ip: 'IP',
  url: 'URL',
  urls: 'URLs',
  hls: 'HLS',
  dash: 'DASH',
  cmaf: 'CMAF',
  mss: 'MSS',
  cdn: 'CDN',
  drm: 'DRM',
  speke: 'SPEKE',
  mqcs: 'MQCS',
  scte: 'SCTE',
  srt: 'SRT',
  az: 'AZ',
  ll: 'LL',
  dvb: 'DVB',
  utc: 'UTC',
  msec: 'ms',
  cidr: 'CIDR',
  cidrs: 'CIDRs',
  ts: 'TS',
};

/** `ingestEndpoints` → `Ingest endpoints`, `spekeUrl` → `SPEKE URL`, `mediaConnectFlowArns` → `Media connect flow ARNs`. */
export function humanizeField(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  const [first = '', ...rest] = words;
  const head = first === first.toLowerCase() ? first.charAt(0).toUpperCase() + first.slice(1) : first;
  return [head, ...rest].join(' ');
}

/** How one plain value reads: yes/no, numbers with their unit when the field name says it, text without user info. */
export function formatFieldValue(name: string, value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return withoutUserInfo(value);
  const lower = name.toLowerCase();
  // Ports and ids are names, not quantities: no grouping.
  if (/(port|id|ids)$/.test(lower)) return String(value);
  if (lower.endsWith('msec')) return `${formatNumber(value)} ms`;
  if (lower.endsWith('seconds')) return `${formatNumber(value)} s`;
  if (lower.includes('bitrate') || lower.includes('bitspersecond')) return formatBitrate(value);
  return formatNumber(value);
}

/** Every field of `record` as rows, depth first in the record's own order (see the module comment). */
export function fieldRows(record: Readonly<Record<string, unknown>>, options: FieldRowOptions = {}): FieldRow[] {
  const omit = new Set(options.omit ?? []);
  const rows: FieldRow[] = [];
  const walk = (value: unknown, name: string, path: string, label: string): void => {
    if (value === undefined || value === null || value === '') return;
    if (isSecretField(name)) return;
    if (Array.isArray(value)) {
      if (value.length === 0) return;
      if (value.every((v) => typeof v !== 'object' || v === null)) {
        const parts = value.filter((v) => v !== null && v !== '').map((v) => formatFieldValue(name, v as string));
        if (parts.length) rows.push({ path, label, value: parts.join(', ') });
        return;
      }
      value.forEach((item, i) =>
        walk(item, name, `${path}[${i}]`, value.length === 1 ? label : `${label} ${(i + 1).toString()}`),
      );
      return;
    }
    if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>))
        walk(
          child,
          key,
          path ? `${path}.${key}` : key,
          label ? `${label} · ${humanizeField(key)}` : humanizeField(key),
        );
      return;
    }
    rows.push({ path, label, value: formatFieldValue(name, value as string | number | boolean) });
  };
  for (const [key, value] of Object.entries(record)) if (!omit.has(key)) walk(value, key, key, humanizeField(key));
  return rows;
}
