import type { Booking, ConferenceRequest } from '@cmss/shared';
import { Button, Field, MessageBar, MessageBarBody, Select, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { type Api, ApiError } from '../api/client.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { formatRange } from '../format.js';
import type { AppointmentFill } from '../hosts/types.js';
import { useViewStyles } from '../styles.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What goes into the organiser's appointment: simple HTML, since Outlook rewrites anything richer. */
export function appointmentFill(
  request: ConferenceRequest,
  booking: Booking,
  requester: { email: string; name: string } | null,
): AppointmentFill {
  const m = booking.meeting;
  const lines = m
    ? [
        `<p><b>Join the ${request.kind === 'webinar' ? 'webinar' : 'meeting'}:</b> <a href="${esc(m.joinUrl)}">${esc(m.joinUrl)}</a></p>`,
        `<p>Meeting number: ${esc(m.meetingNumber)}<br>Password: ${esc(m.password)}</p>`,
        ...(m.dialIn.length
          ? [`<p>Dial-in:<br>${m.dialIn.map((d) => `${esc(d.label)}: ${esc(d.number)}`).join('<br>')}</p>`]
          : []),
        ...(m.sipAddress ? [`<p>Video system: ${esc(m.sipAddress)}</p>`] : []),
      ]
    : [];
  lines.push(
    '<p>Please do not share anything that identifies a patient. The conference is not recorded.</p>',
  );
  return {
    subject: request.topic,
    attendees: [
      ...(requester && !request.invitees.some((i) => i.email.toLowerCase() === requester.email.toLowerCase())
        ? [requester]
        : []),
      ...request.invitees.map((i) => ({ email: i.email, name: i.displayName })),
    ],
    location: m ? `Webex ${m.meetingNumber}` : 'Webex',
    start: new Date(booking.start),
    end: new Date(booking.end),
    bodyHtml: lines.join(''),
  };
}

/**
 * Fill appointment (Outlook's appointment-organizer surface): adds the invitees, sets location, start,
 * end and subject, and inserts the Webex details into the body.
 */
export default function AppointmentView({
  api,
  canFill,
  fill,
  requestId,
  viewerZone,
}: {
  api: Api;
  canFill: boolean;
  fill: (f: AppointmentFill) => Promise<void>;
  requestId: number | null;
  viewerZone: string;
}) {
  const s = useViewStyles();
  const [booked, setBooked] = useState<ConferenceRequest[] | null>(null);
  const [selected, setSelected] = useState<number | null>(requestId);
  const [booking, setBooking] = useState<Booking | null>(null);
  const [requester, setRequester] = useState<{ email: string; name: string } | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .listRequests(['booked'])
      .then((r) => {
        const items = r.items.filter((x) => x.status === 'booked');
        setBooked(items);
        setSelected((cur) => cur ?? items[0]?.id ?? null);
      })
      .catch(setError);
  }, [api]);

  useEffect(() => {
    setBooking(null);
    setRequester(null);
    setDone(false);
    if (selected === null) return;
    const requesterId = booked?.find((r) => r.id === selected)?.requesterId;
    if (requesterId)
      api
        .clinician(requesterId)
        .then((c) =>
          setRequester({
            email: c.email,
            name: [c.title, c.givenName, c.familyName].filter(Boolean).join(' '),
          }),
        )
        .catch(() => setRequester(null));
    api
      .getBooking(selected)
      .then(setBooking)
      .catch((e) => {
        if (!(e instanceof ApiError && e.status === 404)) setError(e);
      });
  }, [api, selected, booked]);

  const request = booked?.find((r) => r.id === selected) ?? null;
  const preview = request && booking ? appointmentFill(request, booking, requester) : null;

  return (
    <section className={s.view} aria-labelledby="appointment-title">
      <h2 id="appointment-title" className={s.h2}>
        Fill appointment
      </h2>
      {!canFill && (
        <MessageBar layout="multiline" intent="info">
          <MessageBarBody>
            To fill a meeting, open this add-in from a new meeting in Outlook. Here you can check what it will
            contain.
          </MessageBarBody>
        </MessageBar>
      )}
      {booked === null && !error && <Spinner size="small" label="Loading booked requests…" />}
      {booked?.length === 0 && (
        <Text size={200} className={s.muted}>
          No booked conference yet. Book a request first.
        </Text>
      )}
      {booked && booked.length > 0 && (
        <Field label="Conference">
          <Select
            value={selected === null ? '' : String(selected)}
            onChange={(_, d) => setSelected(Number(d.value))}
          >
            {booked.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} {r.topic}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {preview && (
        <section className={s.section} aria-label="What will be filled in">
          <dl className={s.dl}>
            <dt>Subject</dt>
            <dd>{preview.subject}</dd>
            <dt>When</dt>
            <dd>{formatRange(preview.start.toISOString(), preview.end.toISOString(), viewerZone)}</dd>
            <dt>Location</dt>
            <dd>{preview.location}</dd>
            <dt>Attendees</dt>
            <dd>{preview.attendees.map((a) => a.name ?? a.email).join(', ')}</dd>
          </dl>
          <div className={s.actions}>
            <Button
              appearance="primary"
              disabled={!canFill || busy}
              onClick={async () => {
                setBusy(true);
                setError(null);
                try {
                  await fill(preview);
                  setDone(true);
                } catch (e) {
                  setError(e);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {busy ? <Spinner size="tiny" label="Filling…" /> : 'Fill appointment'}
            </Button>
          </div>
        </section>
      )}
      {done && (
        <MessageBar layout="multiline" intent="success" role="status">
          <MessageBarBody>
            The meeting now has the attendees, time, location and Webex details. Check it and send it.
          </MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar error={error} title="The appointment was not filled" />
    </section>
  );
}
