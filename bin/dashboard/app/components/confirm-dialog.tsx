import type { ComponentChildren } from 'preact';
import { useId, useRef, useState } from 'preact/hooks';
import { ApiCallError } from '../api/dashboard-api';

/** How an action ended, shown in a `role="status"` element beside its button. */
interface Outcome {
  ok: boolean;
  message: string;
}

interface DialogState {
  running: boolean;
  /** The last failure while the dialog is open (ActionDialog keeps the dialog open on failure). */
  error?: ApiCallError;
}

/** Anything thrown by an action as an `ApiCallError`, so the operator reads a message and never a stack. */
function asApiError(error: unknown): ApiCallError {
  if (error instanceof ApiCallError) return error;
  return new ApiCallError(0, 'ClientError', error instanceof Error ? error.message : String(error));
}

interface DialogFrameProps {
  label: string;
  title: string;
  description?: ComponentChildren;
  confirmLabel: string;
  danger: boolean;
  disabled: boolean;
  /** Runs on Confirm; resolves to the message to show. */
  run: () => Promise<string>;
  /** True: a failure closes the dialog and shows in the status beside the button; false: it stays in the dialog. */
  closeOnFailure: boolean;
  onDone?: (message: string) => void;
  onOpen?: () => void;
  children?: ComponentChildren | ((state: DialogState) => ComponentChildren);
}

/**
 * The button, the native modal `<dialog>` it opens (the browser traps focus, Escape cancels and focus returns to the
 * button) and the outcome's `role="status"` line. The dialog's content is a form: Confirm submits it, so the
 * browser's own validation of its inputs runs first.
 */
function DialogFrame(props: DialogFrameProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<DialogState>({ running: false });
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const titleId = useId();
  const descriptionId = useId();

  const open = () => {
    setState({ running: false });
    props.onOpen?.();
    dialogRef.current?.showModal();
  };
  const close = () => dialogRef.current?.close();

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (state.running) return;
    setState({ running: true });
    try {
      const message = await props.run();
      setState({ running: false });
      close();
      setOutcome({ ok: true, message });
      props.onDone?.(message);
    } catch (thrown) {
      const error = asApiError(thrown);
      if (props.closeOnFailure) {
        setState({ running: false });
        close();
        setOutcome({ ok: false, message: error.message });
      } else {
        setState({ running: false, error });
      }
    }
  };

  const content = typeof props.children === 'function' ? props.children(state) : props.children;
  return (
    <span class="action">
      <button
        type="button"
        class={props.danger ? 'button-danger' : 'button-action'}
        onClick={open}
        disabled={props.disabled}
      >
        {props.label}
      </button>
      <dialog
        ref={dialogRef}
        class="action-dialog"
        aria-labelledby={titleId}
        {...(props.description ? { 'aria-describedby': descriptionId } : {})}
        onCancel={(event) => state.running && event.preventDefault()}
      >
        <form onSubmit={(event) => void confirm(event)} noValidate={false}>
          <h2 id={titleId}>{props.title}</h2>
          {props.description && (
            <div id={descriptionId} class="dialog-description">
              {props.description}
            </div>
          )}
          {content}
          {state.error && (
            <p role="status" class="action-outcome action-outcome-failed">
              {state.error.message}
            </p>
          )}
          <div class="dialog-buttons">
            <button type="button" onClick={close} disabled={state.running}>
              Cancel
            </button>
            <button
              type="submit"
              class={props.danger ? 'button-danger' : 'button-primary'}
              disabled={state.running}
              aria-busy={state.running}
            >
              {props.confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
      {outcome && (
        <span role="status" class={`action-outcome ${outcome.ok ? 'action-outcome-ok' : 'action-outcome-failed'}`}>
          {outcome.message}
        </span>
      )}
    </span>
  );
}

export interface ConfirmActionProps {
  /** The button's name: `Stop flow`. */
  label: string;
  /** The dialog's heading: `Stop Venue-1?`. */
  title: string;
  /** What Confirm will do, in a sentence or two. */
  description?: ComponentChildren;
  /** @default 'Confirm' */
  confirmLabel?: string;
  /** A red button, for actions that interrupt a signal. @default false */
  danger?: boolean;
  /** @default false */
  disabled?: boolean;
  /** Calls the API; resolves to the message shown (`Stop requested`); an ApiCallError's message shows on failure. */
  onConfirm: () => Promise<string>;
  /** After a success (to reload what the action changed). */
  onDone?: (message: string) => void;
}

/**
 * An action that asks first: a button opening a modal dialog with Cancel and Confirm. Confirm runs `onConfirm` with
 * both buttons disabled, closes the dialog and shows the answer (or the API's error message) in a `role="status"`
 * element beside the button.
 */
export function ConfirmAction({
  confirmLabel = 'Confirm',
  danger = false,
  disabled = false,
  ...rest
}: ConfirmActionProps) {
  return (
    <DialogFrame
      label={rest.label}
      title={rest.title}
      description={rest.description}
      confirmLabel={confirmLabel}
      danger={danger}
      disabled={disabled}
      run={rest.onConfirm}
      closeOnFailure
      {...(rest.onDone ? { onDone: rest.onDone } : {})}
    />
  );
}

export interface ActionDialogProps extends ConfirmActionProps {
  /**
   * The form's fields. A function receives `{ running, error }`: the last failure stays in the open dialog (its
   * message in a `role="status"` line) so the fields can show an error's `field`.
   */
  children: ComponentChildren | ((state: DialogState) => ComponentChildren);
  /** Each time the dialog opens (to reset the fields from the current values). */
  onOpen?: () => void;
}

/**
 * An action with a small form (polling settings, an entitlement's update): a button opening a modal dialog that holds
 * `children`; Confirm submits the form (the browser validates its inputs first) and runs `onConfirm`. On success the
 * dialog closes and the message shows beside the button; on failure the dialog stays open with the API's message.
 */
export function ActionDialog({
  confirmLabel = 'Confirm',
  danger = false,
  disabled = false,
  children,
  ...rest
}: ActionDialogProps) {
  return (
    <DialogFrame
      label={rest.label}
      title={rest.title}
      description={rest.description}
      confirmLabel={confirmLabel}
      danger={danger}
      disabled={disabled}
      run={rest.onConfirm}
      closeOnFailure={false}
      {...(rest.onDone ? { onDone: rest.onDone } : {})}
      {...(rest.onOpen ? { onOpen: rest.onOpen } : {})}
    >
      {children}
    </DialogFrame>
  );
}

export type { DialogState as ActionDialogState };
