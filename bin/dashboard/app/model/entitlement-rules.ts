/**
 * The rules of granting and updating a MediaConnect entitlement (seed 003 "Granting an entitlement on a flow", and
 * the API's own schema in lambdas/api/mediaconnect/entitlement-schemas.ts and entitlement-placement.ts), checked in
 * the browser as the operator types. Pure: no DOM, no Preact. Field names are the API's (`encryption.roleArn`), so an
 * API 400 that names a field lands next to the same input.
 *
 * The client never accepts what the API refuses; it refuses a little more, where the seed is stricter than the
 * schema or the answer would otherwise be a 409 without a field:
 * - a name already used by an entitlement of the flow (the API answers 409 Conflict);
 * - subscriber ids given with hyphens get their own message (the seed: "Don't include hyphens").
 * What only the deployment knows stays with the API: whether a role is one it may pass (`api.encryptionRoleArns`) and
 * whether a named encryption setup exists and is in the flow's account and Region.
 */

/** The grant form as typed: every value a string (or a choice), as the inputs hold it. */
export interface GrantForm {
  name: string;
  /** Account ids separated by commas, spaces or new lines. */
  subscribers: string;
  description: string;
  dataTransferSubscriberFeePercent: string;
  entitlementStatus: EntitlementStatus;
  encryption: EncryptionChoice;
  'encryption.setup': string;
  'encryption.algorithm': string;
  'encryption.roleArn': string;
  'encryption.secretArn': string;
  'encryption.resourceId': string;
  'encryption.deviceId': string;
  'encryption.url': string;
  'encryption.constantInitializationVector': string;
}

export type EntitlementStatus = 'ENABLED' | 'DISABLED';

/** No encryption, a named setup of this deployment (role and secret), a static key by ARNs, or SPEKE. */
export type EncryptionChoice = 'none' | 'setup' | 'static-key' | 'speke';

export type GrantField = Exclude<keyof GrantForm, 'encryption'>;

/** Field name → message. Empty: the form may be sent. */
export type FieldErrors = Partial<Record<string, string>>;

/** What the rules need to know about the flow the entitlement is on. */
export interface GrantContext {
  /** The flow's ARN: its account and Region place roles, secrets and SPEKE proxies. */
  flowArn: string;
  /** Names of the flow's entitlements: a name is unique on a flow. */
  existingNames: readonly string[];
}

export const ENCRYPTION_ALGORITHMS = ['aes128', 'aes192', 'aes256'] as const;
export const MAX_SUBSCRIBERS = 100;
export const MAX_DESCRIPTION_LENGTH = 1024;
export const MAX_NAME_LENGTH = 128;

/** An empty grant form: enabled, no fee, no encryption (the API's defaults). */
export function emptyGrantForm(): GrantForm {
  return {
    name: '',
    subscribers: '',
    description: '',
    dataTransferSubscriberFeePercent: '0',
    entitlementStatus: 'ENABLED',
    encryption: 'none',
    'encryption.setup': '',
    'encryption.algorithm': 'aes256',
    'encryption.roleArn': '',
    'encryption.secretArn': '',
    'encryption.resourceId': '',
    'encryption.deviceId': '',
    'encryption.url': '',
    'encryption.constantInitializationVector': '',
  };
}

const NAME = /^[A-Za-z0-9_-]+$/;
const ACCOUNT_ID = /^\d{12}$/;
const SETUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const SECRET_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[\w/+=.@-]{1,512}$/;
const HEX_32 = /^[0-9a-fA-F]{32}$/;
const API_GATEWAY_HOST = /\.execute-api\.([a-z0-9-]+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$/i;

/** The subscriber ids of the text field: split on commas, white space and new lines, empty parts dropped. */
export function parseSubscribers(text: string): string[] {
  return text.split(/[\s,;]+/).filter((part) => part !== '');
}

/** Every rule of the grant form; the fields that break one, each with its first broken rule. */
export function validateGrant(form: GrantForm, context: GrantContext): FieldErrors {
  const errors: FieldErrors = {};
  const set = (field: string, message: string | undefined) => {
    if (message !== undefined) errors[field] = message;
  };
  set('name', nameRule(form.name, context.existingNames));
  set('subscribers', subscribersRule(form.subscribers));
  set('description', descriptionRule(form.description));
  set('dataTransferSubscriberFeePercent', feeRule(form.dataTransferSubscriberFeePercent));
  set('entitlementStatus', statusRule(form.entitlementStatus));
  Object.assign(errors, encryptionErrors(form, context.flowArn));
  return errors;
}

/** The entitlement's name: required, letters, digits, hyphens and underscores, at most 128, unique on the flow. */
export function nameRule(name: string, existingNames: readonly string[] = []): string | undefined {
  if (name === '') return 'Enter a name';
  if (name.length > MAX_NAME_LENGTH) return `Use at most ${MAX_NAME_LENGTH} characters (${name.length} now)`;
  if (!NAME.test(name)) return 'Use only letters, digits, hyphens (-) and underscores (_); no spaces';
  if (existingNames.includes(name)) return `The flow already has an entitlement named ${name}`;
  return undefined;
}

/** Subscribers: 1 to 100 twelve-digit AWS account ids, without hyphens, none twice. */
export function subscribersRule(text: string): string | undefined {
  const ids = parseSubscribers(text);
  if (ids.length === 0) return 'Enter at least one subscriber AWS account id';
  if (ids.length > MAX_SUBSCRIBERS)
    return `Enter at most ${MAX_SUBSCRIBERS} subscriber account ids (${ids.length} now)`;
  for (const id of ids) {
    if (/^[\d-]+$/.test(id) && id.includes('-') && ACCOUNT_ID.test(id.replace(/-/g, '')))
      return `${id}: remove the hyphens (${id.replace(/-/g, '')})`;
    if (!ACCOUNT_ID.test(id)) return `${id} is not a 12-digit AWS account id`;
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return `${id} is listed twice`;
    seen.add(id);
  }
  return undefined;
}

/** The description is optional and visible only in the originator's account; at most 1024 characters. */
export function descriptionRule(description: string): string | undefined {
  return description.length > MAX_DESCRIPTION_LENGTH
    ? `Use at most ${MAX_DESCRIPTION_LENGTH} characters (${description.length} now)`
    : undefined;
}

/** The share of the data-transfer fee billed to the subscriber: a whole number of percent from 0 to 100. */
export function feeRule(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'Enter a percentage from 0 to 100 (0: your account pays all of it)';
  if (!/^[+-]?\d+(\.\d+)?$/.test(value)) return 'Enter a number from 0 to 100';
  if (!/^[+-]?\d+$/.test(value)) return 'Enter a whole number of percent (no decimals)';
  const percent = Number(value);
  if (percent < 0 || percent > 100) return 'Enter a percentage from 0 to 100';
  return undefined;
}

export function statusRule(status: string): string | undefined {
  return status === 'ENABLED' || status === 'DISABLED' ? undefined : 'Choose Enabled or Disabled';
}

/** The encryption fields of the chosen form; fields of the other forms are not checked (and not sent). */
export function encryptionErrors(
  form: Pick<GrantForm, 'encryption' | (`encryption.${string}` & keyof GrantForm)>,
  flowArn: string,
): FieldErrors {
  const errors: FieldErrors = {};
  if (form.encryption === 'none') return errors;
  const flow = flowPlace(flowArn);
  const set = (field: keyof GrantForm, message: string | undefined) => {
    if (message !== undefined) errors[field] = message;
  };
  set('encryption.algorithm', algorithmRule(form['encryption.algorithm']));
  if (form.encryption === 'setup') {
    const setup = form['encryption.setup'];
    set(
      'encryption.setup',
      setup === ''
        ? 'Enter the name of an encryption setup of this deployment'
        : SETUP_NAME.test(setup)
          ? undefined
          : 'A setup name starts with a letter or digit and holds up to 64 letters, digits, ., _ or -',
    );
    return errors;
  }
  set('encryption.roleArn', roleArnRule(form['encryption.roleArn'], flow));
  if (form.encryption === 'static-key') {
    set('encryption.secretArn', secretArnRule(form['encryption.secretArn'], flow));
    return errors;
  }
  set('encryption.resourceId', lengthRule(form['encryption.resourceId'], 'a resource (content) id'));
  set('encryption.deviceId', lengthRule(form['encryption.deviceId'], 'a device id'));
  set('encryption.url', spekeUrlRule(form['encryption.url'], flow));
  const vector = form['encryption.constantInitializationVector'];
  set(
    'encryption.constantInitializationVector',
    vector === '' || HEX_32.test(vector) ? undefined : 'Enter 32 hexadecimal characters (128 bits), or leave it empty',
  );
  return errors;
}

function algorithmRule(algorithm: string): string | undefined {
  return (ENCRYPTION_ALGORITHMS as readonly string[]).includes(algorithm)
    ? undefined
    : 'Choose aes128, aes192 or aes256';
}

interface FlowPlace {
  account?: string;
  region?: string;
}

/** The account and Region of a MediaConnect flow ARN (`arn:aws:mediaconnect:<region>:<account>:flow:…`). */
export function flowPlace(flowArn: string): FlowPlace {
  const [, , , region, account] = flowArn.split(':');
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

function roleArnRule(roleArn: string, flow: FlowPlace): string | undefined {
  if (roleArn === '') return 'Enter the ARN of the role MediaConnect assumes';
  const match = ROLE_ARN.exec(roleArn);
  if (!match) return 'Enter an IAM role ARN (arn:aws:iam::<account>:role/<name>)';
  if (flow.account && match[2] !== flow.account)
    return `The role is in account ${match[2] ?? '?'}, the flow in ${flow.account}: MediaConnect only assumes a role of the flow's account`;
  return undefined;
}

function secretArnRule(secretArn: string, flow: FlowPlace): string | undefined {
  if (secretArn === '') return 'Enter the ARN of the Secrets Manager secret that holds the key';
  const match = SECRET_ARN.exec(secretArn);
  if (!match) return 'Enter a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)';
  const [, , region, account] = match;
  if (flow.account && account !== flow.account)
    return `The secret is in account ${account ?? '?'}, the flow in ${flow.account}: MediaConnect reads no secret across accounts`;
  if (flow.region && region !== flow.region)
    return `The secret is in ${region ?? '?'}, the flow in ${flow.region}: store the key in the flow's Region`;
  return undefined;
}

function lengthRule(value: string, what: string): string | undefined {
  if (value === '') return `Enter ${what}`;
  return value.length > 256 ? `Use at most 256 characters (${value.length} now)` : undefined;
}

function spekeUrlRule(text: string, flow: FlowPlace): string | undefined {
  if (text === '') return 'Enter the https URL of the API Gateway proxy of the key server';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a full https URL';
  }
  if (url.protocol !== 'https:') return 'The key server proxy URL must use https';
  const proxyRegion = API_GATEWAY_HOST.exec(url.hostname)?.[1]?.toLowerCase();
  if (proxyRegion !== undefined && flow.region && proxyRegion !== flow.region)
    return `The API Gateway proxy is in ${proxyRegion}, the flow in ${flow.region}: it must be in the flow's Region`;
  return undefined;
}

/** The encryption object the API takes, for the chosen form (undefined for none). */
export function encryptionBody(
  form: Pick<GrantForm, 'encryption' | (`encryption.${string}` & keyof GrantForm)>,
): Record<string, string> | undefined {
  const algorithm = form['encryption.algorithm'];
  switch (form.encryption) {
    case 'none':
      return undefined;
    case 'setup':
      return { setup: form['encryption.setup'], algorithm };
    case 'static-key':
      return {
        keyType: 'static-key',
        roleArn: form['encryption.roleArn'],
        secretArn: form['encryption.secretArn'],
        algorithm,
      };
    case 'speke': {
      const vector = form['encryption.constantInitializationVector'];
      return {
        keyType: 'speke',
        roleArn: form['encryption.roleArn'],
        resourceId: form['encryption.resourceId'],
        deviceId: form['encryption.deviceId'],
        url: form['encryption.url'],
        algorithm,
        ...(vector ? { constantInitializationVector: vector } : {}),
      };
    }
  }
}

/** The body of `POST /flows/{flowArn}/entitlements` for a valid form. */
export function grantBody(form: GrantForm): Record<string, unknown> {
  const encryption = encryptionBody(form);
  return {
    name: form.name,
    subscribers: parseSubscribers(form.subscribers),
    ...(form.description !== '' ? { description: form.description } : {}),
    dataTransferSubscriberFeePercent: Number(form.dataTransferSubscriberFeePercent.trim()),
    entitlementStatus: form.entitlementStatus,
    ...(encryption ? { encryption } : {}),
  };
}

/** The update dialog's form: what `PATCH …/entitlements/{arn}` can change besides encryption. */
export interface UpdateForm {
  entitlementStatus: EntitlementStatus;
  description: string;
  subscribers: string;
}

/** The stored entitlement as the flow tree gives it (the fields the update form starts from). */
export interface EntitlementView {
  arn: string;
  name: string;
  status?: string;
  description?: string;
  subscribers?: readonly string[];
}

export function updateFormOf(entitlement: EntitlementView): UpdateForm {
  return {
    entitlementStatus: entitlement.status === 'DISABLED' ? 'DISABLED' : 'ENABLED',
    description: entitlement.description ?? '',
    subscribers: (entitlement.subscribers ?? []).join(', '),
  };
}

/**
 * The update form's field rules. An update that changes nothing is not a field error: `updateBody` is then empty,
 * and the API refuses an empty body ("give at least one field to change"), so the dialog says so on Confirm.
 */
export function validateUpdate(form: UpdateForm): FieldErrors {
  const errors: FieldErrors = {};
  const subscribers = subscribersRule(form.subscribers);
  if (subscribers) errors.subscribers = subscribers;
  const description = descriptionRule(form.description);
  if (description) errors.description = description;
  const status = statusRule(form.entitlementStatus);
  if (status) errors.entitlementStatus = status;
  return errors;
}

/** Only the fields that differ from the stored entitlement: AWS leaves the others as they are. */
export function updateBody(form: UpdateForm, current: EntitlementView): Record<string, unknown> {
  const subscribers = parseSubscribers(form.subscribers);
  const currentSubscribers = current.subscribers ?? [];
  const sameSubscribers =
    subscribers.length === currentSubscribers.length && subscribers.every((id, i) => id === currentSubscribers[i]);
  return {
    ...(form.entitlementStatus !== (current.status === 'DISABLED' ? 'DISABLED' : 'ENABLED')
      ? { entitlementStatus: form.entitlementStatus }
      : {}),
    ...(form.description !== (current.description ?? '') ? { description: form.description } : {}),
    ...(sameSubscribers ? {} : { subscribers }),
  };
}
