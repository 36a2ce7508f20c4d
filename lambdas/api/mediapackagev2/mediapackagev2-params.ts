import * as z from 'zod';
import { parseMediaPackageV2Arn, type MediaPackageV2ResourceKind } from '../../mediapackagev2/arn';
import { unsafeArnReason } from '../http/params';

const FORMS: Readonly<Record<MediaPackageV2ResourceKind, string>> = {
  channelGroup: 'arn:aws:mediapackagev2:<region>:<account>:channelGroup/<group>',
  channel: 'arn:aws:mediapackagev2:<region>:<account>:channelGroup/<group>/channel/<channel>',
  originEndpoint:
    'arn:aws:mediapackagev2:<region>:<account>:channelGroup/<group>/channel/<channel>/originEndpoint/<endpoint>',
};

/** Why `value` is not a MediaPackage v2 ARN of `kind`, or undefined when it is one. */
export function mediaPackageV2ArnProblem(value: string, kind: MediaPackageV2ResourceKind): string | undefined {
  const unsafe = unsafeArnReason(value);
  if (unsafe) return unsafe;
  if (parseMediaPackageV2Arn(value)?.kind === kind) return undefined;
  return `must be a MediaPackage v2 ${kind} ARN (${FORMS[kind]})`;
}

/** A strictly validated MediaPackage v2 ARN path parameter (it arrives URL-encoded and is decoded once). */
export function mediaPackageV2ArnParam(kind: MediaPackageV2ResourceKind) {
  return z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = mediaPackageV2ArnProblem(value, kind);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(`A MediaPackage v2 ${kind} ARN, URL-encoded.`);
}
