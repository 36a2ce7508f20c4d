import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createEncryptionSetups } from '../../lib/encryption-setups';
import { StaticKeyEncryption, type StaticKeyEncryptionProps } from '../../lib/static-key-encryption';
import { asArray, assertHasResource, cdkJsonContext, resourcesOfType, type PolicyStatementJson } from './synth';

const ENV = { account: '222222222222', region: 'eu-west-1' } as const;

function synthConstruct(props: StaticKeyEncryptionProps = {}): { stack: Stack; template: Template; app: App } {
  const app = new App({ context: cdkJsonContext() });
  const stack = new Stack(app, 'EncryptionOnly', { env: ENV });
  new StaticKeyEncryption(stack, 'Zixi', props);
  return { app, stack, template: Template.fromStack(stack) };
}

/**
 * The characters Secrets Manager's password generator (GetRandomPassword, and CloudFormation's GenerateSecretString)
 * draws from before exclusions: lowercase, uppercase, digits and these punctuation characters, plus space.
 */
const GENERATOR_CLASSES = {
  lowercase: 'abcdefghijklmnopqrstuvwxyz',
  uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  numbers: '0123456789',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  space: ' ',
};

/** The alphabet a GenerateSecretString block leaves, modelled on the generator's documented options. */
function generatedAlphabet(options: Record<string, unknown>): string {
  const classes = [
    options.ExcludeLowercase === true ? '' : GENERATOR_CLASSES.lowercase,
    options.ExcludeUppercase === true ? '' : GENERATOR_CLASSES.uppercase,
    options.ExcludeNumbers === true ? '' : GENERATOR_CLASSES.numbers,
    options.ExcludePunctuation === true ? '' : GENERATOR_CLASSES.punctuation,
    options.IncludeSpace === true ? GENERATOR_CLASSES.space : '',
  ].join('');
  const excluded = String(options.ExcludeCharacters ?? '');
  return [...classes]
    .filter((c) => !excluded.includes(c))
    .sort()
    .join('');
}

function onlyResource(template: Template, type: string): { id: string; properties: Record<string, unknown> } {
  const resources = Object.entries(resourcesOfType(template, type));
  expect(resources).toHaveLength(1);
  const [id, resource] = resources[0]!;
  return { id, properties: resource.Properties ?? {} };
}

function cfnLintErrors(template: Template, name: string): string[] {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mm-sk-lint-')), `${name}.template.json`);
  writeFileSync(file, JSON.stringify(template.toJSON(), null, 1));
  const result = spawnSync('cfn-lint', ['--format', 'json', '--', file], { encoding: 'utf8' });
  if (result.error) throw new Error(`cfn-lint could not run (${result.error.message}): pip install --user cfn-lint`);
  if (result.status === 1 || result.status === null) throw new Error(`cfn-lint failed: ${result.stderr}`);
  const matches = JSON.parse(result.stdout || '[]') as Array<{ Level: string; Rule: { Id: string }; Message: string }>;
  return matches.filter((m) => m.Level === 'Error').map((m) => `${m.Rule.Id}: ${m.Message}`);
}

describe('StaticKeyEncryption', () => {
  it.each([
    [128, 32],
    [192, 48],
    [256, 64],
  ] as const)('generates a %i-bit key as %i lowercase hex characters', (keyBits, length) => {
    // Act
    const { template } = synthConstruct({ keyBits });

    // Assess
    const secret = onlyResource(template, 'AWS::SecretsManager::Secret');
    const generate = secret.properties.GenerateSecretString as Record<string, unknown>;
    expect(generate.PasswordLength).toBe(length);
    expect(generatedAlphabet(generate)).toBe('0123456789abcdef');
    expect(generate.RequireEachIncludedType).toBe(false);
    expect(generate).not.toHaveProperty('SecretStringTemplate');
  });

  it('models the generator faithfully: without exclusions the alphabet is not hex', () => {
    // Act
    const alphabet = generatedAlphabet({ PasswordLength: 64 });

    // Assess
    expect(alphabet).toHaveLength(26 + 26 + 10 + 32);
    expect(alphabet).not.toBe('0123456789abcdef');
  });

  it('encrypts a created secret with a new key that rotates', () => {
    // Act
    const { template } = synthConstruct();

    // Assess
    const key = onlyResource(template, 'AWS::KMS::Key');
    expect(key.properties.EnableKeyRotation).toBe(true);
    assertHasResource(template, 'AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [key.id, 'Arn'] } });
  });

  it('allows exactly the four secret actions on that one secret, in one statement', () => {
    // Act
    const { template } = synthConstruct();

    // Assess
    const secret = onlyResource(template, 'AWS::SecretsManager::Secret');
    const policy = onlyResource(template, 'AWS::IAM::ManagedPolicy');
    const statements = (policy.properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement;
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        // Sorted: the app minimizes policies (@aws-cdk/aws-iam:minimizePolicies).
        Action: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetResourcePolicy',
          'secretsmanager:GetSecretValue',
          'secretsmanager:ListSecretVersionIds',
        ],
        Resource: { Ref: secret.id },
      },
    ]);
    expect(resourcesOfType(template, 'AWS::IAM::Policy')).toEqual({});
  });

  it('creates a role that only MediaConnect may assume, with the policy attached', () => {
    // Act
    const { template } = synthConstruct({ roleName: 'MediaConnect-ASM' });

    // Assess
    const role = onlyResource(template, 'AWS::IAM::Role');
    expect(role.properties.RoleName).toBe('MediaConnect-ASM');
    expect(role.properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'mediaconnect.amazonaws.com' } }],
    });
    expect(role.properties).not.toHaveProperty('Policies');
    assertHasResource(template, 'AWS::IAM::ManagedPolicy', { Roles: [{ Ref: role.id }] });
  });

  it('lets the role decrypt with the key only through Secrets Manager of its Region, in the key policy', () => {
    // Act
    const { template } = synthConstruct();

    // Assess
    const role = onlyResource(template, 'AWS::IAM::Role');
    const key = onlyResource(template, 'AWS::KMS::Key');
    const statements = (key.properties.KeyPolicy as { Statement: PolicyStatementJson[] }).Statement;
    const forRole = statements.filter((s) => JSON.stringify(s.Principal).includes(role.id));
    expect(forRole).toEqual([
      {
        Sid: 'MediaConnectReadsTheKeyThroughSecretsManager',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': [role.id, 'Arn'] } },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      },
    ]);
  });

  it.each(['MediaConnectAccessRole', 'mediaconnectaccessrole', 'MEDIACONNECTACCESSROLE'])(
    'refuses the reserved role name %s and suggests another',
    (roleName) => {
      // Prepare
      const stack = new Stack(new App(), 'Reserved', { env: ENV });

      // Act
      const create = () => new StaticKeyEncryption(stack, 'Zixi', { roleName });

      // Assess
      expect(create).toThrow(
        `StaticKeyEncryption: the role name ${roleName} is reserved by MediaConnect (MediaConnectAccessRole); ` +
          'choose another name that says what the role is for, such as MediaConnect-ASM',
      );
    },
  );

  it('refuses a role name IAM would reject', () => {
    // Prepare
    const stack = new Stack(new App(), 'BadName', { env: ENV });

    // Act
    const create = () => new StaticKeyEncryption(stack, 'Zixi', { roleName: 'MediaConnect ASM' });

    // Assess
    expect(create).toThrow('StaticKeyEncryption: the role name "MediaConnect ASM" must be 1-64 characters');
  });

  it('imports a secret by its full ARN: no secret or key is created, the policy names that ARN', () => {
    // Prepare
    const arn = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:zixi/partner-AbCdEf';
    const app = new App();
    const stack = new Stack(app, 'Imported', { env: ENV });

    // Act
    const encryption = new StaticKeyEncryption(stack, 'Zixi', {
      secret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Existing', arn),
    });

    // Assess
    const template = Template.fromStack(stack);
    expect(resourcesOfType(template, 'AWS::SecretsManager::Secret')).toEqual({});
    expect(resourcesOfType(template, 'AWS::KMS::Key')).toEqual({});
    expect(encryption.encryptionKey).toBeUndefined();
    assertHasResource(template, 'AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: arn })] },
    });
  });

  it('names a secret imported by partial ARN with the six-character suffix wildcard', () => {
    // Prepare
    const partial = 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:zixi/partner';
    const stack = new Stack(new App(), 'Partial', { env: ENV });

    // Act
    new StaticKeyEncryption(stack, 'Zixi', {
      secret: secretsmanager.Secret.fromSecretPartialArn(stack, 'Existing', partial),
    });

    // Assess
    assertHasResource(Template.fromStack(stack), 'AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: `${partial}-??????` })] },
    });
  });

  it('uses a given key and adds the role statement to its policy', () => {
    // Prepare
    const stack = new Stack(new App(), 'GivenKey', { env: ENV });
    const key = new kms.Key(stack, 'SharedKey', { enableKeyRotation: true });

    // Act
    const encryption = new StaticKeyEncryption(stack, 'Zixi', { encryptionKey: key });

    // Assess
    const template = Template.fromStack(stack);
    expect(encryption.encryptionKey).toBe(key);
    expect(Object.keys(resourcesOfType(template, 'AWS::KMS::Key'))).toHaveLength(1);
    const keyPolicy = Object.values(resourcesOfType(template, 'AWS::KMS::Key'))[0]!.Properties!.KeyPolicy as {
      Statement: PolicyStatementJson[];
    };
    expect(keyPolicy.Statement.map((s) => s.Sid)).toContain('MediaConnectReadsTheKeyThroughSecretsManager');
  });

  it('refuses keyBits or secretName with an imported secret', () => {
    // Prepare
    const stack = new Stack(new App(), 'Mixed', { env: ENV });
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'Existing', 'zixi');

    // Act
    const create = () => new StaticKeyEncryption(stack, 'Zixi', { secret, keyBits: 128 });

    // Assess
    expect(create).toThrow('StaticKeyEncryption: keyBits and secretName describe a created secret');
  });

  it('outputs RoleArn and SecretArn under ids of their construct, so two setups in one stack do not clash', () => {
    // Prepare
    const stack = new Stack(new App(), 'TwoSetups', { env: ENV });

    // Act
    new StaticKeyEncryption(stack, 'Zixi', { roleName: 'MediaConnect-zixi' });
    new StaticKeyEncryption(stack, 'Partner', { roleName: 'MediaConnect-partner' });

    // Assess
    const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>;
    const ids = Object.keys(outputs).sort();
    expect(ids).toHaveLength(4);
    expect(ids.filter((id) => id.startsWith('ZixiRoleArn'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('ZixiSecretArn'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('PartnerRoleArn'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('PartnerSecretArn'))).toHaveLength(1);
    const zixiRole = ids.find((id) => id.startsWith('ZixiRoleArn'))!;
    expect(outputs[zixiRole]!.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ZixiRole/), 'Arn'] });
  });

  it('finds nothing unacknowledged by cdk-nag and no cfn-lint error in a stack holding only the construct', () => {
    // Prepare
    const { app, template } = synthConstruct({ roleName: 'MediaConnect-ASM' });

    // Act
    const report = new AwsSolutionsChecks(app).validateScope(app);
    const lint = cfnLintErrors(template, 'encryption-only');

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    expect(lint).toEqual([]);
  });
});

describe('createEncryptionSetups', () => {
  it('creates each setup with its role name, the fixed secret name and its key size', () => {
    // Prepare
    const stack = new Stack(new App(), 'Setups', { env: ENV });

    // Act
    const setups = createEncryptionSetups(
      stack,
      [
        { name: 'zixi-partner', account: ENV.account, roleName: 'MediaConnect-zixi-partner', keyBits: 128 },
        {
          name: 'imported',
          account: ENV.account,
          roleName: 'MediaConnect-imported',
          keyBits: 256,
          secretArn: 'arn:aws:secretsmanager:eu-west-1:222222222222:secret:keys/imported-AbCdEf',
        },
      ],
      ENV.region,
    );

    // Assess
    const template = Template.fromStack(stack);
    expect(setups.map((s) => s.spec.name)).toEqual(['zixi-partner', 'imported']);
    expect(Object.values(resourcesOfType(template, 'AWS::SecretsManager::Secret'))).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          Name: 'media-monitor/encryption/zixi-partner',
          GenerateSecretString: expect.objectContaining({ PasswordLength: 32 }),
        }),
      }),
    ]);
    const roleNames = Object.values(resourcesOfType(template, 'AWS::IAM::Role')).map((r) => r.Properties!.RoleName);
    expect(roleNames.sort()).toEqual(['MediaConnect-imported', 'MediaConnect-zixi-partner']);
    const resources = Object.values(resourcesOfType(template, 'AWS::IAM::ManagedPolicy')).flatMap((p) =>
      (p.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement.flatMap((s) =>
        asArray(s.Resource),
      ),
    );
    expect(resources).toContainEqual('arn:aws:secretsmanager:eu-west-1:222222222222:secret:keys/imported-AbCdEf');
  });

  it('refuses a setup of another account or Region, since MediaConnect does not read secrets across them', () => {
    // Prepare
    const stack = new Stack(new App(), 'Setups', { env: ENV });
    const setup = { name: 'zixi', account: '333333333333', roleName: 'MediaConnect-zixi', keyBits: 256 } as const;

    // Act
    const otherAccount = () => createEncryptionSetups(stack, [setup], ENV.region);
    const otherRegion = () => createEncryptionSetups(stack, [{ ...setup, account: ENV.account }], 'us-east-1');

    // Assess
    expect(otherAccount).toThrow(
      "encryption setup zixi is for account 333333333333, not this stack's 222222222222: MediaConnect reads a " +
        "secret only in the flow's account",
    );
    expect(otherRegion).toThrow('encryption setups of us-east-1 cannot be created in a stack of eu-west-1');
  });
});
