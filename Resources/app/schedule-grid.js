// The weekly grid: 7 days x 24 h of Windows in the host's time, this week's exception days,
// the global schedule's gaps over a Receiver's lanes, a line for now, and editing by drag.
import { h } from './dom.js';
import { dateDays, dateText, hostNow } from './clock.js';

export const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const minutes = (text) => { const [hh, mm] = text.split(':').map(Number); return hh * 60 + mm; };

// The minutes [from, to) a schedule is open on a day, its own Windows and the overnight tail
// of the day before.
function openIntervals(schedule, dayIndex) {
  const result = [];
  for (const window of schedule[DAYS[dayIndex]] || []) {
    const start = minutes(window.Start);
    const end = minutes(window.End);
    result.push([start, end <= start ? 1440 : end]);
  }
  for (const window of schedule[DAYS[(dayIndex + 6) % 7]] || []) {
    const start = minutes(window.Start);
    const end = minutes(window.End);
    if (end < start && end > 0) result.push([0, end]);
  }
  return result.sort((a, b) => a[0] - b[0]);
}

// Where the global schedule closes the PACS, drawn over a Receiver's lane: the effective
// schedule is the Receiver's Windows minus these.
function globalGaps(globalSchedule, dayIndex) {
  if (!globalSchedule) return [];
  const gaps = [];
  let at = 0;
  for (const [from, to] of openIntervals(globalSchedule, dayIndex)) {
    if (from > at) gaps.push([at, from]);
    at = Math.max(at, to);
  }
  if (at < 1440) gaps.push([at, 1440]);
  const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return gaps.map(([from, to]) => h('div', {
    class: 'global-closed', title: `closed by the global schedule ${hhmm(from)}–${hhmm(to)}`,
    role: 'img', 'aria-label': `${DAYS[dayIndex]} closed by the global schedule ${hhmm(from)}–${hhmm(to)}`,
    style: `left:${(from / 14.4).toFixed(3)}%;width:${((to - from) / 14.4).toFixed(3)}%`,
  }));
}

// own: the day's own Windows can be dragged and opened (not the night before's tail, not an
// exception's).
function bars(schedule, dayIndex, own = false) {
  const result = [];
  const label = (w) => `${w.Start}–${w.End} · ${w.Threads} thr · ${w.Utilization} %` +
                       (w.MaxMBps ? ` · ${w.MaxMBps} MB/s` : '') + (w.MaxGB ? ` · ${w.MaxGB} GB` : '');
  (schedule[DAYS[dayIndex]] || []).forEach((window, index) => {
    const start = minutes(window.Start);
    const end = minutes(window.End);
    const stop = end <= start ? 1440 : end;  // an overnight window ends at midnight here
    result.push([start, stop, label(window), own ? index : null, end <= start]);
  });
  const before = schedule[DAYS[(dayIndex + 6) % 7]] || [];
  for (const window of before) {
    const start = minutes(window.Start);
    const end = minutes(window.End);
    if (end < start && end > 0) result.push([0, end, `${label(window)} (from the day before)`, null]);
  }
  return result.map(([from, to, title, index, overnight]) => h('div', {
    class: index === null ? 'bar' : 'bar own', title,
    role: index === null ? 'img' : 'button', tabindex: index === null ? undefined : '0',
    'aria-label': `${DAYS[dayIndex]} ${title}${index === null ? '' : ': Enter to edit'}`,
    dataset: index === null ? {} : { day: DAYS[dayIndex], index, from, to },
    style: `left:${(from / 14.4).toFixed(3)}%;width:${((to - from) / 14.4).toFixed(3)}%`,
  }, index === null ? title : [h('span', { class: 'handle start', title: 'drag to move the start' }),
    title, overnight ? '' : h('span', { class: 'handle end', title: 'drag to move the end' })]));
}

// Drag across a lane to create a Window; drag a Window's ends to move them. 15-minute steps.
function attachDrag(lane, dayIndex, editor) {
  const toMinute = (x) => {
    const box = lane.getBoundingClientRect();
    return Math.max(0, Math.min(1440, Math.round(((x - box.left) / box.width) * 96) * 15));
  };
  lane.addEventListener('pointerdown', (event) => {
    const handle = event.target.closest('.handle');
    const bar = event.target.closest('.bar');
    if (bar && !handle) return;  // a Window itself: opened by Enter or its Edit button
    event.preventDefault();
    const origin = toMinute(event.clientX);
    const mode = handle ? { type: handle.classList.contains('start') ? 'start' : 'end',
      day: bar.dataset.day, index: Number(bar.dataset.index), from: Number(bar.dataset.from),
      to: Number(bar.dataset.to) } : { type: 'create' };
    const ghost = h('div', { class: 'bar ghost', id: 'drag-ghost' });
    lane.append(ghost);
    const update = (x) => {
      const at = toMinute(x);
      const range = mode.type === 'create' ? [Math.min(origin, at), Math.max(origin, at)]
        : mode.type === 'start' ? [Math.min(at, mode.to - 15), mode.to]
          : [mode.from, Math.max(at, mode.from + 15)];
      ghost.style.left = `${(range[0] / 14.4).toFixed(3)}%`;
      ghost.style.width = `${((range[1] - range[0]) / 14.4).toFixed(3)}%`;
      return range;
    };
    let range = update(event.clientX);
    const move = (e) => { range = update(e.clientX); };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      ghost.remove();
      const [from, to] = range;
      if (to - from < 15) return;
      if (mode.type === 'create') editor.create(DAYS[dayIndex], from, to);
      else editor.move(mode.day, mode.index, from, to);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  });
  lane.addEventListener('keydown', (event) => {
    const bar = event.target.closest('.bar.own');
    if (!bar || event.key !== 'Enter') return;
    // The form takes the focus now: the same Enter must not go on to submit it.
    event.preventDefault();
    editor.open(bar.dataset.day, Number(bar.dataset.index));
  });
}

// The exception covering a date (days since 1970-01-01), if any.
function exceptionOn(schedule, date) {
  return ((schedule || {}).Exceptions || []).find((e) => {
    const from = dateDays(e.Date || e.From);
    const to = dateDays(e.Date || e.To);
    return date >= from && date <= to;
  });
}

export function grid(schedule, globalSchedule, editor) {
  const now = hostNow();  // the windows are in the host's time, so is the line
  const today = now.day;
  const nowLeft = (now.minutes / 14.4).toFixed(3);
  return h('div', { class: 'grid', id: 'schedule-grid' },
    h('div', { class: 'hours', 'aria-hidden': 'true' }, h('div', {}),
      h('div', {}, ['0', '3', '6', '9', '12', '15', '18', '21', '24'].map((t) => h('span', {}, t)))),
    DAYS.map((day, index) => {
      // This week's date of that weekday: an exception on it replaces its windows.
      const date = now.date - today + index;
      const exception = exceptionOn(schedule, date);
      const lane = exception
        ? bars({ [day]: exception.Windows }, index).concat(
          exception.Windows.length ? [] : [h('div', { class: 'exception-closed', role: 'img',
            'aria-label': `${day} ${dateText(date)} closed (exception)` }, 'closed (exception)')])
        : exceptionOn(schedule, date - 1)  // the day before was replaced: no night runs on
          ? bars({ [day]: (schedule || {})[day] || [] }, index, !!editor)
          : bars(schedule || {}, index, !!editor);
      return h('div', { class: exception ? 'row exception' : 'row', dataset: { date: dateText(date) } },
        h('div', { class: 'day', title: exception ? `${dateText(date)}: exception` : dateText(date) },
          h('span', { class: 'long' }, day),
          h('span', { class: 'short', 'aria-hidden': 'true' }, day.slice(0, 3)),
          exception ? h('span', { class: 'badge' }, '!') : ''),
        (() => {
          const element = h('div', { class: editor && !exception ? 'lane editable' : 'lane' },
            lane, globalGaps(globalSchedule, index),
            index === today ? h('div', { class: 'now', id: 'now-line', title: `now, ${now.text} host time`, style: `left:${nowLeft}%` }) : '');
          if (editor && !exception) attachDrag(element, index, editor);
          return element;
        })());
    }));
}

