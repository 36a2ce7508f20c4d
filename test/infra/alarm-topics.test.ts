import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmTopics, type AlarmTopicsProps } from '../../lib/alarm-topics';
import { assertHasResource, resourcesOfType, type PolicyStatementJson } from './synth';

function topicsOf(props: AlarmTopicsProps | ((stack: Stack) => AlarmTopicsProps) = {}) {
  const stack = new Stack(new App(), 'TopicsTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const topics = new AlarmTopics(stack, 'Topics', typeof props === 'function' ? props(stack) : props);
  return { topics, template: Template.fromStack(stack) };
}

describe('AlarmTopics', () => {
  it('encrypts both created topics with one rotating customer-managed key that CloudWatch may use', () => {
    // Act
    const { template } = topicsOf();

    // Assess
    const keyId = Object.keys(resourcesOfType(template, 'AWS::KMS::Key'))[0]!;
    assertHasResource(template, 'AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          },
        ]),
      },
    });
    const topics = Object.values(resourcesOfType(template, 'AWS::SNS::Topic')).map((t) => t.Properties!.KmsMasterKeyId);
    expect(topics).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }, { 'Fn::GetAtt': [keyId, 'Arn'] }]);
  });

  it('accepts CloudWatch alarms of this account only, and publishing over TLS only', () => {
    // Act
    const { template } = topicsOf();

    // Assess
    const policies = Object.values(resourcesOfType(template, 'AWS::SNS::TopicPolicy')).map(
      (p) => (p.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement,
    );
    expect(policies).toHaveLength(2);
    for (const statements of policies) {
      expect(statements).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          expect.objectContaining({
            Sid: 'AllowCloudWatchAlarmsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:123456789012:alarm:*']],
                },
              },
            },
          }),
        ]),
      );
    }
  });

  it('ingests the created topic and the existing ones, and picks a same-region topic for alarm actions', () => {
    // Act
    const { topics } = topicsOf((stack) => ({
      createTopic: false,
      existingTopics: [
        sns.Topic.fromTopicArn(stack, 'Far', 'arn:aws:sns:us-east-1:123456789012:far'),
        sns.Topic.fromTopicArn(stack, 'Near', 'arn:aws:sns:eu-west-1:123456789012:near'),
      ],
    }));

    // Assess
    expect(topics.ingestTopics.map((t) => t.topicArn)).toEqual([
      'arn:aws:sns:us-east-1:123456789012:far',
      'arn:aws:sns:eu-west-1:123456789012:near',
    ]);
    expect(topics.alarmActionTopic?.topicArn).toBe('arn:aws:sns:eu-west-1:123456789012:near');
    expect(topics.alarmTopic).toBeUndefined();
  });

  it('refuses an operations topic that is also ingested', () => {
    // Act
    const create = () =>
      topicsOf((stack) => {
        const shared = sns.Topic.fromTopicArn(stack, 'Shared', 'arn:aws:sns:eu-west-1:123456789012:shared');
        return { existingTopics: [shared], operationsTopic: shared };
      });

    // Assess
    expect(create).toThrow('AlarmTopics: the operations topic must not be one of the ingest topics (it would loop)');
  });
});
