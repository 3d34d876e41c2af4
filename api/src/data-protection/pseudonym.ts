import { createHmac, randomBytes } from 'node:crypto';

/**
 * Keyed hash for erased people's audit rows. A plain hash of "clinician:42" could be reversed by
 * hashing every id; with a secret key (or a throw-away one) it cannot.
 */
export function createPseudonymiser(key: string | undefined): (value: string) => string {
  const secret = key ?? randomBytes(32).toString('hex');
  return (value) => createHmac('sha256', secret).update(value).digest('hex').slice(0, 24);
}
