/** The styles the terminal views draw in: every view module builds its lines from these spans. */
export type Style = 'plain' | 'dim' | 'bold' | 'green' | 'yellow' | 'red' | 'cyan' | 'magenta';

/** A run of text in one style. */
export interface Span {
  readonly text: string;
  readonly style: Style;
}
