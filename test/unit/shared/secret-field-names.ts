/**
 * The field names every secret filter is tested against: names that hold secrets in the media services' answers,
 * their events and the monitor's own inputs, and names that look close but only name or describe a secret.
 */
export const SECRET_FIELD_NAMES: readonly string[] = [
  'Password',
  'password',
  'Passphrase',
  'passwd',
  'Key',
  'StaticKeyValue',
  'streamKey',
  'PrivateKey',
  'private_key',
  'ApiKey',
  'api-key',
  'Secret',
  'clientSecret',
  'SecretAccessKey',
  'aws_secret_access_key',
  'SessionToken',
  'token',
  'Credentials',
  'Authorization',
  'authorization',
  'Signature',
];

export const NON_SECRET_FIELD_NAMES: readonly string[] = [
  'SecretArn',
  'secretArn',
  'RoleArn',
  'KeyType',
  'keyType',
  'Algorithm',
  'ResourceId',
  'Name',
  'Description',
  'StreamId',
  'Protocol',
  'Passthrough',
  'AccessKeyId',
];
