// The Orthanc host's clock. Windows are in the host's local time, so the page draws "now" and
// prints every time in the host's time, 24-hour, whatever the browser's own zone is.
import { get } from './api.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
let host = { Zone: '', Abbreviation: 'UTC', UtcOffset: '+00:00', UtcOffsetMinutes: 0 };
let skewMs = 0;  // the host's clock minus the browser's

export async function loadHostClock() {
  const status = await get('/status');
  host = status.HostTime;
  skewMs = Date.parse(host.Now) - Date.now();
  return host;
}

// "Europe/Paris (CET, UTC+01:00)": said once on the page.
export function hostZoneLabel() {
  const name = host.Zone || host.Abbreviation;
  const abbreviation = host.Zone && host.Abbreviation ? `${host.Abbreviation}, ` : '';
  return `${name} (${abbreviation}UTC${host.UtcOffset})`;
}

// Now, as epoch milliseconds on the host's clock (for ages: the browser's clock may be off).
export function hostNowMs() {
  return Date.now() + skewMs;
}

// Now on the host's wall clock: day 0 = Monday, minutes since midnight, "HH:MM".
export function hostNow() {
  const shifted = new Date(Date.now() + skewMs + host.UtcOffsetMinutes * 60000);
  const hours = shifted.getUTCHours();
  const minutes = shifted.getUTCMinutes();
  return {
    day: (shifted.getUTCDay() + 6) % 7,
    date: Math.floor(shifted.getTime() / 86400000),  // the host's date, days since 1970-01-01
    minutes: hours * 60 + minutes,
    text: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`,
  };
}

// An API time ("2026-11-28T08:00:00.120+01:00", already the host's local time) as the host's
// wall clock: "Sat 28 Nov 08:00". Never converted to the browser's zone.
export function formatTime(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
  if (!match) return iso || '';
  const [, year, month, day, hours, minutes] = match;
  const weekday = new Date(Date.UTC(+year, +month - 1, +day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${+day} ${MONTHS[+month - 1]} ${hours}:${minutes}`;
}

// Days since 1970-01-01 <-> "YYYY-MM-DD", as the API writes exception dates.
export function dateText(days) {
  return new Date(days * 86400000).toISOString().slice(0, 10);
}

export function dateDays(text) {
  return Math.floor(Date.parse(`${text}T00:00:00Z`) / 86400000);
}
