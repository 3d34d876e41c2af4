import type { ConferenceRequest, ParseRequestResult } from '@cmss/shared';
import { Button, Field, Input, Spinner, Text, Textarea } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../api/client.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { RequestForm } from '../components/RequestForm.js';
import { clinicianKey, type Draft, type DraftInvitee, guestKey } from '../draft.js';
import { browserZone } from '../format.js';
import type { MailMessage } from '../hosts/types.js';
import { useViewStyles } from '../styles.js';

/** Turns the parser's findings into a draft staff can correct. */
export function draftFromParse(
  result: ParseRequestResult,
  message: MailMessage,
  source: Draft['source'],
): Draft {
  const matched = (m: ParseRequestResult['invitees'][number]): DraftInvitee => ({
    key: clinicianKey(m.clinicianId),
    kind: 'clinician',
    id: m.clinicianId,
    email: m.email,
    label: m.displayName,
    detail: m.hospitalName,
    countryCode: m.countryCode,
  });
  return {
    requester: result.requester ? matched(result.requester) : null,
    kind: result.kind,
    topic: result.topic,
    notes: '',
    invitees: [
      ...result.invitees.map(matched),
      ...result.unmatchedEmails.map(
        (g): DraftInvitee => ({
          key: guestKey(g.email),
          kind: 'guest',
          email: g.email,
          label: g.name ?? g.email,
        }),
      ),
    ],
    windows: result.proposedWindows.map((w) => ({ key: w.start, start: w.start, end: w.end, text: w.text })),
    durationMinutes: result.durationMinutes,
    timeZone: result.timeZone,
    source,
    ...(message.internetMessageId ? { sourceMessageId: message.internetMessageId } : {}),
  };
}

/**
 * Request from e-mail (Outlook's message-read surface): requester = sender; invitees and proposed
 * times recognised by the API; staff confirm or correct, then create the request once per e-mail.
 * Outside Outlook the e-mail can be pasted.
 */
export default function EmailView({
  api,
  readMessage,
  source,
  onCreated,
  onOpen,
}: {
  api: Api;
  readMessage: () => Promise<MailMessage | null>;
  source: Draft['source'];
  onCreated: (request: ConferenceRequest) => void;
  onOpen: (id: number) => void;
}) {
  const s = useViewStyles();
  const [message, setMessage] = useState<MailMessage | null>(null);
  const [hostHasMessage, setHostHasMessage] = useState<boolean | null>(null);
  const [draft, setDraft] = useState<{ draft: Draft; result: ParseRequestResult } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [paste, setPaste] = useState({ from: '', subject: '', body: '' });

  const recognise = useCallback(
    async (m: MailMessage) => {
      setBusy(true);
      setError(null);
      try {
        const result = await api.parseRequest({
          subject: m.subject,
          body: m.body,
          ...(m.from ? { from: m.from } : {}),
          to: m.to,
          cc: m.cc,
          ...(m.receivedAt ? { receivedAt: m.receivedAt } : {}),
          timeZone: browserZone(),
        });
        setMessage(m);
        setDraft({ draft: draftFromParse(result, m, source), result });
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
    [api, source],
  );

  useEffect(() => {
    readMessage()
      .then((m) => {
        setHostHasMessage(m !== null);
        if (m) void recognise(m);
      })
      .catch((e) => {
        setHostHasMessage(false);
        setError(e);
      });
  }, [readMessage, recognise]);

  return (
    <section className={s.view} aria-labelledby="email-title">
      <h2 id="email-title" className={s.h2}>
        Request from e-mail
      </h2>
      {hostHasMessage === false && !draft && (
        <form
          className={s.section}
          onSubmit={(e) => {
            e.preventDefault();
            void recognise({
              subject: paste.subject,
              from: paste.from ? { email: paste.from.trim() } : null,
              to: [],
              cc: [],
              internetMessageId: null,
              receivedAt: new Date().toISOString(),
              body: paste.body,
            });
          }}
        >
          <Text size={200} className={s.muted}>
            Open an e-mail in Outlook to read it here, or paste one.
          </Text>
          <Field label="Sender's e-mail">
            <Input
              type="email"
              value={paste.from}
              onChange={(_, d) => setPaste({ ...paste, from: d.value })}
            />
          </Field>
          <Field label="Subject">
            <Input value={paste.subject} onChange={(_, d) => setPaste({ ...paste, subject: d.value })} />
          </Field>
          <Field label="Text of the e-mail">
            <Textarea
              rows={6}
              resize="vertical"
              value={paste.body}
              onChange={(_, d) => setPaste({ ...paste, body: d.value })}
            />
          </Field>
          <div className={s.actions}>
            <Button appearance="primary" type="submit" disabled={!paste.body.trim() || busy}>
              Recognise
            </Button>
          </div>
        </form>
      )}
      {busy && <Spinner size="small" label="Reading the e-mail…" />}
      <ErrorBar error={error} title="The e-mail could not be read" />
      {draft && message && (
        <>
          <section className={s.section} aria-label="What was recognised">
            <Text weight="semibold">{message.subject || '(no subject)'}</Text>
            <Text size={200} className={s.muted}>
              From{' '}
              {message.from?.name
                ? `${message.from.name} <${message.from.email}>`
                : (message.from?.email ?? '?')}
              {draft.result.unknownSender ? ' — not in the directory: choose the requester below.' : ''}
            </Text>
            <Text size={200} data-testid="recognised-summary">
              Recognised {draft.result.invitees.length} invitee{draft.result.invitees.length === 1 ? '' : 's'}{' '}
              from the directory
              {draft.result.unmatchedEmails.length
                ? `, ${draft.result.unmatchedEmails.length} other address${draft.result.unmatchedEmails.length === 1 ? '' : 'es'}`
                : ''}{' '}
              and {draft.result.proposedWindows.length} proposed time
              {draft.result.proposedWindows.length === 1 ? '' : 's'}. Check and correct before creating.
            </Text>
          </section>
          <RequestForm
            key={message.internetMessageId ?? message.subject}
            api={api}
            initial={draft.draft}
            onCreated={onCreated}
            onOpenExisting={onOpen}
          />
        </>
      )}
    </section>
  );
}
