import type { ConferenceRequest } from '@cmss/shared';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Textarea,
} from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import { type Api, ApiError } from '../api/client.js';
import { type Draft, draftProblems, guestKey, toRequestInput } from '../draft.js';
import { browserZone, formatRange, fromLocalInput, toLocalInput } from '../format.js';
import { useViewStyles } from '../styles.js';
import { ClinicianCombobox } from './ClinicianCombobox.js';
import { ErrorBar } from './ErrorBar.js';
import { GuardHint } from './GuardHint.js';
import { InviteeChip } from './InviteeChip.js';

const DURATIONS = [30, 45, 60, 90, 120];

/**
 * The request as staff confirm or correct it: requester, kind, topic (checked live by the
 * patient-identifier guard), invitees, proposed times, duration. Creating it is idempotent per e-mail.
 */
export function RequestForm({
  api,
  initial,
  onCreated,
  submitLabel = 'Create request',
  onOpenExisting,
}: {
  api: Api;
  initial: Draft;
  onCreated: (request: ConferenceRequest) => void;
  submitLabel?: string;
  onOpenExisting?: (id: number) => void;
}) {
  const s = useViewStyles();
  const [draft, setDraft] = useState<Draft>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [duplicateId, setDuplicateId] = useState<number | null>(null);
  const [guest, setGuest] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const problems = draftProblems(draft);

  const participants = useMemo(
    () =>
      [draft.requester, ...draft.invitees]
        .filter((p) => p !== null)
        .map((p) => ({ name: p.label, email: p.email ?? null })),
    [draft.requester, draft.invitees],
  );

  async function submit() {
    setShowProblems(true);
    if (problems.length > 0) return;
    setBusy(true);
    setError(null);
    setDuplicateId(null);
    try {
      // No Idempotency-Key for e-mails: the API's own dedupe by internet message id answers 409 with the
      // existing request, which staff are told about (a replayed 201 would hide the duplicate).
      onCreated(await api.createRequest(toRequestInput(draft)));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const details = e.details as { requestId?: number; existingId?: number; id?: number } | undefined;
        setDuplicateId(details?.requestId ?? details?.existingId ?? details?.id ?? null);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function addWindow() {
    const last = draft.windows.at(-1);
    const base = last ? new Date(last.start) : new Date(Date.now() + 86_400_000);
    if (!last) base.setHours(10, 0, 0, 0);
    else base.setDate(base.getDate() + 1);
    const end = new Date(base.getTime() + draft.durationMinutes * 60_000);
    set({
      windows: [
        ...draft.windows,
        { key: crypto.randomUUID(), start: base.toISOString(), end: end.toISOString() },
      ],
    });
  }

  return (
    <form
      className={s.view}
      style={{ padding: 0 }}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <ClinicianCombobox
        api={api}
        label="Requester"
        hint={
          draft.requester ? `${draft.requester.detail ?? ''}` : 'The clinician who asks for the conference'
        }
        value={draft.requester}
        onPick={(requester) => set({ requester })}
      />
      <Field label="Kind">
        <RadioGroup
          layout="horizontal"
          value={draft.kind}
          onChange={(_, d) => set({ kind: d.value as Draft['kind'] })}
        >
          <Radio value="conference" label="Case conference (meeting)" />
          <Radio value="webinar" label="Webinar" />
        </RadioGroup>
      </Field>
      <Field label="Topic" required>
        <Input
          value={draft.topic}
          onChange={(_, d) => set({ topic: d.value })}
          aria-describedby="topic-guard"
          maxLength={300}
        />
      </Field>
      <GuardHint id="topic-guard" text={draft.topic} participants={participants} />
      <Field label="Notes for the helpdesk (optional)">
        <Textarea
          value={draft.notes}
          onChange={(_, d) => set({ notes: d.value })}
          aria-describedby="notes-guard"
          resize="vertical"
          rows={3}
        />
      </Field>
      <GuardHint id="notes-guard" text={draft.notes} participants={participants} />

      <fieldset className={s.section}>
        <legend className={s.h3}>Invitees ({draft.invitees.length})</legend>
        <div className={s.chips}>
          {draft.invitees.map((i) => (
            <InviteeChip
              key={i.key}
              invitee={i}
              onRemove={() => set({ invitees: draft.invitees.filter((x) => x.key !== i.key) })}
            />
          ))}
        </div>
        <ClinicianCombobox
          api={api}
          label="Add a clinician"
          clearOnPick
          onPick={(i) =>
            set({
              invitees: draft.invitees.some((x) => x.key === i.key) ? draft.invitees : [...draft.invitees, i],
            })
          }
        />
        <div className={s.row}>
          <Field label="Add a guest by e-mail" className={s.grow}>
            <Input type="email" value={guest} onChange={(_, d) => setGuest(d.value)} />
          </Field>
          <Button
            disabled={!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(guest)}
            onClick={() => {
              set({
                invitees: [
                  ...draft.invitees,
                  { key: guestKey(guest), kind: 'guest', email: guest.trim(), label: guest.trim() },
                ],
              });
              setGuest('');
            }}
          >
            Add guest
          </Button>
        </div>
      </fieldset>

      <fieldset className={s.section}>
        <legend className={s.h3}>Proposed times ({draft.windows.length})</legend>
        <span className={s.muted} style={{ fontSize: 12 }}>
          In your time zone ({browserZone().replace(/_/g, ' ')}).
        </span>
        {draft.windows.map((w, index) => (
          <div key={w.key ?? w.start} className={s.row}>
            <Field
              label={`Option ${index + 1}`}
              hint={w.text ? `Read from “${w.text}”` : formatRange(w.start, w.end)}
              className={s.grow}
            >
              <Input
                type="datetime-local"
                value={toLocalInput(w.start)}
                onChange={(_, d) => {
                  if (!d.value) return;
                  const start = fromLocalInput(d.value);
                  const end = new Date(
                    new Date(start).getTime() + draft.durationMinutes * 60_000,
                  ).toISOString();
                  set({
                    windows: draft.windows.map((x, i) => (i === index ? { key: x.key, start, end } : x)),
                  });
                }}
              />
            </Field>
            <Button
              aria-label={`Remove option ${index + 1}`}
              onClick={() => set({ windows: draft.windows.filter((_, i) => i !== index) })}
            >
              Remove
            </Button>
          </div>
        ))}
        <div className={s.row}>
          <Button onClick={addWindow}>Add a proposed time</Button>
          <Field label="Duration" orientation="horizontal">
            <Select
              value={String(draft.durationMinutes)}
              onChange={(_, d) => set({ durationMinutes: Number(d.value) })}
            >
              {DURATIONS.map((m) => (
                <option key={m} value={m}>
                  {m} minutes
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </fieldset>

      {showProblems && problems.length > 0 && (
        <MessageBar layout="multiline" intent="warning" role="alert">
          <MessageBarBody>{problems.join(' ')}</MessageBarBody>
        </MessageBar>
      )}
      {duplicateId !== null ? (
        <MessageBar layout="multiline" intent="info" role="status">
          <MessageBarBody>
            This e-mail is already request #{duplicateId}.{' '}
            {onOpenExisting && (
              <Button size="small" onClick={() => onOpenExisting(duplicateId)}>
                Open request #{duplicateId}
              </Button>
            )}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <ErrorBar error={error} title="The request was not created" />
      )}
      <div className={s.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {busy ? <Spinner size="tiny" label="Creating…" /> : submitLabel}
        </Button>
      </div>
    </form>
  );
}
