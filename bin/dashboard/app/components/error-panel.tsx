import type { ComponentChildren } from 'preact';
import { ApiCallError } from '../api/dashboard-api';

export interface ErrorPanelProps {
  error: ApiCallError | Error | undefined;
  /** The heading. @default 'Could not load' */
  title?: string;
  /** A button to try again, when given. */
  onRetry?: () => void;
  children?: ComponentChildren;
}

/** A plain-language sentence for the HTTP status of an API error; the API's own message follows it. */
export function describeStatus(status: number): string | undefined {
  if (status === 0) return 'The API could not be reached.';
  if (status === 401 || status === 403) return 'The API refused these credentials.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'The API is throttling requests; it will be tried again.';
  if (status >= 500) return 'The API failed.';
  return undefined;
}

/** An API error as the operator reads it: the API's message and code (never a stack), in a `role="alert"` box. */
export function ErrorPanel({ error, title = 'Could not load', onRetry, children }: ErrorPanelProps) {
  if (!error) return null;
  const api = error instanceof ApiCallError ? error : undefined;
  const hint = api ? describeStatus(api.status) : undefined;
  return (
    <div class="error-panel" role="alert">
      <p class="error-title">{title}</p>
      {hint && <p>{hint}</p>}
      <p class="error-message">{error.message}</p>
      {api && (
        <p class="error-code">
          {api.code}
          {api.status ? ` (HTTP ${api.status})` : ''}
        </p>
      )}
      {children}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
