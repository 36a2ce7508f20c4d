import { emitKeypressEvents } from 'node:readline';

/**
 * The terminal as a redrawn screen: the alternate screen buffer, a hidden cursor, frames drawn from the top-left
 * corner, and keypresses in raw mode. Everything is restored on `close`, also when the process exits abruptly.
 */
export interface TerminalScreen {
  draw(lines: readonly string[]): void;
  size(): { columns: number; rows: number };
  close(): void;
}

const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

/** One frame: each line overwrites its row and clears the rest of it, then everything below the frame is cleared. */
export function frameText(lines: readonly string[]): string {
  return `${HOME}${lines.map((l) => `${l}${CLEAR_LINE_END}`).join('\n')}\n${CLEAR_BELOW}`;
}

export function openTerminalScreen(options: {
  write: (text: string) => void;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  onKey: (key: string) => void;
  onResize: () => void;
}): TerminalScreen {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  let closed = false;
  options.write(ENTER);

  const onKeypress = (text: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
    if (key?.ctrl && key.name === 'c') options.onKey('ctrl-c');
    else if (text) options.onKey(text);
  };
  if (input.isTTY) {
    emitKeypressEvents(input);
    input.setRawMode(true);
    input.on('keypress', onKeypress);
    input.resume();
  }
  output.on('resize', options.onResize);
  const restoreOnExit = () => close();
  process.on('exit', restoreOnExit);

  function close(): void {
    if (closed) return;
    closed = true;
    output.off('resize', options.onResize);
    process.off('exit', restoreOnExit);
    if (input.isTTY) {
      input.off('keypress', onKeypress);
      input.setRawMode(false);
      input.pause();
    }
    options.write(LEAVE);
  }

  return {
    draw: (lines) => {
      if (!closed) options.write(frameText(lines));
    },
    size: () => ({ columns: output.columns ?? 120, rows: output.rows ?? 40 }),
    close,
  };
}
