import { createCliniciansRepository, createCountriesRepository } from '@cmss/db';
import {
  type Clinician,
  foldText,
  type MatchedClinician,
  ParseRequestInput,
  ParseRequestResult,
} from '@cmss/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { STAFF } from '../../../access.js';
import { errorResponses } from '../../../http.js';
import {
  durationFrom,
  findEmails,
  kindFrom,
  nameCandidates,
  ownText,
  topicFrom,
} from '../../../request-parse/text.js';
import { recogniseTimes } from '../../../request-parse/times.js';
import { isKnownZone } from '../../../wall-clock.js';

const DEFAULT_ZONE = 'Europe/Brussels';

const isZone = (zone: string | undefined): zone is string => !!zone && isKnownZone(zone);

/**
 * Reads a request e-mail for the add-in: the requester is the sender; invitees are the addresses and
 * the names in the text that the directory knows; proposed times are recognised in seven languages.
 * Nothing is stored: staff confirm or correct, then create the request with POST /requests.
 */
const requestParse: FastifyPluginAsyncTypebox = async (app) => {
  const clinicians = createCliniciansRepository(app.database.db);
  const countries = createCountriesRepository(app.database.db);
  const zoneOf = () => new Map(countries.list().map((c) => [c.code, c.timeZone]));
  const helpdesk = app.config.helpdeskMailbox.toLowerCase();

  const matched = (c: Clinician, matchedBy: MatchedClinician['matchedBy'], evidence: string) => ({
    clinicianId: c.id,
    displayName: [c.title, c.givenName, c.familyName].filter(Boolean).join(' '),
    email: c.email,
    hospitalId: c.hospitalId,
    hospitalName: c.hospitalName,
    countryCode: c.countryCode,
    matchedBy,
    evidence,
  });

  const byEmail = (email: string): Clinician | null => {
    const id = clinicians.findIdByEmail(email);
    const c = id === null ? null : clinicians.get(id);
    return c && c.status === 'active' ? c : null;
  };

  /** A candidate is a clinician when the directory's folded full name (either order) equals it. */
  const byName = (candidate: { text: string; titled: boolean }): Clinician | null => {
    const wanted = foldText(candidate.text);
    const { items } = clinicians.list({
      q: candidate.text,
      status: 'active',
      sort: 'relevance',
      cursor: null,
      limit: 10,
    });
    const full = items.filter(
      (c) =>
        foldText(`${c.givenName} ${c.familyName}`) === wanted ||
        foldText(`${c.familyName} ${c.givenName}`) === wanted,
    );
    if (full.length === 1) return full[0]!;
    if (candidate.titled && !candidate.text.includes(' ')) {
      const family = items.filter((c) => foldText(c.familyName) === wanted);
      if (family.length === 1) return family[0]!;
    }
    return null;
  };

  app.post(
    '/requests/parse',
    {
      config: { access: STAFF },
      schema: {
        tags: ['requests'],
        operationId: 'parseRequestEmail',
        summary: 'Recognise requester, invitees and proposed times in a request e-mail (nothing is stored)',
        description:
          'The add-in sends the e-mail open in Outlook. The sender is matched to the directory as the requester; e-mail addresses (in the text, To and Cc) and names in the text as invitees; proposed times are read in EN, DE, FR, ES, IT, NL and PT as wall-clock times of the requester\u2019s country (else `timeZone`, else Europe/Brussels). Quoted replies are ignored.',
        body: ParseRequestInput,
        response: { 200: ParseRequestResult, ...errorResponses(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const input = request.body;
      const body = ownText(input.body);
      const text = `${input.subject ?? ''}\n${body}`;

      const sender = input.from?.email?.trim() ?? null;
      const requesterClinician = sender ? byEmail(sender) : null;
      const requester = requesterClinician ? matched(requesterClinician, 'sender', sender!) : null;

      const invitees = new Map<number, MatchedClinician>();
      const unmatched = new Map<string, { email: string; name?: string }>();
      const skip = new Set([helpdesk, sender?.toLowerCase()]);
      const addresses = [
        ...findEmails(body).map((email) => ({ email, name: undefined as string | undefined })),
        ...(input.to ?? []),
        ...(input.cc ?? []),
      ];
      for (const a of addresses) {
        const email = a.email.trim();
        if (!email || skip.has(email.toLowerCase())) continue;
        const c = byEmail(email);
        if (c) {
          if (c.id !== requester?.clinicianId && !invitees.has(c.id))
            invitees.set(c.id, matched(c, 'email', email));
        } else if (!unmatched.has(email.toLowerCase())) {
          unmatched.set(email.toLowerCase(), { email, ...(a.name ? { name: a.name } : {}) });
        }
      }
      // Longest candidates first, so "Jan van der Berg" wins over "Jan".
      const candidates = nameCandidates(body).sort((a, b) => b.text.length - a.text.length);
      const covered: string[] = [];
      for (const candidate of candidates) {
        if (covered.some((c) => c.includes(candidate.text))) continue;
        const c = byName(candidate);
        if (!c) continue;
        covered.push(candidate.text);
        if (c.id !== requester?.clinicianId && !invitees.has(c.id))
          invitees.set(c.id, matched(c, 'name', candidate.text));
      }

      const zones = zoneOf();
      const zone =
        (requester && zones.get(requester.countryCode)) ||
        (isZone(input.timeZone) ? input.timeZone : DEFAULT_ZONE);
      const reference = input.receivedAt ? new Date(input.receivedAt) : new Date();
      const durationMinutes = durationFrom(text) ?? 60;
      const proposedWindows = recogniseTimes(text, reference, zone)
        .slice(0, 20)
        .map((t) => ({
          start: t.start.toISOString(),
          end: (t.end ?? new Date(t.start.getTime() + durationMinutes * 60_000)).toISOString(),
          text: t.text,
          language: t.language,
        }));

      const seen = [...(requester ? [requester] : []), ...invitees.values()];
      for (const m of seen) {
        app.audit(request, {
          action: 'read',
          entity: 'clinician',
          entityId: m.clinicianId,
          fields: ['name', 'email', 'hospital'],
          details: { purpose: 'request e-mail recognised', matchedBy: m.matchedBy },
        });
      }

      return {
        requester,
        unknownSender: requester || !input.from ? null : input.from,
        invitees: [...invitees.values()],
        unmatchedEmails: [...unmatched.values()],
        proposedWindows,
        kind: kindFrom(text),
        topic: topicFrom(input.subject, body),
        durationMinutes,
        timeZone: zone,
        parsedAt: new Date().toISOString(),
      };
    },
  );
};

export default requestParse;
