#!/usr/bin/env node
// The `mediamon` bin. Runs the esbuild bundle of bin/mediamon.ts (dist/mediamon.cjs), building it first when it is
// missing or older than its sources (bin/cli/cli-bundle.js); without esbuild, or when dist/ cannot be written, it runs
// the TypeScript through tsx, which is slower to start.
process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING ??= '1';
const bundle = require('./cli/cli-bundle.js').freshBundle();
if (bundle) {
  require(bundle);
} else {
  require('tsx/cjs');
  require('./mediamon.ts');
}
