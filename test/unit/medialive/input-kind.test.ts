import {
  DescribeInputCommand,
  DescribeInputSecurityGroupCommand,
  ListInputsCommand,
  ListInputSecurityGroupsCommand,
  MediaLiveClient,
} from '@aws-sdk/client-medialive';
import { mockClient } from 'aws-sdk-client-mock';
import { inputKind, type ListedInput } from '../../../lambdas/medialive/input-kind';
import type { InputRecord } from '../../../lambdas/medialive/medialive-model';
import { GONE, type DescribedResource, type ListedResource } from '../../../lambdas/polling/resource-kind';
import {
  ACCOUNT,
  ALL_INPUTS,
  INPUT_DEVICE_INPUT,
  MEDIACONNECT_INPUT,
  REGION,
  RTMP_PUSH_INPUT,
  SECURITY_GROUPS,
  UDP_PUSH_INPUT,
  URL_PULL_INPUT,
} from './medialive-fixtures';
import { awsError, collect, kindContext } from './medialive-context';

const medialive = mockClient(MediaLiveClient);

async function listAll(ctx = kindContext(new MediaLiveClient({}))): Promise<ListedResource<ListedInput>[]> {
  const pages = await collect(inputKind.listPages(ctx));
  return pages.flatMap((page) => page.items);
}

async function recordOf(listed: ListedResource<ListedInput>): Promise<InputRecord> {
  const described = (await inputKind.describe(kindContext(new MediaLiveClient({})), listed, undefined, {
    refresh: false,
  })) as DescribedResource;
  return described.tree.meta as unknown as InputRecord;
}

describe('MediaLive input kind', () => {
  beforeEach(() => {
    medialive.reset();
    medialive.on(ListInputSecurityGroupsCommand).resolves({ InputSecurityGroups: SECURITY_GROUPS });
  });

  it('lists inputs with the largest page and builds each record from the listing alone', async () => {
    // Prepare
    medialive.on(ListInputsCommand).resolves({ Inputs: ALL_INPUTS });
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const listed = await listAll(ctx);
    const records = await Promise.all(listed.map(recordOf));

    // Assess
    expect(medialive).toHaveReceivedCommandWith(ListInputsCommand, { MaxResults: 1000 });
    expect(medialive).not.toHaveReceivedCommand(DescribeInputCommand);
    expect(ctx.budget.snapshot().calls).toEqual({ ListInputSecurityGroups: 1, ListInputs: 1 });
    expect(listed.map((l) => [l.arn, l.name, l.status])).toEqual(ALL_INPUTS.map((i) => [i.Arn, i.Name, i.State]));
    expect(records.map((r) => r.inputType)).toEqual([
      'UDP_PUSH',
      'RTMP_PUSH',
      'URL_PULL',
      'MEDIACONNECT',
      'INPUT_DEVICE',
    ]);
  });

  it('stores a UDP push input with its destinations, channels, tags and security groups joined with their rules', async () => {
    // Prepare
    medialive.on(ListInputsCommand).resolves({ Inputs: [UDP_PUSH_INPUT] });

    // Act
    const [listed] = await listAll();
    const record = await recordOf(listed!);

    // Assess
    expect(record).toMatchObject({
      pk: `RES#${UDP_PUSH_INPUT.Arn}`,
      sk: '#META',
      type: 'medialive:input',
      gsi1pk: `LIST#medialive:input#${ACCOUNT}#${REGION}`,
      gsi1sk: `stadium-udp#${UDP_PUSH_INPUT.Arn}`,
      id: '2001001',
      name: 'stadium-udp',
      status: 'ATTACHED',
      inputClass: 'STANDARD',
      inputSourceType: 'STATIC',
      destinations: [
        { ip: '52.18.1.10', port: '5000', url: 'udp://52.18.1.10:5000' },
        { ip: '52.18.2.20', port: '5000', url: 'udp://52.18.2.20:5000' },
      ],
      attachedChannelIds: ['3001001'],
      securityGroups: [{ id: '1234567', state: 'IN_USE', whitelistRules: ['203.0.113.0/24', '198.51.100.10/32'] }],
      tags: { team: 'sports' },
    });
    expect(record.hash).toHaveLength(22);
    expect(record.treeHash).toHaveLength(22);
    expect(record).not.toHaveProperty('sources');
    expect(record).not.toHaveProperty('mediaConnectFlowArns');
  });

  it('keeps an RTMP push destination only up to its application: the stream name is the key', async () => {
    // Prepare
    medialive.on(ListInputsCommand).resolves({ Inputs: [RTMP_PUSH_INPUT] });

    // Act
    const record = await recordOf((await listAll())[0]!);

    // Assess
    expect(record.destinations).toEqual([
      { ip: '52.18.1.11', port: '1935', url: 'rtmp://52.18.1.11:1935/live' },
      { ip: '52.18.2.21', port: '1935', url: 'rtmp://52.18.2.21:1935/live' },
    ]);
  });

  it('stores a pulled source URL without its password and signature, keeping the username and other parameters', async () => {
    // Prepare
    medialive.on(ListInputsCommand).resolves({ Inputs: [URL_PULL_INPUT] });

    // Act
    const record = await recordOf((await listAll())[0]!);

    // Assess
    expect(record.sources).toEqual([
      { url: 'https://partner.example.com/live/index.m3u8?quality=hd', username: 'feeduser' },
      { url: 'https://backup.example.com/live/index.m3u8' },
    ]);
    expect(JSON.stringify(record)).not.toContain('PasswordParam');
    expect(record.roleArn).toBe(URL_PULL_INPUT.RoleArn);
  });

  it('stores MediaConnect flow ARNs and input device ids', async () => {
    // Prepare
    medialive.on(ListInputsCommand).resolves({ Inputs: [MEDIACONNECT_INPUT, INPUT_DEVICE_INPUT] });

    // Act
    const [flowInput, deviceInput] = await Promise.all((await listAll()).map(recordOf));

    // Assess
    expect(flowInput!.mediaConnectFlowArns).toEqual(MEDIACONNECT_INPUT.MediaConnectFlows!.map((f) => f.FlowArn));
    expect(deviceInput!.inputDeviceIds).toEqual(['hd-0a1b2c3d4e5f6a7b8c9d']);
    expect(deviceInput!.inputClass).toBe('SINGLE_PIPELINE');
  });

  it('builds a record from an input with only an ARN and an id', async () => {
    // Prepare
    const arn = `arn:aws:medialive:${REGION}:${ACCOUNT}:input:9`;
    medialive.on(ListInputsCommand).resolves({ Inputs: [{ Arn: arn, Id: '9' }] });

    // Act
    const record = await recordOf((await listAll())[0]!);

    // Assess
    expect(Object.keys(record).sort()).toEqual(
      [
        'pk',
        'sk',
        'type',
        'account',
        'region',
        'observedAt',
        'version',
        'gsi1pk',
        'gsi1sk',
        'arn',
        'id',
        'name',
        'hash',
        'treeHash',
      ].sort(),
    );
    expect(record.name).toBe('');
  });

  it('follows NextToken across two pages and lists security groups once for the whole listing', async () => {
    // Prepare
    medialive
      .on(ListInputsCommand)
      .resolvesOnce({ Inputs: [UDP_PUSH_INPUT, RTMP_PUSH_INPUT], NextToken: 'page-2' })
      .resolvesOnce({ Inputs: [URL_PULL_INPUT] });
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const pages = await collect(inputKind.listPages(ctx));

    // Assess
    expect(pages.map((p) => [p.items.map((i) => i.name), p.nextToken])).toEqual([
      [['stadium-udp', 'studio-rtmp'], 'page-2'],
      [['partner-hls'], undefined],
    ]);
    expect(medialive).toHaveReceivedNthCommandWith(3, ListInputsCommand, { MaxResults: 1000, NextToken: 'page-2' });
    expect(ctx.budget.snapshot().calls).toEqual({ ListInputSecurityGroups: 1, ListInputs: 2 });
  });

  it('surfaces a throttled page to the engine, and a restart at its token continues without relisting security groups', async () => {
    // Prepare
    medialive
      .on(ListInputsCommand)
      .resolvesOnce({ Inputs: [UDP_PUSH_INPUT], NextToken: 'page-2' })
      .rejectsOnce(awsError('TooManyRequestsException', 429))
      .resolvesOnce({ Inputs: [URL_PULL_INPUT] });
    const ctx = kindContext(new MediaLiveClient({}));
    const first: string[] = [];

    // Act
    const failed = (async () => {
      for await (const page of inputKind.listPages(ctx)) first.push(...page.items.map((i) => i.arn));
    })();
    await expect(failed).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    const resumed = await collect(inputKind.listPages(ctx, 'page-2'));

    // Assess
    expect(first).toEqual([UDP_PUSH_INPUT.Arn]);
    expect(resumed.flatMap((p) => p.items.map((i) => i.arn))).toEqual([URL_PULL_INPUT.Arn]);
    expect(ctx.budget.snapshot().calls).toEqual({ ListInputSecurityGroups: 1, ListInputs: 3 });
  });

  it('leaves out DELETED inputs (moto keeps them listed) and describes a DELETED input as gone', async () => {
    // Prepare
    const deleted = { ...RTMP_PUSH_INPUT, State: 'DELETED' as const };
    medialive.on(ListInputsCommand).resolves({ Inputs: [UDP_PUSH_INPUT, deleted] });

    // Act
    const listed = await listAll();
    const described = await inputKind.describe(
      kindContext(new MediaLiveClient({})),
      { arn: deleted.Arn!, listed: { input: { ...deleted, Arn: deleted.Arn! }, observedAtMs: 1 } },
      undefined,
      { refresh: false },
    );

    // Assess
    expect(listed.map((l) => l.arn)).toEqual([UDP_PUSH_INPUT.Arn]);
    expect(described).toBe(GONE);
  });

  it('stores security group ids without rules and warns when ListInputSecurityGroups is not implemented', async () => {
    // Prepare
    medialive.on(ListInputSecurityGroupsCommand).rejects(awsError('SyntaxError', 404, 'Unexpected token <'));
    medialive.on(ListInputsCommand).resolves({ Inputs: [UDP_PUSH_INPUT] });
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const [listed] = await listAll(ctx);
    const described = (await inputKind.describe(ctx, listed!, undefined, { refresh: false })) as DescribedResource;

    // Assess
    expect(described.tree.meta.securityGroups).toEqual([{ id: '1234567' }]);
    expect(described.warning).toMatch(/security group rules unreadable: MediaLiveUnavailableError/);
    expect(ctx.budget.snapshot().calls.ListInputSecurityGroups).toBe(1);
  });

  it('looks one input up with DescribeInput and its security groups with DescribeInputSecurityGroup', async () => {
    // Prepare
    medialive.on(DescribeInputCommand, { InputId: '2001001' }).resolves(UDP_PUSH_INPUT);
    medialive.on(DescribeInputSecurityGroupCommand).resolves(SECURITY_GROUPS[0]!);
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const listed = await inputKind.lookup(ctx, UDP_PUSH_INPUT.Arn!);
    const record = await recordOf(listed as ListedResource<ListedInput>);

    // Assess
    expect(record.securityGroups).toEqual([
      { id: '1234567', state: 'IN_USE', whitelistRules: ['203.0.113.0/24', '198.51.100.10/32'] },
    ]);
    expect(ctx.budget.snapshot().calls).toEqual({ DescribeInput: 1, DescribeInputSecurityGroup: 1 });
  });

  it('retries a throttled DescribeInput through the budget, then succeeds', async () => {
    // Prepare
    medialive
      .on(DescribeInputCommand)
      .rejectsOnce(awsError('TooManyRequestsException', 429))
      .resolves({ ...URL_PULL_INPUT });
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const listed = await inputKind.lookup(ctx, URL_PULL_INPUT.Arn!);

    // Assess
    expect(listed).not.toBe(GONE);
    expect(ctx.budget.snapshot()).toMatchObject({ calls: { DescribeInput: 2 }, throttles: 1 });
  });

  it('looks up an input AWS no longer has as gone', async () => {
    // Prepare
    medialive.on(DescribeInputCommand).rejects(awsError('NotFoundException', 404));

    // Act
    const listed = await inputKind.lookup(kindContext(new MediaLiveClient({})), URL_PULL_INPUT.Arn!);

    // Assess
    expect(listed).toBe(GONE);
  });
});
