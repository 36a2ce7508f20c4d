#!/usr/bin/env node
/**
 * Writes the JSON schema of the deployment config (`npm run config-schema`) to media-monitor.config.schema.json, for
 * editors: a config file that starts with `"$schema": "./media-monitor.config.schema.json"` gets completion and
 * checks. test/unit/config/config-schema.test.ts fails when the checked-in file is out of date.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { CONFIG_SCHEMA_FILE, configJsonSchema } from '../lib/config';

async function main(): Promise<void> {
  const file = path.resolve(__dirname, '..', CONFIG_SCHEMA_FILE);
  const options = (await prettier.resolveConfig(file)) ?? {};
  const text = await prettier.format(JSON.stringify(configJsonSchema()), { ...options, filepath: file });
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

void main();
