import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The handlers log JSON lines to stdout (Powertools) as they do in Lambda. Locally they share the process with the
 * terminal view, so their output goes to a log file instead; warnings and errors are also kept for the screen.
 * The view writes through `terminal`, which is the real stdout.
 */
export interface CapturedOutput {
  /** The real stdout. */
  readonly terminal: { write(text: string): void };
  readonly logFile: string;
  /** The most recent WARN and ERROR lines, newest last. */
  readonly problems: readonly string[];
  /** Records a problem that did not come through the log (a failed scheduled run). */
  note(problem: string): void;
  restore(): void;
}

const MAX_PROBLEMS = 20;

/** The level of a Powertools JSON log line, or of a plain line that looks like an error. */
export function logLevel(line: string): 'ERROR' | 'WARN' | 'INFO' | undefined {
  const json = /"level"\s*:\s*"([A-Z]+)"/.exec(line)?.[1];
  if (json === 'ERROR' || json === 'CRITICAL') return 'ERROR';
  if (json === 'WARN') return 'WARN';
  if (json) return 'INFO';
  if (/^\s*(\w*Error|Unhandled|TypeError)\b/.test(line)) return 'ERROR';
  return undefined;
}

/** A one-line summary of a log line: `WARN mediaconnect-inventory: message`. */
export function summarizeLogLine(line: string): string {
  try {
    const parsed = JSON.parse(line) as {
      level?: string;
      service?: string;
      message?: string;
      error?: { message?: string };
    };
    return `${parsed.level ?? 'LOG'} ${parsed.service ?? ''}: ${parsed.message ?? ''}${parsed.error?.message ? ` (${parsed.error.message})` : ''}`.slice(
      0,
      300,
    );
  } catch {
    return line.slice(0, 300);
  }
}

/**
 * Redirects process.stdout and process.stderr writes to `logFile`. With `echoProblems`, WARN and ERROR lines are
 * also summarized on the real stderr (the non-interactive modes, where nothing else would show them).
 */
export function captureOutput(logFile: string, options: { echoProblems?: boolean } = {}): CapturedOutput {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const problems: string[] = [];
  let pending = '';
  const note = (problem: string) => {
    problems.push(problem);
    if (problems.length > MAX_PROBLEMS) problems.shift();
    if (options.echoProblems) stderrWrite(`${problem}\n`);
  };

  const sink = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    appendFileSync(logFile, text);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const level = logLevel(line);
      if (level !== 'WARN' && level !== 'ERROR') continue;
      note(summarizeLogLine(line));
    }
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') (done as () => void)();
    return true;
  };
  process.stdout.write = sink as typeof process.stdout.write;
  process.stderr.write = sink as typeof process.stderr.write;
  return {
    terminal: { write: (text: string) => void stdoutWrite(text) },
    logFile,
    problems,
    note,
    restore: () => {
      process.stdout.write = stdoutWrite as typeof process.stdout.write;
      process.stderr.write = stderrWrite as typeof process.stderr.write;
    },
  };
}
