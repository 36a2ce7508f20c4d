#!/usr/bin/env node
/**
 * CDK app entry (`cdk.json` runs it with tsx). One MediaMonitorStack per target of the deployment config:
 *   npx cdk synth -c config=media-monitor.config.json
 */
import { App } from 'aws-cdk-lib';
import { ConfigValidationError } from '../lib/config';
import { buildMediaMonitorApp } from '../lib/media-monitor-app';

const app = new App();
try {
  buildMediaMonitorApp(app);
} catch (error) {
  if (!(error instanceof ConfigValidationError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
