import type {
  ChannelSummary,
  DescribeChannelResponse,
  Input,
  InputDeviceSummary,
  InputSecurityGroup,
} from '@aws-sdk/client-medialive';

/**
 * Recorded shapes of MediaLive answers (SDK output form), written from the API reference: the members AWS returns for
 * each input type, a STANDARD channel with HLS, MediaPackage and RTMP output groups, a SINGLE_PIPELINE channel, and HD
 * and UHD Link devices. Every secret they hold is listed in `FIXTURE_SECRETS`: none may reach a stored record.
 */

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
const arn = (kind: string, id: string) => `arn:aws:medialive:${REGION}:${ACCOUNT}:${kind}:${id}`;

export const FIXTURE_SECRETS = [
  'Pa55w0rd-source',
  'live_8f3b2c1d9e-stream-key',
  'rtmp-output-key-77ab',
  'sig=3f9a8b7c6d5e',
  '3f9a8b7c6d5e',
  'hls-dest-pass-123',
  '/medialive/hls-password',
  '/medialive/source-password',
  'scte-secret-value',
  'kms-key-material-xyz',
] as const;

export const SECURITY_GROUPS: InputSecurityGroup[] = [
  {
    Arn: arn('inputSecurityGroup', '1234567'),
    Id: '1234567',
    Inputs: ['2001001', '2001002'],
    State: 'IN_USE',
    WhitelistRules: [{ Cidr: '203.0.113.0/24' }, { Cidr: '198.51.100.10/32' }],
    Tags: {},
  },
];

export const UDP_PUSH_INPUT: Input = {
  Arn: arn('input', '2001001'),
  Id: '2001001',
  Name: 'stadium-udp',
  Type: 'UDP_PUSH',
  State: 'ATTACHED',
  InputClass: 'STANDARD',
  InputSourceType: 'STATIC',
  AttachedChannels: ['3001001'],
  Destinations: [
    { Ip: '52.18.1.10', Port: '5000', Url: 'udp://52.18.1.10:5000' },
    { Ip: '52.18.2.20', Port: '5000', Url: 'udp://52.18.2.20:5000' },
  ],
  SecurityGroups: ['1234567'],
  Sources: [],
  MediaConnectFlows: [],
  InputDevices: [],
  Tags: { team: 'sports' },
};

export const RTMP_PUSH_INPUT: Input = {
  Arn: arn('input', '2001002'),
  Id: '2001002',
  Name: 'studio-rtmp',
  Type: 'RTMP_PUSH',
  State: 'DETACHED',
  InputClass: 'STANDARD',
  InputSourceType: 'STATIC',
  AttachedChannels: [],
  // The application instance of an RTMP push input is its stream key.
  Destinations: [
    { Ip: '52.18.1.11', Port: '1935', Url: 'rtmp://52.18.1.11:1935/live/live_8f3b2c1d9e-stream-key' },
    { Ip: '52.18.2.21', Port: '1935', Url: 'rtmp://52.18.2.21:1935/live/live_8f3b2c1d9e-stream-key' },
  ],
  SecurityGroups: ['1234567'],
  Sources: [],
  Tags: {},
};

export const URL_PULL_INPUT: Input = {
  Arn: arn('input', '2001003'),
  Id: '2001003',
  Name: 'partner-hls',
  Type: 'URL_PULL',
  State: 'ATTACHED',
  InputClass: 'STANDARD',
  InputSourceType: 'STATIC',
  AttachedChannels: ['3001001'],
  Destinations: [],
  SecurityGroups: [],
  Sources: [
    {
      Url: 'https://feeduser:Pa55w0rd-source@partner.example.com/live/index.m3u8?sig=3f9a8b7c6d5e&quality=hd',
      Username: 'feeduser',
      PasswordParam: '/medialive/source-password',
    },
    { Url: 'https://backup.example.com/live/index.m3u8', Username: '', PasswordParam: '' },
  ],
  RoleArn: `arn:aws:iam::${ACCOUNT}:role/MediaLiveAccessRole`,
  Tags: {},
};

export const MEDIACONNECT_INPUT: Input = {
  Arn: arn('input', '2001004'),
  Id: '2001004',
  Name: 'contribution-mediaconnect',
  Type: 'MEDIACONNECT',
  State: 'ATTACHED',
  InputClass: 'STANDARD',
  InputSourceType: 'STATIC',
  AttachedChannels: ['3001002'],
  MediaConnectFlows: [
    { FlowArn: `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-AbCdEf:Contribution-A` },
    { FlowArn: `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-GhIjKl:Contribution-B` },
  ],
  Sources: [],
  Destinations: [],
  SecurityGroups: [],
  RoleArn: `arn:aws:iam::${ACCOUNT}:role/MediaLiveAccessRole`,
};

export const INPUT_DEVICE_INPUT: Input = {
  Arn: arn('input', '2001005'),
  Id: '2001005',
  Name: 'link-uhd',
  Type: 'INPUT_DEVICE',
  State: 'DETACHED',
  InputClass: 'SINGLE_PIPELINE',
  InputSourceType: 'STATIC',
  AttachedChannels: [],
  InputDevices: [{ Id: 'hd-0a1b2c3d4e5f6a7b8c9d' }],
};

export const ALL_INPUTS = [UDP_PUSH_INPUT, RTMP_PUSH_INPUT, URL_PULL_INPUT, MEDIACONNECT_INPUT, INPUT_DEVICE_INPUT];

export const STANDARD_CHANNEL_ID = '3001001';
export const STANDARD_CHANNEL_ARN = arn('channel', STANDARD_CHANNEL_ID);

/** DescribeChannel of a RUNNING STANDARD channel: HLS to a password-protected origin, MediaPackage, RTMP with a key. */
export const STANDARD_CHANNEL: DescribeChannelResponse = {
  Arn: STANDARD_CHANNEL_ARN,
  Id: STANDARD_CHANNEL_ID,
  Name: 'sports-main',
  State: 'RUNNING',
  ChannelClass: 'STANDARD',
  PipelinesRunningCount: 2,
  LogLevel: 'WARNING',
  RoleArn: `arn:aws:iam::${ACCOUNT}:role/MediaLiveAccessRole`,
  Maintenance: { MaintenanceDay: 'TUESDAY', MaintenanceStartTime: '03:00', MaintenanceDeadline: '' },
  InputSpecification: { Codec: 'AVC', MaximumBitrate: 'MAX_20_MBPS', Resolution: 'HD' },
  InputAttachments: [
    {
      InputAttachmentName: 'stadium-primary',
      InputId: '2001001',
      AutomaticInputFailoverSettings: {
        SecondaryInputId: '2001003',
        InputPreference: 'PRIMARY_INPUT_PREFERRED',
        ErrorClearTimeMsec: 10_000,
        FailoverConditions: [
          { FailoverConditionSettings: { InputLossSettings: { InputLossThresholdMsec: 1000 } } },
          { FailoverConditionSettings: { VideoBlackSettings: { VideoBlackThresholdMsec: 2000 } } },
          {
            FailoverConditionSettings: {
              AudioSilenceSettings: { AudioSelectorName: 'a1', AudioSilenceThresholdMsec: 5000 },
            },
          },
        ],
      },
      InputSettings: { SourceEndBehavior: 'CONTINUE' },
    },
    { InputAttachmentName: 'partner-backup', InputId: '2001003' },
  ],
  PipelineDetails: [
    { PipelineId: '0', ActiveInputAttachmentName: 'stadium-primary', ActiveInputSwitchActionName: 'switch-to-stadium' },
    { PipelineId: '1', ActiveInputAttachmentName: 'stadium-primary' },
  ],
  Destinations: [
    {
      Id: 'hls-origin',
      Settings: [
        {
          Url: 'https://origin-a.example.com/in/sports/main',
          Username: 'ingest',
          PasswordParam: '/medialive/hls-password',
        },
        { Url: 'https://ingest:hls-dest-pass-123@origin-b.example.com/in/sports/main', Username: 'ingest' },
      ],
      MediaPackageSettings: [],
    },
    { Id: 'mp-dest', MediaPackageSettings: [{ ChannelId: 'sports-mp-channel' }], Settings: [] },
    {
      Id: 'rtmp-social',
      Settings: [
        { Url: 'rtmp://a.rtmp.example-social.com/live2', StreamName: 'rtmp-output-key-77ab' },
        { Url: 'rtmp://b.rtmp.example-social.com/live2?backup=1', StreamName: 'rtmp-output-key-77ab' },
      ],
    },
  ],
  EgressEndpoints: [{ SourceIp: '52.18.9.9' }],
  EncoderSettings: {
    AudioDescriptions: [{ AudioSelectorName: 'a1', Name: 'audio_1' }],
    TimecodeConfig: { Source: 'EMBEDDED' },
    AvailConfiguration: { AvailSettings: { Scte35SpliceInsert: { WebDeliveryAllowedFlag: 'FOLLOW' } } },
    VideoDescriptions: [
      {
        Name: 'video_1080p',
        Width: 1920,
        Height: 1080,
        CodecSettings: { H264Settings: { Bitrate: 6_000_000, RateControlMode: 'CBR', Profile: 'HIGH' } },
      },
      {
        Name: 'video_720p',
        Width: 1280,
        Height: 720,
        CodecSettings: {
          H265Settings: {
            MaxBitrate: 3_000_000,
            RateControlMode: 'QVBR',
            FramerateNumerator: 30,
            FramerateDenominator: 1,
          },
        },
      },
    ],
    OutputGroups: [
      {
        Name: 'hls-group',
        OutputGroupSettings: {
          HlsGroupSettings: {
            Destination: { DestinationRefId: 'hls-origin' },
            KeyProviderSettings: { StaticKeySettings: { StaticKeyValue: 'kms-key-material-xyz' } },
          },
        },
        Outputs: [
          {
            OutputName: '1080p',
            VideoDescriptionName: 'video_1080p',
            OutputSettings: { HlsOutputSettings: { HlsSettings: { StandardHlsSettings: { M3u8Settings: {} } } } },
          },
          {
            OutputName: '720p',
            VideoDescriptionName: 'video_720p',
            OutputSettings: { HlsOutputSettings: { HlsSettings: { StandardHlsSettings: { M3u8Settings: {} } } } },
          },
        ],
      },
      {
        Name: 'mediapackage',
        OutputGroupSettings: { MediaPackageGroupSettings: { Destination: { DestinationRefId: 'mp-dest' } } },
        Outputs: [
          {
            OutputName: 'mp-1080p',
            VideoDescriptionName: 'video_1080p',
            OutputSettings: { MediaPackageOutputSettings: {} },
          },
        ],
      },
      {
        Name: 'social',
        OutputGroupSettings: { RtmpGroupSettings: { AuthenticationScheme: 'COMMON' } },
        Outputs: [
          {
            OutputName: 'rtmp-720p',
            VideoDescriptionName: 'video_720p',
            OutputSettings: { RtmpOutputSettings: { Destination: { DestinationRefId: 'rtmp-social' } } },
          },
        ],
      },
    ],
    // A field an encoder could carry a secret in: never stored (only the summary is).
    GlobalConfiguration: { InputEndAction: 'NONE' },
  } as unknown as DescribeChannelResponse['EncoderSettings'],
  Tags: { team: 'sports', secretNote: 'scte-secret-value' },
};

export const SINGLE_PIPELINE_CHANNEL_ID = '3001002';
export const SINGLE_PIPELINE_CHANNEL_ARN = arn('channel', SINGLE_PIPELINE_CHANNEL_ID);

/** DescribeChannel of an IDLE SINGLE_PIPELINE channel: one MediaConnect input, a UDP output, no pipeline details. */
export const SINGLE_PIPELINE_CHANNEL: DescribeChannelResponse = {
  Arn: SINGLE_PIPELINE_CHANNEL_ARN,
  Id: SINGLE_PIPELINE_CHANNEL_ID,
  Name: 'news-single',
  State: 'IDLE',
  ChannelClass: 'SINGLE_PIPELINE',
  PipelinesRunningCount: 0,
  InputAttachments: [{ InputAttachmentName: 'contribution', InputId: '2001004' }],
  Destinations: [{ Id: 'udp-out', Settings: [{ Url: 'udp://10.0.0.5:5000' }] }],
  EncoderSettings: {
    VideoDescriptions: [{ Name: 'sd', CodecSettings: { Mpeg2Settings: {} } }],
    OutputGroups: [
      {
        OutputGroupSettings: { UdpGroupSettings: {} },
        Outputs: [
          {
            OutputSettings: {
              UdpOutputSettings: {
                Destination: { DestinationRefId: 'udp-out' },
                ContainerSettings: { M2tsSettings: {} },
              },
            },
          },
        ],
      },
    ],
    AudioDescriptions: [],
    TimecodeConfig: { Source: 'SYSTEMCLOCK' },
  } as unknown as DescribeChannelResponse['EncoderSettings'],
  Tags: {},
};

/** The ListChannels summary of a described channel (no PipelineDetails, no EncoderSettings). */
export function summaryOf(channel: DescribeChannelResponse): ChannelSummary {
  const summary: Record<string, unknown> = { ...channel };
  delete summary.PipelineDetails;
  delete summary.EncoderSettings;
  return summary as ChannelSummary;
}

export const HD_DEVICE: InputDeviceSummary = {
  Arn: arn('inputDevice', 'hd-0a1b2c3d4e5f6a7b8c9d'),
  Id: 'hd-0a1b2c3d4e5f6a7b8c9d',
  Name: 'link-studio-a',
  Type: 'HD',
  ConnectionState: 'CONNECTED',
  DeviceSettingsSyncState: 'SYNCED',
  DeviceUpdateStatus: 'UP_TO_DATE',
  MacAddress: '00:11:22:33:44:55',
  SerialNumber: 'L10012345',
  AvailabilityZone: 'eu-west-1a',
  OutputType: 'MEDIALIVE_INPUT',
  MedialiveInputArns: [arn('input', '2001005')],
  HdDeviceSettings: {
    ActiveInput: 'SDI',
    ConfiguredInput: 'AUTO',
    DeviceState: 'STREAMING',
    Framerate: 29.97,
    Height: 1080,
    Width: 1920,
    MaxBitrate: 10_000_000,
    ScanType: 'PROGRESSIVE',
    LatencyMs: 1000,
  },
  NetworkSettings: { IpAddress: '192.168.1.20', IpScheme: 'DHCP' },
  Tags: { site: 'studio-a' },
};

export const UHD_DEVICE: InputDeviceSummary = {
  Arn: arn('inputDevice', 'hd-9f8e7d6c5b4a39281706'),
  Id: 'hd-9f8e7d6c5b4a39281706',
  Name: 'link-uhd-stadium',
  Type: 'UHD',
  ConnectionState: 'DISCONNECTED',
  DeviceUpdateStatus: 'NOT_UP_TO_DATE',
  UhdDeviceSettings: {
    ActiveInput: 'HDMI',
    ConfiguredInput: 'HDMI',
    DeviceState: 'IDLE',
    MaxBitrate: 40_000_000,
    Codec: 'HEVC',
    InputResolution: 'UHD',
  },
};
