/**
 * Words that follow "patient"/"Herr"/"Mme" with a capital letter without being a name: sentence
 * openers, German nouns (all capitalised), clinical terms and acronyms, titles of clinicians. Kept
 * lower-case and without diacritics (see foldName).
 */
const STOP = `
the a an and or with who was is has had in on at for of to from this that his her their he she it
male female man woman men women boy girl adult child infant
le la les un une des du de avec et est qui a au aux il elle ce cette son sa ses homme femme
der die das den dem des ein eine einer mit und ist hat wurde war bei nach vor seit zur zum im am
el los las uno una con y es que ha del al se su sus hombre mujer varon
il lo gli uno una con e ha che del della al si suo sua uomo donna
z ze w we i jest ma lat lata roku mezczyzna kobieta
de het een met en is heeft werd van op bij man vrouw
dr doctor doktor docteur dott dottore dottoressa doctora prof professor professeur professore profesor
kollege kollegin collega colleague confrere consoeur dokter arts lekarz lekarka
monday tuesday wednesday thursday friday saturday sunday
montag dienstag mittwoch donnerstag freitag samstag sonntag
lundi mardi mercredi jeudi vendredi samedi dimanche
january february march april may june july august september october november december
januar februar marz april mai juni juli august oktober dezember
zustand aufnahme verdacht diagnose befund fieber husten schmerzen dyspnoe atemnot pneumonie sepsis station
intensivstation klinik jahre jahren tag tage tagen woche wochen monate monaten labor therapie verlauf anamnese
vorgeschichte beatmung niereninsuffizienz herzinsuffizienz hausarzt verlegung entlassung notaufnahme
ct mrt mri rx us ecg ekg eeg icu itu picu nicu er ed ards copd covid hiv hcv hbv ecmo cpap niv tbc tb
sars cov cmv ebv mrsa crp pct il bnp ldh alt ast inr aptt hb wbc plt rr hr bp spo2 gcs nyha asa
pneumonia sepsis fever cough dyspnoea dyspnea pain shock admission discharge history
type stage grade class group
interne internal intern medicine
hospital hopital klinikum krankenhaus klinik ospedale policlinico szpital ziekenhuis clinic clinica clinique
university universitatsklinikum universite universita universidad uniwersytet universiteit centre center centro centrum
saint sainte san santa sankt st pr
blood management zero word excel teams outlook office powerpoint webex zoom
oberarzt oberarztin chefarzt chefarztin assistenzarzt assistenzarztin facharzt facharztin pflege
professeure docteure presidente presidenta presidenti primario primaria direttore direttrice jefe jefa
ordynator kierownik profesor profesorka doktorka specjalista hoofd afdelingshoofd
testigo jehova
mister mrs miss monsieur madame mademoiselle herr herrn frau senor senora senorita signor signora signorina pan pani panu pania mevrouw meneer
`;

export const NAME_STOPWORDS = new Set(STOP.split(/\s+/).filter(Boolean));

/** Strips diacritics and case so "Müller", "MÜLLER" and "Muller" compare equal. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .toLowerCase();
}

/**
 * Common given names in our languages. Only used to accept a single capitalised token after
 * "patient" ("patient Anna was …"); two tokens ("patient Anna Nowak") need no list.
 */
const GIVEN = `
anna maria marie mary john james robert michael david peter paul thomas george william richard
elizabeth sarah emma susan margaret helen jane linda barbara patricia jennifer
jean pierre jacques michel philippe alain nicolas francois louis claude bernard andre henri
sophie isabelle catherine nathalie sylvie monique francoise christine camille julie
hans klaus jurgen wolfgang stefan andreas michael thomas frank uwe dieter gunter helmut karl heinz
ursula petra sabine monika renate gisela ingrid brigitte karin heike birgit ute
jose juan antonio manuel francisco javier carlos miguel luis pedro rafael alejandro
carmen josefa isabel dolores pilar teresa ana lucia elena rosa cristina laura
giuseppe giovanni mario luigi francesco antonio roberto marco paolo andrea stefano alessandro
giulia francesca chiara sara paola rosa anna giovanna lucia silvia valentina
jan piotr krzysztof andrzej tomasz pawel marcin michal grzegorz jozef stanislaw marek
katarzyna malgorzata agnieszka barbara ewa krystyna elzbieta zofia joanna magdalena
jan johannes pieter hendrik willem cornelis gerrit kees dirk bart sander joost
johanna wilhelmina cornelia maria elisabeth anna lotte sanne femke inge ingrid
`;

export const GIVEN_NAMES = new Set(GIVEN.split(/\s+/).filter(Boolean));
