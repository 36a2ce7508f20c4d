import { Router } from '../../../lambdas/api/http/router';
import { API_ROUTES, openApiDocument } from '../../../lambdas/api/routes';

type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: unknown;
  'x-mediamon-access': string;
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function documentedOperations(): { method: string; path: string; operation: Operation }[] {
  const paths = openApiDocument().paths as Record<string, Record<string, Operation>>;
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

describe('OpenAPI document', () => {
  it('documents every route of the table, with its method', () => {
    // Act
    const documented = documentedOperations().map((o) => `${o.method} ${o.path}`);

    // Assess
    expect(documented.sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('documents only operations the router serves, each reaching the route of the same operationId', () => {
    // Prepare
    const router = new Router(API_ROUTES);

    // Act
    const resolved = documentedOperations().map(({ method, path, operation }) => {
      const concrete = path.replace(/\{(\w+)\}/g, (_m, name: string) =>
        encodeURIComponent(`arn:aws:mediaconnect:eu-west-1:111122223333:${name}:x`),
      );
      return [operation.operationId, router.resolve(method, concrete).route.operationId];
    });

    // Assess
    resolved.forEach(([documented, served]) => expect(served).toBe(documented));
    expect(resolved.length).toBeGreaterThanOrEqual(13);
  });

  it('declares every path parameter of a template as a required path parameter', () => {
    // Act
    const mismatches = documentedOperations().filter(({ path, operation }) => {
      const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((p) => p.in === 'path' && p.required)
        .map((p) => p.name)
        .sort();
      return JSON.stringify(inTemplate) !== JSON.stringify(declared);
    });

    // Assess
    expect(mismatches).toEqual([]);
  });

  it('documents query parameters and request bodies from the route schemas', () => {
    // Act
    const operations = Object.fromEntries(documentedOperations().map((o) => [o.operation.operationId, o.operation]));

    // Assess
    expect(operations.listFlows!.parameters!.map((p) => p.name)).toEqual([
      'status',
      'account',
      'region',
      'namePrefix',
      'tag',
      'includeDeleted',
      'limit',
      'nextToken',
    ]);
    expect(operations.grantEntitlement!.requestBody).toMatchObject({
      content: { 'application/json': { schema: { required: ['name', 'subscribers'], additionalProperties: false } } },
    });
    expect(operations.startFlow!['x-mediamon-access']).toBe('operate');
    expect(operations.listFlows!['x-mediamon-access']).toBe('read');
  });

  it("documents the summary's body, with the change path's status and sweep period", () => {
    // Act
    const paths = openApiDocument().paths as Record<
      string,
      Record<string, { responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }> }>
    >;
    const schema = paths['/summary']!.get!.responses['200']!.content['application/json']!.schema as {
      required: string[];
      properties: { changePath: { required: string[]; properties: Record<string, { enum?: string[] }> } };
    };

    // Assess
    expect(schema.required).toEqual(expect.arrayContaining(['account', 'region', 'pollers', 'changePath']));
    expect(schema.properties.changePath.required).toEqual(
      expect.arrayContaining(['mode', 'status', 'unconfirmedCalls', 'overdue', 'sweepPeriodMinutes']),
    );
    expect(schema.properties.changePath.properties.status!.enum).toEqual(['off', 'unproven', 'live', 'broken']);
  });
});

describe('OpenAPI document across watched targets', () => {
  it('documents the named encryption setup, the NotWatched filters and the summary rows', () => {
    // Act
    const text = JSON.stringify(openApiDocument());

    // Assess
    expect(text).toContain(
      "A named encryption setup of this deployment: its role and secret, in the flow's account and Region.",
    );
    expect(text).toContain('400 NotWatched for an account the deployment does not watch');
    expect(text).toContain('One row per watched target');
    expect(text).toContain('credentials-failed, incomplete, errors, ok, or never (no cycle yet).');
  });
});
