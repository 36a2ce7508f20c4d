import { META_SK, POLLERS_LIST_PK } from './keys';

/**
 * GSI1 projects at most 20 non-key attributes (DynamoDB's `Projection.NonKeyAttributes` limit: a longer list fails
 * CreateTable). Attributes that the keys already carry are therefore not projected, and are restored here on every
 * item read from GSI1, so readers see the same fields as before:
 * - `arn` of a resource from its table key (`pk` `RES#<arn>`, `sk` `#META`: the table's keys are always projected);
 * - `type`, `account` and `region` from the listing key (`LIST#<type>#<account>#<region>`,
 *   `ALARMS#<account>#<region>`, and `POLLERS` with `gsi1sk` `<poller>#<account>#<region>`);
 * - `deletedAt` of a tombstone from its `observedAt` (a tombstone write sets both to the deletion time).
 * A field the item holds is never overwritten.
 */

/** The item types the non-`LIST#` listings hold (alarm-applier.ts, poller-status.ts). */
const ALARM_TYPE = 'alarm';
const POLLER_TYPE = 'poller';

export function withListingKeys<T>(item: T): T {
  const record = item as Record<string, unknown>;
  const restored: Record<string, unknown> = {};
  const pk = typeof record.pk === 'string' ? record.pk : undefined;
  if (pk?.startsWith('RES#') && record.sk === META_SK) restored.arn = pk.slice('RES#'.length);
  Object.assign(restored, fromListingKey(record.gsi1pk, record.gsi1sk));
  if (record.tombstone === true && typeof record.observedAt === 'string') restored.deletedAt = record.observedAt;
  const missing = Object.entries(restored).filter(([name]) => record[name] === undefined);
  return missing.length === 0 ? item : ({ ...record, ...Object.fromEntries(missing) } as T);
}

function fromListingKey(gsi1pk: unknown, gsi1sk: unknown): Record<string, string> {
  if (typeof gsi1pk !== 'string') return {};
  const parts = gsi1pk.split('#');
  if (parts[0] === 'LIST' && parts.length === 4) {
    const [, type, account, region] = parts as [string, string, string, string];
    return { type, account, region };
  }
  if (parts[0] === 'ALARMS' && parts.length === 3) {
    const [, account, region] = parts as [string, string, string];
    return { type: ALARM_TYPE, account, region };
  }
  if (gsi1pk === POLLERS_LIST_PK && typeof gsi1sk === 'string') {
    const sk = gsi1sk.split('#');
    if (sk.length >= 3) return { type: POLLER_TYPE, account: sk[sk.length - 2] ?? '', region: sk[sk.length - 1] ?? '' };
  }
  return {};
}
