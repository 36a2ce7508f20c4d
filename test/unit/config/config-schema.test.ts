import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../../../lib/config';

const ROOT = path.resolve(__dirname, '../../..');

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
}

/**
 * The paths of `value` that the schema has no property for (objects with `additionalProperties: false`). A small
 * structural walk: it follows properties, array items and the union branch whose `type` constant matches.
 */
function unknownKeys(schema: JsonSchema, value: unknown, at: string): string[] {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const type = (value as { type?: unknown } | null)?.type;
    const branch =
      branches.find((b) => b.properties?.type?.const !== undefined && b.properties.type.const === type) ??
      branches.find((b) => (Array.isArray(value) ? b.type === 'array' : b.type === typeof value));
    return branch ? unknownKeys(branch, value, at) : [];
  }
  if (Array.isArray(value) && schema.items) return value.flatMap((v, i) => unknownKeys(schema.items!, v, `${at}.${i}`));
  if (value === null || typeof value !== 'object' || !schema.properties) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const property = schema.properties![key];
    if (property) return unknownKeys(property, v, `${at}.${key}`);
    return schema.additionalProperties === false ? [`${at}.${key}`] : [];
  });
}

describe('media-monitor.config.schema.json', () => {
  it('is what npm run config-schema generates now', () => {
    // Prepare
    const checkedIn: unknown = JSON.parse(readFileSync(path.join(ROOT, CONFIG_SCHEMA_FILE), 'utf8'));

    // Act
    const generated = configJsonSchema();

    // Assess
    expect(checkedIn).toEqual(generated);
  });

  it('describes every key of both sample configs', () => {
    // Prepare
    const schema = configJsonSchema() as JsonSchema;
    const samples = ['media-monitor.config.example.json', 'media-monitor.config.multi-account.example.json'].map(
      (file) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as unknown,
    );

    // Act
    const unknown = samples.flatMap((sample) => unknownKeys(schema, sample, '$'));

    // Assess
    expect(unknown).toEqual([]);
  });

  it('rejects keys it does not know inside a watch entry and a credential source', () => {
    // Prepare
    const schema = configJsonSchema() as JsonSchema;
    const config = {
      deployments: [
        {
          account: '111111111111',
          region: 'eu-west-1',
          watch: [
            { account: '222222222222', region: 'eu-west-1', member: {}, credentials: { type: 'key-pair', key: 1 } },
          ],
        },
      ],
    };

    // Act
    const unknown = unknownKeys(schema, config, '$');

    // Assess
    expect(unknown).toEqual(['$.deployments.0.watch.0.member', '$.deployments.0.watch.0.credentials.key']);
  });

  it('makes every field with a default optional', () => {
    // Act
    const schema = configJsonSchema() as JsonSchema & { required?: string[] };
    const deployment = schema.properties!.deployments!.items as JsonSchema & { required?: string[] };
    const watch = deployment.properties!.watch!.items as JsonSchema & { required?: string[] };

    // Assess
    expect([schema.required ?? [], deployment.required, watch.required]).toEqual([
      [],
      ['account', 'region'],
      ['account', 'region'],
    ]);
  });
});
