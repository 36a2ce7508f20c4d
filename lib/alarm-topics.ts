import { ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface AlarmTopicsProps {
  /**
   * Create the alarm topic: CloudWatch alarms publish to it and the ingest queue subscribes to it.
   * @default true
   */
  readonly createTopic?: boolean;
  /**
   * Existing topics that alarms already publish to; the ingest queue subscribes to them too.
   * @default []
   */
  readonly existingTopics?: sns.ITopic[];
  /**
   * Where the monitor's own health alarms (dead-letter queues) go. It must not be an ingest topic: a broken ingest
   * path would then report its failure into itself.
   * @default - a new encrypted topic
   */
  readonly operationsTopic?: sns.ITopic;
  /**
   * Removal policy of the KMS key.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The SNS topics alarms publish to: the alarm topic (ingested by the monitor) and the operations topic (for people).
 *
 * Created topics are encrypted with one customer-managed KMS key, because CloudWatch alarms cannot publish to a
 * topic encrypted with the AWS-managed `aws/sns` key: the key policy must let `cloudwatch.amazonaws.com` use it.
 * Topics refuse non-TLS publishing and accept CloudWatch alarms of this account only.
 */
export class AlarmTopics extends Construct {
  /** The key of the created topics; undefined when no topic is created. */
  public readonly key?: kms.Key;
  /** The created alarm topic, if any. */
  public readonly alarmTopic?: sns.Topic;
  /** Every topic the ingest queue subscribes to: the created one first, then the existing ones. */
  public readonly ingestTopics: readonly sns.ITopic[];
  /** The topic the stack's own CloudWatch alarms on media resources publish to (same region), if there is one. */
  public readonly alarmActionTopic?: sns.ITopic;
  public readonly operationsTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps = {}) {
    super(scope, id);
    const createTopic = props.createTopic ?? true;
    const existing = props.existingTopics ?? [];
    if (!createTopic && existing.length === 0) {
      throw new Error('AlarmTopics: set createTopic or pass existingTopics; the alarm path needs a topic');
    }
    if (props.operationsTopic && existing.some((t) => t.topicArn === props.operationsTopic?.topicArn)) {
      throw new Error('AlarmTopics: the operations topic must not be one of the ingest topics (it would loop)');
    }

    if (createTopic || !props.operationsTopic) {
      this.key = new kms.Key(this, 'Key', {
        description: 'Encrypts the media-monitor SNS topics; usable by CloudWatch alarms of this account',
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      );
    }
    if (createTopic) this.alarmTopic = this.createTopic('AlarmTopic', 'Media monitor: media-service alarms');
    this.operationsTopic =
      props.operationsTopic ?? this.createTopic('OperationsTopic', 'Media monitor: its own health');
    this.ingestTopics = [...(this.alarmTopic ? [this.alarmTopic] : []), ...existing];
    this.alarmActionTopic = this.alarmTopic ?? existing.find((t) => sameRegion(t.topicArn, Stack.of(this).region));
  }

  private createTopic(id: string, displayName: string): sns.Topic {
    const topic = new sns.Topic(this, id, { displayName, masterKey: this.key, enforceSSL: true });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    return topic;
  }
}

function sameRegion(topicArn: string, region: string): boolean {
  if (Token.isUnresolved(topicArn) || Token.isUnresolved(region)) return false;
  return topicArn.split(':')[3] === region;
}
