import type { Clinician, Hospital } from '@cmss/shared';
import { Button, Checkbox, Field, Input, Select, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Api, DirectoryQuery, Facets } from '../api/client.js';
import { clinicianInvitee, clinicianName } from '../components/ClinicianCombobox.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { InviteeChip } from '../components/InviteeChip.js';
import { clinicianKey, type DraftInvitee, hospitalKey } from '../draft.js';
import { countryName, localTimeIn } from '../format.js';
import { useViewStyles } from '../styles.js';

const FACETS = [
  { key: 'country', label: 'Country' },
  { key: 'hospital', label: 'Hospital' },
  { key: 'specialty', label: 'Specialty' },
  { key: 'language', label: 'Language' },
] as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

type FacetKey = (typeof FACETS)[number]['key'];

/**
 * Directory picker: type-ahead search with facets; pick clinicians one by one or whole hospitals
 * (all their contact persons). Each pick shows the country and the person's local time now.
 */
export default function DirectoryView({
  api,
  picked,
  onChange,
  onCreateRequest,
}: {
  api: Api;
  picked: DraftInvitee[];
  onChange: (next: DraftInvitee[]) => void;
  onCreateRequest: () => void;
}) {
  const s = useViewStyles();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<Partial<Record<FacetKey, string>>>({});
  const [clinicians, setClinicians] = useState<Clinician[]>([]);
  const [hospitals, setHospitals] = useState<Hospital[]>([]);
  const [facets, setFacets] = useState<Facets>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [searched, setSearched] = useState(false);

  useEffect(() => {
    const active = q.trim().length > 0 || Object.values(filters).some(Boolean);
    if (!active) {
      setClinicians([]);
      setHospitals([]);
      setSearched(false);
      return;
    }
    const timer = setTimeout(async () => {
      setLoading(true);
      setError(null);
      try {
        const query: DirectoryQuery = { q: q.trim(), ...filters, facets: true };
        const [c, h] = await Promise.all([
          api.searchClinicians(query),
          q.trim().length >= 2
            ? api.searchHospitals({ q: q.trim(), country: filters.country, limit: 5 }).catch(() => null)
            : Promise.resolve(null),
        ]);
        setClinicians(c.items);
        setFacets(c.facets);
        setHospitals(h?.items ?? []);
        setSearched(true);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    }, 180);
    return () => clearTimeout(timer);
  }, [api, q, filters]);

  const isPicked = (key: string) => picked.some((p) => p.key === key);
  const toggle = (invitee: DraftInvitee) =>
    onChange(isPicked(invitee.key) ? picked.filter((p) => p.key !== invitee.key) : [...picked, invitee]);

  return (
    <section className={s.view} aria-labelledby="directory-title">
      <h2 id="directory-title" className={s.h2}>
        Directory
      </h2>
      <Field label="Search clinicians and hospitals">
        <Input
          type="search"
          value={q}
          onChange={(_, d) => setQ(d.value)}
          placeholder="Name, hospital, city or specialty — e.g. lodz, mueller"
          autoFocus
        />
      </Field>
      <div className={s.row}>
        {FACETS.map(({ key, label }) => (
          <Field key={key} label={label} className={s.grow} size="small">
            <Select
              size="small"
              value={filters[key] ?? ''}
              onChange={(_, d) => setFilters((f) => ({ ...f, [key]: d.value || undefined }))}
            >
              <option value="">All</option>
              {(facets[key] ?? []).slice(0, 60).map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label} ({f.count})
                </option>
              ))}
            </Select>
          </Field>
        ))}
      </div>

      <ErrorBar error={error} title="Search failed" />
      <div aria-live="polite" className={s.muted}>
        {loading ? (
          <Spinner size="tiny" label="Searching…" />
        ) : searched ? (
          <Text size={200}>
            {clinicians.length === 0 && hospitals.length === 0
              ? 'No match. Try fewer letters or clear a filter.'
              : [
                  plural(clinicians.length, 'clinician'),
                  hospitals.length ? plural(hospitals.length, 'hospital') : '',
                ]
                  .filter(Boolean)
                  .join(', ')}
          </Text>
        ) : (
          <Text size={200}>Type to search the directory of appointed clinicians.</Text>
        )}
      </div>

      {hospitals.length > 0 && (
        <div>
          <h3 className={s.h3}>Whole hospitals</h3>
          <ul className={s.list} aria-label="Hospitals">
            {hospitals.map((h) => {
              const invitee: DraftInvitee = {
                key: hospitalKey(h.id),
                kind: 'hospital',
                id: h.id,
                label: h.name,
                detail: h.city,
                countryCode: h.countryCode,
              };
              return (
                <li key={h.id} className={s.item}>
                  <Checkbox
                    checked={isPicked(invitee.key)}
                    onChange={() => toggle(invitee)}
                    label={
                      <span>
                        All contact persons of <strong>{h.name}</strong>
                        <br />
                        <span className={s.muted}>
                          {h.city}, {countryName(h.countryCode)} · {localTimeIn(h.countryCode)} local time
                        </span>
                      </span>
                    }
                  />
                </li>
              );
            })}
          </ul>
        </div>
      )}

      {clinicians.length > 0 && (
        <div>
          <h3 className={s.h3}>Clinicians</h3>
          <ul className={s.list} aria-label="Clinicians">
            {clinicians.map((c) => (
              <li key={c.id} className={s.item}>
                <Checkbox
                  checked={isPicked(clinicianKey(c.id))}
                  onChange={() => toggle(clinicianInvitee(c))}
                  label={
                    <span>
                      <strong>{clinicianName(c)}</strong>
                      {c.contactPerson ? ' · contact person' : ''}
                      <br />
                      <span className={s.muted}>
                        {c.hospitalName}, {countryName(c.countryCode)} · {localTimeIn(c.countryCode)} local
                      </span>
                    </span>
                  }
                />
              </li>
            ))}
          </ul>
        </div>
      )}

      <section
        className={s.section}
        aria-label="Picked invitees"
        // Stays in view at the bottom of the task pane while the results scroll.
        style={{ position: 'sticky', bottom: 0, boxShadow: '0 -2px 8px rgba(0,0,0,0.08)' }}
      >
        <h3 className={s.h3}>Picked ({picked.length})</h3>
        {picked.length === 0 ? (
          <Text size={200} className={s.muted}>
            Tick clinicians or hospitals above.
          </Text>
        ) : (
          <div className={s.chips}>
            {picked.map((p) => (
              <InviteeChip
                key={p.key}
                invitee={p}
                onRemove={() => onChange(picked.filter((x) => x.key !== p.key))}
              />
            ))}
          </div>
        )}
        <div className={s.actions}>
          <Button appearance="primary" disabled={picked.length === 0} onClick={onCreateRequest}>
            Create request with {picked.length} invitee{picked.length === 1 ? '' : 's'}
          </Button>
          {picked.length > 0 && <Button onClick={() => onChange([])}>Clear</Button>}
        </div>
      </section>
    </section>
  );
}
