/**
 * Per-language material for the corpus: clinical sentences (full of ages, admission dates, doses and
 * lab values, as real requests are), request framing, and the ways people write each identifier.
 * `{X}` placeholders in identifier templates mark the span that is the identifier.
 */
import {
  belgianNumber,
  birthDate,
  bsn,
  codiceFiscale,
  digits,
  dni,
  int,
  nhsNumber,
  nie,
  nir,
  pesel,
  pick,
  type Rng,
} from './identifiers.js';

export type Kind =
  | 'person_name'
  | 'birth_date'
  | 'address'
  | 'national_id'
  | 'record_number'
  | 'phone'
  | 'email';

export interface Lang {
  code: string;
  /** Clinicians taking part: passed to the guard as participants; their names appear in the text. */
  clinicians: { name: string; email: string; phone: string }[];
  openers: ((c: string) => string)[];
  clinical: ((rng: Rng) => string)[];
  closers: ((c: string) => string)[];
  /** Each returns a sentence with exactly one `{…}` around the identifier. */
  identifiers: Record<Kind, ((rng: Rng) => string)[]>;
}

const n = (rng: Rng, a: number, b: number, dec = 0) => (a + rng() * (b - a)).toFixed(dec);
const adm = (rng: Rng) =>
  `${String(int(rng, 1, 28)).padStart(2, '0')}/${String(int(rng, 1, 12)).padStart(2, '0')}/2025`;
const admDot = (rng: Rng) =>
  `${String(int(rng, 1, 28)).padStart(2, '0')}.${String(int(rng, 1, 12)).padStart(2, '0')}.2025`;

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const FR_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const DE_MONTHS = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
const ES_MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];
const IT_MONTHS = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
];
const PL_MONTHS = [
  'stycznia',
  'lutego',
  'marca',
  'kwietnia',
  'maja',
  'czerwca',
  'lipca',
  'sierpnia',
  'września',
  'października',
  'listopada',
  'grudnia',
];
const NL_MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

const name = (given: readonly string[], family: readonly string[]) => (rng: Rng) =>
  `${pick(rng, given)} ${pick(rng, family)}`;

// ---------------------------------------------------------------- English
const enGiven = [
  'Margaret',
  'Oliver',
  'Harriet',
  'Callum',
  'Siobhan',
  'Declan',
  'Eleanor',
  'Rhys',
  'Imogen',
  'Graham',
];
const enFamily = [
  'Whitfield',
  'Okafor',
  'Brennan',
  'Hargreaves',
  'McAllister',
  'Pemberton',
  'Ashworth',
  'Doyle',
  'Fairbanks',
  'Lowry',
];
const enName = name(enGiven, enFamily);

export const EN: Lang = {
  code: 'en',
  clinicians: [
    { name: 'Sarah Thompson', email: 's.thompson@nhs-trust.example', phone: '+44 20 7946 0101' },
    { name: 'Rajesh Patel', email: 'r.patel@kings.example', phone: '+44 20 7946 0202' },
  ],
  openers: [
    (c) => `Dear helpdesk, Dr ${c} would like a case conference next week.`,
    (c) => `Hello, could you set up a Webex with ${c} and the ERN cardiology group?`,
    (c) => `Request from ${c}: second opinion needed, ideally Tuesday or Wednesday afternoon.`,
  ],
  clinical: [
    (r) =>
      `${int(r, 35, 88)}-year-old man admitted on ${adm(r)} with refractory hypoxaemia, P/F ratio ${int(r, 60, 120)} on FiO2 ${int(r, 60, 100)}%.`,
    (r) =>
      `CRP ${int(r, 40, 350)} mg/L, procalcitonin ${n(r, 0.5, 20, 1)} ng/ml, lactate ${n(r, 1, 8, 1)} mmol/L.`,
    (r) =>
      `She is ${int(r, 20, 90)} years old, on tacrolimus with a trough of ${n(r, 4, 14, 1)} ng/ml since the transplant in ${int(r, 2005, 2023)}.`,
    (r) =>
      `SpO2 ${int(r, 80, 94)}% on 15 L, IL-6 ${int(r, 20, 900)} pg/ml, ferritin ${int(r, 500, 9000)} µg/l.`,
    (r) => `CT on ${adm(r)} shows bilateral ground-glass opacities; echo LVEF ${int(r, 20, 60)}%.`,
    (r) =>
      `Treated with meropenem 2 g q8h and hydrocortisone 50 mg q6h; creatinine ${int(r, 80, 400)} µmol/L.`,
    (r) =>
      `History of COPD GOLD ${int(r, 2, 4)}, type 2 diabetes (HbA1c ${n(r, 6, 11, 1)}%), BMI ${int(r, 19, 42)}.`,
    (r) => `Platelets ${int(r, 20, 450)} x10^9/L, INR ${n(r, 1, 4, 1)}, fibrinogen ${n(r, 0.8, 6, 1)} g/L.`,
    () => `Question for the panel: is VV-ECMO still reasonable after 9 days of ventilation?`,
    (r) =>
      `The patient, ${int(r, 18, 90)}, was transferred from a regional hospital on day ${int(r, 2, 14)}.`,
  ],
  closers: [
    (c) => `Thanks, ${c}`,
    () => 'Slides will be shared during the call.',
    () => 'Please send the invitation to all participants.',
  ],
  identifiers: {
    person_name: [
      (r) => `The patient {${enName(r)}} has been in ICU since ${adm(r)}.`,
      (r) => `Mrs {${pick(r, enFamily)}} deteriorated overnight.`,
      (r) => `Mr {${enName(r)}} is asking for a second opinion himself.`,
      (r) => `{${enName(r)}}, ${int(r, 30, 85)} years, is the case we want to discuss.`,
    ],
    birth_date: [
      (r) => `Born {${birthDate(r, EN_MONTHS)}}, previously fit.`,
      (r) => `DOB: {${birthDate(r, EN_MONTHS)}}.`,
      (r) => `Date of birth {${birthDate(r, EN_MONTHS)}}, retired teacher.`,
    ],
    address: [
      (r) =>
        `He lives at {${int(r, 1, 200)} ${pick(r, ['Elm', 'Station', 'Mill', 'Church', 'Victoria'])} Road}, alone.`,
      (r) =>
        `Home address {${int(r, 1, 99)} ${pick(r, ['Kingsley', 'Oakwood', 'Baker'])} Street, ${pick(r, ['SW1A 2AA', 'M14 5RB', 'LS6 3HN'])}}.`,
    ],
    national_id: [
      (r) => `NHS number {${nhsNumber(r)}}.`,
      (r) => `She is Belgian, national number {${belgianNumber(r, true)}}.`,
    ],
    record_number: [
      (r) => `MRN {${digits(r, 7)}}.`,
      (r) => `Hospital number {H${digits(r, 6)}} at St Thomas'.`,
    ],
    phone: [
      (r) => `Her son can be reached on {07700 900${digits(r, 3)}}.`,
      (r) => `Family contact: {+44 7700 900${digits(r, 3)}}.`,
    ],
    email: [(r) => `The family wrote from {${pick(r, enFamily).toLowerCase()}.family@gmail.com}.`],
  },
};

// ---------------------------------------------------------------- French
const frGiven = [
  'Jeanne',
  'Lucien',
  'Odile',
  'Thibault',
  'Solange',
  'Gérard',
  'Mireille',
  'Yannick',
  'Brigitte',
  'Hervé',
];
const frFamily = [
  'Lemaire',
  'Fontaine',
  'Chevallier',
  'Garnier',
  'Rousseau',
  'Marchand',
  'Perrin',
  'Lacroix',
  'Faure',
  'Gauthier',
];
const frName = name(frGiven, frFamily);

export const FR: Lang = {
  code: 'fr',
  clinicians: [
    { name: 'Claire Dubois', email: 'claire.dubois@aphp.example', phone: '+33 1 42 34 56 78' },
    { name: 'Julien Moreau', email: 'j.moreau@chu-lyon.example', phone: '+33 4 72 11 22 33' },
  ],
  openers: [
    (c) => `Bonjour, le Dr ${c} souhaite organiser une RCP la semaine prochaine.`,
    (c) => `Demande de ${c} : avis d'expert sur un cas complexe, mardi ou jeudi après-midi.`,
    () => 'Madame, Monsieur, pourriez-vous organiser une visioconférence avec le réseau ?',
  ],
  clinical: [
    (r) =>
      `Patient de ${int(r, 30, 90)} ans, hospitalisé le ${adm(r)} pour SDRA sévère, P/F ${int(r, 60, 130)}.`,
    (r) => `CRP ${int(r, 40, 350)} mg/L, PCT ${n(r, 0.5, 20, 1)} ng/mL, lactates ${n(r, 1, 8, 1)} mmol/L.`,
    (r) => `ATCD : HTA, DT2 (HbA1c ${n(r, 6, 11, 1)} %), cardiopathie ischémique (FEVG ${int(r, 20, 55)} %).`,
    (_r) => `Traitement : IPP 40 mg/j, amoxicilline 1 g x 3/j, enoxaparine 4000 UI/j.`,
    (r) => `Scanner du ${adm(r)} : condensation lobaire inférieure droite, épanchement pleural.`,
    (r) =>
      `Patiente de ${int(r, 20, 85)} ans, greffée rénale en ${int(r, 2000, 2022)}, créatinine ${int(r, 90, 350)} µmol/L.`,
    (r) => `Plaquettes ${int(r, 20, 400)} G/L, TP ${int(r, 30, 100)} %, fibrinogène ${n(r, 1, 6, 1)} g/L.`,
    (r) => `SpO2 ${int(r, 82, 95)} % sous 6 L/min, FR ${int(r, 20, 40)}/min, T ${n(r, 37.5, 40, 1)} °C.`,
    () => 'Question : faut-il discuter une ECMO veino-veineuse ?',
    (r) => `Le patient, ${int(r, 18, 90)} ans, a été transféré de réanimation à J${int(r, 2, 12)}.`,
  ],
  closers: [
    (c) => `Bien cordialement, ${c}`,
    () => 'Merci de transmettre l’invitation aux participants.',
    () => 'Les images seront partagées en séance.',
  ],
  identifiers: {
    person_name: [
      (r) => `Il s'agit de M. {${pick(r, frFamily)}}, suivi depuis ${int(r, 2010, 2024)}.`,
      (r) => `Mme {${frName(r)}} a présenté une aggravation brutale.`,
      (r) => `La patiente {${frName(r)}} est intubée depuis J3.`,
      (r) => `Madame {${pick(r, frFamily)}} refuse la trachéotomie.`,
    ],
    birth_date: [
      (r) => `Née le {${birthDate(r, FR_MONTHS)}}.`,
      (r) => `Date de naissance : {${birthDate(r, FR_MONTHS)}}.`,
      (r) => `Patient né le {${birthDate(r, FR_MONTHS)}} à Lille.`,
    ],
    address: [
      (r) =>
        `Domicilié {${int(r, 1, 120)} rue ${pick(r, ['Victor Hugo', 'des Lilas', 'de la République', 'Pasteur'])}}, ${pick(r, ['Lyon', 'Nantes'])}.`,
      (r) =>
        `Adresse : {${int(r, 1, 80)}, avenue ${pick(r, ['Jean Jaurès', 'Foch', 'de Verdun'])}, ${pick(r, ['75011 Paris', '69003 Lyon', '13005 Marseille'])}}.`,
    ],
    national_id: [
      (r) => `NIR : {${nir(r, true)}}.`,
      (r) => `N° de sécurité sociale {${nir(r, false)}}.`,
      (r) => `Patiente belge, registre national {${belgianNumber(r, false)}}.`,
    ],
    record_number: [
      (r) => `IPP {${digits(r, 8)}}.`,
      (r) => `N° dossier {${int(r, 2019, 2025)}-${digits(r, 5)}}.`,
    ],
    phone: [
      (r) => `Joignable au {06 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}} (fille).`,
      (r) => `Contact famille : {+33 6 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}}.`,
    ],
    email: [
      (r) =>
        `La famille écrit depuis {${pick(r, frFamily).toLowerCase()}.${pick(r, frGiven).toLowerCase()}@orange.fr}.`,
    ],
  },
};

// ---------------------------------------------------------------- German
const deGiven = [
  'Gertrud',
  'Reinhard',
  'Hildegard',
  'Volker',
  'Annegret',
  'Lothar',
  'Waltraud',
  'Detlef',
  'Elke',
  'Rüdiger',
];
const deFamily = [
  'Schäfer',
  'Hoffmann',
  'Zimmermann',
  'Krüger',
  'Brandt',
  'Vogel',
  'Lehmann',
  'Kühn',
  'Seidel',
  'Böhm',
];
const deName = name(deGiven, deFamily);

export const DE: Lang = {
  code: 'de',
  clinicians: [
    { name: 'Katrin Becker', email: 'katrin.becker@charite.example', phone: '+49 30 450 123456' },
    { name: 'Matthias Wolf', email: 'm.wolf@uk-hd.example', phone: '+49 6221 56 7890' },
  ],
  openers: [
    (c) => `Sehr geehrte Damen und Herren, Frau Dr. ${c} bittet um eine Fallkonferenz.`,
    (c) => `Hallo, bitte eine Webex-Konferenz mit ${c} und dem Zentrum in Wien einrichten.`,
    (c) => `Anfrage von ${c}: Zweitmeinung gewünscht, Dienstag oder Mittwoch nachmittags.`,
  ],
  clinical: [
    (r) => `Patient, ${int(r, 30, 90)} Jahre, Aufnahme am ${admDot(r)} mit septischem Schock.`,
    (r) => `CRP ${int(r, 40, 350)} mg/l, PCT ${n(r, 0.5, 20, 1)} ng/ml, Laktat ${n(r, 1, 8, 1)} mmol/l.`,
    (r) => `Patientin Z. n. Nierentransplantation ${int(r, 2000, 2022)}, Kreatinin ${n(r, 1, 5, 1)} mg/dl.`,
    (r) => `Therapie: Meropenem 1 g 3x tgl., Noradrenalin 0,${int(r, 1, 4)} µg/kg/min.`,
    (r) => `CT Thorax vom ${admDot(r)}: bilaterale Infiltrate; TTE mit LVEF ${int(r, 20, 60)} %.`,
    (r) =>
      `Leukozyten ${int(r, 2, 30)}.${digits(r, 3)}/µl, Thrombozyten ${int(r, 20, 400)}/nl, INR ${n(r, 1, 4, 1)}.`,
    (r) =>
      `SpO2 ${int(r, 82, 95)} % unter ${int(r, 2, 15)} l O2, AF ${int(r, 20, 40)}/min, Temperatur ${n(r, 37.5, 40, 1)} °C.`,
    (r) => `Vorerkrankungen: COPD GOLD ${int(r, 2, 4)}, Diabetes mellitus Typ 2, arterielle Hypertonie.`,
    () => 'Frage an das Board: ist eine ECMO-Therapie noch indiziert?',
    (r) =>
      `Die Patientin (${int(r, 18, 90)} J.) wurde am Tag ${int(r, 2, 14)} aus einem Kreiskrankenhaus übernommen.`,
  ],
  closers: [
    (c) => `Mit freundlichen Grüßen, ${c}`,
    () => 'Bitte Einladung an alle Teilnehmenden senden.',
    () => 'Befunde werden in der Konferenz gezeigt.',
  ],
  identifiers: {
    person_name: [
      (r) =>
        `Es geht um Herrn {${pick(r, deFamily)}}, der seit ${int(r, 2015, 2024)} bei uns behandelt wird.`,
      (r) => `Frau {${deName(r)}} hat sich deutlich verschlechtert.`,
      (r) => `Die Patientin {${deName(r)}} ist seit Tag 3 intubiert.`,
      (r) => `{${deName(r)}}, ${int(r, 30, 85)} Jahre, ist der Fall für die Konferenz.`,
    ],
    birth_date: [
      (r) => `Geb. am {${birthDate(r, DE_MONTHS)}}.`,
      (r) => `Geburtsdatum: {${birthDate(r, DE_MONTHS)}}.`,
      (r) => `Der Patient (geboren am {${birthDate(r, DE_MONTHS)}}) ist Landwirt.`,
    ],
    address: [
      (r) =>
        `Wohnhaft {${pick(r, ['Linden', 'Garten', 'Bahnhof', 'Schiller', 'Goethe'])}straße ${int(r, 1, 120)}, ${pick(r, ['10115 Berlin', '80331 München', '50667 Köln'])}}.`,
      (r) => `Adresse: {${pick(r, ['Am Rosen', 'Birken', 'Kirch'])}weg ${int(r, 1, 60)}}.`,
    ],
    national_id: [
      (r) => `Versichertennummer {${pick(r, ['A', 'K', 'M'])}${digits(r, 9)}}.`,
      (r) =>
        `Sozialversicherungsnummer {${digits(r, 2)} ${digits(r, 6)} ${pick(r, ['M', 'S', 'B'])} ${digits(r, 3)}}.`,
    ],
    record_number: [(r) => `Fallnummer {${digits(r, 8)}}.`, (r) => `Pat.-Nr. {${digits(r, 7)}}.`],
    phone: [
      (r) => `Tochter erreichbar unter {0171 ${digits(r, 7)}}.`,
      (r) => `Angehörige: {+49 30 ${digits(r, 7)}}.`,
    ],
    email: [
      (r) => `Die Familie schreibt von {${pick(r, deFamily).toLowerCase().replace(/[äöü]/g, 'e')}@web.de}.`,
    ],
  },
};

// ---------------------------------------------------------------- Spanish
const esGiven = [
  'Encarnación',
  'Rogelio',
  'Amparo',
  'Teodoro',
  'Remedios',
  'Eusebio',
  'Inmaculada',
  'Gonzalo',
  'Consuelo',
  'Bartolomé',
];
const esFamily = [
  'Fernández',
  'Gutiérrez',
  'Navarro',
  'Iglesias',
  'Castillo',
  'Ortega',
  'Rubio',
  'Molina',
  'Serrano',
  'Delgado',
];
const esName = (r: Rng) => `${pick(r, esGiven)} ${pick(r, esFamily)} ${pick(r, esFamily)}`;

export const ES: Lang = {
  code: 'es',
  clinicians: [
    { name: 'Lucía Romero', email: 'lucia.romero@hospitalclinic.example', phone: '+34 93 227 54 00' },
    { name: 'Javier Sanz', email: 'jsanz@lapaz.example', phone: '+34 91 727 70 00' },
  ],
  openers: [
    (c) => `Buenos días, la Dra. ${c} solicita una sesión clínica la próxima semana.`,
    (c) => `Hola, ¿podéis organizar un Webex con ${c} y el centro de referencia?`,
    (c) => `Solicitud de ${c}: segunda opinión, martes o jueves por la tarde.`,
  ],
  clinical: [
    (r) =>
      `Varón de ${int(r, 30, 90)} años, ingresa el ${adm(r)} por SDRA grave, PaO2/FiO2 ${int(r, 60, 130)}.`,
    (r) =>
      `PCR ${int(r, 40, 350)} mg/L, procalcitonina ${n(r, 0.5, 20, 1)} ng/mL, lactato ${n(r, 1, 8, 1)} mmol/L.`,
    (r) => `Antecedentes: HTA, DM2 (HbA1c ${n(r, 6, 11, 1)} %), EPOC GOLD ${int(r, 2, 4)}.`,
    (_r) => `Tratamiento: meropenem 1 g/8 h, dexametasona 6 mg/día, enoxaparina 40 mg/24 h.`,
    (r) => `TC torácico del ${adm(r)}: infiltrados bilaterales; FEVI ${int(r, 20, 60)} %.`,
    (r) =>
      `Mujer de ${int(r, 20, 85)} años, trasplante hepático en ${int(r, 2000, 2022)}, tacrolimus ${n(r, 4, 14, 1)} ng/mL.`,
    (r) =>
      `Plaquetas ${int(r, 20, 400)}.000/µL, INR ${n(r, 1, 4, 1)}, fibrinógeno ${int(r, 100, 600)} mg/dL.`,
    (r) => `SatO2 ${int(r, 82, 95)} % con gafas nasales a ${int(r, 2, 6)} L, FR ${int(r, 20, 40)} rpm.`,
    () => '¿Está indicada la ECMO veno-venosa en este momento?',
    (r) => `La paciente, de ${int(r, 18, 90)} años, fue trasladada desde un hospital comarcal.`,
  ],
  closers: [
    (c) => `Un saludo, ${c}`,
    () => 'Gracias por enviar la convocatoria a todos.',
    () => 'Compartiremos las imágenes en la sesión.',
  ],
  identifiers: {
    person_name: [
      (r) => `La paciente {${esName(r)}} presenta empeoramiento respiratorio.`,
      (r) => `El paciente {${pick(r, esGiven)} ${pick(r, esFamily)}} está intubado desde el día 3.`,
      (r) => `La Sra. {${pick(r, esFamily)}} rechaza la traqueostomía.`,
      (r) => `{${pick(r, esGiven)} ${pick(r, esFamily)}}, ${int(r, 30, 85)} años, es el caso a comentar.`,
    ],
    birth_date: [
      (r) => `Fecha de nacimiento: {${birthDate(r, ES_MONTHS)}}.`,
      (r) => `Nacida el {${birthDate(r, ES_MONTHS)}} en Sevilla.`,
      (r) => `F. nac. {${birthDate(r, ES_MONTHS)}}.`,
    ],
    address: [
      (r) =>
        `Domicilio: {C/ ${pick(r, ['Alcalá', 'Mayor', 'Serrano', 'Toledo'])} ${int(r, 1, 200)}}, Madrid.`,
      (r) =>
        `Vive en {calle ${pick(r, ['Real', 'Ancha', 'Nueva'])} ${int(r, 1, 90)}, ${pick(r, ['28013', '41004', '46002'])} ${pick(r, ['Madrid', 'Sevilla', 'Valencia'])}}.`,
    ],
    national_id: [
      (r) => `DNI {${dni(r)}}.`,
      (r) => `Paciente extranjera, NIE {${nie(r)}}.`,
      (r) => `Documento {${dni(r)}} en la tarjeta del paciente.`,
    ],
    record_number: [(r) => `NHC {${digits(r, 7)}}.`, (r) => `Historia clínica {${digits(r, 6)}}.`],
    phone: [
      (r) => `Teléfono de la hija: {6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}}.`,
      (r) =>
        `Familia localizable en el {+34 6${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}}.`,
    ],
    email: [
      (r) =>
        `Correo de la familia: {${pick(r, ['mgarcia', 'rortega', 'lmolina'])}${int(r, 50, 99)}@hotmail.es}.`,
    ],
  },
};

// ---------------------------------------------------------------- Italian
const itGiven = [
  'Giuseppina',
  'Carmine',
  'Assunta',
  'Gennaro',
  'Raffaella',
  'Salvatore',
  'Concetta',
  'Vincenzo',
  'Ornella',
  'Ettore',
];
const itFamily = [
  'Esposito',
  'Russo',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  'Gallo',
  'Conti',
  'Mancini',
];
const itName = name(itGiven, itFamily);

export const IT: Lang = {
  code: 'it',
  clinicians: [
    { name: 'Chiara Ferrari', email: 'chiara.ferrari@policlinico.example', phone: '+39 02 5503 1234' },
    { name: 'Marco Romano', email: 'm.romano@gemelli.example', phone: '+39 06 3015 5678' },
  ],
  openers: [
    (c) => `Buongiorno, la Dott.ssa ${c} chiede un consulto multidisciplinare.`,
    (c) => `Salve, potete organizzare un Webex con ${c} e il centro di riferimento?`,
    (c) => `Richiesta di ${c}: secondo parere, martedì o giovedì pomeriggio.`,
  ],
  clinical: [
    (r) => `Uomo di ${int(r, 30, 90)} anni, ricoverato il ${adm(r)} per ARDS grave, P/F ${int(r, 60, 130)}.`,
    (r) =>
      `PCR ${int(r, 4, 35)} mg/dL, procalcitonina ${n(r, 0.5, 20, 1)} ng/mL, lattati ${n(r, 1, 8, 1)} mmol/L.`,
    (r) => `Anamnesi: ipertensione, diabete tipo 2 (HbA1c ${n(r, 6, 11, 1)} %), BPCO.`,
    (_r) => `Terapia: piperacillina/tazobactam 4,5 g ogni 6 ore per via endovenosa, metilprednisolone 40 mg.`,
    (r) => `TC torace del ${adm(r)}: consolidazioni bilaterali; FE ${int(r, 20, 60)} %.`,
    (r) =>
      `Donna di ${int(r, 20, 85)} anni, trapianto di rene nel ${int(r, 2000, 2022)}, creatinina ${n(r, 1, 5, 1)} mg/dL.`,
    (r) => `Piastrine ${int(r, 20, 400)}.000/mmc, INR ${n(r, 1, 4, 1)}, IL-6 ${int(r, 20, 900)} pg/ml.`,
    (r) => `SpO2 ${int(r, 82, 95)} % in Venturi ${int(r, 28, 60)} %, FR ${int(r, 20, 40)} atti/min.`,
    () => 'Quesito: è indicata una ECMO veno-venosa?',
    (r) => `Il paziente, ${int(r, 18, 90)} anni, è stato trasferito da un ospedale periferico.`,
  ],
  closers: [
    (c) => `Cordiali saluti, ${c}`,
    () => "Grazie per inviare l'invito a tutti i partecipanti.",
    () => 'Le immagini saranno condivise durante la riunione.',
  ],
  identifiers: {
    person_name: [
      (r) => `Il paziente {${itName(r)}} è intubato dalla giornata 3.`,
      (r) => `La Sig.ra {${pick(r, itFamily)}} ha avuto un peggioramento improvviso.`,
      (r) => `La signora {${itName(r)}} rifiuta la tracheostomia.`,
      (r) => `{${itName(r)}}, ${int(r, 30, 85)} anni, è il caso da discutere.`,
    ],
    birth_date: [
      (r) => `Nato il {${birthDate(r, IT_MONTHS)}} a Napoli.`,
      (r) => `Data di nascita: {${birthDate(r, IT_MONTHS)}}.`,
      (r) => `Nata il {${birthDate(r, IT_MONTHS)}}.`,
    ],
    address: [
      (r) =>
        `Residente in {via ${pick(r, ['Roma', 'Garibaldi', 'Mazzini', 'Verdi'])} ${int(r, 1, 150)}}, Torino.`,
      (r) => `Indirizzo: {Piazza ${pick(r, ['Dante', 'Cavour', 'Municipio'])}, ${int(r, 1, 40)}}.`,
    ],
    national_id: [
      (r) => `Codice fiscale {${codiceFiscale(r)}}.`,
      (r) => `CF: {${codiceFiscale(r)}}.`,
      (r) => `Tessera {${codiceFiscale(r)}} allegata alla richiesta.`,
    ],
    record_number: [
      (r) => `Cartella clinica {${int(r, 2019, 2025)}/${digits(r, 6)}}.`,
      (r) => `Nosologico {${int(r, 2019, 2025)}${digits(r, 6)}}.`,
    ],
    phone: [
      (r) => `Il figlio è raggiungibile al {333 ${digits(r, 3)} ${digits(r, 4)}}.`,
      (r) => `Recapito familiare: {+39 06 ${digits(r, 4)} ${digits(r, 4)}}.`,
    ],
    email: [(r) => `La famiglia scrive da {${pick(r, itFamily).toLowerCase()}${int(r, 60, 99)}@libero.it}.`],
  },
};

// ---------------------------------------------------------------- Polish
const plGiven = [
  'Halina',
  'Zbigniew',
  'Danuta',
  'Wiesław',
  'Grażyna',
  'Tadeusz',
  'Bożena',
  'Ryszard',
  'Jadwiga',
  'Henryk',
];
const plFamily = [
  'Wiśniewski',
  'Wójcik',
  'Kamińska',
  'Lewandowski',
  'Zielińska',
  'Szymański',
  'Woźniak',
  'Dąbrowski',
  'Kozłowska',
  'Jankowski',
];
const plName = name(plGiven, plFamily);

export const PL: Lang = {
  code: 'pl',
  clinicians: [
    { name: 'Magdalena Nowicka', email: 'm.nowicka@szpital.example', phone: '+48 22 599 10 00' },
    { name: 'Tomasz Krawczyk', email: 't.krawczyk@uck.example', phone: '+48 58 727 05 05' },
  ],
  openers: [
    (c) => `Dzień dobry, dr ${c} prosi o zorganizowanie konsylium.`,
    (c) => `Proszę o spotkanie Webex z ${c} i ośrodkiem referencyjnym.`,
    (c) => `Prośba od ${c}: druga opinia, wtorek lub czwartek po południu.`,
  ],
  clinical: [
    (r) =>
      `Mężczyzna, ${int(r, 30, 90)} lat, przyjęty ${adm(r)} z powodu ciężkiego ARDS, P/F ${int(r, 60, 130)}.`,
    (r) =>
      `CRP ${int(r, 40, 350)} mg/l, prokalcytonina ${n(r, 0.5, 20, 1)} ng/ml, mleczany ${n(r, 1, 8, 1)} mmol/l.`,
    (r) => `W wywiadzie: nadciśnienie, cukrzyca typu 2 (HbA1c ${n(r, 6, 11, 1)}%), POChP.`,
    (_r) => `Leczenie: meropenem 1 g co 8 h, deksametazon 6 mg/d, enoksaparyna 40 mg s.c.`,
    (r) => `TK klatki piersiowej z dnia ${adm(r)}: obustronne zagęszczenia; EF ${int(r, 20, 60)}%.`,
    (r) =>
      `Kobieta, ${int(r, 20, 85)} lat, po przeszczepie nerki w ${int(r, 2000, 2022)} r., kreatynina ${n(r, 1, 5, 1)} mg/dl.`,
    (r) => `PLT ${int(r, 20, 400)} tys./µl, INR ${n(r, 1, 4, 1)}, IL-6 ${int(r, 20, 900)} pg/ml.`,
    (r) => `SpO2 ${int(r, 82, 95)}% przy tlenoterapii ${int(r, 2, 15)} l/min.`,
    () => 'Pytanie: czy kwalifikować do ECMO żylno-żylnego?',
    (r) => `Pacjent, ${int(r, 18, 90)} lat, przeniesiony ze szpitala powiatowego w ${int(r, 2, 14)}. dobie.`,
  ],
  closers: [
    (c) => `Z poważaniem, ${c}`,
    () => 'Proszę o wysłanie zaproszenia wszystkim uczestnikom.',
    () => 'Obrazy pokażemy w trakcie spotkania.',
  ],
  identifiers: {
    person_name: [
      (r) => `Chodzi o pacjentkę {${plName(r)}}, hospitalizowaną od ${adm(r)}.`,
      (r) => `Pani {${plName(r)}} zgłosiła się ponownie.`,
      (r) => `Pan {${pick(r, plFamily)}} nie wyraża zgody na tracheotomię.`,
      (r) => `{${plName(r)}}, ${int(r, 30, 85)} lat, to przypadek do omówienia.`,
    ],
    birth_date: [
      (r) => `Ur. {${birthDate(r, PL_MONTHS)}}.`,
      (r) => `Data urodzenia: {${birthDate(r, PL_MONTHS)}}.`,
      (r) => `Pacjentka urodzona {${birthDate(r, PL_MONTHS)}} w Krakowie.`,
    ],
    address: [
      (r) =>
        `Adres: {ul. ${pick(r, ['Długa', 'Kwiatowa', 'Lipowa', 'Polna'])} ${int(r, 1, 80)}/${int(r, 1, 40)}, ${pick(r, ['00-950 Warszawa', '31-042 Kraków', '80-001 Gdańsk'])}}.`,
      (r) =>
        `Mieszka przy {al. ${pick(r, ['Jerozolimskie', 'Niepodległości', 'Solidarności'])} ${int(r, 1, 200)}}.`,
    ],
    national_id: [
      (r) => `PESEL {${pesel(r)}}.`,
      (r) => `Nr PESEL: {${pesel(r)}}.`,
      (r) => `Identyfikator {${pesel(r)}} w skierowaniu.`,
    ],
    record_number: [
      (r) => `Nr historii choroby {${digits(r, 5)}/${int(r, 2019, 2025)}}.`,
      (r) => `Numer pacjenta {${digits(r, 7)}}.`,
    ],
    phone: [
      (r) => `Kontakt do córki: {${pick(r, ['601', '502', '798'])} ${digits(r, 3)} ${digits(r, 3)}}.`,
      (r) => `Rodzina: tel. {+48 ${pick(r, ['601', '512', '694'])} ${digits(r, 3)} ${digits(r, 3)}}.`,
    ],
    email: [
      (r) => `Rodzina pisze z adresu {${pick(r, ['jkowal', 'anowak', 'zwisnia'])}${int(r, 50, 99)}@wp.pl}.`,
    ],
  },
};

// ---------------------------------------------------------------- Dutch
const nlGiven = [
  'Hendrika',
  'Gerrit',
  'Wilhelmina',
  'Cornelis',
  'Geertruida',
  'Teunis',
  'Aaltje',
  'Jacobus',
  'Berendina',
  'Klaas',
];
const nlFamily = [
  'de Jong',
  'Jansen',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'van Dijk',
];
const nlName = name(nlGiven, nlFamily);

export const NL: Lang = {
  code: 'nl',
  clinicians: [
    { name: 'Eva Hendriks', email: 'e.hendriks@umcutrecht.example', phone: '+31 88 755 5555' },
    { name: 'Pieter Dekker', email: 'p.dekker@amsterdamumc.example', phone: '+31 20 444 4444' },
  ],
  openers: [
    (c) => `Goedemorgen, dr. ${c} wil graag een MDO plannen.`,
    (c) => `Kunnen jullie een Webex opzetten met ${c} en het expertisecentrum?`,
    (c) => `Verzoek van ${c}: second opinion, dinsdag of donderdag middag.`,
  ],
  clinical: [
    (r) =>
      `Man van ${int(r, 30, 90)} jaar, opgenomen op ${adm(r)} met ernstige ARDS, P/F ${int(r, 60, 130)}.`,
    (r) =>
      `CRP ${int(r, 40, 350)} mg/L, procalcitonine ${n(r, 0.5, 20, 1)} ng/mL, lactaat ${n(r, 1, 8, 1)} mmol/L.`,
    (r) =>
      `Voorgeschiedenis: hypertensie, DM type 2 (HbA1c ${int(r, 45, 95)} mmol/mol), COPD GOLD ${int(r, 2, 4)}.`,
    (_r) => `Behandeling: meropenem 1 g 3dd, dexamethason 6 mg 1dd, nadroparine 5700 IE.`,
    (r) => `CT-thorax van ${adm(r)}: bilaterale consolidaties; LVEF ${int(r, 20, 60)}%.`,
    (r) =>
      `Vrouw van ${int(r, 20, 85)} jaar, niertransplantatie in ${int(r, 2000, 2022)}, kreatinine ${int(r, 90, 400)} µmol/L.`,
    (r) => `Trombocyten ${int(r, 20, 400)} x10^9/L, INR ${n(r, 1, 4, 1)}, IL-6 ${int(r, 20, 900)} pg/ml.`,
    (r) => `Saturatie ${int(r, 82, 95)}% met ${int(r, 2, 15)} L O2 via non-rebreathing masker.`,
    () => 'Vraag: is VV-ECMO nog zinvol na 9 dagen beademing?',
    (r) =>
      `De patiënt, ${int(r, 18, 90)} jaar, werd op dag ${int(r, 2, 14)} overgeplaatst uit een perifeer ziekenhuis.`,
  ],
  closers: [
    (c) => `Met vriendelijke groet, ${c}`,
    () => 'Graag de uitnodiging naar alle deelnemers sturen.',
    () => 'Beelden worden tijdens het overleg gedeeld.',
  ],
  identifiers: {
    person_name: [
      (r) => `Het gaat om mevrouw {${pick(r, nlFamily)}}, opgenomen sinds ${adm(r)}.`,
      (r) => `De heer {${pick(r, nlFamily)}} weigert een tracheostomie.`,
      (r) => `Patiënt {${nlName(r)}} is sinds dag 3 geïntubeerd.`,
      (r) =>
        `{${pick(r, nlGiven)} ${pick(r, ['Jansen', 'Bakker', 'Visser', 'Smit', 'Mulder'])}}, ${int(r, 30, 85)} jaar, is de casus.`,
    ],
    birth_date: [
      (r) => `Geboren op {${birthDate(r, NL_MONTHS)}}.`,
      (r) => `Geboortedatum: {${birthDate(r, NL_MONTHS)}}.`,
      (r) => `Geb. {${birthDate(r, NL_MONTHS)}}, gepensioneerd.`,
    ],
    address: [
      (r) =>
        `Woont op {${pick(r, ['Kerk', 'Molen', 'Dorps', 'Wilhelmina'])}straat ${int(r, 1, 150)}, ${pick(r, ['1012 AB Amsterdam', '3511 LX Utrecht', '9712 CP Groningen'])}}.`,
      (r) => `Adres: {${pick(r, ['Beuken', 'Eiken', 'Linden'])}laan ${int(r, 1, 90)}}.`,
    ],
    national_id: [
      (r) => `BSN {${bsn(r)}}.`,
      (r) => `Burgerservicenummer: {${bsn(r)}}.`,
      (r) => `Belgische patiënte, rijksregisternummer {${belgianNumber(r, true)}}.`,
    ],
    record_number: [(r) => `Patiëntnummer {${digits(r, 7)}}.`, (r) => `Ziekenhuisnummer {${digits(r, 8)}}.`],
    phone: [
      (r) => `Dochter bereikbaar op {06-${digits(r, 8)}}.`,
      (r) => `Contact familie: {+31 6 ${digits(r, 8)}}.`,
    ],
    email: [
      (r) =>
        `Familie mailt vanaf {${pick(r, ['jdevries', 'hbakker', 'kvisser'])}${int(r, 50, 99)}@ziggo.nl}.`,
    ],
  },
};

export const LANGUAGES: Lang[] = [EN, FR, DE, ES, IT, PL, NL];
