import { Duration, Names, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** What the access roles need to know about the API (MonitorApi is one). */
export interface RoleAccessibleApi {
  readonly restApi: apigw.RestApi;
  readonly stageName: string;
  /** The execute-api ARN of one HTTP method (or `*`) on every path of the stage. */
  arnForMethod(method: string): string;
}

export interface AccessRolesProps {
  readonly api: RoleAccessibleApi;
  /**
   * Who may assume the read-only role.
   * @default - the deploying account (its IAM policies then decide which users and roles)
   */
  readonly readOnlyPrincipals?: readonly iam.IPrincipal[];
  /**
   * Who may assume the operator role.
   * @default - the deploying account
   */
  readonly operatorPrincipals?: readonly iam.IPrincipal[];
  /**
   * When set, AssumeRole must pass this sts:ExternalId (for third parties acting from their own account).
   * @default - no external id
   */
  readonly externalId?: string;
  /**
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
  /**
   * Add an API resource policy that denies every caller except these two roles, so an administrator's own
   * `execute-api:*` permission does not bypass the read-only/operator split.
   * @default true
   */
  readonly restrictApiToRoles?: boolean;
  /**
   * The API is also called by the hosted dashboard (DashboardHosting), from another origin:
   * - CORS preflights (`OPTIONS`, which browsers send without credentials) pass the resource policy; every other
   *   method stays limited to the two roles;
   * - the roles get fixed names, so the resource policy names them by ARN without referencing them: the dashboard's
   *   CSP references the API and its identity pool the roles, and a reference back would close a dependency cycle.
   * @default false
   */
  readonly hostedDashboard?: boolean;
}

/**
 * The two ways into the API. Clients assume a role and sign requests with its credentials (SigV4, service
 * `execute-api`):
 * - read-only: `execute-api:Invoke` on GET methods only;
 * - operator: every method (start/stop flows, grant/update/revoke entitlements, polling settings).
 */
export class AccessRoles extends Construct {
  public readonly readOnlyRole: iam.Role;
  public readonly operatorRole: iam.Role;
  /** The roles' fixed names, with a hosted dashboard (`hostedDashboard`). */
  private readonly roleNames?: { readOnly: string; operator: string };

  constructor(scope: Construct, id: string, props: AccessRolesProps) {
    super(scope, id);
    if (props.externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(props.externalId)) {
      throw new Error('AccessRoles: externalId must be 2-1224 characters of [\\w+=,.@:/-]');
    }
    if (props.readOnlyPrincipals?.length === 0 || props.operatorPrincipals?.length === 0) {
      throw new Error(
        'AccessRoles: a principal list, when given, must not be empty (omit it for the deploying account)',
      );
    }
    const account = new iam.AccountRootPrincipal();
    const hosted = props.hostedDashboard ?? false;
    // At most 64 characters, unique per account: the construct path names the stack (account and Region) and a hash.
    const roleName = (suffix: string) =>
      `${Names.uniqueResourceName(this, { maxLength: 55, separator: '-' })}-${suffix}`;
    this.roleNames = hosted ? { readOnly: roleName('ReadOnly'), operator: roleName('Operator') } : undefined;
    const common = {
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
      ...(props.externalId ? { externalIds: [props.externalId] } : {}),
    };

    this.readOnlyRole = new iam.Role(this, 'ReadOnlyRole', {
      ...common,
      assumedBy: new iam.CompositePrincipal(...(props.readOnlyPrincipals ?? [account])),
      description: 'Media monitor API: read-only (GET) access',
      ...(this.roleNames ? { roleName: this.roleNames.readOnly } : {}),
    });
    this.readOnlyRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [props.api.arnForMethod('GET')] }),
    );

    this.operatorRole = new iam.Role(this, 'OperatorRole', {
      ...common,
      assumedBy: new iam.CompositePrincipal(...(props.operatorPrincipals ?? [account])),
      description: 'Media monitor API: operator access (all methods)',
      ...(this.roleNames ? { roleName: this.roleNames.operator } : {}),
    });
    this.operatorRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [props.api.arnForMethod('*')] }),
    );

    if (props.restrictApiToRoles ?? true) this.restrictApi(props.api, hosted);
  }

  /**
   * Lets the authenticated identities of a Cognito identity pool assume both roles (AssumeRoleWithWebIdentity, only
   * with this pool as the audience and an authenticated identity); which of the two a user gets is the pool's role
   * mapping. The existing trust (AssumeRole by the configured principals) stays.
   */
  public trustIdentityPool(identityPoolId: string): void {
    for (const role of [this.readOnlyRole, this.operatorRole]) {
      role.assumeRolePolicy?.addStatements(
        new iam.PolicyStatement({
          principals: [new iam.FederatedPrincipal('cognito-identity.amazonaws.com')],
          actions: ['sts:AssumeRoleWithWebIdentity'],
          conditions: {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPoolId },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
          },
        }),
      );
    }
  }

  private restrictApi(api: RoleAccessibleApi, hosted: boolean): void {
    const stage = api.stageName;
    // A preflight carries no credentials, so it cannot be admitted by role: it reaches only the mock OPTIONS methods.
    const preflight = `execute-api:/${stage}/OPTIONS/*`;
    // Hosted, the roles are named by their fixed names' ARNs, and admitted by condition: a principal in a resource
    // policy must exist when the policy is saved, and without a reference nothing orders the roles first.
    const arnOf = (role: iam.Role, name: string | undefined) =>
      name === undefined
        ? role.roleArn
        : Stack.of(this).formatArn({ service: 'iam', region: '', resource: 'role', resourceName: name });
    const readOnlyArn = arnOf(this.readOnlyRole, this.roleNames?.readOnly);
    const operatorArn = arnOf(this.operatorRole, this.roleNames?.operator);
    const admit = (arn: string) =>
      hosted
        ? { principals: [new iam.AnyPrincipal()], conditions: { ArnEquals: { 'aws:PrincipalArn': arn } } }
        : { principals: [new iam.ArnPrincipal(arn)] };
    const statements = [
      new iam.PolicyStatement({
        sid: 'ReadOnlyRoleGetsGet',
        ...admit(readOnlyArn),
        actions: ['execute-api:Invoke'],
        resources: [`execute-api:/${stage}/GET/*`],
      }),
      new iam.PolicyStatement({
        sid: 'OperatorRoleGetsAll',
        ...admit(operatorArn),
        actions: ['execute-api:Invoke'],
        resources: [`execute-api:/${stage}/*/*`],
      }),
      new iam.PolicyStatement({
        sid: 'NobodyElse',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        ...(hosted ? { notResources: [preflight] } : { resources: ['execute-api:/*'] }),
        conditions: { StringNotEquals: { 'aws:PrincipalArn': [readOnlyArn, operatorArn] } },
      }),
      ...(hosted
        ? [
            new iam.PolicyStatement({
              sid: 'AnyoneGetsCorsPreflight',
              principals: [new iam.AnyPrincipal()],
              actions: ['execute-api:Invoke'],
              resources: [preflight],
            }),
          ]
        : []),
    ];
    statements.forEach((s) => api.restApi.addToResourcePolicy(s));
    // A REST API applies a changed resource policy only when redeployed.
    api.restApi.latestDeployment?.addToLogicalId(Stack.of(this).resolve(statements.map((s) => s.toStatementJson())));
  }
}
