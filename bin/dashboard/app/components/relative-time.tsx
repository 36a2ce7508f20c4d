import { useEffect, useState } from 'preact/hooks';
import { formatAge, formatTime } from '../model/format';

/** One timer for every relative time on the page (the overview shows dozens): each subscriber re-renders on it. */
const tickListeners = new Set<(now: number) => void>();
let ticker: number | undefined;

function subscribeTick(listener: (now: number) => void): () => void {
  tickListeners.add(listener);
  if (ticker === undefined)
    ticker = window.setInterval(() => {
      const now = Date.now();
      for (const tick of tickListeners) tick(now);
    }, 1000);
  return () => {
    tickListeners.delete(listener);
    if (tickListeners.size === 0 && ticker !== undefined) {
      window.clearInterval(ticker);
      ticker = undefined;
    }
  };
}

/** The current time, re-rendered every second (client-side only: no API read). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => subscribeTick(setNow), []);
  return now;
}

/** `42 s ago` in a `<time>` element, its exact local time as the tooltip; ticks every second. */
export function RelativeTime({ iso }: { iso: string | undefined }) {
  const now = useNow();
  if (!iso) return <span class="muted">never</span>;
  return (
    <time dateTime={iso} title={formatTime(iso, now)}>
      {formatAge(iso, now)}
    </time>
  );
}
