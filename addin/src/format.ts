import { COUNTRIES } from '@cmss/shared';

const zoneOf = new Map(COUNTRIES.map((c) => [c.code, c.timeZone]));
const nameOf = new Map(COUNTRIES.map((c) => [c.code, c.name]));

export const countryName = (code: string) => nameOf.get(code) ?? code;
export const countryZone = (code: string) => zoneOf.get(code) ?? 'UTC';

/** "14:05" in the country's capital time zone, for "their local time now". */
export function localTimeIn(countryCode: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: countryZone(countryCode),
  }).format(now);
}

export function formatRange(start: string, end: string, timeZone?: string): string {
  const zone = timeZone ? { timeZone } : {};
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', ...zone });
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', ...zone });
  const zoneName = timeZone
    ? (new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short', timeZone })
        .formatToParts(new Date(start))
        .find((p) => p.type === 'timeZoneName')?.value ?? '')
    : '';
  const sameDay = day.format(new Date(start)) === day.format(new Date(end));
  const endText = sameDay
    ? time.format(new Date(end))
    : `${day.format(new Date(end))}, ${time.format(new Date(end))}`;
  return `${day.format(new Date(start))}, ${time.format(new Date(start))}–${endText}${zoneName ? ` ${zoneName}` : ''}`;
}

/** "3 h", "2 d": how long a request has waited. */
export function age(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

export { browserZone } from './zone.js';

/** `<input type="datetime-local">` value in the browser's zone ⇄ ISO instant. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export const fromLocalInput = (value: string) => new Date(value).toISOString();
