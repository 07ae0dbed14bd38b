// RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date, in the three forms of §5.6.7. This is the one
// reader of the header: `retryAsAsked` sleeps what it returns, and the errors report it.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** `Sunday, 06-Nov-94 08:49:37 GMT` */
const RFC_850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
);
/** `Sun Nov  6 08:49:37 1994` */
const ASCTIME = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} (\\d{2}| \\d) ${TIME} (\\d{4})$`);

/**
 * The wait a `Retry-After` header asks for, in whole seconds (rounded up, never negative), or `undefined`
 * when there is no header or it is neither delay-seconds nor an HTTP date.
 *
 * @param now the current time in milliseconds since the epoch (a date in the past means "now": 0 seconds)
 * @example parseRetryAfter("120") // 120
 * @example parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("2015-10-21T07:28:00Z")) // 10
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = parseHttpDate(value);
  return at === undefined ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** An HTTP-date in any of its three forms, as milliseconds since the epoch; `undefined` if it is not one. */
export function parseHttpDate(value: string): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match) return utc(Number(match[3]), match[2], match[1], match.slice(4, 7));
  match = RFC_850.exec(value);
  if (match) return utc(twoDigitYear(Number(match[3])), match[2], match[1], match.slice(4, 7));
  match = ASCTIME.exec(value);
  if (match) return utc(Number(match[6]), match[1], match[2]?.trim(), match.slice(3, 6));
  return undefined;
}

/** RFC 9110: a two-digit year more than 50 years in the future is the most recent past year with those digits. */
function twoDigitYear(year: number): number {
  const current = new Date().getUTCFullYear();
  const candidate = Math.floor(current / 100) * 100 + year;
  return candidate > current + 50 ? candidate - 100 : candidate;
}

function utc(
  year: number,
  monthName: string | undefined,
  dayText: string | undefined,
  time: Array<string | undefined>,
): number | undefined {
  const month = MONTHS.indexOf(monthName ?? "");
  const day = Number(dayText);
  const [hours, minutes, seconds] = time.map(Number) as [number, number, number];
  if (month < 0 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const date = new Date(Date.UTC(2000, month, day, hours, minutes, Math.min(seconds, 59)));
  date.setUTCFullYear(year);
  // Date.UTC rolls an impossible day (Feb 30) into the next month: the parts then differ.
  if (date.getUTCMonth() !== month || date.getUTCDate() !== day) return undefined;
  return date.getTime() + (seconds === 60 ? 1000 : 0);
}
