/**
 * Hand-written texts in styles the generator does not produce: telegraphic notes, lower-case names,
 * identifiers without labels, clean texts crowded with numbers and titles. Written without running
 * the guard, to keep the generated corpus honest. `[[…]]` marks an identifier.
 */
export interface HandWritten {
  lang: string;
  text: string;
  participants?: { name: string; email?: string; phone?: string }[];
}

export const HAND_WRITTEN_WITH_IDENTIFIERS: HandWritten[] = [
  { lang: 'en', text: 'pt [[John Carver]] 67M, COPD exacerbation, on NIV since Monday' },
  { lang: 'en', text: 'Can we discuss Mr. [[Okonkwo]] (ICU bed 4) tomorrow? CRP 310, lactate 4.1' },
  { lang: 'en', text: 'Case: [[Emily Rhodes]] (DOB [[04/11/1987]]), postpartum cardiomyopathy, EF 25%.' },
  { lang: 'en', text: 'Name: [[Harold Finch]]; MRN: [[00482913]]; referred for ECMO opinion.' },
  { lang: 'fr', text: 'Mme [[DURAND Josiane]], 81 ans, chute à domicile, hématome sous-dural.' },
  { lang: 'fr', text: 'patiente née le [[14/07/1962]], IPP [[1009345621]], pneumopathie à légionelle' },
  { lang: 'fr', text: 'Le patient habite [[8 bis rue des Écoles]], Nancy, et refuse le transfert.' },
  { lang: 'de', text: 'Pat. [[Dieter Kowalczyk]], * [[03.05.1949]], Fall-Nr. [[402918374]]' },
  { lang: 'de', text: 'Frau [[Schulze-Hartmann]] aus der [[Bergstraße 7]] wurde reanimiert.' },
  { lang: 'de', text: 'Bitte Rückruf an die Ehefrau, Tel. [[0221 4789 332]], wegen Therapiezieländerung.' },
  { lang: 'es', text: 'Paciente [[Ramón Vidal Puig]], NHC [[3349812]], neumonía bilateral.' },
  {
    lang: 'es',
    text: 'Sra. [[Montserrat Pujol]], nacida el [[2 de mayo de 1955]], con hemorragia digestiva.',
  },
  { lang: 'es', text: 'Tarjeta: [[X4521876F]]. Fiebre de 39 °C y PCR 210 mg/L.' },
  { lang: 'it', text: 'Sig. [[Antonio Lombardi]], CF [[LMBNTN55A01F205U]], ricoverato per sepsi' },
  { lang: 'it', text: 'la paziente abita in [[Corso Vittorio Emanuele 88]], Palermo' },
  { lang: 'pl', text: 'Pacjent [[Stanisław Mazur]], ur. [[12.09.1951]], PESEL [[51091212344]]' },
  { lang: 'pl', text: 'Proszę o kontakt z synem pacjentki: [[+48 602 113 447]].' },
  { lang: 'nl', text: 'Dhr. [[van der Linden]], geboren [[3 maart 1950]], sepsis e.c.i.' },
  { lang: 'nl', text: 'Patiënte woont [[Prinsengracht 263]], Amsterdam; BSN [[123456782]].' },
  { lang: 'nl', text: 'Familie: [[j.vandam@hotmail.com]]. Kreatinine 250 µmol/L.' },
];

export const HAND_WRITTEN_CLEAN: HandWritten[] = [
  {
    lang: 'en',
    text: 'Dr Thompson asks for an MDT with Prof. Rossi on 14 March 2025 at 15:00 CET about a 58-year-old with HLH; ferritin 24 000 µg/L, triglycerides 4.1 mmol/L.',
    participants: [{ name: 'Sarah Thompson' }, { name: 'Marco Rossi' }],
  },
  {
    lang: 'en',
    text: 'Patient, 72, male, admitted 03/02/2025; born at 32 weeks (history); BP 85/50 mmHg, HR 128, temp 39.4.',
  },
  {
    lang: 'en',
    text: 'Second opinion: Patient Transfer criteria for ECMO centre, P/F 62, Murray score 3.5, PEEP 14, Pplat 31.',
  },
  {
    lang: 'en',
    text: 'Dosing question: vancomycin 1 g q12h, trough 22 mg/L, eGFR 28 ml/min/1.73m²; weight 94 kg.',
  },
  {
    lang: 'fr',
    text: 'RCP demandée par le Pr Moreau et le Dr Dubois : homme de 64 ans, IPP 40 mg, NYHA III, BNP 1250 pg/mL.',
    participants: [{ name: 'Julien Moreau' }, { name: 'Claire Dubois' }],
  },
  {
    lang: 'fr',
    text: 'Hospitalisé du 02/01/2025 au 19/01/2025, plaquettes 45 G/L, INR 2,3, bilirubine 85 µmol/L.',
  },
  {
    lang: 'de',
    text: 'Patientin, 68 Jahre, Z. n. Lungentransplantation 2018, CMV-PCR 12.000 Kopien/ml, Tacrolimus-Spiegel 9,1 ng/ml.',
  },
  {
    lang: 'de',
    text: 'Frau Dr. Becker bittet um Konferenz mit Herrn Prof. Wolf am Dienstag, 18.03.2025, 14 Uhr.',
    participants: [{ name: 'Katrin Becker' }, { name: 'Matthias Wolf' }],
  },
  {
    lang: 'de',
    text: 'Verlegung auf Station 12, Zimmer 4; Leukozyten 23,4/nl, Hb 7,9 g/dl, Laktat 3,2 mmol/l.',
  },
  {
    lang: 'es',
    text: 'Mujer de 45 años, ingreso 12/02/2025, PaO2/FiO2 90, SOFA 11, noradrenalina 0,4 µg/kg/min.',
  },
  {
    lang: 'es',
    text: 'La Dra. Romero y el Dr. Sanz proponen sesión el 20 de marzo de 2025; CD4 45 células/µL, carga viral 250 000 copias/mL.',
    participants: [{ name: 'Lucía Romero' }, { name: 'Javier Sanz' }],
  },
  {
    lang: 'it',
    text: 'Terapia per via orale: prednisone 25 mg, poi via endovenosa; paziente di 77 anni, creatinina 2,8 mg/dL.',
  },
  {
    lang: 'it',
    text: 'La Dott.ssa Ferrari chiede un consulto con il Prof. Romano: IL-6 45 pg/ml, D-dimero 4500 ng/mL, SpO2 88%.',
    participants: [{ name: 'Chiara Ferrari' }, { name: 'Marco Romano' }],
  },
  {
    lang: 'pl',
    text: 'Pani doktor Nowicka prosi o konsylium: pacjent 59 lat, przyjęty 05.03.2025, EF 20%, NT-proBNP 8900 pg/ml.',
    participants: [{ name: 'Magdalena Nowicka' }],
  },
  { lang: 'pl', text: 'Kobieta 34 lata, 28. tydzień ciąży, płytki 65 tys./µl, ALT 450 U/l, LDH 900 U/l.' },
  {
    lang: 'nl',
    text: 'Man van 61 jaar, opname 07-02-2025, Hb 5,1 mmol/L, trombocyten 38 x10^9/L, CRP 280 mg/L.',
  },
  {
    lang: 'nl',
    text: 'Mevrouw dr. Hendriks vraagt een MDO aan met dhr. Dekker, dinsdag 11 maart om 16.00 uur.',
    participants: [{ name: 'Eva Hendriks' }, { name: 'Pieter Dekker' }],
  },
  {
    lang: 'en',
    text: 'Meeting ID will follow; join from room 2.14. HbA1c 9.8%, ketones 5.2 mmol/L, pH 7.08, bicarbonate 9.',
  },
  {
    lang: 'fr',
    text: 'Patiente de 29 ans, G2P1, 31 SA, TA 165/105 mmHg, protéinurie 3,2 g/24 h, ASAT 210 UI/L.',
  },
  {
    lang: 'de',
    text: 'Seit 2019 bekannte Sarkoidose, Stadium II; DLCO 45 %, FVC 2,1 l (58 %), 6-Minuten-Gehtest 310 m.',
  },
];
