#!/usr/bin/env node
// The `mediamon` bin: registers tsx's CommonJS loader, then runs the TypeScript entry. Needs tsx installed at run time.
process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING ??= '1';
require('tsx/cjs');
require('./mediamon.ts');
