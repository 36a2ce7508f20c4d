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
import { pollingBody, pollingFormOf, validatePolling, type PollingForm } from '../../model/polling-rules';
import { flowApiPath, type FlowDetail } from './flow-types';

/** Statuses a flow can be started from, and stopped from (ERROR: either, the operator decides). */
const STARTABLE = new Set(['STANDBY', 'ERROR']);
const STOPPABLE = new Set(['ACTIVE', 'ERROR']);

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
  const path = flowApiPath(flow.arn);
  return (
    <div class="actions" role="group" aria-label="Flow actions">
      {STARTABLE.has(flow.status) && (
        <ConfirmAction
          label="Start flow"
          title={`Start ${flow.name}?`}
          description="MediaConnect starts the flow: its sources are ingested and its outputs send. Data transfer is billed while it runs."
          onConfirm={async () => {
            const answer = await api.send<{ status?: string }>('POST', `${path}/start`);
            return `Start requested: the flow is ${answer.status ?? 'starting'}`;
          }}
          onDone={onChanged}
        />
      )}
      {STOPPABLE.has(flow.status) && (
        <ConfirmAction
          label="Stop flow"
          title={`Stop ${flow.name}?`}
          description="MediaConnect stops the flow: every output and every subscriber of its entitlements loses the signal."
          danger
          onConfirm={async () => {
            const answer = await api.send<{ status?: string }>('POST', `${path}/stop`);
            return `Stop requested: the flow is ${answer.status ?? 'stopping'}`;
          }}
          onDone={onChanged}
        />
      )}
      {!STARTABLE.has(flow.status) && !STOPPABLE.has(flow.status) && (
        <p class="action-note">The flow is {flow.status}: start and stop wait until it is ACTIVE or STANDBY.</p>
      )}
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
}: {
  flowArn: string;
  entitlement: EntitlementView;
  onChanged: () => void;
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
        onDone={onChanged}
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
