import type { Clock } from '../../lambdas/shared/clock';

/** Real time plus an offset the bench moves forward, so a flow is due again without waiting out its interval. */
export class SteppableClock implements Clock {
  private offset = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offset;
  }

  /** How far ahead of its base time the clock runs. */
  get offsetMs(): number {
    return this.offset;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('a clock only moves forward');
    this.offset += ms;
  }
}
