import { DEDUP_SK, dedupPk, IngestStore } from './ingest-store';

/**
 * Idempotence of redelivered messages (same SNS MessageId or EventBridge id).
 *
 * Every state write of the real-time path is idempotent by itself (conditional on the event's version, or keyed by the
 * message id), so a redelivery that is applied again changes nothing. What it must not repeat are the side effects:
 * the re-poll and the counts. So the marker `DEDUP#<key>` is written AFTER the message was applied, with
 * put-if-absent: the one delivery whose marker lands counts the message and asks for the re-poll; any other is a
 * duplicate. The marker is not read before applying: redeliveries are rare, and the read would sit on the path to
 * visible state of every message. A crash between applying and marking loses nothing: the retry applies again (no-op)
 * and marks.
 */
export const DEDUP_TYPE = 'dedup';

/** Markers outlive the ingest queue's retention (4 days), so any redelivery from it is recognised. */
export const DEDUP_RETENTION_HOURS = 120;

/** True when this delivery is the first to complete the message. */
export async function markProcessed(
  store: Pick<IngestStore, 'putIfAbsent'>,
  dedupKey: string,
  nowMs: number,
  result: string,
): Promise<boolean> {
  return store.putIfAbsent({
    pk: dedupPk(dedupKey),
    sk: DEDUP_SK,
    type: DEDUP_TYPE,
    result,
    processedAt: new Date(nowMs).toISOString(),
    expiresAt: Math.floor(nowMs / 1000) + DEDUP_RETENTION_HOURS * 3600,
  });
}
