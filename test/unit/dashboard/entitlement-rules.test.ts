import {
  descriptionRule,
  emptyGrantForm,
  encryptionBody,
  feeRule,
  flowPlace,
  grantBody,
  GrantForm,
  nameRule,
  parseSubscribers,
  statusRule,
  subscribersRule,
  updateBody,
  updateFormOf,
  validateGrant,
  validateUpdate,
} from '../../../bin/dashboard/app/model/entitlement-rules';
import { grantEntitlementBody } from '../../../lambdas/api/mediaconnect/entitlement-schemas';

const FLOW_ARN = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc-def:Venue-1';
const CONTEXT = { flowArn: FLOW_ARN, existingNames: ['Existing_One'] };
const ROLE = 'arn:aws:iam::111122223333:role/MediaConnect-ASM';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:mySecret1';

/** A form that passes every rule, changed by `changes`. */
function form(changes: Partial<GrantForm> = {}): GrantForm {
  return { ...emptyGrantForm(), name: 'AnyCompany', subscribers: '444455556666', ...changes };
}

describe('nameRule', () => {
  it.each([
    ['', 'Enter a name'],
    ['a'.repeat(129), 'Use at most 128 characters (129 now)'],
    ['Any Company', 'Use only letters, digits, hyphens (-) and underscores (_); no spaces'],
    ['Any/Company', 'Use only letters, digits, hyphens (-) and underscores (_); no spaces'],
    ['Existing_One', 'The flow already has an entitlement named Existing_One'],
  ])('refuses %j with its message', (name, message) => {
    // Act
    const result = nameRule(name, ['Existing_One']);

    // Assess
    expect(result).toBe(message);
  });

  it.each(['AnyCompany', 'Any-Company_2', 'a'.repeat(128)])('accepts %j', (name) => {
    // Act
    const result = nameRule(name, ['Existing_One']);

    // Assess
    expect(result).toBeUndefined();
  });
});

describe('subscribersRule', () => {
  it.each([
    ['', 'Enter at least one subscriber AWS account id'],
    [' , \n', 'Enter at least one subscriber AWS account id'],
    ['4444-5555-6666', '4444-5555-6666: remove the hyphens (444455556666)'],
    ['44445555666', '44445555666 is not a 12-digit AWS account id'],
    ['4444555566667', '4444555566667 is not a 12-digit AWS account id'],
    ['44445555666x', '44445555666x is not a 12-digit AWS account id'],
    ['444455556666, 444455556666', '444455556666 is listed twice'],
    [
      Array.from({ length: 101 }, (_, i) => String(100000000000 + i)).join(','),
      'Enter at most 100 subscriber account ids (101 now)',
    ],
  ])('refuses %j with its message', (text, message) => {
    // Act
    const result = subscribersRule(text);

    // Assess
    expect(result).toBe(message);
  });

  it('accepts up to 100 distinct ids separated by commas, spaces or new lines', () => {
    // Prepare
    const text = Array.from({ length: 100 }, (_, i) => String(100000000000 + i)).join(',\n ');

    // Act
    const result = subscribersRule(text);

    // Assess
    expect(result).toBeUndefined();
    expect(parseSubscribers(text)).toHaveLength(100);
  });
});

describe('descriptionRule', () => {
  it('refuses a description over 1024 characters and accepts 1024', () => {
    // Act
    const tooLong = descriptionRule('d'.repeat(1025));
    const longest = descriptionRule('d'.repeat(1024));

    // Assess
    expect(tooLong).toBe('Use at most 1024 characters (1025 now)');
    expect(longest).toBeUndefined();
  });
});

describe('feeRule', () => {
  it.each([
    ['', 'Enter a percentage from 0 to 100 (0: your account pays all of it)'],
    ['fifteen', 'Enter a number from 0 to 100'],
    ['15%', 'Enter a number from 0 to 100'],
    ['12.5', 'Enter a whole number of percent (no decimals)'],
    ['101', 'Enter a percentage from 0 to 100'],
    ['-1', 'Enter a percentage from 0 to 100'],
  ])('refuses %j with its message', (text, message) => {
    // Act
    const result = feeRule(text);

    // Assess
    expect(result).toBe(message);
  });

  it.each(['0', '15', '100', ' 42 '])('accepts %j', (text) => {
    // Act
    const result = feeRule(text);

    // Assess
    expect(result).toBeUndefined();
  });
});

describe('statusRule', () => {
  it('accepts ENABLED and DISABLED only', () => {
    // Act
    const results = ['ENABLED', 'DISABLED', 'PAUSED'].map(statusRule);

    // Assess
    expect(results).toEqual([undefined, undefined, 'Choose Enabled or Disabled']);
  });
});

describe('validateGrant encryption rules', () => {
  it.each<[string, Partial<GrantForm>, Record<string, string>]>([
    ['no encryption needs no encryption field', { encryption: 'none', 'encryption.roleArn': 'junk' }, {}],
    [
      'a setup needs its name',
      { encryption: 'setup' },
      { 'encryption.setup': 'Enter the name of an encryption setup of this deployment' },
    ],
    [
      'a setup name has the setup pattern',
      { encryption: 'setup', 'encryption.setup': '-bad name' },
      {
        'encryption.setup': 'A setup name starts with a letter or digit and holds up to 64 letters, digits, ., _ or -',
      },
    ],
    [
      'the algorithm is one of aes128, aes192, aes256',
      { encryption: 'setup', 'encryption.setup': 'venue', 'encryption.algorithm': 'des' },
      { 'encryption.algorithm': 'Choose aes128, aes192 or aes256' },
    ],
    [
      'a static key needs a role and a secret',
      { encryption: 'static-key' },
      {
        'encryption.roleArn': 'Enter the ARN of the role MediaConnect assumes',
        'encryption.secretArn': 'Enter the ARN of the Secrets Manager secret that holds the key',
      },
    ],
    [
      'a role and secret must be ARNs of their kind',
      { encryption: 'static-key', 'encryption.roleArn': 'MediaConnect-ASM', 'encryption.secretArn': 'mySecret1' },
      {
        'encryption.roleArn': 'Enter an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
        'encryption.secretArn':
          'Enter a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)',
      },
    ],
    [
      "the role is in the flow's account",
      {
        encryption: 'static-key',
        'encryption.roleArn': 'arn:aws:iam::999988887777:role/Other',
        'encryption.secretArn': SECRET,
      },
      {
        'encryption.roleArn':
          "The role is in account 999988887777, the flow in 111122223333: MediaConnect only assumes a role of the flow's account",
      },
    ],
    [
      "the secret is in the flow's account",
      {
        encryption: 'static-key',
        'encryption.roleArn': ROLE,
        'encryption.secretArn': 'arn:aws:secretsmanager:eu-west-1:999988887777:secret:other',
      },
      {
        'encryption.secretArn':
          'The secret is in account 999988887777, the flow in 111122223333: MediaConnect reads no secret across accounts',
      },
    ],
    [
      "the secret is in the flow's Region",
      {
        encryption: 'static-key',
        'encryption.roleArn': ROLE,
        'encryption.secretArn': 'arn:aws:secretsmanager:us-east-1:111122223333:secret:other',
      },
      {
        'encryption.secretArn': "The secret is in us-east-1, the flow in eu-west-1: store the key in the flow's Region",
      },
    ],
    [
      'SPEKE needs a role, resource id, device id and URL',
      { encryption: 'speke' },
      {
        'encryption.roleArn': 'Enter the ARN of the role MediaConnect assumes',
        'encryption.resourceId': 'Enter a resource (content) id',
        'encryption.deviceId': 'Enter a device id',
        'encryption.url': 'Enter the https URL of the API Gateway proxy of the key server',
      },
    ],
    [
      'SPEKE ids are at most 256 characters, the URL https, the vector 32 hex characters',
      {
        encryption: 'speke',
        'encryption.roleArn': ROLE,
        'encryption.resourceId': 'r'.repeat(257),
        'encryption.deviceId': 'd'.repeat(257),
        'encryption.url': 'http://1wm2dx1f33.execute-api.eu-west-1.amazonaws.com/SpekeSample/copyProtection',
        'encryption.constantInitializationVector': 'abc',
      },
      {
        'encryption.resourceId': 'Use at most 256 characters (257 now)',
        'encryption.deviceId': 'Use at most 256 characters (257 now)',
        'encryption.url': 'The key server proxy URL must use https',
        'encryption.constantInitializationVector': 'Enter 32 hexadecimal characters (128 bits), or leave it empty',
      },
    ],
    [
      'the SPEKE URL is a full URL',
      {
        encryption: 'speke',
        'encryption.roleArn': ROLE,
        'encryption.resourceId': 'MovieNight20171126093045',
        'encryption.deviceId': 'device-1',
        'encryption.url': 'execute-api/copyProtection',
      },
      { 'encryption.url': 'Enter a full https URL' },
    ],
    [
      "the SPEKE proxy on API Gateway is in the flow's Region",
      {
        encryption: 'speke',
        'encryption.roleArn': ROLE,
        'encryption.resourceId': 'MovieNight20171126093045',
        'encryption.deviceId': 'device-1',
        'encryption.url': 'https://1wm2dx1f33.execute-api.us-west-2.amazonaws.com/SpekeSample/copyProtection',
      },
      {
        'encryption.url':
          "The API Gateway proxy is in us-west-2, the flow in eu-west-1: it must be in the flow's Region",
      },
    ],
  ])('%s', (_rule, changes, expected) => {
    // Act
    const errors = validateGrant(form(changes), CONTEXT);

    // Assess
    expect(errors).toEqual(expected);
  });
});

describe('validateGrant', () => {
  it('reports every broken field of the form at once', () => {
    // Prepare
    const broken = form({ name: '', subscribers: '1234', dataTransferSubscriberFeePercent: '150' });

    // Act
    const errors = validateGrant(broken, CONTEXT);

    // Assess
    expect(errors).toEqual({
      name: 'Enter a name',
      subscribers: '1234 is not a 12-digit AWS account id',
      dataTransferSubscriberFeePercent: 'Enter a percentage from 0 to 100',
    });
  });

  it.each<[string, Partial<GrantForm>]>([
    ['no encryption', {}],
    ['a named setup', { encryption: 'setup', 'encryption.setup': 'venue-keys', 'encryption.algorithm': 'aes128' }],
    ['a static key', { encryption: 'static-key', 'encryption.roleArn': ROLE, 'encryption.secretArn': SECRET }],
    [
      'SPEKE',
      {
        encryption: 'speke',
        'encryption.roleArn': ROLE,
        'encryption.resourceId': 'MovieNight20171126093045',
        'encryption.deviceId': 'device-1',
        'encryption.url': 'https://1wm2dx1f33.execute-api.eu-west-1.amazonaws.com/SpekeSample/copyProtection',
        'encryption.constantInitializationVector': '0123456789abcdef0123456789ABCDEF',
      },
    ],
  ])('sends a body the API schema accepts when the form passes, with %s', (_case, changes) => {
    // Prepare
    const valid = form({ description: 'For AnyCompany', dataTransferSubscriberFeePercent: '15', ...changes });

    // Act
    const errors = validateGrant(valid, CONTEXT);
    const parsed = grantEntitlementBody.safeParse(grantBody(valid));

    // Assess
    expect(errors).toEqual({});
    expect(parsed.success).toBe(true);
  });

  it.each<[string, Partial<GrantForm>]>([
    ['a name with a space', { name: 'Any Company' }],
    ['a 129-character name', { name: 'n'.repeat(129) }],
    ['an 11-digit subscriber', { subscribers: '44445555666' }],
    ['a hyphenated subscriber', { subscribers: '4444-5555-6666' }],
    ['a repeated subscriber', { subscribers: '444455556666 444455556666' }],
    ['a fractional fee', { dataTransferSubscriberFeePercent: '12.5' }],
    ['a fee over 100', { dataTransferSubscriberFeePercent: '101' }],
    ['a negative fee', { dataTransferSubscriberFeePercent: '-1' }],
    ['a long description', { description: 'd'.repeat(1025) }],
    ['an http SPEKE URL', { encryption: 'speke', 'encryption.roleArn': ROLE, 'encryption.url': 'http://k.example' }],
    ['a short vector', { encryption: 'speke', 'encryption.constantInitializationVector': 'abcd' }],
    [
      'a secret name, not an ARN',
      { encryption: 'static-key', 'encryption.roleArn': ROLE, 'encryption.secretArn': 'x' },
    ],
  ])('refuses what the API schema refuses: %s', (_case, changes) => {
    // Prepare
    const invalid = form({
      'encryption.resourceId': 'r',
      'encryption.deviceId': 'd',
      'encryption.url': 'https://k.example/speke',
      ...changes,
    });

    // Act
    const errors = validateGrant(invalid, CONTEXT);
    const parsed = grantEntitlementBody.safeParse(grantBody(invalid));

    // Assess
    expect(parsed.success).toBe(false);
    expect(Object.keys(errors).length).toBeGreaterThan(0);
  });
});

describe('grantBody', () => {
  it('sends the typed values as the API takes them, without empty optional fields', () => {
    // Prepare
    const typed = form({ subscribers: '444455556666,\n123456789012', dataTransferSubscriberFeePercent: ' 15 ' });

    // Act
    const body = grantBody(typed);

    // Assess
    expect(body).toEqual({
      name: 'AnyCompany',
      subscribers: ['444455556666', '123456789012'],
      dataTransferSubscriberFeePercent: 15,
      entitlementStatus: 'ENABLED',
    });
  });

  it('sends only the chosen encryption form, never the fields of another', () => {
    // Prepare
    const typed = form({
      encryption: 'setup',
      'encryption.setup': 'venue-keys',
      'encryption.roleArn': ROLE,
      'encryption.secretArn': SECRET,
    });

    // Act
    const encryption = encryptionBody(typed);

    // Assess
    expect(encryption).toEqual({ setup: 'venue-keys', algorithm: 'aes256' });
  });
});

describe('flowPlace', () => {
  it("reads a flow ARN's account and Region", () => {
    // Act
    const place = flowPlace(FLOW_ARN);

    // Assess
    expect(place).toEqual({ account: '111122223333', region: 'eu-west-1' });
  });
});

describe('update form', () => {
  const current = {
    arn: 'arn:aws:mediaconnect:eu-west-1:111122223333:entitlement:1-x:AnyCompany',
    name: 'AnyCompany',
    status: 'ENABLED',
    description: 'For AnyCompany',
    subscribers: ['444455556666'],
  };

  it('sends only the fields that changed', () => {
    // Prepare
    const edited = { ...updateFormOf(current), entitlementStatus: 'DISABLED' as const };

    // Act
    const body = updateBody(edited, current);

    // Assess
    expect(body).toEqual({ entitlementStatus: 'DISABLED' });
  });

  it('sends nothing for an unchanged form, and new subscribers as a list', () => {
    // Prepare
    const unchanged = updateFormOf(current);
    const moreSubscribers = { ...unchanged, subscribers: '444455556666, 123456789012' };

    // Act
    const none = updateBody(unchanged, current);
    const some = updateBody(moreSubscribers, current);

    // Assess
    expect(none).toEqual({});
    expect(some).toEqual({ subscribers: ['444455556666', '123456789012'] });
  });

  it('checks subscribers and description with the grant rules', () => {
    // Prepare
    const edited = { ...updateFormOf(current), subscribers: '', description: 'd'.repeat(1025) };

    // Act
    const errors = validateUpdate(edited);

    // Assess
    expect(errors).toEqual({
      subscribers: 'Enter at least one subscriber AWS account id',
      description: 'Use at most 1024 characters (1025 now)',
    });
  });
});
