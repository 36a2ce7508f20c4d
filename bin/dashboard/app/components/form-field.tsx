import type { ComponentChildren } from 'preact';

/**
 * One labelled form field with its error: the error is a `<p id="<id>-error" role="alert">` next to the field, and the
 * input (rendered by `children` with `fieldAria(id, error)`) carries `aria-invalid` and `aria-describedby` to it.
 */
export function FormField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={error ? 'form-field form-field-invalid' : 'form-field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} class="form-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The ARIA attributes of an input with an id, a hint (when `hasHint`) and maybe an error. */
export function fieldAria(
  id: string,
  error: string | undefined,
  hasHint = false,
): { id: string; name: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  const describedBy = [hasHint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    id,
    name: id,
    ...(error ? { 'aria-invalid': 'true' as const } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
  };
}
