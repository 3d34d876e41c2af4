import type { DirectoryPerson, NewInvitee, RequestsRepository } from '@cmss/db';
import { countryByCode, type Invitee } from '@cmss/shared';
import { assertTimeZone, invalidInput } from '../booking/time-rules.js';

const nowhere = { timeZone: null, countryCode: null };

/**
 * Where a guest works, when the requester says so: a real IANA zone (400 otherwise, like the request's
 * own zone) and a country of the network (422 otherwise; its holidays are the ones we know).
 */
export function assertGuestLocations(named: Invitee[]): void {
  named.forEach((invitee, i) => {
    if (!('email' in invitee)) return;
    if (invitee.timeZone !== undefined) assertTimeZone(invitee.timeZone, `invitees[${i}].timeZone`);
    if (invitee.countryCode !== undefined && !countryByCode(invitee.countryCode)) {
      const field = `invitees[${i}].countryCode`;
      throw invalidInput(
        'unknown_country',
        `${field} "${invitee.countryCode}" is not a country of the network (GET /api/v1/countries)`,
        { field },
      );
    }
  });
}

/**
 * Turns what the requester named into the people to invite: clinicians by id, hospitals expanded to
 * their active contact persons, guests by e-mail (recognised as directory clinicians when their
 * address is in the directory). One entry per e-mail address; the requester is not their own invitee.
 * A location given with an e-mail address is kept even when the address is a directory clinician's:
 * the requester said where that person works for this conference.
 * Anything unknown or unusable is reported all at once, so the caller can fix the list in one go.
 */
export function resolveInvitees(
  repo: RequestsRepository,
  named: Invitee[],
  requester: DirectoryPerson,
): NewInvitee[] {
  const clinicianIds = named.flatMap((i) => ('clinicianId' in i ? [i.clinicianId] : []));
  const hospitalIds = named.flatMap((i) => ('hospitalId' in i ? [i.hospitalId] : []));
  const guests = named.flatMap((i) => ('email' in i ? [i] : []));

  const problems: { invitee: Invitee; problem: string }[] = [];
  const byId = new Map(repo.peopleByIds(clinicianIds).map((p) => [p.clinicianId, p]));
  const { existing, persons } = repo.contactPersonsOf(hospitalIds);
  const known = new Map(
    repo.peopleByEmails(guests.map((g) => g.email.toLowerCase())).map((p) => [p.email.toLowerCase(), p]),
  );

  const result = new Map<string, NewInvitee>();
  const add = (invitee: NewInvitee) => {
    const key = invitee.email.toLowerCase();
    if (key === requester.email.toLowerCase() || result.has(key)) return;
    result.set(key, invitee);
  };

  for (const invitee of named) {
    if ('clinicianId' in invitee) {
      const person = byId.get(invitee.clinicianId);
      if (!person) problems.push({ invitee, problem: 'no clinician with this id' });
      else if (!person.active) problems.push({ invitee, problem: 'this clinician is inactive' });
      else
        add({
          clinicianId: person.clinicianId,
          viaHospitalId: null,
          email: person.email,
          displayName: person.displayName,
          ...nowhere,
        });
    } else if ('hospitalId' in invitee) {
      const contacts = persons.filter((p) => p.hospitalId === invitee.hospitalId);
      if (!existing.has(invitee.hospitalId))
        problems.push({ invitee, problem: 'no active hospital with this id' });
      else if (!contacts.length)
        problems.push({ invitee, problem: 'this hospital has no active contact person' });
      for (const p of contacts) {
        add({
          clinicianId: p.clinicianId,
          viaHospitalId: invitee.hospitalId,
          email: p.email,
          displayName: p.displayName,
          ...nowhere,
        });
      }
    } else {
      const location = { timeZone: invitee.timeZone ?? null, countryCode: invitee.countryCode ?? null };
      const person = known.get(invitee.email.toLowerCase());
      if (person && !person.active) problems.push({ invitee, problem: 'this clinician is inactive' });
      else if (person) {
        add({
          clinicianId: person.clinicianId,
          viaHospitalId: null,
          email: person.email,
          displayName: person.displayName,
          ...location,
        });
      } else {
        add({
          clinicianId: null,
          viaHospitalId: null,
          email: invitee.email,
          displayName: invitee.displayName?.trim() || invitee.email,
          ...location,
        });
      }
    }
  }
  if (problems.length) {
    throw invalidInput('unknown_invitees', `${problems.length} invitee(s) cannot be invited`, problems);
  }
  return [...result.values()];
}
