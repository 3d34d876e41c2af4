import type { Booking, ConferenceRequest } from '@cmss/shared';
import {
  Badge,
  Button,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { type Api, ApiError, type Slot } from '../api/client.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { formatRange, fromLocalInput, toLocalInput } from '../format.js';
import { useViewStyles } from '../styles.js';

const STATUS_COLOUR = {
  received: 'informative',
  scheduling: 'warning',
  booked: 'success',
  held: 'subtle',
  cancelled: 'danger',
  rejected: 'danger',
} as const;

const INVITATION_STATE: Record<string, string> = {
  pending: 'Booking…',
  meeting_created: 'Meeting created, sending invitations…',
  calendar_created: 'Invitations sent, finishing…',
  booked: 'Invitations sent',
  rescheduling: 'Updating the meeting and invitations…',
  cancelling: 'Cancelling…',
  cancelled: 'Cancelled — cancellations sent',
  failed: 'Failed',
};

export function StatusBadge({ status }: { status: ConferenceRequest['status'] }) {
  return (
    <Badge appearance="tint" color={STATUS_COLOUR[status]} data-testid="status">
      {status}
    </Badge>
  );
}

/**
 * Book: slot suggestions (or another time), book, then the join link and the invitations' state;
 * reschedule and cancel. `viewerZone` is the staff member's zone, in which times are shown.
 */
export default function BookView({
  api,
  requestId,
  viewerZone,
  onChanged,
}: {
  api: Api;
  requestId: number;
  viewerZone: string;
  onChanged?: () => void;
}) {
  const s = useViewStyles();
  const [request, setRequest] = useState<ConferenceRequest | null>(null);
  const [booking, setBooking] = useState<Booking | null>(null);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [choice, setChoice] = useState<string>('');
  const [custom, setCustom] = useState('');
  const [mode, setMode] = useState<'view' | 'reschedule' | 'confirm-cancel'>('view');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const r = await api.getRequest(requestId);
      setRequest(r);
      let b: Booking | null = null;
      try {
        b = await api.getBooking(requestId);
      } catch (e) {
        if (!(e instanceof ApiError && (e.status === 404 || e.status === 405))) throw e;
      }
      setBooking(b);
      if (!b || b.state === 'cancelled' || b.state === 'failed') {
        const from = new Date().toISOString();
        const to = new Date(Date.now() + 14 * 86_400_000).toISOString();
        const sug = await api.suggestions(requestId, from, to).catch(() => ({ items: [] as Slot[] }));
        setSlots(sug.items.slice(0, 8));
        setChoice(sug.items[0] ? `${sug.items[0].start}|${sug.items[0].end}` : '');
      }
    } catch (e) {
      setError(e);
    }
  }, [api, requestId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function loadSlotsForReschedule() {
    setMode('reschedule');
    const sug = await api
      .suggestions(requestId, new Date().toISOString(), new Date(Date.now() + 14 * 86_400_000).toISOString())
      .catch(() => ({ items: [] as Slot[] }));
    setSlots(sug.items.slice(0, 8));
    setChoice(sug.items[0] ? `${sug.items[0].start}|${sug.items[0].end}` : '');
  }

  function chosenWindow(): { start: string; end: string } | null {
    if (choice === 'custom') {
      if (!custom || !request) return null;
      const start = fromLocalInput(custom);
      return {
        start,
        end: new Date(new Date(start).getTime() + request.durationMinutes * 60_000).toISOString(),
      };
    }
    const [start, end] = choice.split('|');
    return start && end ? { start, end } : null;
  }

  async function act(label: string, action: () => Promise<unknown>) {
    setBusy(label);
    setError(null);
    try {
      await action();
      setMode('view');
      await load();
      onChanged?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  if (!request) {
    return (
      <section className={s.view} aria-labelledby="book-title">
        <h2 id="book-title" className={s.h2}>
          Book
        </h2>
        {error ? (
          <ErrorBar error={error} title="The request could not be loaded" />
        ) : (
          <Spinner label="Loading…" />
        )}
      </section>
    );
  }

  const live = booking && booking.state !== 'cancelled' && booking.state !== 'failed';
  const canBook = request.status === 'received' || request.status === 'scheduling';
  const participants = request.invitees.length + 1;
  const picking = (!live && canBook) || mode === 'reschedule';

  return (
    <section className={s.view} aria-labelledby="book-title">
      <h2 id="book-title" className={s.h2}>
        Book #{request.id}
      </h2>
      <div className={s.section}>
        <Text weight="semibold">{request.topic}</Text>
        <div className={s.row} style={{ alignItems: 'center' }}>
          <StatusBadge status={request.status} />
          <Text size={200}>
            {request.kind === 'webinar' ? 'Webinar' : 'Meeting'} · {participants} participants ·{' '}
            {request.durationMinutes} min
          </Text>
        </div>
        {request.statusReason && <Text size={200}>Reason: {request.statusReason}</Text>}
      </div>

      {live && booking && mode !== 'reschedule' && (
        <section className={s.section} aria-label="Booking" data-testid="booking">
          <h3 className={s.h3}>Booked</h3>
          <dl className={s.dl}>
            <dt>When</dt>
            <dd>{formatRange(booking.start, booking.end, viewerZone)}</dd>
            {booking.meeting && (
              <>
                <dt>Join</dt>
                <dd>
                  <Link
                    href={booking.meeting.joinUrl}
                    target="_blank"
                    rel="noreferrer"
                    data-testid="join-link"
                  >
                    {booking.meeting.joinUrl}
                  </Link>
                </dd>
                <dt>Meeting number</dt>
                <dd>{booking.meeting.meetingNumber}</dd>
                <dt>Password</dt>
                <dd>{booking.meeting.password}</dd>
                {booking.meeting.dialIn.slice(0, 3).map((d) => (
                  <FragmentRow key={d.number} label={d.label} value={d.number} />
                ))}
              </>
            )}
            <dt>Invitations</dt>
            <dd data-testid="invitation-state">
              {INVITATION_STATE[booking.state] ?? booking.state}
              {booking.calendar && booking.calendar.sequence > 0
                ? ` (updated ${booking.calendar.sequence} time${booking.calendar.sequence === 1 ? '' : 's'})`
                : ''}
            </dd>
          </dl>
          {mode === 'confirm-cancel' ? (
            <div className={s.section} role="alertdialog" aria-labelledby="cancel-q">
              <Text id="cancel-q">
                Cancel this conference? Everyone receives a cancellation and the meeting is deleted.
              </Text>
              <div className={s.actions}>
                <Button
                  appearance="primary"
                  onClick={() => act('cancel', () => api.cancelBooking(requestId))}
                  disabled={busy !== null}
                  autoFocus
                >
                  {busy === 'cancel' ? <Spinner size="tiny" label="Cancelling…" /> : 'Yes, cancel it'}
                </Button>
                <Button onClick={() => setMode('view')}>Keep it</Button>
              </div>
            </div>
          ) : (
            <div className={s.actions}>
              <Button onClick={() => void loadSlotsForReschedule()}>Reschedule</Button>
              <Button onClick={() => setMode('confirm-cancel')}>Cancel booking</Button>
            </div>
          )}
        </section>
      )}

      {picking && (
        <section className={s.section} aria-label="Choose a time">
          <h3 className={s.h3}>{mode === 'reschedule' ? 'Move to' : 'Choose a time'}</h3>
          {slots === null ? (
            <Spinner size="tiny" label="Finding free slots…" />
          ) : (
            <RadioGroup value={choice} onChange={(_, d) => setChoice(d.value)} aria-label="Suggested slots">
              {slots.map((slot) => (
                <Radio
                  key={slot.start}
                  value={`${slot.start}|${slot.end}`}
                  label={
                    <span>
                      {formatRange(slot.start, slot.end, viewerZone)}
                      {slot.inProposedWindow ? ' · proposed by the requester' : ''}
                      {slot.localTimes && slot.localTimes.length > 1 && (
                        <>
                          <br />
                          <span className={s.muted}>
                            {slot.localTimes
                              .map(
                                (l) =>
                                  `${l.timeZone.split('/').pop()?.replace(/_/g, ' ')} ${l.start.slice(11, 16)}`,
                              )
                              .join(' · ')}
                          </span>
                        </>
                      )}
                    </span>
                  }
                />
              ))}
              {request.proposedWindows
                .filter((w) => !slots.some((sl) => sl.start === w.start))
                .map((w) => (
                  <Radio
                    key={`p${w.start}`}
                    value={`${w.start}|${new Date(new Date(w.start).getTime() + request.durationMinutes * 60_000).toISOString()}`}
                    label={`${formatRange(w.start, new Date(new Date(w.start).getTime() + request.durationMinutes * 60_000).toISOString(), viewerZone)} (proposed)`}
                  />
                ))}
              <Radio value="custom" label="Another time" />
            </RadioGroup>
          )}
          {slots !== null && slots.length === 0 && (
            <Text size={200} className={s.muted}>
              No suggested slot in the next two weeks fits everyone's working hours; pick another time.
            </Text>
          )}
          {choice === 'custom' && (
            <Field label="Start">
              <Input
                type="datetime-local"
                value={custom || toLocalInput(new Date(Date.now() + 86_400_000).toISOString())}
                onChange={(_, d) => setCustom(d.value)}
              />
            </Field>
          )}
          {request.kind === 'conference' && participants > 100 && (
            <MessageBar layout="multiline" intent="warning">
              <MessageBarBody>A meeting holds at most 100 participants: make it a webinar.</MessageBarBody>
            </MessageBar>
          )}
          <div className={s.actions}>
            <Button
              appearance="primary"
              disabled={busy !== null || !chosenWindow()}
              onClick={() => {
                const w = chosenWindow();
                if (!w) return;
                const body = { ...w, timeZone: request.timeZone };
                void act(mode === 'reschedule' ? 'reschedule' : 'book', () =>
                  mode === 'reschedule' ? api.reschedule(requestId, body) : api.book(requestId, body),
                );
              }}
            >
              {busy === 'book' || busy === 'reschedule' ? (
                <Spinner size="tiny" label={mode === 'reschedule' ? 'Rescheduling…' : 'Booking…'} />
              ) : mode === 'reschedule' ? (
                'Reschedule'
              ) : request.kind === 'webinar' ? (
                'Book webinar'
              ) : (
                'Book meeting'
              )}
            </Button>
            {mode === 'reschedule' && <Button onClick={() => setMode('view')}>Back</Button>}
          </div>
        </section>
      )}
      {!live && !canBook && (
        <Text size={200} className={s.muted}>
          This request is {request.status}; nothing to book.
        </Text>
      )}
      <ErrorBar error={error} title="That did not work" />
    </section>
  );
}

function FragmentRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
