import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, BootstraplessSynthesizer } from 'aws-cdk-lib';
import { MediaMonitorMemberTemplateStack } from '../lib/media-monitor-member-stack';

/**
 * `npm run member-template`: writes the generic member-account template (lib/templates/media-monitor-member.template.json)
 * for teams that deploy with CloudFormation rather than CDK. The template is the member stack's roles and forwarding,
 * env-agnostic, driven by parameters (MonitoringAccountId, DeploymentName, ExternalId, …). A test fails when the
 * checked-in file differs from a fresh synthesis.
 */

export const MEMBER_TEMPLATE_PATH = path.resolve(__dirname, '../lib/templates/media-monitor-member.template.json');

/** The generic template, as CloudFormation reads it: no bootstrap parameter, no assets, no CDK metadata. */
export function synthMemberTemplate(): Record<string, unknown> {
  // cdk.json's feature flags, so the template reads like the member stacks `cdk synth` makes.
  const cdkJson = JSON.parse(readFileSync(path.resolve(__dirname, '../cdk.json'), 'utf8')) as { context?: object };
  const app = new App({ analyticsReporting: false, context: { ...cdkJson.context } });
  const stack = new MediaMonitorMemberTemplateStack(app, 'MediaMonitorMember', {
    synthesizer: new BootstraplessSynthesizer(),
  });
  return app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
}

/** The template text, formatted as the repository's prettier config formats JSON. */
export async function memberTemplateText(): Promise<string> {
  // Loaded here, not at the top: prettier 3 imports itself dynamically, which jest (the template test) cannot.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(MEMBER_TEMPLATE_PATH)) ?? {};
  return prettier.format(JSON.stringify(synthMemberTemplate()), { ...options, parser: 'json' });
}

async function main(): Promise<void> {
  const text = await memberTemplateText();
  mkdirSync(path.dirname(MEMBER_TEMPLATE_PATH), { recursive: true });
  writeFileSync(MEMBER_TEMPLATE_PATH, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), MEMBER_TEMPLATE_PATH)} (${text.length} bytes)\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`member-template failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
