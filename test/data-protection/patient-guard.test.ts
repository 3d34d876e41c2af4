import {
  findPatientIdentifiers,
  isValidBelgianNationalNumber,
  isValidBsn,
  isValidCodiceFiscale,
  isValidDniNie,
  isValidNir,
  isValidPesel,
} from '@cmss/shared';
import { describe, expect, it } from 'vitest';

const kinds = (text: string, options?: Parameters<typeof findPatientIdentifiers>[1]) =>
  findPatientIdentifiers(text, options).spans.map((s) => [s.kind, s.text]);

describe('national identifier checksums', () => {
  it('accepts valid numbers and rejects a single changed digit', () => {
    expect(isValidNir('2 69 05 49 588 157 80')).toBe(true);
    expect(isValidNir('2 69 05 49 588 157 81')).toBe(false);
    expect(isValidCodiceFiscale('RSSMRA58C12H501G')).toBe(true);
    expect(isValidCodiceFiscale('RSSMRA58C12H501X')).toBe(false);
    expect(isValidDniNie('12345678Z')).toBe(true);
    expect(isValidDniNie('X1234567L')).toBe(true);
    expect(isValidDniNie('12345678A')).toBe(false);
    expect(isValidPesel('44051401359')).toBe(true);
    expect(isValidPesel('44051401358')).toBe(false);
    expect(isValidBsn('111222333')).toBe(true);
    expect(isValidBsn('111222334')).toBe(false);
    expect(isValidBelgianNationalNumber('85.07.30-033.28')).toBe(true);
    expect(isValidBelgianNationalNumber('85.07.30-033.29')).toBe(false);
  });

  it('computes the NIR key of Corsican départements with 2A → 19 and 2B → 18', () => {
    // Key for a 2A number: 97 − (1 85 12 19 004 021 mod 97); the same number with 2B differs.
    const body = '1851219004021';
    let r = 0;
    for (const ch of body) r = (r * 10 + Number(ch)) % 97;
    const key = String(97 - r).padStart(2, '0');
    expect(isValidNir(`1 85 12 2A 004 021 ${key}`)).toBe(true);
    expect(isValidNir(`1 85 12 2B 004 021 ${key}`)).toBe(false);
  });

  it('uses the post-2000 rule for Belgian national numbers', () => {
    expect(isValidBelgianNationalNumber('00012556678')).toBe(true); // born 2000: "2" prefixed
    expect(isValidBelgianNationalNumber('00012556649')).toBe(true); // born 1900: plain
    expect(isValidBelgianNationalNumber('00012556650')).toBe(false);
  });
});

describe('findPatientIdentifiers', () => {
  it('finds names in a patient context in seven languages', () => {
    expect(kinds('Second opinion for patient Anna Nowak, ARDS on ECMO.')).toEqual([
      ['person_name', 'Anna Nowak'],
    ]);
    expect(kinds('Mrs Smith has refractory shock')).toEqual([['person_name', 'Smith']]);
    expect(kinds('M. Dupont présente une pneumopathie')).toEqual([['person_name', 'Dupont']]);
    expect(kinds('Herr Müller mit Sepsis')).toEqual([['person_name', 'Müller']]);
    expect(kinds('la paciente María García López ingresó')).toEqual([['person_name', 'María García López']]);
    expect(kinds('la Sig.ra Bianchi è stata ricoverata')).toEqual([['person_name', 'Bianchi']]);
    expect(kinds('pani Anna Kowalska, 68 lat')).toEqual([['person_name', 'Anna Kowalska']]);
    expect(kinds('mevrouw de Vries heeft koorts')).toEqual([['person_name', 'de Vries']]);
  });

  it('finds dates of birth but passes admission dates, ages and years', () => {
    expect(kinds('born 12/03/1958, admitted 03/02/2024')).toEqual([['birth_date', '12/03/1958']]);
    expect(kinds('geb. am 12.03.1958')).toEqual([['birth_date', '12.03.1958']]);
    expect(kinds('né le 3 mars 1958')).toEqual([['birth_date', '3 mars 1958']]);
    expect(kinds('nato il 12/03/1958 a Roma')).toEqual([['birth_date', '12/03/1958']]);
    expect(kinds('ur. 12.03.1958')).toEqual([['birth_date', '12.03.1958']]);
    expect(kinds('geboren op 12-03-1958')).toEqual([['birth_date', '12-03-1958']]);
    expect(kinds('fecha de nacimiento: 12/03/1958')).toEqual([['birth_date', '12/03/1958']]);
    expect(kinds('DOB 1958-03-12')).toEqual([['birth_date', '1958-03-12']]);
    expect(kinds('72-year-old man admitted 12/03/2024; 72 ans; 72 Jahre; diagnosed in 2019')).toEqual([]);
  });

  it('finds addresses, identifiers, record numbers, phones and e-mails', () => {
    expect(kinds('wohnhaft Hauptstraße 12, 10115 Berlin')).toEqual([
      ['address', 'Hauptstraße 12, 10115 Berlin'],
    ]);
    expect(kinds('12 rue de la Paix')).toEqual([['address', '12 rue de la Paix']]);
    expect(kinds('NIR 2 69 05 49 588 157 80')).toEqual([['national_id', '2 69 05 49 588 157 80']]);
    expect(kinds('CF RSSMRA58C12H501G')).toEqual([['national_id', 'RSSMRA58C12H501G']]);
    expect(kinds('MRN 123456')).toEqual([['record_number', '123456']]);
    expect(kinds('n° dossier 2024-00123')).toEqual([['record_number', '2024-00123']]);
    expect(kinds('call +33 6 12 34 56 78')).toEqual([['phone', '+33 6 12 34 56 78']]);
    expect(kinds('daughter: anna.nowak@gmail.com')).toEqual([['email', 'anna.nowak@gmail.com']]);
  });

  it('passes lab values, doses, clinical scores and clinicians', () => {
    const clinical =
      'CRP 120 mg/L, SpO2 88%, IL-6 45 pg/ml, PLT 150 000/µl, IPP 40 mg, P/F 95, NYHA III, Dr. Weber and Prof. Rossi join.';
    expect(kinds(clinical)).toEqual([]);
  });

  it("lets participants' own names, e-mails and phones through", () => {
    const options = {
      participants: [{ name: 'Hans Müller', email: 'h.mueller@charite.de', phone: '+49 30 450 50' }],
    };
    expect(kinds('Herr Müller (h.mueller@charite.de, 030 45050) presents the case', options)).toEqual([]);
    expect(kinds('Patient Anna Müller', options)).toEqual([['person_name', 'Anna Müller']]);
  });

  it('passes titles, eponyms, institutions, dial-in numbers and study identifiers', () => {
    const clean = [
      'Meeting number 2734 123 4567; dial-in +32 2 894 8888 (Belgium toll).',
      'Patient Blood Management protocol, Hb 7.2 g/dl.',
      'Frau Oberärztin Dr. Lang ist eingeladen; Herr Kollege, bitte um Rückruf.',
      'Mme la Professeure Martin et M. le Docteur Petit seront présents.',
      'La Sra. Presidenta del comité aprobará la sesión; el paciente Testigo de Jehová rechaza transfusiones.',
      'Pani Profesor Nowicka i Pan Doktor Krawczyk; Sig. Primario Romano.',
      'Hôpital Necker-Enfants Malades, 149 rue de Sèvres, is the hospital.',
      'Study NCT04280705, EudraCT 2020-001052-18; ICD-10 J18.9; order number 1002345678.',
      'Patientin Z.n. Sectio 2019, SSW 32+4, RR 160/100 mmHg; M. tuberculosis PCR positive.',
      'She was born prematurely at 28 weeks, now 45; DOB unknown, age ~80; Ms Word report attached.',
      'Transferred from Via Christi Hospital; vancomycin via PICC line 2 g daily.',
    ];
    for (const text of clean) expect(kinds(text), text).toEqual([]);
  });

  it('finds harder shapes: no trigger but an event, initials, abbreviations, labels', () => {
    expect(kinds('Anna Nowak was admitted yesterday with ARDS.')).toEqual([['person_name', 'Anna Nowak']]);
    expect(kinds('patiënt mw. J. de Vries-Bakker, geb. 01-02-1950')).toEqual([
      ['person_name', 'J. de Vries-Bakker'],
      ['birth_date', '01-02-1950'],
    ]);
    expect(kinds('pac. Jan Kowalski lat 67')).toEqual([['person_name', 'Jan Kowalski']]);
    expect(kinds('fecha nac. 12-03-1958')).toEqual([['birth_date', '12-03-1958']]);
    expect(kinds('Frau Müller, Hauptstr. 5, 80331 München')).toEqual([
      ['person_name', 'Müller'],
      ['address', 'Hauptstr. 5, 80331 München'],
    ]);
    expect(kinds('NHS No: 943 476 5919')).toEqual([['national_id', '943 476 5919']]);
    expect(kinds('Tel. +31 (0)6 1234 5678')).toEqual([['phone', '+31 (0)6 1234 5678']]);
  });

  it('has known limits (documented, not hidden): a bare date of birth without any cue passes', () => {
    expect(kinds('Our patient (initials A.N.), 12.03.1958, lives in Kraków.')).toEqual([]);
  });

  it('returns offsets that slice the original text', () => {
    const text = 'Sig. Mario Rossi, via Roma 12';
    for (const s of findPatientIdentifiers(text).spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
