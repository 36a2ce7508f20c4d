/** A metric's recent history as the views read it: parallel arrays of epoch seconds (ascending) and values. */
export interface SeriesView {
  /** Epoch seconds, ascending. */
  readonly t: readonly number[];
  readonly v: readonly number[];
}
