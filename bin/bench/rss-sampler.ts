/** Samples this process's RSS while a phase runs, for the phase's peak (maxRSS only gives the whole run's peak). */
export class RssSampler {
  private peakBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly readRss: () => number = () => process.memoryUsage.rss(),
    private readonly intervalMs = 20,
  ) {}

  start(): void {
    this.peakBytes = this.readRss();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops sampling and returns the peak in MB (1 MB = 1,048,576 bytes, as Lambda counts memory). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.peakBytes / MB;
  }

  private sample(): void {
    this.peakBytes = Math.max(this.peakBytes, this.readRss());
  }
}

export const MB = 1024 * 1024;

/** The process's peak RSS so far in MB; `resourceUsage().maxRSS` is in kilobytes. */
export const maxRssMb = (): number => (process.resourceUsage().maxRSS * 1024) / MB;
