import type { Clinician } from '@cmss/shared';
import { Combobox, Field, Option } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Api } from '../api/client.js';
import { clinicianKey, type DraftInvitee } from '../draft.js';

export const clinicianName = (c: Pick<Clinician, 'title' | 'givenName' | 'familyName'>) =>
  [c.title, c.givenName, c.familyName].filter(Boolean).join(' ');

export const clinicianInvitee = (c: Clinician): DraftInvitee => ({
  key: clinicianKey(c.id),
  kind: 'clinician',
  id: c.id,
  email: c.email,
  label: clinicianName(c),
  detail: c.hospitalName,
  countryCode: c.countryCode,
});

/** Type-ahead over the directory for one clinician (the requester, or one more invitee). */
export function ClinicianCombobox({
  api,
  label,
  hint,
  value,
  onPick,
  clearOnPick = false,
}: {
  api: Api;
  label: string;
  hint?: string;
  value?: DraftInvitee | null;
  onPick: (invitee: DraftInvitee) => void;
  clearOnPick?: boolean;
}) {
  const [text, setText] = useState(value?.label ?? '');
  const [options, setOptions] = useState<Clinician[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => setText(value?.label ?? ''), [value]);
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2 || q === value?.label) return;
    const timer = setTimeout(() => {
      api
        .searchClinicians({ q, limit: 8 })
        .then((r) => {
          setOptions(r.items);
          setOpen(r.items.length > 0);
        })
        .catch(() => setOptions([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [api, text, value]);
  return (
    <Field label={label} hint={hint}>
      <Combobox
        freeform
        placeholder="Type a name, hospital or e-mail"
        value={text}
        open={open}
        onOpenChange={(_, data) => setOpen(data.open && options.length > 0)}
        onChange={(e) => setText(e.target.value)}
        onOptionSelect={(_, data) => {
          const c = options.find((o) => String(o.id) === data.optionValue);
          if (!c) return;
          onPick(clinicianInvitee(c));
          setText(clearOnPick ? '' : clinicianName(c));
          setOpen(false);
        }}
      >
        {options.map((c) => (
          <Option key={c.id} value={String(c.id)} text={clinicianName(c)}>
            {clinicianName(c)} — {c.hospitalName} ({c.countryCode})
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}
