import { fieldLabel, fieldRows, isSecretField } from '../../../bin/dashboard/app/model/field-rows';

describe('fieldLabel', () => {
  it.each([
    ['ingestIp', 'Ingest IP'],
    ['ingestPort', 'Ingest port'],
    ['whitelistCidr', 'Whitelist CIDR'],
    ['roleArn', 'Role ARN'],
    ['vpcInterfaceName', 'VPC interface name'],
    ['maxBitrate', 'Max bitrate'],
    ['listenerAddress', 'Listener address'],
    ['dataTransferSubscriberFeePercent', 'Data transfer subscriber fee percent'],
    ['smoothingLatency', 'Smoothing latency'],
    ['url', 'URL'],
  ])('labels %s as %j', (name, label) => {
    // Act
    const result = fieldLabel(name);

    // Assess
    expect(result).toBe(label);
  });
});

describe('isSecretField', () => {
  it.each(['password', 'streamKey', 'secretString', 'secretValue', 'keyValue', 'privateKey', 'sessionToken', 'key'])(
    'hides %s',
    (name) => {
      // Act
      const secret = isSecretField(name);

      // Assess
      expect(secret).toBe(true);
    },
  );

  it.each(['secretArn', 'keyType', 'passwordParam', 'roleArn', 'algorithm', 'credentialSource', 'deviceId'])(
    'shows the reference %s',
    (name) => {
      // Act
      const secret = isSecretField(name);

      // Assess
      expect(secret).toBe(false);
    },
  );
});

describe('fieldRows', () => {
  it('lists every field of a source, nested ones by path, without the omitted ones', () => {
    // Prepare
    const source = {
      arn: 'arn:aws:mediaconnect:eu-west-1:111122223333:source:1-abc:Main',
      name: 'Main',
      protocol: 'srt-listener',
      ingestIp: '203.0.113.10',
      ingestPort: 5000,
      whitelistCidr: '198.51.100.0/24',
      decryption: { keyType: 'static-key', algorithm: 'aes256', roleArn: 'arn:aws:iam::1:role/r', secretArn: 'arn:s' },
      transport: { protocol: 'srt-listener', maxBitrate: 80000000, cidrAllowList: ['198.51.100.0/24', '10.0.0.0/8'] },
      empty: null,
    };

    // Act
    const rows = fieldRows(source, ['arn', 'name']);

    // Assess
    expect(rows.map((r) => [r.path, r.label, r.value])).toEqual([
      ['protocol', 'Protocol', 'srt-listener'],
      ['ingestIp', 'Ingest IP', '203.0.113.10'],
      ['ingestPort', 'Ingest port', '5000'],
      ['whitelistCidr', 'Whitelist CIDR', '198.51.100.0/24'],
      ['decryption.keyType', 'Decryption · Key type', 'static-key'],
      ['decryption.algorithm', 'Decryption · Algorithm', 'aes256'],
      ['decryption.roleArn', 'Decryption · Role ARN', 'arn:aws:iam::1:role/r'],
      ['decryption.secretArn', 'Decryption · Secret ARN', 'arn:s'],
      ['transport.protocol', 'Transport · Protocol', 'srt-listener'],
      ['transport.maxBitrate', 'Transport · Max bitrate', '80000000'],
      ['transport.cidrAllowList', 'Transport · CIDR allow list', '198.51.100.0/24, 10.0.0.0/8'],
    ]);
  });

  it('never lists a secret value, at any depth', () => {
    // Prepare
    const record = { name: 'x', encryption: { roleArn: 'arn:r', secretString: 'hunter2' }, password: 'p' };

    // Act
    const rows = fieldRows(record);

    // Assess
    expect(rows.map((r) => r.path)).toEqual(['name', 'encryption.roleArn']);
    expect(JSON.stringify(rows)).not.toContain('hunter2');
  });

  it('numbers the items of an array of objects', () => {
    // Prepare
    const record = { vpcInterfaces: [{ name: 'a', subnetId: 's-1' }, { name: 'b' }] };

    // Act
    const rows = fieldRows(record);

    // Assess
    expect(rows.map((r) => [r.path, r.label])).toEqual([
      ['vpcInterfaces.1.name', 'VPC interfaces · #1 · Name'],
      ['vpcInterfaces.1.subnetId', 'VPC interfaces · #1 · Subnet ID'],
      ['vpcInterfaces.2.name', 'VPC interfaces · #2 · Name'],
    ]);
  });
});
