import {
  fieldRows,
  formatFieldValue,
  humanizeField,
  isSecretField,
  withoutUserInfo,
} from '../../../bin/dashboard/app/model/field-rows';

describe('fieldRows', () => {
  it('flattens nested objects and arrays of objects into labelled rows, in the record order', () => {
    // Prepare: a MediaPackage v1 origin endpoint as GET /mediapackage/origin-endpoints/{arn} answers it.
    const endpoint = {
      arn: 'arn:aws:mediapackage:eu-west-1:111122223333:origin_endpoints/aa11',
      name: 'news-hls',
      channelId: 'news',
      url: 'https://abc.mediapackage.eu-west-1.amazonaws.com/out/v1/aa11/index.m3u8',
      packaging: {
        type: 'HLS',
        segmentDurationSeconds: 6,
        encryption: {
          encryptionMethod: 'AES_128',
          speke: { url: 'https://keys.example.com/speke', systemIds: ['81376844'] },
        },
        hlsManifests: [
          { id: 'a', manifestName: 'index' },
          { id: 'b', manifestName: 'alt' },
        ],
      },
      whitelist: ['203.0.113.0/24', '198.51.100.7/32'],
      authorization: {
        cdnIdentifierSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:cdn',
        secretsRoleArn: 'arn:aws:iam::111122223333:role/cdn',
      },
      tags: { env: 'prod' },
    };

    // Act
    const rows = fieldRows(endpoint, { omit: ['arn', 'name'] });

    // Assess
    expect(rows.map((r) => `${r.label}: ${r.value}`)).toEqual([
      'Channel ID: news',
      'URL: https://abc.mediapackage.eu-west-1.amazonaws.com/out/v1/aa11/index.m3u8',
      'Packaging · Type: HLS',
      'Packaging · Segment duration seconds: 6 s',
      'Packaging · Encryption · Encryption method: AES_128',
      'Packaging · Encryption · SPEKE · URL: https://keys.example.com/speke',
      'Packaging · Encryption · SPEKE · System IDs: 81376844',
      'Packaging · HLS manifests 1 · ID: a',
      'Packaging · HLS manifests 1 · Manifest name: index',
      'Packaging · HLS manifests 2 · ID: b',
      'Packaging · HLS manifests 2 · Manifest name: alt',
      'Whitelist: 203.0.113.0/24, 198.51.100.7/32',
      'Authorization · CDN identifier secret ARN: arn:aws:secretsmanager:eu-west-1:111122223333:secret:cdn',
      'Authorization · Secrets role ARN: arn:aws:iam::111122223333:role/cdn',
      'Tags · Env: prod',
    ]);
    expect(rows[2]?.path).toBe('packaging.type');
    expect(rows[7]?.path).toBe('packaging.hlsManifests[0].id');
  });

  it('never shows a secret value, even one that reached the answer, nor a URL user info', () => {
    // Prepare
    const channel = {
      ingestEndpoints: [
        { id: 'i1', url: 'https://user:hunter2@ingest.example.com/in/v2/abc', username: 'user', password: 'hunter2' },
      ],
      srt: [{ passphrase: 'sesame', passphraseSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:srt' }],
      encryption: { constantInitializationVector: '0123456789abcdef0123456789abcdef', keyValue: 'k' },
      streamName: 'live/secret-key',
    };

    // Act
    const text = fieldRows(channel)
      .map((r) => `${r.label}: ${r.value}`)
      .join('\n');

    // Assess
    expect(text).not.toMatch(/hunter2|sesame|0123456789abcdef|secret-key|Key value/);
    expect(text).toContain('Ingest endpoints · URL: https://ingest.example.com/in/v2/abc');
    expect(text).toContain('SRT · Passphrase secret ARN: arn:aws:secretsmanager:eu-west-1:111122223333:secret:srt');
  });

  it('leaves out empty values and omitted fields', () => {
    // Act
    const rows = fieldRows({ a: '', b: null, c: [], d: {}, e: undefined, f: 0, status: 'IDLE' }, { omit: ['status'] });

    // Assess
    expect(rows).toEqual([{ path: 'f', label: 'F', value: '0' }]);
  });
});

describe('field formatting', () => {
  it.each([
    ['ingestEndpoints', 'Ingest endpoints'],
    ['spekeUrl', 'SPEKE URL'],
    ['mediaConnectFlowArns', 'Media connect flow ARNs'],
    ['errorClearTimeMsec', 'Error clear time ms'],
    ['lowLatencyHlsManifests', 'Low latency HLS manifests'],
    ['cdnIdentifierSecretArn', 'CDN identifier secret ARN'],
  ])('labels %s as %s', (name, label) => {
    // Act
    const humanized = humanizeField(name);

    // Assess
    expect(humanized).toBe(label);
  });

  it.each([
    ['maxBitrate', 20_000_000, '20 Mb/s'],
    ['maxVideoBitsPerSecond', 5_500_000, '5.5 Mb/s'],
    ['startoverWindowSeconds', 86_400, '86,400 s'],
    ['errorClearTimeMsec', 1500, '1,500 ms'],
    ['listenerPort', 5000, '5000'],
    ['outputCount', 12_345, '12,345'],
    ['mqcsInputSwitching', true, 'yes'],
    ['repeatExtXKey', false, 'no'],
    ['url', 'rtmp://u:p@host/app', 'rtmp://host/app'],
  ])('shows %s = %j as %s', (name, value, expected) => {
    // Act
    const shown = formatFieldValue(name, value);

    // Assess
    expect(shown).toBe(expected);
  });

  it.each([
    ['password', true],
    ['passwordParam', true],
    ['passphrase', true],
    ['streamName', true],
    ['constantInitializationVector', true],
    ['passphraseSecretArn', false],
    ['cdnIdentifierSecretArn', false],
    ['username', false],
    ['keyRotationIntervalSeconds', false],
  ])('treats %s as secret: %s', (name, secret) => {
    // Act
    const result = isSecretField(name);

    // Assess
    expect(result).toBe(secret);
  });

  it('keeps text that is not a URL as it is', () => {
    // Act
    const text = withoutUserInfo('user@example.com');

    // Assess
    expect(text).toBe('user@example.com');
  });
});
