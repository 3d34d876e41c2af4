import { createHmac } from 'node:crypto';
import type { DialIn, MeetingDetails, MeetingProvider, MeetingSpec } from '@cmss/shared';

export interface LocalMeetingOptions {
  /** Join links point here: the API itself serves /meet/{id}. */
  publicUrl: string;
  /** Keys the ids so a join link cannot be guessed from a booking number. */
  secret: string;
  /** A telephone bridge's numbers (LOCAL_DIAL_IN); callers enter the meeting number. */
  dialIn?: DialIn[];
}

export const LOCAL_MEETING_PROVIDER = 'local';

/** Unambiguous characters only: a password read out over the phone must survive it. */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/**
 * The embedded meeting provider: no vendor, no network. Everything is derived from the booking id,
 * so a create replayed after a crash yields the very same meeting (no orphan, no duplicate), and
 * there is nothing to cancel remotely: /meet/{id} reads the booking's state from the database.
 */
export function createLocalMeetingProvider(options: LocalMeetingOptions): MeetingProvider {
  const details = (spec: MeetingSpec): MeetingDetails => {
    const digest = createHmac('sha256', options.secret).update(`meeting:${spec.bookingId}`).digest();
    const providerId = `${spec.bookingId}-${digest.subarray(0, 6).toString('hex')}`;
    const meetingNumber = String(100_000_000 + (digest.readUInt32BE(6) % 900_000_000));
    const password = [...digest.subarray(10, 18)]
      .map((byte) => PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length])
      .join('');
    return {
      providerId,
      joinUrl: `${options.publicUrl}/meet/${providerId}`,
      meetingNumber,
      password,
      sipAddress: null,
      // Without a configured bridge the invitation says dial-in is unavailable rather than inventing one.
      dialIn: options.dialIn ?? [],
    };
  };

  return {
    name: LOCAL_MEETING_PROVIDER,
    create: async (spec) => details(spec),
    update: async (_providerId, spec) => details(spec),
    cancel: async () => {},
  };
}
