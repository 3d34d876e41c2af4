import { buildTestApp } from '../helpers/app.js';

export type DirectoryTestApp = Awaited<ReturnType<typeof buildTestApp>> & {
  admin: { authorization: string };
  hospital(body?: Record<string, unknown>): Promise<{ id: number; version: number }>;
  clinician(
    body?: Record<string, unknown>,
  ): Promise<{ id: number; version: number } & Record<string, unknown>>;
  /** PATCH /api/v1/clinicians/{id} as an admin, whatever the version (`If-Match: *`). */
  patchClinician(id: number, payload: Record<string, unknown>): Promise<Response>;
  /** POST /api/v1/hospitals/{id}/deactivate as an admin, whatever the version. */
  deactivateHospital(id: number): Promise<Response>;
};
type Response = Awaited<ReturnType<Awaited<ReturnType<typeof buildTestApp>>['app']['inject']>>;

let counter = 0;

/** A complete body for POST /api/v1/hospitals, with `body` laid over it. */
export const hospitalBody = (body: Record<string, unknown> = {}) => ({
  name: 'Szpital Kliniczny',
  city: 'Łódź',
  countryCode: 'PL',
  referenceCentre: false,
  networks: [],
  ...body,
});

/** A complete body for POST /api/v1/clinicians (give it a `hospitalId`), with `body` laid over it. */
export const clinicianBody = (body: Record<string, unknown> = {}) => ({
  title: null,
  givenName: 'Anna',
  familyName: 'Kowalska',
  role: 'clinician',
  email: 'anna@example.org',
  phone: null,
  specialties: [],
  languages: [],
  networks: [],
  contactPerson: false,
  ...body,
});

/** The real app with an admin key and helpers that create directory records through the API. */
export async function directoryApp(
  overrides: Parameters<typeof buildTestApp>[0] = {},
): Promise<DirectoryTestApp> {
  const base = await buildTestApp(overrides);
  const admin = base.auth('admin');
  const post = async (url: string, payload: Record<string, unknown>) => {
    const res = await base.app.inject({ method: 'POST', url, headers: admin, payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return {
    ...base,
    admin,
    hospital: (body = {}) => post('/api/v1/hospitals', hospitalBody(body)),
    patchClinician: (id, payload) =>
      base.app.inject({
        method: 'PATCH',
        url: `/api/v1/clinicians/${id}`,
        headers: { ...admin, 'if-match': '*' },
        payload,
      }),
    deactivateHospital: (id) =>
      base.app.inject({
        method: 'POST',
        url: `/api/v1/hospitals/${id}/deactivate`,
        headers: { ...admin, 'if-match': '*' },
      }),
    clinician: async (body = {}) => {
      counter++;
      return post(
        '/api/v1/clinicians',
        clinicianBody({ familyName: `Test${counter}`, email: `person${counter}@example.org`, ...body }),
      );
    },
  };
}

/** The family names `GET /api/v1/clinicians?q=` finds, in rank order (NFC), searched with `headers`. */
export async function clinicianNamesFound(
  t: DirectoryTestApp,
  q: string,
  headers: Record<string, string> = t.admin,
): Promise<string[]> {
  const res = await t.app.inject({ url: `/api/v1/clinicians?q=${encodeURIComponent(q)}`, headers });
  if (res.statusCode !== 200) throw new Error(`?q=${q}: ${res.statusCode} ${res.body}`);
  return res.json().items.map((c: { familyName: string }) => c.familyName.normalize('NFC'));
}

/** The names `GET /api/v1/hospitals?q=` finds, in rank order, searched as an admin. */
export async function hospitalNamesFound(t: DirectoryTestApp, q: string): Promise<string[]> {
  const res = await t.app.inject({ url: `/api/v1/hospitals?q=${encodeURIComponent(q)}`, headers: t.admin });
  if (res.statusCode !== 200) throw new Error(`?q=${q}: ${res.statusCode} ${res.body}`);
  return res.json().items.map((h: { name: string }) => h.name);
}
