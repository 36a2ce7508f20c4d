import { useId, useState } from 'preact/hooks';
import { ApiCallError } from '../../api/dashboard-api';
import { useApp } from '../../app-context';
import { ActionDialog, ConfirmAction } from '../../components/confirm-dialog';
import { fieldAria, FormField } from '../../components/form-field';
import {
  updateBody,
  updateFormOf,
  validateUpdate,
  type EntitlementView,
  type FieldErrors,
  type UpdateForm,
} from '../../model/entitlement-rules';
import { stateActionOf } from '../../model/flow-state-action';
import { pollingBody, pollingFormOf, validatePolling, type PollingForm } from '../../model/polling-rules';
import { flowApiPath, type FlowDetail } from './flow-types';

/** A failure of the client's own rules, shaped like the API's 400 so the dialogs show it the same way. */
function ruleError(errors: FieldErrors): ApiCallError {
  const [field, message] = Object.entries(errors)[0] ?? ['', 'Check the fields'];
  return new ApiCallError(400, 'ValidationError', message ?? 'Check the fields', field || undefined);
}

/**
 * The operator's flow actions, each confirmed in a dialog, the answer in a `role="status"` line: "Start flow" or
 * "Stop flow" (the one the status allows; none while the flow is changing state), "Re-poll" and "Polling settings".
 * Rendered only for the operator role.
 */
export function FlowActions({ flow, onChanged }: { flow: FlowDetail; onChanged: () => void }) {
  const { api } = useApp();
  return (
    <div class="actions" role="group" aria-label="Flow actions">
      <FlowStateAction flow={flow} onChanged={onChanged} />
      <ConfirmAction
        label="Re-poll"
        title={`Re-poll ${flow.name} now?`}
        description="The flow and its metrics are read from AWS now, instead of at the next poll cycle."
        onConfirm={async () => {
          const answer = await api.send<{ coalesced: boolean }>('POST', '/polls', { resourceArn: flow.arn });
          return answer.coalesced ? 'A re-poll of this flow is already under way; it covers this one' : 'Re-polled';
        }}
        onDone={onChanged}
      />
      <PollingSettings flow={flow} onChanged={onChanged} />
    </div>
  );
}

/**
 * "Start flow" or "Stop flow", one component whichever it shows, so the answer's `role="status"` line stays on screen
 * when the status it changed swaps the button.
 */
function FlowStateAction({ flow, onChanged }: { flow: FlowDetail; onChanged: () => void }) {
  const { api } = useApp();
  const { action, waiting } = stateActionOf(flow.status);
  const stop = action === 'stop';
  return (
    <>
      <ConfirmAction
        label={stop ? 'Stop flow' : 'Start flow'}
        title={`${stop ? 'Stop' : 'Start'} ${flow.name}?`}
        description={
          stop
            ? 'MediaConnect stops the flow: every output and every subscriber of its entitlements loses the signal.'
            : 'MediaConnect starts the flow: its sources are ingested and its outputs send. Data transfer is billed while it runs.'
        }
        danger={stop}
        disabled={waiting}
        onConfirm={async () => {
          const answer = await api.send<{ status?: string }>('POST', `${flowApiPath(flow.arn)}/${action}`);
          return `${stop ? 'Stop' : 'Start'} requested: the flow is ${answer.status ?? (stop ? 'STOPPING' : 'STARTING')}`;
        }}
        onDone={onChanged}
      />
      {waiting && (
        <span class="action-note">The flow is {flow.status}: start and stop wait until it is ACTIVE or STANDBY.</span>
      )}
    </>
  );
}

/** "Polling settings": metrics polling on or off, and its interval (whole minutes, 1 minute to 1 day). */
function PollingSettings({ flow, onChanged }: { flow: FlowDetail; onChanged: () => void }) {
  const { api } = useApp();
  const [form, setForm] = useState<PollingForm>(() => pollingFormOf(flow.polling));
  const errors = validatePolling(form);
  const base = useId();
  const enabledId = `${base}-enabled`;
  const intervalId = `${base}-intervalSeconds`;
  return (
    <ActionDialog
      label="Polling settings"
      title={`Metrics polling of ${flow.name}`}
      description="How often the monitor reads this flow's metrics from CloudWatch. Every metric read is billed."
      onOpen={() => setForm(pollingFormOf(flow.polling))}
      onConfirm={async () => {
        if (Object.keys(errors).length) throw ruleError(errors);
        const answer = await api.send<{ polling: { enabled: boolean; intervalSeconds: number } }>(
          'PUT',
          `${flowApiPath(flow.arn)}/polling`,
          pollingBody(form),
        );
        return answer.polling.enabled
          ? `Metrics polled every ${answer.polling.intervalSeconds} s`
          : 'Metrics polling is off';
      }}
      onDone={onChanged}
    >
      {(state) => {
        const intervalError =
          errors.intervalSeconds ?? (state.error?.field === 'intervalSeconds' ? state.error.message : undefined);
        return (
          <>
            <div class="form-field form-check">
              <input
                type="checkbox"
                id={enabledId}
                name="enabled"
                checked={form.enabled}
                onChange={(event) => setForm({ ...form, enabled: event.currentTarget.checked })}
              />
              <label for={enabledId}>Poll metrics</label>
            </div>
            <FormField
              id={intervalId}
              label="Interval (seconds)"
              hint="A multiple of 60, from 60 to 86400"
              error={intervalError}
            >
              <input
                type="text"
                inputMode="numeric"
                {...fieldAria(intervalId, intervalError, true)}
                value={form.intervalSeconds}
                onInput={(event) => setForm({ ...form, intervalSeconds: event.currentTarget.value })}
              />
            </FormField>
          </>
        );
      }}
    </ActionDialog>
  );
}

/** An entitlement's operator actions: "Update" (status, description, subscribers) and "Revoke", each confirmed. */
export function EntitlementActions({
  flowArn,
  entitlement,
  onChanged,
  onRevoked,
}: {
  flowArn: string;
  entitlement: EntitlementView;
  onChanged: () => void;
  /** After a revoke: the card (and its status line) goes with the entitlement, so the page keeps the message. */
  onRevoked: (message: string) => void;
}) {
  const { api } = useApp();
  const path = `${flowApiPath(flowArn)}/entitlements/${encodeURIComponent(entitlement.arn)}`;
  return (
    <div class="actions" role="group" aria-label={`Entitlement ${entitlement.name} actions`}>
      <UpdateEntitlement path={path} entitlement={entitlement} onChanged={onChanged} />
      <ConfirmAction
        label="Revoke"
        title={`Revoke ${entitlement.name}?`}
        description="The subscribers' flows built on this entitlement lose their source. A revoked entitlement cannot be restored; grant a new one instead."
        danger
        onConfirm={async () => {
          await api.send('DELETE', path);
          return `Entitlement ${entitlement.name} revoked`;
        }}
        onDone={(message) => {
          onRevoked(message);
          onChanged();
        }}
      />
    </div>
  );
}

function UpdateEntitlement({
  path,
  entitlement,
  onChanged,
}: {
  path: string;
  entitlement: EntitlementView;
  onChanged: () => void;
}) {
  const { api } = useApp();
  const [form, setForm] = useState<UpdateForm>(() => updateFormOf(entitlement));
  const errors = validateUpdate(form);
  const base = useId();
  const id = (field: string) => `${base}-${field}`;
  return (
    <ActionDialog
      label="Update"
      title={`Update ${entitlement.name}`}
      description="Only the fields you change are sent; AWS keeps the others."
      onOpen={() => setForm(updateFormOf(entitlement))}
      onConfirm={async () => {
        if (Object.keys(errors).length) throw ruleError(errors);
        const body = updateBody(form, entitlement);
        if (Object.keys(body).length === 0)
          throw new ApiCallError(400, 'ValidationError', 'Nothing changed: change at least one field');
        await api.send('PATCH', path, body);
        return `Entitlement ${entitlement.name} updated`;
      }}
      onDone={onChanged}
    >
      {(state) => {
        const errorOf = (field: keyof UpdateForm) =>
          errors[field] ?? (state.error?.field === field ? state.error.message : undefined);
        return (
          <>
            <FormField id={id('entitlementStatus')} label="Entitlement status" error={errorOf('entitlementStatus')}>
              <select
                {...fieldAria(id('entitlementStatus'), errorOf('entitlementStatus'))}
                value={form.entitlementStatus}
                onChange={(event) =>
                  setForm({
                    ...form,
                    entitlementStatus: event.currentTarget.value === 'DISABLED' ? 'DISABLED' : 'ENABLED',
                  })
                }
              >
                <option value="ENABLED">Enabled</option>
                <option value="DISABLED">Disabled</option>
              </select>
            </FormField>
            <FormField
              id={id('subscribers')}
              label="Subscriber account IDs"
              hint="12-digit AWS account IDs without hyphens, separated by commas"
              error={errorOf('subscribers')}
            >
              <textarea
                {...fieldAria(id('subscribers'), errorOf('subscribers'), true)}
                rows={2}
                value={form.subscribers}
                onInput={(event) => setForm({ ...form, subscribers: event.currentTarget.value })}
              />
            </FormField>
            <FormField id={id('description')} label="Description" error={errorOf('description')}>
              <textarea
                {...fieldAria(id('description'), errorOf('description'))}
                rows={2}
                value={form.description}
                onInput={(event) => setForm({ ...form, description: event.currentTarget.value })}
              />
            </FormField>
          </>
        );
      }}
    </ActionDialog>
  );
}
