import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';

/** Runs a TypeScript script of this folder under tsx in a child process, from the repository root, with piped stdio. */
export function spawnTsxScript(fileName: string): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, fileName)], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
