import * as z from 'zod';
import { MediaConnectResourceType, parseArn, parseMediaConnectArn } from '../../shared/arn';

/** Zod schemas for path and query parameters that several routes share. */

/**
 * Why an ARN parameter is unsafe to use, or undefined when it is plain. ARNs are printable ASCII, so anything else
 * (control characters, a decoded `%00`, bidi overrides, spaces) is refused, and so are `#`, `?` and `%`, which only
 * get there by double encoding or a fragment. The reason never quotes the value: it may hold control characters.
 */
export function unsafeArnReason(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return 'must not contain control characters';
  if (/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(value))
    return 'must not contain bidirectional text controls';
  if (/[^\x21-\x7e]/.test(value)) return 'must be printable ASCII without spaces';
  if (/[#?%]/.test(value)) return "must not contain '#', '?' or '%' (encode the ARN once)";
  return undefined;
}

/** A strictly validated MediaConnect ARN of one type (it arrives URL-encoded in the path and is decoded once). */
export function mediaConnectArn(type: MediaConnectResourceType) {
  return z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const unsafe = unsafeArnReason(value);
      if (unsafe) {
        ctx.addIssue({ code: 'custom', message: unsafe, abort: true });
        return;
      }
      try {
        parseMediaConnectArn(value, type);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .describe(`A MediaConnect ${type} ARN, URL-encoded.`);
}

/** Any AWS ARN with a region-less or regional form (event history covers every service). */
export const anyArn = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    const unsafe = unsafeArnReason(value);
    if (unsafe) {
      ctx.addIssue({ code: 'custom', message: unsafe, abort: true });
      return;
    }
    try {
      parseArn(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const accountParam = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit account id')
  .describe(
    'A watched account: only its targets (400 NotWatched for an account the deployment does not watch). ' +
      "Default: every watched target (the summary's top-level fields: the deployment's own account).",
  );
export const regionParam = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS Region code')
  .describe(
    'A watched Region: only its targets (400 NotWatched for a Region no target is in). ' +
      "Default: every watched target (the summary's top-level fields: the deployment's own Region).",
  );

/** `true` or `false` in a query string. */
export const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

/** An ISO-8601 date-time with a zone (`2025-11-25T10:00:00Z`). */
export const isoTimeParam = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .describe('ISO-8601 date-time with a zone, e.g. 2025-11-25T10:00:00Z.');
