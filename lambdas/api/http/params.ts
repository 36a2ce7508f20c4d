import * as z from 'zod';
import { MediaConnectResourceType, parseArn, parseMediaConnectArn } from '../../shared/arn';

/** Zod schemas for path and query parameters that several routes share. */

/** A strictly validated MediaConnect ARN of one type (it arrives URL-encoded in the path and is decoded once). */
export function mediaConnectArn(type: MediaConnectResourceType) {
  return z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
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
    try {
      parseArn(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const accountParam = z
  .string()
  .regex(/^\d{12}$/, 'must be a 12-digit account id')
  .describe("Default: the deployment's account.");
export const regionParam = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS Region code')
  .describe("Default: the deployment's Region.");

/** `true` or `false` in a query string. */
export const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

/** An ISO-8601 date-time with a zone (`2025-11-25T10:00:00Z`). */
export const isoTimeParam = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .describe('ISO-8601 date-time with a zone, e.g. 2025-11-25T10:00:00Z.');
