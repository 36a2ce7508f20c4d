import { statusTone, type StatusTone } from '../model/status-tone';

export interface StatusBadgeProps {
  /** The status word (`ACTIVE`, `ALARM`, `stale`); it picks the colour and is the text unless `label` is given. */
  status: string | undefined;
  /** The text to show instead of `status` (the colour still follows `status`). */
  label?: string;
  /** Overrides the tone `status` maps to. */
  tone?: StatusTone;
}

/** A status as a word plus its colour (never colour alone): `<span class="badge badge-ok">ACTIVE</span>`. */
export function StatusBadge({ status, label, tone }: StatusBadgeProps) {
  const resolved = tone ?? statusTone(status);
  return (
    <span class={`badge badge-${resolved}`} data-tone={resolved}>
      {label ?? status ?? 'UNKNOWN'}
    </span>
  );
}
