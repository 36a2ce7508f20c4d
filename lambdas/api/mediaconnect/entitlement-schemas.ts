import * as z from 'zod';

/**
 * Request bodies of the entitlement actions, following the MediaConnect "Granting an entitlement" guide (seed 003).
 * Every object is strict: an unknown or misplaced field (a SPEKE field on a static-key encryption) is a 400 that
 * names it.
 */

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id, without hyphens');

const subscribers = z
  .array(accountId)
  .min(1)
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an account id')
  .describe('AWS account ids (12 digits, no hyphens) allowed to subscribe to the flow.');

const roleArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN')
  .describe('The role MediaConnect assumes to read the key (static key) or to call the key server (SPEKE).');

const algorithm = z.enum(['aes128', 'aes192', 'aes256']);

/** Static-key encryption: the key is a Secrets Manager secret that MediaConnect reads with the role. */
export const staticKeyEncryption = z.strictObject({
  keyType: z.literal('static-key'),
  roleArn,
  secretArn: z
    .string()
    .regex(
      /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]{1,512}$/,
      'must be a Secrets Manager secret ARN',
    ),
  algorithm,
});

/** SPEKE encryption: keys come from a key server behind an API Gateway proxy in the flow's Region. */
export const spekeEncryption = z.strictObject({
  keyType: z.literal('speke'),
  roleArn,
  resourceId: z.string().min(1).max(256).describe('The content id sent to the key server.'),
  deviceId: z
    .string()
    .min(1)
    .max(256)
    .describe('A device configured with the conditional access platform key provider.'),
  url: z.url({ protocol: /^https$/, error: 'must be an https URL (the API Gateway proxy of the key server)' }),
  algorithm,
  constantInitializationVector: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hexadecimal characters (128 bits)')
    .optional(),
});

/** Encryption given by its role and key source (what MediaConnect takes). */
export const explicitEncryption = z.discriminatedUnion('keyType', [staticKeyEncryption, spekeEncryption]);
export type EntitlementEncryption = z.infer<typeof explicitEncryption>;

/**
 * Static-key encryption by a named setup of this deployment (`encryptionSetups` in the config: a role and a secret
 * in the flow's account and Region, seed 004), in place of `roleArn` and `secretArn`.
 */
const ONE_FORM = 'give either setup (a named encryption setup) or keyType with roleArn and its key source, not both';

export const setupEncryption = z
  .strictObject(
    {
      // Optional here so that a body without it fails with the union's message (neither form), not "is required".
      setup: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be the name of an encryption setup')
        .optional()
        .describe(
          "A named encryption setup of this deployment: its role and secret, in the flow's account and Region.",
        ),
      keyType: z.literal('static-key').optional(),
      algorithm,
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? ONE_FORM : undefined) },
  )
  .refine((value) => value.setup !== undefined, ONE_FORM)
  .transform((value) => ({ ...value, setup: value.setup as string }));
export type SetupEncryption = z.infer<typeof setupEncryption>;

/** Either form, exactly one: a named setup, or the role and key source themselves. */
export const entitlementEncryption = z.union([setupEncryption, explicitEncryption], { error: ONE_FORM });
export type EntitlementEncryptionInput = z.infer<typeof entitlementEncryption>;

/** Whether the encryption names a setup. */
export function isSetupEncryption(encryption: EntitlementEncryptionInput): encryption is SetupEncryption {
  return 'setup' in encryption;
}

const entitlementStatus = z.enum(['ENABLED', 'DISABLED']);
const description = z.string().max(1024);

export const grantEntitlementBody = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, hyphens or underscores')
    .describe('Unique on the flow; it becomes part of the entitlement ARN, which the subscriber sees.'),
  subscribers,
  description: description.optional().describe('Visible only in your account.'),
  dataTransferSubscriberFeePercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(0)
    .describe('The share of the entitlement data-transfer fee billed to the subscriber.'),
  entitlementStatus: entitlementStatus.default('ENABLED'),
  encryption: entitlementEncryption.optional(),
});
export type GrantEntitlementInput = z.infer<typeof grantEntitlementBody>;

export const updateEntitlementBody = z
  .strictObject({
    entitlementStatus: entitlementStatus.optional(),
    description: description.optional(),
    subscribers: subscribers.optional(),
    encryption: entitlementEncryption.optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'give at least one field to change');
export type UpdateEntitlementInput = z.infer<typeof updateEntitlementBody>;
