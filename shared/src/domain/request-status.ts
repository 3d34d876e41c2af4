/**
 * The conference request's life cycle. Status changes only through these explicit actions;
 * anything else is an illegal transition (the API answers 409).
 *
 *   received ──schedule──▶ scheduling ──book──▶ booked ──markHeld──▶ held
 *      │                      │                   │
 *      └──reject / cancel─────┴──reject / cancel──┴──cancel──▶ cancelled | rejected
 */

export const REQUEST_STATUSES = [
  'received',
  'scheduling',
  'booked',
  'held',
  'cancelled',
  'rejected',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_ACTIONS = ['schedule', 'book', 'reject', 'cancel', 'markHeld'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export const REQUEST_TRANSITIONS: Readonly<
  Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }>
> = {
  schedule: { from: ['received'], to: 'scheduling' },
  book: { from: ['scheduling'], to: 'booked' },
  reject: { from: ['received', 'scheduling'], to: 'rejected' },
  cancel: { from: ['received', 'scheduling', 'booked'], to: 'cancelled' },
  markHeld: { from: ['booked'], to: 'held' },
};

export const TERMINAL_REQUEST_STATUSES: readonly RequestStatus[] = ['held', 'cancelled', 'rejected'];

/** The status an action leads to from `from`, or null when the transition is illegal. */
export function nextRequestStatus(from: RequestStatus, action: RequestAction): RequestStatus | null {
  const rule = REQUEST_TRANSITIONS[action];
  return rule.from.includes(from) ? rule.to : null;
}

export const BOOKING_STATES = [
  'pending',
  'meeting_created',
  'calendar_created',
  'booked',
  'rescheduling',
  'cancelling',
  'cancelled',
  'failed',
] as const;
export type BookingState = (typeof BOOKING_STATES)[number];
