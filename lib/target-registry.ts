import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { partitionOf } from '../lambdas/shared/arn';
import { ENV } from '../lambdas/shared/env';
import {
  decodeRegistryValue,
  encodeRegistryValue,
  parseTargetRegistry,
  SERVICE_NAMES,
  type CredentialSource,
  type TargetRegistry,
  type TargetRegistryInput,
  type WatchedTarget,
  type WatchedTargetInput,
} from '../lambdas/shared/watched-targets';
import type { DeploymentSpec } from './deployment-spec';
import { encryptionSecretName, targetsParameterName } from './member-naming';

/** SSM's size limits of a String parameter's value, in characters (Standard, Advanced). */
export const SSM_STANDARD_MAX_CHARS = 4096;
export const SSM_ADVANCED_MAX_CHARS = 8192;

/** The session length AWS allows a chained role, and the registry schema's default. */
const DEFAULT_SESSION_SECONDS = 3600;

/**
 * Whether a deployment watches only itself the way a single-account stack does: one target, in the deployment's own
 * account and Region, read and operated with the functions' own roles, every service, no per-target quota or metric
 * override, no encryption setup. Such a deployment needs no registry parameter, no schedule per target, no bus: its
 * template is the single-account template, byte for byte (the functions fall back to `selfRegistry`).
 */
export function watchesOnlyItself(spec: DeploymentSpec): boolean {
  if (spec.watch.length !== 1 || spec.encryptionSetups.length > 0) return false;
  const [target] = spec.watch;
  return (
    target !== undefined &&
    target.account === spec.account &&
    target.region === spec.region &&
    target.credentials.type === 'execution-role' &&
    (target.operator === undefined || target.operator.type === 'execution-role') &&
    sameMembers(target.services, SERVICE_NAMES) &&
    Object.keys(target.quotas).length === 0 &&
    target.metricSet === undefined &&
    target.alarmTopicArns.length === 0
  );
}

/**
 * The runtime registry of a deployment (what `TARGETS_PARAMETER` names), in its shortest valid form: every field the
 * schema defaults (execution-role credentials, all services, no quota override, one-hour sessions) is left out, so the
 * SSM parameter holds as many targets as its size limit allows. No secret is in it: account, Region, credential type,
 * role and secret ARNs, external ids (not secrets, AWS says), services, overrides and the encryption setups' ARNs.
 *
 * An encryption setup's role ARN is `arn:aws:iam::<account>:role/<roleName>`; its secret ARN the imported one, or the
 * partial ARN of the secret the setup's stack creates (`media-monitor/encryption/<name>`, no random suffix).
 */
export function registryInputForDeployment(spec: DeploymentSpec): TargetRegistryInput {
  const { account, region } = spec;
  if (account === undefined || region === undefined)
    throw new Error(
      `Deployment ${spec.name}: a deployment that watches other targets needs an account and a Region ` +
        '(env-agnostic stacks watch only themselves)',
    );
  const partition = partitionOf(region);
  return {
    deployment: { account, region, name: spec.name },
    targets: spec.watch.map(compactTarget),
    ...(spec.encryptionSetups.length > 0
      ? {
          encryptionSetups: spec.encryptionSetups.map((setup) => ({
            name: setup.name,
            account: setup.account,
            region,
            roleArn: `arn:${partition}:iam::${setup.account}:role/${setup.roleName}`,
            secretArn:
              setup.secretArn ??
              `arn:${partition}:secretsmanager:${region}:${setup.account}:secret:${encryptionSecretName(setup.name)}`,
          })),
        }
      : {}),
  };
}

function compactTarget(target: WatchedTarget): WatchedTargetInput {
  return {
    account: target.account,
    region: target.region,
    ...(target.credentials.type === 'execution-role' ? {} : { credentials: compactSource(target.credentials) }),
    ...(target.operator ? { operator: compactSource(target.operator) } : {}),
    ...(sameMembers(target.services, SERVICE_NAMES) ? {} : { services: [...target.services] }),
    ...(Object.keys(target.quotas).length > 0 ? { quotas: target.quotas } : {}),
    ...(target.metricSet !== undefined ? { metricSet: target.metricSet } : {}),
  };
}

function compactSource(source: CredentialSource): NonNullable<WatchedTargetInput['credentials']> {
  if (source.type !== 'assume-role' || source.sessionDurationSeconds !== DEFAULT_SESSION_SECONDS) return source;
  const { type, roleArn, externalId } = source;
  return { type, roleArn, ...(externalId !== undefined ? { externalId } : {}) };
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && b.every((item) => a.includes(item));
}

export interface TargetRegistryParameterProps {
  readonly deployment: DeploymentSpec;
}

/**
 * The SSM String parameter `/media-monitor/<deployment>/targets` that holds the deployment's runtime registry
 * (lambdas/shared/watched-targets.ts reads it through TARGETS_PARAMETER, cached 5 minutes). Validated at synth with
 * the runtime's own parser, so a registry the functions would refuse never deploys. The JSON as is while it fits the
 * Standard tier's 4 KB; beyond, gzipped behind `gzip:` (`encodeRegistryValue`): 100 targets with an external id and an
 * operator role each are 38,744 characters of JSON and 2,885 encoded, inside one Standard parameter; Advanced (charged per parameter and
 * month) only when even that passes 4 KB, and synthesis fails, naming the size, beyond 8 KB.
 */
export class TargetRegistryParameter extends Construct {
  public readonly parameter: ssm.StringParameter;
  /** The registry as the functions will parse it. */
  public readonly registry: TargetRegistry;
  /** The parameter's value, in characters. */
  public readonly size: number;

  constructor(scope: Construct, id: string, props: TargetRegistryParameterProps) {
    super(scope, id);
    const name = targetsParameterName(props.deployment.name);
    const json = JSON.stringify(registryInputForDeployment(props.deployment));
    const value = encodeRegistryValue(json, SSM_STANDARD_MAX_CHARS);
    const source = `the registry of deployment ${props.deployment.name}`;
    this.registry = parseTargetRegistry(decodeRegistryValue(value, source), source);
    this.size = value.length;
    // An error annotation, not a throw: `cdk synth` fails and names the size, while the construct tree stays whole for
    // tests that measure a large deployment.
    if (this.size > SSM_ADVANCED_MAX_CHARS)
      Annotations.of(this).addError(
        `Deployment ${props.deployment.name}: its registry of ${this.registry.targets.length} targets is ` +
          `${this.size} characters, over the ${SSM_ADVANCED_MAX_CHARS} an SSM parameter holds; split the watched ` +
          'targets between two deployments',
      );
    this.parameter = new ssm.StringParameter(this, 'Parameter', {
      parameterName: name,
      stringValue: value,
      description: `Media monitor: the targets deployment ${props.deployment.name} watches (no secrets)`,
      tier: this.size > SSM_STANDARD_MAX_CHARS ? ssm.ParameterTier.ADVANCED : ssm.ParameterTier.STANDARD,
    });
  }

  /** Names the parameter in the function's TARGETS_PARAMETER and lets it read exactly this parameter. */
  public bind(fn: { addEnvironment(key: string, value: string): void; addToRolePolicy(s: iam.PolicyStatement): void }) {
    fn.addEnvironment(ENV.targetsParameter, this.parameter.parameterName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [this.parameter.parameterArn] }),
    );
  }
}

/** The role ARNs and secrets a function needs to reach a set of targets, deduplicated, in target order. */
export interface TargetCredentialResources {
  readonly roleArns: readonly string[];
  readonly secretArns: readonly string[];
}

/**
 * What the targets' credential sources need: the assume-role ARNs and the key-pair secrets of the reads, and with
 * `operate` of the operator sources too. Execution-role sources need nothing.
 */
export function credentialResources(
  targets: readonly WatchedTarget[],
  purposes: { readonly read: boolean; readonly operate: boolean },
): TargetCredentialResources {
  const sources = targets.flatMap((t) => [
    ...(purposes.read ? [t.credentials] : []),
    ...(purposes.operate && t.operator ? [t.operator] : []),
  ]);
  const unique = (values: string[]) => [...new Set(values)];
  return {
    roleArns: unique(sources.flatMap((s) => (s.type === 'assume-role' ? [s.roleArn] : []))),
    secretArns: unique(sources.flatMap((s) => (s.type === 'key-pair' ? [s.secretArn] : []))),
  };
}

/**
 * The statements that let a function's role reach targets: `sts:AssumeRole` on exactly the role ARNs,
 * `secretsmanager:GetSecretValue` on exactly the key-pair secrets, and, for secrets encrypted with a customer managed
 * key, `kms:Decrypt` only through Secrets Manager in the secrets' Region and only for those secrets (the key itself is
 * not named in the config, so the statement names this account's keys and narrows them by the two conditions). A
 * secret ARN without Secrets Manager's random suffix (a partial ARN) also matches the suffixed ARN (`-??????`).
 */
export function targetAccessStatements(resources: TargetCredentialResources): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  if (resources.roleArns.length > 0)
    statements.push(new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...resources.roleArns] }));
  if (resources.secretArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: resources.secretArns.flatMap((arn) => (hasRandomSuffix(arn) ? [arn] : [arn, `${arn}-??????`])),
      }),
    );
    const byKeyScope = new Map<string, string[]>();
    for (const arn of resources.secretArns) {
      const [, partition, , region, account] = arn.split(':');
      const scope = `arn:${partition}:kms:${region}:${account}:key/*`;
      byKeyScope.set(scope, [...(byKeyScope.get(scope) ?? []), arn]);
    }
    for (const [keys, secrets] of byKeyScope) {
      const region = keys.split(':')[3];
      statements.push(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [keys],
          conditions: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
            StringLike: {
              'kms:EncryptionContext:SecretARN': secrets.flatMap((arn) =>
                hasRandomSuffix(arn) ? [arn] : [arn, `${arn}-??????`],
              ),
            },
          },
        }),
      );
    }
  }
  return statements;
}

/** Secrets Manager appends `-` and six characters to a secret's name in its full ARN. */
function hasRandomSuffix(secretArn: string): boolean {
  return /-[A-Za-z0-9]{6}$/.test(secretArn);
}
