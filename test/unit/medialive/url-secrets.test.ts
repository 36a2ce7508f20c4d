import { redactUrl } from '../../../lambdas/medialive/url-secrets';

describe('redactUrl', () => {
  it.each([
    ['https://user:pa55@host.example.com/live/index.m3u8', 'https://host.example.com/live/index.m3u8'],
    ['https://host.example.com/a.m3u8?token=abc123&x=1', 'https://host.example.com/a.m3u8?x=1'],
    ['https://cdn.example.com/a.m3u8?Signature=zz&Key-Pair-Id=K1&Policy=pp', 'https://cdn.example.com/a.m3u8'],
    ['https://cdn.example.com/a.m3u8?hdnts=exp~acl~hmac', 'https://cdn.example.com/a.m3u8'],
    ['rtmp://52.1.2.3:1935/live/my-stream-key', 'rtmp://52.1.2.3:1935/live'],
    ['rtmps://live.example.com:443/app/instance/extra?k=v', 'rtmps://live.example.com:443/app'],
    ['rtmp://a.rtmp.example.com/live2', 'rtmp://a.rtmp.example.com/live2'],
    ['udp://10.0.0.5:5000', 'udp://10.0.0.5:5000'],
    ['srt://user:pw@10.0.0.9:7000?passphrase=abcdefgh1234&latency=200', 'srt://10.0.0.9:7000?latency=200'],
    ['s3ssl://bucket/path/file', 's3ssl://bucket/path/file'],
  ])('stores %s as %s', (url, expected) => {
    // Act
    const stored = redactUrl(url);

    // Assess
    expect(stored).toBe(expected);
  });

  it('passes text that is not a URL through the secret filter', () => {
    // Act
    const stored = redactUrl('not a url password=hunter2');

    // Assess
    expect(stored).toBe('not a url password=[redacted]');
  });
});
