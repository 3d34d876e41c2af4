import type { DirectoryPerson, NewInvitee, RequestsRepository } from '@cmss/db';
import type { Invitee } from '@cmss/shared';
import { invalidInput } from '../booking/time-rules.js';

/**
 * Turns what the requester named into the people to invite: clinicians by id, hospitals expanded to
 * their active contact persons, guests by e-mail (recognised as directory clinicians when their
 * address is in the directory). One entry per e-mail address; the requester is not their own invitee.
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
        });
      }
    } else {
      const person = known.get(invitee.email.toLowerCase());
      if (person && !person.active) problems.push({ invitee, problem: 'this clinician is inactive' });
      else if (person) {
        add({
          clinicianId: person.clinicianId,
          viaHospitalId: null,
          email: person.email,
          displayName: person.displayName,
        });
      } else {
        add({
          clinicianId: null,
          viaHospitalId: null,
          email: invitee.email,
          displayName: invitee.displayName?.trim() || invitee.email,
        });
      }
    }
  }
  if (problems.length) {
    throw invalidInput('unknown_invitees', `${problems.length} invitee(s) cannot be invited`, problems);
  }
  return [...result.values()];
}
