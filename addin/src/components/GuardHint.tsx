import type { GuardParticipant, IdentifierSpan } from '@cmss/shared';
import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';

type Guard = typeof import('@cmss/shared').findPatientIdentifiers;
let guard: Promise<Guard> | null = null;
const loadGuard = () => {
  guard ??= import('@cmss/shared').then((m) => m.findPatientIdentifiers);
  return guard;
};

const KIND_LABEL: Record<string, string> = {
  person_name: 'a name',
  birth_date: 'a date of birth',
  address: 'an address',
  national_id: 'an ID number',
  record_number: 'a record number',
  phone: 'a phone number',
  email: 'an e-mail address',
};

const useStyles = makeStyles({
  ok: { color: tokens.colorPaletteGreenForeground1, fontSize: tokens.fontSizeBase200 },
  warn: {
    color: tokens.colorPaletteDarkOrangeForeground1,
    fontSize: tokens.fontSizeBase200,
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
  },
});

/**
 * The patient-identifier guard's verdict on a text, live while staff type (the same pure function the
 * API enforces). Participants' own names and addresses are allowed.
 */
export function GuardHint({
  text,
  participants,
  id,
}: {
  text: string;
  participants: GuardParticipant[];
  id: string;
}) {
  const s = useStyles();
  const [spans, setSpans] = useState<IdentifierSpan[] | null>(null);
  useEffect(() => {
    let live = true;
    loadGuard().then((find) => {
      if (live) setSpans(find(text, { participants }).spans);
    });
    return () => {
      live = false;
    };
  }, [text, participants]);
  if (!text.trim() || spans === null) return <span id={id} />;
  if (spans.length === 0)
    return (
      <span id={id} className={s.ok} aria-live="polite">
        ✓ No patient identifiers found.
      </span>
    );
  return (
    <div id={id} aria-live="polite" data-testid="guard-warning">
      <span className={s.warn}>
        This may identify a patient — remove it before sending (only clinical information is allowed):
      </span>
      <ul className={s.warn}>
        {spans.map((span) => (
          <li key={`${span.start}-${span.end}`}>
            “{span.text}” looks like {KIND_LABEL[span.kind] ?? span.kind}
          </li>
        ))}
      </ul>
    </div>
  );
}
