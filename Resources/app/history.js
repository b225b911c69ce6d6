// History: MB/s and queue depth over the last 24 hours (per minute) or 7 days (per hour), for
// the whole PACS or one Receiver, with the schedule's open spans shaded behind.
import { get } from './api.js';
import { h, megabytes, replace } from './dom.js';
import { formatTime } from './clock.js';
import { timeChart } from './chart.js';

const RANGES = { day: { hours: 24, text: 'Last 24 hours' }, week: { hours: 168, text: 'Last 7 days' } };
let range = 'day';  // kept while the page is open

function peak(points, value, digits, unit, none) {
  let best = null;
  for (const point of points) if (!best || value(point) > value(best)) best = point;
  if (!best || value(best) === 0) return none;
  return `highest ${value(best).toFixed(digits)} ${unit} (${formatTime(best.Start)})`;
}

async function draw(section, target) {
  const base = target ? `/receivers/${encodeURIComponent(target)}/history` : '/history';
  const answer = await get(`${base}?hours=${RANGES[range].hours}`);
  const t = answer.Totals;
  const mbps = (p) => p.MBps;
  const queued = (p) => p.Queued;
  const per = answer.Resolution === 'hour' ? 'per hour' : 'per minute';
  replace(section,
    h('p', { id: 'history-totals' },
      `${megabytes(t.Bytes)} sent · ${t.Instances} instances · ${t.Failures} failed attempts · `,
      h('span', { class: 'muted' }, `${formatTime(answer.From)} – ${formatTime(answer.To)}, ${per}`)),
    h('p', { class: 'muted' }, h('span', { class: 'swatch open-span' }),
      target ? ' open: the Receiver\'s Windows within the global schedule\'s'
        : ' open: the global schedule\'s Windows'),
    h('figure', { class: 'card' }, h('figcaption', {}, `MB/s ${per}, ${peak(answer.Points, mbps, 2, 'MB/s', 'nothing sent')}`),
      timeChart(answer, mbps, { id: 'chart-mbps', title: `MB/s ${per}`, unit: 'MB/s', digits: 2 })),
    h('figure', { class: 'card' }, h('figcaption', {},
      `Transfers in the queue (Queued, Running, Paused), ${peak(answer.Points, queued, 0, '', 'none')}`),
      timeChart(answer, queued, { id: 'chart-queued', title: 'Transfers in the queue', unit: '', digits: 0, step: true })));
}

export async function renderHistory(main, target) {
  const receivers = await get('/receivers');
  const section = h('section', { id: 'history', 'aria-live': 'polite' });
  const choose = h('select', { id: 'history-receiver', onchange: (event) => {
    location.hash = event.target.value ? `history/${encodeURIComponent(event.target.value)}` : 'history';
  } }, h('option', { value: '' }, 'The whole PACS'),
  receivers.map((id) => h('option', { value: id, selected: id === target }, id)));
  const rangeButtons = Object.entries(RANGES).map(([key, r]) => h('button', {
    type: 'button', id: `history-${key}`, 'aria-pressed': String(key === range), onclick: () => {
      range = key;
      rangeButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.id === `history-${key}`)));
      draw(section, target);
    } }, r.text));
  replace(main, h('h2', {}, target ? `History of ${target}` : 'History'),
    h('div', { class: 'toolbar' }, h('label', { for: 'history-receiver' }, 'Show', choose),
      h('div', { class: 'actions', role: 'group', 'aria-label': 'Range' }, rangeButtons)),
    section);
  await draw(section, target);
  const timer = setInterval(() => draw(section, target).catch(() => {}), 60000);
  return () => clearInterval(timer);
}
