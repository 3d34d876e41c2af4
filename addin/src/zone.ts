/** The IANA zone of the person using the add-in (kept apart from format.ts, which pulls in the country list). */
export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
