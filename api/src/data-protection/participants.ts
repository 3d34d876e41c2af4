import type { DataProtectionRepository } from '@cmss/db';
import type { GuardParticipant } from '@cmss/shared';

/**
 * The people whose own names, e-mails and phones may appear in a request's text: the requester and
 * the invitees, from the body of a new request (ids resolved in the directory) or from the stored
 * request. Everyone else's contact details are treated as possibly a patient's.
 */
export function participantsFor(
  repo: DataProtectionRepository,
  input: { requesterId?: unknown; invitees?: unknown; requestId?: number | null },
): { participants: GuardParticipant[]; stored: { topic: string; notes: string | null } | null } {
  const clinicianIds: number[] = [];
  const hospitalIds: number[] = [];
  const participants: GuardParticipant[] = [];
  if (typeof input.requesterId === 'number') clinicianIds.push(input.requesterId);
  if (Array.isArray(input.invitees)) {
    for (const i of input.invitees as Record<string, unknown>[]) {
      if (typeof i?.clinicianId === 'number') clinicianIds.push(i.clinicianId);
      else if (typeof i?.hospitalId === 'number') hospitalIds.push(i.hospitalId);
      else if (typeof i?.email === 'string')
        participants.push({ email: i.email, name: typeof i.displayName === 'string' ? i.displayName : null });
    }
  }
  participants.push(...repo.peopleByIds(clinicianIds, hospitalIds));
  const stored = input.requestId ? repo.requestPeopleAndTexts(input.requestId) : null;
  if (stored) participants.push(...stored.people);
  return { participants, stored: stored?.texts ?? null };
}
