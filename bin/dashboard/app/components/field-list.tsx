import { fieldRows } from '../model/field-rows';

export interface FieldListProps {
  /** A stored record as the API returns it. */
  record: Readonly<Record<string, unknown>>;
  /** Fields shown elsewhere on the page (name, status, the ARN in the heading). */
  omit?: readonly string[];
  /** The list's accessible name, when it stands alone. */
  label?: string;
}

/**
 * Every field of a record as a description list: nested objects flattened (`Transport · Max bitrate`), secret values
 * never shown (model/field-rows.ts).
 */
export function FieldList({ record, omit = [], label }: FieldListProps) {
  const rows = fieldRows(record, omit);
  if (rows.length === 0) return null;
  return (
    <dl class="field-list" {...(label ? { 'aria-label': label } : {})}>
      {rows.map((row) => (
        <div key={row.path} class="field" data-field={row.path}>
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
