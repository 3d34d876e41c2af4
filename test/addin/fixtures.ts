import { buildTestApp } from '../helpers/app.js';

/** A small directory created through the real API, for the add-in's parse tests. */
export async function parseTestApp() {
  const base = await buildTestApp();
  const admin = base.auth('admin');
  const post = async (url: string, payload: Record<string, unknown>) => {
    const res = await base.app.inject({ method: 'POST', url, headers: admin, payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: number };
  };
  const hospital = (name: string, city: string, countryCode: string) =>
    post('/api/v1/hospitals', { name, city, countryCode, referenceCentre: false, networks: [] });
  const clinician = (
    hospitalId: number,
    title: string | null,
    givenName: string,
    familyName: string,
    email: string,
  ) =>
    post('/api/v1/clinicians', {
      title,
      givenName,
      familyName,
      role: 'clinician',
      hospitalId,
      email,
      phone: null,
      specialties: [],
      languages: [],
      networks: [],
      contactPerson: true,
    });
  const lodz = await hospital('Uniwersytecki Szpital Kliniczny', 'Łódź', 'PL');
  const munich = await hospital('Klinikum der Universität München', 'München', 'DE');
  const lisbon = await hospital('Hospital de Santa Maria', 'Lisboa', 'PT');
  const people = {
    kowalska: await clinician(lodz.id, 'Dr', 'Anna', 'Kowalska', 'anna.kowalska@usk-lodz.example'),
    mueller: await clinician(munich.id, 'Prof', 'Jürgen', 'Müller', 'j.mueller@klinikum.example'),
    schmidt: await clinician(munich.id, 'Dr', 'Petra', 'Schmidt', 'petra.schmidt@klinikum.example'),
    silva: await clinician(lisbon.id, 'Dr', 'João', 'Silva', 'joao.silva@hsm.example'),
  };
  return { ...base, admin, helpdesk: base.auth('helpdesk'), people, hospitals: { lodz, munich, lisbon } };
}
