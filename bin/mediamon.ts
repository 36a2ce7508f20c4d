import { runCli } from './cli/run-cli';

/** `mediamon`: the media-monitor CLI. See `mediamon --help`. */
void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
