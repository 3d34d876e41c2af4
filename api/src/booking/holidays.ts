import Holidays from 'date-holidays';

/**
 * National public holidays per country (ISO 3166-1 alpha-2), as local dates `yyyy-mm-dd`, from the
 * date-holidays library. Only days of type `public` count (not bank, school or observance days), and
 * only nationwide ones: regional holidays (a German Land, a Spanish community) are not known here.
 */
export function createHolidayCalendar() {
  const cache = new Map<string, Set<string>>();
  return {
    isHoliday(countryCode: string, localDate: string): boolean {
      const year = Number(localDate.slice(0, 4));
      const key = `${countryCode}:${year}`;
      let days = cache.get(key);
      if (!days) {
        const calendar = new Holidays(countryCode);
        days = new Set(
          (calendar.getHolidays(year) || [])
            .filter((h) => h.type === 'public')
            .map((h) => h.date.slice(0, 10)),
        );
        cache.set(key, days);
      }
      return days.has(localDate);
    },
  };
}

export type HolidayCalendar = ReturnType<typeof createHolidayCalendar>;
