/** Pure helpers that read a request e-mail: what is quoted, addresses, candidate names, topic, duration. */

/** Drops the quoted history of a reply or forward, so that older messages' times and names don't leak in. */
export function ownText(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const cut = lines.findIndex((line) =>
    /^(-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Mensagem original)\s*-{2,}|_{10,}|(On|Am|Le|El|Il|Op|Em) .{4,120}(wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu)\s*:)\s*$/i.test(
      line.trim(),
    ),
  );
  return (cut === -1 ? lines : lines.slice(0, cut)).filter((l) => !l.trimStart().startsWith('>')).join('\n');
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

export function findEmails(text: string): string[] {
  return [...new Set([...text.matchAll(EMAIL)].map((m) => m[0].replace(/\.$/, '')))];
}

const TITLES =
  /^(dr|dra|drs|prof|profa|doc|dott|dottssa|dottoressa|doctor|doktor|docteur|professor|professeur|pr|mr|mrs|ms|mme|mevr|dhr|sr|sra|sig|sigra)$/i;
const PARTICLES = /^(van|von|de|der|den|da|di|del|della|dos|das|du|le|la|ten|ter|zu|y)$/;
const WORD = /[\p{L}][\p{L}'’-]*\.?/gu;
const CAPITALISED = /^\p{Lu}[\p{L}'’-]*$/u;

export interface NameCandidate {
  /** The words as written, e.g. "Anna Kowalska" or "van der Berg". */
  text: string;
  /** Preceded by a title ("Dr", "Prof."), which makes a lone family name worth looking up. */
  titled: boolean;
}

/**
 * Runs of capitalised words (with particles such as "van der") that could be a clinician's name: every
 * window of 2–4 words, and single words right after a title. At most `max` candidates.
 */
export function nameCandidates(text: string, max = 60): NameCandidate[] {
  const out = new Map<string, NameCandidate>();
  for (const line of text.split(/\n|[;:,()]/)) {
    const words = [...line.matchAll(WORD)].map((m) => m[0]);
    let run: string[] = [];
    let titled = false;
    const flush = () => {
      for (let size = Math.min(4, run.length); size >= 1; size--) {
        for (let i = 0; i + size <= run.length; i++) {
          const window = run.slice(i, i + size);
          if (PARTICLES.test(window[0]!) || PARTICLES.test(window.at(-1)!)) continue;
          if (size === 1 && !(titled && i === 0)) continue;
          const key = window.join(' ');
          if (!out.has(key)) out.set(key, { text: key, titled: titled && i === 0 });
        }
      }
      run = [];
      titled = false;
    };
    for (const raw of words) {
      const word = raw.replace(/\.$/, '');
      if (TITLES.test(word.replace(/[.'’]/g, ''))) {
        flush();
        titled = true;
      } else if (CAPITALISED.test(word) || (run.length > 0 && PARTICLES.test(word))) {
        run.push(word);
      } else {
        flush();
      }
    }
    flush();
  }
  return [...out.values()].slice(0, max);
}

/** The subject without reply/forward prefixes, or the first line of the body. */
export function topicFrom(subject: string | undefined, body: string): string {
  const cleaned = (subject ?? '')
    .replace(/^\s*((re|aw|wg|fw|fwd|tr|rv|r|antw|doorst|enc|res)\s*:\s*)+/i, '')
    .trim();
  const topic = cleaned.length >= 3 ? cleaned : (body.split('\n').find((l) => l.trim().length >= 3) ?? '');
  return topic.trim().slice(0, 300) || 'Case conference';
}

const DURATION =
  /(\d{1,3}(?:[.,]5)?)\s*(min(?:ute[ns]?|utos|uti|uten)?|h(?:ours?|rs?)?|stunden?|std|heures?|horas?|ore|uur)\b/i;

/** "90 minutes", "1,5 Stunden", "2 h", "45 min" → minutes (15–480); null when none is stated. */
export function durationFrom(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const value = Number(m[1]!.replace(',', '.'));
  const minutes = /^m/i.test(m[2]!) ? value : value * 60;
  return minutes >= 15 && minutes <= 480 ? Math.round(minutes) : null;
}

/** A webinar when the e-mail says so in any of the languages (the word is the same in most). */
export const kindFrom = (text: string): 'conference' | 'webinar' =>
  /\bwebin[aá]r(io|e|s)?\b/i.test(text) ? 'webinar' : 'conference';
