import type { FeedEnvironment } from './change-feed';

/** The change feed's clock, timers and visibility in a browser page. */
export const browserEnvironment: FeedEnvironment = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
  isHidden: () => document.visibilityState === 'hidden',
  onVisibilityChange(callback) {
    document.addEventListener('visibilitychange', callback);
    return () => document.removeEventListener('visibilitychange', callback);
  },
};
