import { useState } from 'preact/hooks';
import { ApiCallError } from '../../api/dashboard-api';
import { useApp, useLiveQuery } from '../../app-context';
import { ErrorPanel } from '../../components/error-panel';
import { fieldAria, FormField } from '../../components/form-field';
import {
  emptyGrantForm,
  ENCRYPTION_ALGORITHMS,
  grantBody,
  MAX_DESCRIPTION_LENGTH,
  MAX_SUBSCRIBERS,
  parseSubscribers,
  validateGrant,
  type EncryptionChoice,
  type FieldErrors,
  type GrantForm,
} from '../../model/entitlement-rules';
import { detailHref } from '../../model/routes';
import { flowApiPath, type FlowDetail } from './flow-types';
import { rememberGrant, type GrantOutcome } from './grant-outcome';

const FLOWS_PATH = '/flows';

/** Every field of the form, by the API's name: an API error naming one of them shows next to it. */
const FORM_FIELDS: readonly string[] = Object.keys(emptyGrantForm());

/** The form field an API error's `field` names (`subscribers.2` → `subscribers`), if the form has it. */
export function formFieldOf(apiField: string | undefined): string | undefined {
  if (!apiField) return undefined;
  const segments = apiField.split('.');
  while (segments.length) {
    const candidate = segments.join('.');
    if (FORM_FIELDS.includes(candidate)) return candidate;
    segments.pop();
  }
  return undefined;
}

/**
 * The grant form (`/flows/<arn>/grant`): every rule of seed 003 checked as the operator types (a field's error shows
 * once the field has been edited, every error after a submit), the API's field errors next to their field, and on
 * success the operator is sent back to the flow page, which shows what to give the subscriber.
 */
export function GrantEntitlementPage({ flowArn }: { flowArn: string }) {
  const { role } = useApp();
  const flow = useLiveQuery<FlowDetail>(flowApiPath(flowArn), undefined, {
    refreshOn: (change) => change.arn === flowArn,
  });
  const flowHref = detailHref(FLOWS_PATH, flowArn);
  const flowName = flow.data?.name ?? flowArn.split(':').pop() ?? flowArn;
  return (
    <article class="resource-page grant-page">
      <p class="breadcrumb">
        <a href={FLOWS_PATH}>Flows</a> / <a href={flowHref}>{flowName}</a> /
      </p>
      <h1 tabIndex={-1}>Grant entitlement</h1>
      <p>
        Share flow <a href={flowHref}>{flowName}</a> with other AWS accounts. A subscriber creates a flow in the same
        Region ({flow.data?.region ?? flowArn.split(':')[3]}) with this entitlement as its source; it can use the
        entitlement once.
      </p>
      {role !== 'operator' ? (
        <p class="notice" role="note">
          Only the operator role can grant entitlements.
        </p>
      ) : flow.error && !flow.data ? (
        <ErrorPanel error={flow.error} title="Could not load the flow" onRetry={flow.reload} />
      ) : !flow.data ? (
        <p class="loading">Loading the flow…</p>
      ) : flow.data.deleted ? (
        <p class="notice">This flow is deleted.</p>
      ) : (
        <GrantForm flow={flow.data} />
      )}
    </article>
  );
}

function GrantForm({ flow }: { flow: FlowDetail }) {
  const { api, navigate } = useApp();
  const [form, setForm] = useState<GrantForm>(emptyGrantForm);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [sending, setSending] = useState(false);
  const [apiError, setApiError] = useState<ApiCallError | undefined>(undefined);

  const ruleErrors = validateGrant(form, { flowArn: flow.arn, existingNames: flow.entitlements.map((e) => e.name) });
  const apiField = formFieldOf(apiError?.field);
  const errorOf = (field: string): string | undefined =>
    (apiField === field ? apiError?.message : undefined) ??
    (submitted || touched.has(field) ? ruleErrors[field] : undefined);

  const edit = (field: keyof GrantForm, value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    if (apiError && (apiField === field || !apiField)) setApiError(undefined);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (sending) return;
    if (Object.keys(ruleErrors).length) {
      focusFirstError(ruleErrors);
      return;
    }
    setSending(true);
    setApiError(undefined);
    try {
      const answer = await api.send<GrantOutcome>('POST', `${flowApiPath(flow.arn)}/entitlements`, grantBody(form));
      rememberGrant(flow.arn, answer);
      navigate(detailHref(FLOWS_PATH, flow.arn));
    } catch (error) {
      const failure = error instanceof ApiCallError ? error : new ApiCallError(0, 'ClientError', String(error));
      setApiError(failure);
      setSending(false);
      const field = formFieldOf(failure.field);
      if (field) focusField(field);
    }
  };

  const text = (field: keyof GrantForm, label: string, hint?: string, extra: Record<string, unknown> = {}) => (
    <FormField id={field} label={label} {...(hint ? { hint } : {})} error={errorOf(field)}>
      <input
        type="text"
        {...fieldAria(field, errorOf(field), Boolean(hint))}
        value={form[field]}
        onInput={(event) => edit(field, event.currentTarget.value)}
        onBlur={() => setTouched((current) => new Set(current).add(field))}
        autoComplete="off"
        spellcheck={false}
        {...extra}
      />
    </FormField>
  );

  const subscriberCount = parseSubscribers(form.subscribers).length;
  return (
    <form aria-label="Grant entitlement" class="grant-form" noValidate onSubmit={(event) => void submit(event)}>
      {apiError && !apiField && <ErrorPanel error={apiError} title="The API refused the grant" />}
      {text(
        'name',
        'Name',
        'Letters, digits, - and _ (up to 128). It becomes part of the entitlement ARN, which the subscriber sees.',
      )}
      <FormField
        id="subscribers"
        label="Subscriber account IDs"
        hint={`12-digit AWS account IDs without hyphens, separated by commas or new lines (${subscriberCount} of at most ${MAX_SUBSCRIBERS})`}
        error={errorOf('subscribers')}
      >
        <textarea
          {...fieldAria('subscribers', errorOf('subscribers'), true)}
          rows={3}
          value={form.subscribers}
          onInput={(event) => edit('subscribers', event.currentTarget.value)}
          onBlur={() => setTouched((current) => new Set(current).add('subscribers'))}
          spellcheck={false}
        />
      </FormField>
      <FormField
        id="description"
        label="Description"
        hint={`Visible only in your account (${form.description.length} of ${MAX_DESCRIPTION_LENGTH} characters)`}
        error={errorOf('description')}
      >
        <textarea
          {...fieldAria('description', errorOf('description'), true)}
          rows={2}
          value={form.description}
          onInput={(event) => edit('description', event.currentTarget.value)}
        />
      </FormField>
      {text(
        'dataTransferSubscriberFeePercent',
        'Data transfer subscriber fee percent',
        'The share of the entitlement data-transfer fee billed to the subscriber, 0 to 100; your account pays the rest.',
        { inputMode: 'numeric' },
      )}
      <FormField id="entitlementStatus" label="Entitlement status" error={errorOf('entitlementStatus')}>
        <select
          {...fieldAria('entitlementStatus', errorOf('entitlementStatus'))}
          value={form.entitlementStatus}
          onChange={(event) => edit('entitlementStatus', event.currentTarget.value)}
        >
          <option value="ENABLED">Enabled: the subscriber can stream right away</option>
          <option value="DISABLED">Disabled: streaming waits until you enable it</option>
        </select>
      </FormField>

      <fieldset class="encryption">
        <legend>Encryption</legend>
        <FormField id="encryption" label="Encryption" error={errorOf('encryption')}>
          <select
            {...fieldAria('encryption', errorOf('encryption'))}
            value={form.encryption}
            onChange={(event) => edit('encryption', event.currentTarget.value as EncryptionChoice)}
          >
            <option value="none">None</option>
            <option value="setup">Static key, by an encryption setup of this deployment</option>
            <option value="static-key">Static key, by role and secret ARN</option>
            <option value="speke">SPEKE (key server)</option>
          </select>
        </FormField>
        {form.encryption !== 'none' && (
          <FormField id="encryption.algorithm" label="Encryption algorithm" error={errorOf('encryption.algorithm')}>
            <select
              {...fieldAria('encryption.algorithm', errorOf('encryption.algorithm'))}
              value={form['encryption.algorithm']}
              onChange={(event) => edit('encryption.algorithm', event.currentTarget.value)}
            >
              {ENCRYPTION_ALGORITHMS.map((algorithm) => (
                <option key={algorithm} value={algorithm}>
                  {algorithm}
                </option>
              ))}
            </select>
          </FormField>
        )}
        {form.encryption === 'setup' &&
          text(
            'encryption.setup',
            'Encryption setup',
            "The setup's name (mediamon encryption list); its role and secret are used",
          )}
        {(form.encryption === 'static-key' || form.encryption === 'speke') &&
          text('encryption.roleArn', 'Role ARN', "A role of the flow's account that MediaConnect assumes")}
        {form.encryption === 'static-key' &&
          text(
            'encryption.secretArn',
            'Secret ARN',
            "The Secrets Manager secret that holds the key, in the flow's account and Region (the key itself is never entered here)",
          )}
        {form.encryption === 'speke' && (
          <>
            {text('encryption.resourceId', 'Resource ID', 'The content id sent to the key server')}
            {text('encryption.deviceId', 'Device ID', 'A device configured with your conditional access key provider')}
            {text(
              'encryption.url',
              'URL',
              "The https URL of the API Gateway proxy of the key server, in the flow's Region",
              {
                inputMode: 'url',
              },
            )}
            {text(
              'encryption.constantInitializationVector',
              'Constant initialization vector (optional)',
              '32 hexadecimal characters (128 bits)',
            )}
          </>
        )}
      </fieldset>

      <div class="form-buttons">
        <button type="submit" class="button-primary" disabled={sending} aria-busy={sending}>
          {sending ? 'Granting…' : 'Grant entitlement'}
        </button>{' '}
        <a href={detailHref(FLOWS_PATH, flow.arn)}>Cancel</a>
      </div>
      {sending && (
        <p role="status" class="action-outcome">
          Granting the entitlement…
        </p>
      )}
    </form>
  );
}

function focusField(field: string): void {
  document.getElementById(field)?.focus();
}

function focusFirstError(errors: FieldErrors): void {
  const first = FORM_FIELDS.find((field) => errors[field] !== undefined);
  if (first) focusField(first);
}
