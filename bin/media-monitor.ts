#!/usr/bin/env node
/**
 * CDK app entry (`cdk.json` runs it with tsx). One MediaMonitorStack per deployment of the deployment config, and one
 * MediaMonitorMemberStack per watched target in another account (deploy those first, with that account's credentials):
 *   npx cdk synth -c config=media-monitor.config.json
 *   npx cdk deploy 'MediaMonitorMember-*'   # in each member account
 *   npx cdk deploy 'MediaMonitor-*'         # in the monitoring account
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { ConfigValidationError } from '../lib/config';
import { buildMediaMonitorApp } from '../lib/media-monitor-app';
import { buildDashboardSync } from './dashboard/build';

/** The dashboard built for hosting (only when a deployment hosts it): the app's files, uploaded by the stack. */
function buildHostedDashboard(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'mm-dashboard-site-'));
  buildDashboardSync(directory);
  return directory;
}

const app = new App();
try {
  buildMediaMonitorApp(app, {}, { dashboardSite: buildHostedDashboard });
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
