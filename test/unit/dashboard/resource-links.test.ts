import {
  firstShownArn,
  moduleForResource,
  modulesByService,
  nameOfArn,
  resourceHref,
  resourceTypeOfArn,
  serviceLabel,
} from '../../../bin/dashboard/app/model/resource-links';

const MODULES = [
  { path: '/flows', resourceType: 'mediaconnect:flow', title: 'Flows', service: 'mediaconnect' },
  { path: '/channels', resourceType: 'medialive:channel', title: 'Channels', service: 'medialive' },
  { path: '/inputs', resourceType: 'medialive:input', title: 'Inputs', service: 'medialive' },
  {
    path: '/mediapackage/channels',
    resourceType: 'mediapackage:channel',
    title: 'MediaPackage channels',
    service: 'mediapackage',
  },
];

const FLOW = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow';

describe('resourceTypeOfArn', () => {
  it.each([
    [FLOW, 'mediaconnect:flow'],
    ['arn:aws:mediaconnect:eu-west-1:111122223333:source:1-abc:Camera-1', undefined],
    ['arn:aws:medialive:us-west-2:111122223333:channel:123456', 'medialive:channel'],
    ['arn:aws:medialive:channel:0a1b2c', 'medialive:channel'],
    ['arn:aws:medialive:eu-west-1:111122223333:input:1234567', 'medialive:input'],
    ['arn:aws:medialive:eu-west-1:111122223333:inputDevice:hd-0123456789abcdef', 'medialive:input-device'],
    ['arn:aws:mediapackage:eu-west-1:111122223333:channels/abc123', 'mediapackage:channel'],
    ['arn:aws:mediapackage:eu-west-1:111122223333:origin_endpoints/aa11', 'mediapackage:origin-endpoint'],
    ['arn:aws:mediapackagev2:eu-west-1:111122223333:channelGroup/live', 'mediapackagev2:channel-group'],
    ['arn:aws:mediapackagev2:eu-west-1:111122223333:channelGroup/live/channel/news', 'mediapackagev2:channel'],
    [
      'arn:aws:mediapackagev2:eu-west-1:111122223333:channelGroup/live/channel/news/originEndpoint/hls',
      'mediapackagev2:origin-endpoint',
    ],
    ['arn:aws:s3:::bucket', undefined],
    ['not an arn', undefined],
  ])('reads %s as %s', (arn, type) => {
    // Prepare / Act
    const actual = resourceTypeOfArn(arn);

    // Assess
    expect(actual).toBe(type);
  });
});

describe('resource links', () => {
  it('links a resource to its module page by its ARN, or by its stored type when given', () => {
    // Prepare
    const channel = 'arn:aws:medialive:eu-west-1:111122223333:channel:7654321';

    // Act
    const hrefs = [
      resourceHref(MODULES, FLOW),
      resourceHref(MODULES, channel),
      resourceHref(MODULES, 'arn:custom:thing', 'medialive:input'),
    ];

    // Assess
    expect(hrefs).toEqual([
      `/flows/${encodeURIComponent(FLOW)}`,
      `/channels/${encodeURIComponent(channel)}`,
      `/inputs/${encodeURIComponent('arn:custom:thing')}`,
    ]);
  });

  it('links nothing for a kind no module shows', () => {
    // Prepare
    const device = 'arn:aws:medialive:eu-west-1:111122223333:inputDevice:hd-1';

    // Act
    const found = [resourceHref(MODULES, device), moduleForResource(MODULES, device)];

    // Assess
    expect(found).toEqual([undefined, undefined]);
  });

  it('picks the first ARN a module shows: the flow of a source event', () => {
    // Prepare
    const source = 'arn:aws:mediaconnect:eu-west-1:111122223333:source:1-abc:Camera-1';

    // Act
    const arn = firstShownArn(MODULES, [source, FLOW]);

    // Assess
    expect(arn).toBe(FLOW);
  });

  it('names a resource from its ARN: a flow by its name, others by their id', () => {
    // Prepare / Act
    const names = [
      nameOfArn(FLOW),
      nameOfArn('arn:aws:medialive:eu-west-1:111122223333:channel:7654321'),
      nameOfArn('arn:aws:mediapackage:eu-west-1:111122223333:channels/abc123'),
    ];

    // Assess
    expect(names).toEqual(['AwardsShow', '7654321', 'abc123']);
  });

  it('groups modules by service in registry order, with the services named as operators read them', () => {
    // Prepare / Act
    const groups = modulesByService(MODULES).map((g) => [serviceLabel(g.service), g.modules.map((m) => m.title)]);

    // Assess
    expect(groups).toEqual([
      ['MediaConnect', ['Flows']],
      ['MediaLive', ['Channels', 'Inputs']],
      ['MediaPackage', ['MediaPackage channels']],
    ]);
  });
});
