import * as z from 'zod';
import { unsafeArnReason } from '../http/params';

/** The MediaLive resource types the API takes by ARN, as the ARN spells them. */
export type MediaLiveArnType = 'channel' | 'input' | 'inputDevice';

/**
 * A MediaLive ARN: `arn:<partition>:medialive:<region>:<account>:<type>:<id>` as AWS writes it (numeric channel and
 * input ids, `hd-…` device ids), or moto's region- and account-less `arn:aws:medialive:<type>:<hex id>`. Nothing is
 * read from the ARN but its type: account and Region come from the stored item.
 */
const ARN_FORMS: Readonly<Record<MediaLiveArnType, RegExp>> = {
  channel: arnPattern('channel'),
  input: arnPattern('input'),
  inputDevice: arnPattern('inputDevice'),
};

function arnPattern(type: MediaLiveArnType): RegExp {
  return new RegExp(
    `^arn:(aws|aws-cn|aws-us-gov):medialive:([a-z]{2}(-[a-z]+)+-\\d{1,2}:\\d{12}:)?${type}:[A-Za-z0-9_-]{1,128}$`,
  );
}

/** Why `value` is not a MediaLive ARN of `type`, or undefined when it is one. */
export function mediaLiveArnProblem(value: string, type: MediaLiveArnType): string | undefined {
  const unsafe = unsafeArnReason(value);
  if (unsafe) return unsafe;
  if (ARN_FORMS[type].test(value)) return undefined;
  if (!/^arn:[^:]+:medialive:/.test(value)) return `must be a MediaLive ${type} ARN`;
  return `must be a MediaLive ${type} ARN (arn:aws:medialive:<region>:<account>:${type}:<id>)`;
}

/** A strictly validated MediaLive ARN path parameter (it arrives URL-encoded and is decoded once). */
export function mediaLiveArn(type: MediaLiveArnType) {
  return z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem = mediaLiveArnProblem(value, type);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(`A MediaLive ${type} ARN, URL-encoded.`);
}
