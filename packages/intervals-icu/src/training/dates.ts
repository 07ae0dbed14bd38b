const localDatePattern = /^\d{4}-\d{2}-\d{2}$/;
const localDateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** True for a calendar date written `YYYY-MM-DD` that exists. */
export function isLocalDate(value: string): boolean {
  if (!localDatePattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** True for `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` without a zone, the API's athlete-local forms. */
export function isLocalDateOrDateTime(value: string): boolean {
  return isLocalDate(value) || (localDateTimePattern.test(value) && isLocalDate(value.slice(0, 10)));
}

/**
 * The calendar date of an instant in a time zone, `YYYY-MM-DD`.
 *
 * @example localDate(new Date("2024-05-01T23:30:00Z"), "Europe/Amsterdam") // "2024-05-02"
 */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** `YYYY-MM-DD` shifted by whole days (negative goes back). */
export function addDays(date: string, days: number): string {
  const shifted = new Date(`${date}T00:00:00Z`);
  shifted.setUTCDate(shifted.getUTCDate() + days);
  return shifted.toISOString().slice(0, 10);
}

/** Every date from `oldest` to `newest`, both included. */
export function datesBetween(oldest: string, newest: string): string[] {
  const dates: string[] = [];
  for (let date = oldest; date <= newest; date = addDays(date, 1)) dates.push(date);
  return dates;
}
