// Schedule: a weekly grid (7 days x 24 h) of Windows, per Receiver and global, with a line for
// "now"; Windows are added, edited and removed through the API, which validates them.
import { api, get, ApiError } from './api.js';
import { h, replace, toast } from './dom.js';
import { dateDays, dateText, formatTime, hostNow } from './clock.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

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
    if (bar && event.key === 'Enter') editor.open(bar.dataset.day, Number(bar.dataset.index));
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

function grid(schedule, globalSchedule, editor) {
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

// Exceptions by date: the list with Remove, and a form to add one (a date or a run of dates,
// closed or one window).
function exceptionsCard(schedule, readOnly, save) {
  const exceptions = (schedule || {}).Exceptions || [];
  const describe = (e) => (e.Windows.length === 0 ? 'closed'
    : e.Windows.map((w) => `${w.Start}–${w.End} · ${w.Threads} thr`).join(', '));
  const rows = exceptions.map((e, index) => h('tr', {},
    h('td', { 'data-label': 'Dates' }, e.Date || `${e.From} to ${e.To}`),
    h('td', { 'data-label': 'Windows' }, describe(e)),
    h('td', {}, readOnly ? '' : h('button', { type: 'button', class: 'danger', onclick: () => {
      const next = JSON.parse(JSON.stringify(schedule));
      next.Exceptions.splice(index, 1);
      if (next.Exceptions.length === 0) delete next.Exceptions;
      save(next, null, `Exception ${e.Date || e.From} removed`);
    } }, 'Remove'))));
  const field = (key, label, attributes) => h('label', { for: `exception-${key}` }, label,
    h('input', { id: `exception-${key}`, name: key, 'aria-describedby': `exception-${key}-error`, ...attributes }),
    h('span', { class: 'field-error', id: `exception-${key}-error`, 'aria-live': 'polite' }));
  const form = h('form', { class: 'card', id: 'exception-form', novalidate: true },
    h('h3', {}, 'Add an exception'),
    h('p', { class: 'muted' }, "It replaces the weekly windows on its dates (host time). Past " +
      'exceptions are dropped 30 days after their last day, when the schedule is next saved.'),
    h('div', { class: 'fields' },
      field('From', 'Date (or first date)', { type: 'date', required: true }),
      field('To', 'Last date (optional)', { type: 'date' }),
      h('label', { class: 'check', for: 'exception-Closed' },
        h('input', { type: 'checkbox', id: 'exception-Closed', name: 'Closed', checked: true }),
        'Closed all day'),
      field('Start', 'Or open from (HH:MM)', { placeholder: '22:00' }),
      field('End', 'until (HH:MM, 24:00)', { placeholder: '24:00' })),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add exception')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const e = form.elements;
    const exception = e.To.value && e.To.value !== e.From.value
      ? { From: e.From.value, To: e.To.value } : { Date: e.From.value };
    exception.Windows = e.Closed.checked ? [] : [{ Start: e.Start.value, End: e.End.value }];
    const next = JSON.parse(JSON.stringify(schedule || {}));
    next.Exceptions = (next.Exceptions || []).concat([exception]);
    save(next, form, `Exception ${exception.Date || exception.From} added`);
  });
  return h('section', { id: 'exceptions-card' },
    h('h3', {}, 'Exceptions by date'),
    rows.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'stack', id: 'exceptions' },
      h('thead', {}, h('tr', {}, ['Dates', 'Windows', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))) : h('p', { class: 'muted' }, 'No exception.'),
    readOnly ? '' : form);
}

// Escape or Cancel: the form goes, the focus goes back to what opened it.
function closeWindowForm(form) {
  const opener = form.opener;
  form.remove();
  if (opener && opener.isConnected) opener.focus();
}

function windowForm(onSubmit, initial) {
  const value = { MaxGB: 0, ...(initial || { Day: 'Monday', Start: '19:00', End: '07:00',
                                             Threads: 1, Utilization: 100, MaxMBps: 0 }) };
  const field = (key, label, attributes) => h('label', { for: `window-${key}` }, label,
    h('input', { id: `window-${key}`, name: key, value: value[key],
                 'aria-describedby': `window-${key}-error`, ...attributes }),
    h('span', { class: 'field-error', id: `window-${key}-error`, 'aria-live': 'polite' }));
  // novalidate: the API's message shows next to the field, not the browser's pop-up.
  const form = h('form', { class: 'card', id: 'window-form', novalidate: true },
    h('h3', {}, initial ? 'Edit the window' : 'Add a window'),
    h('div', { class: 'fields' },
      initial
        ? h('label', { for: 'window-Day' }, 'Day', h('select', { id: 'window-Day', name: 'Day' },
          DAYS.map((d) => h('option', { value: d, selected: d === value.Day }, d))))
        : h('fieldset', { class: 'days', id: 'window-days' }, h('legend', {}, 'Days'),
          DAYS.map((d) => h('label', { for: `window-day-${d}` },
            h('input', { type: 'checkbox', id: `window-day-${d}`, name: 'days', value: d,
                         checked: d === value.Day }), d.slice(0, 3))),
          h('button', { type: 'button', id: 'window-weekdays', onclick: (event) => {
            event.target.form.querySelectorAll('input[name=days]').forEach((box) => {
              box.checked = DAYS.indexOf(box.value) < 5;
            });
          } }, 'Mon–Fri')),
      field('Start', 'Start (HH:MM)', { placeholder: '08:00' }),
      field('End', 'End (HH:MM, 24:00; before Start runs past midnight)', { placeholder: '18:00' }),
      field('Threads', 'Threads', { type: 'number', min: 1 }),
      field('Utilization', 'Utilization %', { type: 'number', min: 1, max: 100 }),
      field('MaxMBps', 'Max MB/s (0: no cap)', { type: 'number', min: 0, step: 'any' }),
      field('MaxGB', 'Max GB per occurrence (0: no budget)', { type: 'number', min: 0, step: 'any' })),
    h('p', { class: 'form-error', role: 'alert', id: 'window-error' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save window'),
      h('button', { type: 'button', onclick: () => closeWindowForm(form) }, 'Cancel')));
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeWindowForm(form);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const e = form.elements;
    const days = initial ? [e.Day.value]
      : Array.from(form.querySelectorAll('input[name=days]:checked')).map((box) => box.value);
    if (days.length === 0) {
      form.querySelector('.form-error').textContent = 'Days: choose at least one day.';
      return;
    }
    const window = { Start: e.Start.value, End: e.End.value, Threads: Number(e.Threads.value),
      Utilization: Number(e.Utilization.value), MaxMBps: Number(e.MaxMBps.value) };
    if (Number(e.MaxGB.value) > 0) window.MaxGB = Number(e.MaxGB.value);
    onSubmit(days, window, form);
  });
  return form;
}

// The API names a window by its place in the schedule ("Schedule.Monday[0].Start"); the form
// shows one window, so the message names the field as the form does and sits next to it.
function showWindowError(form, error) {
  form.querySelectorAll('.field-error').forEach((span) => { span.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  general.textContent = '';
  for (const problem of error.errors.length ? error.errors : [{ message: error.message }]) {
    const place = /^(Schedule\.)?([A-Z][a-z]+day\[\d+\]|Exceptions\[\d+\](\.Windows\[\d+\])?)\.?/;
    let key = (problem.field || '').replace(place, '');
    if (key === 'Date') key = 'From';  // the exception form's first date
    const text = problem.message.replace(place, key ? '' : 'This window');
    const control = key && form.elements[key];
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      form.querySelector(`[id$="-${key}-error"]`).textContent = text;
    } else {
      general.textContent = text;
    }
  }
}

const lastChange = new Map();  // target -> {before, what}: the one change Undo reverts

function undoBar(main, target, base) {
  const change = lastChange.get(target);
  if (!change) return '';
  return h('p', { class: 'undo', role: 'status', id: 'undo-bar' }, `${change.what}. `,
    h('button', { type: 'button', id: 'undo-schedule', onclick: async () => {
      lastChange.delete(target);
      if (change.before === null) await api('DELETE', base);
      else await api('PUT', base, change.before);
      toast('Undone');
      renderSchedule(main, target);
    } }, 'Undo'));
}

export async function renderSchedule(main, target = 'global') {
  const receivers = await get('/receivers');
  const base = target === 'global' ? '/schedule' : `/receivers/${encodeURIComponent(target)}/schedule`;
  const schedule = await get(base);
  const globalSchedule = target === 'global' ? schedule : await get('/schedule');
  const status = await get(`${base}/status`);
  const readOnly = target === 'global'
    ? (await get('/status')).Configuration.Schedule !== null
    : (await get(`/receivers/${encodeURIComponent(target)}`)).Source === 'Configuration';

  // Every change can be undone once: the schedule before it is kept for this target.
  const remember = (what) => { lastChange.set(target, { before: schedule, what }); };
  const save = async (next, form, what = 'Schedule saved') => {
    try {
      await api('PUT', base, next);
      remember(what);
      toast(what);
      await renderSchedule(main, target);
      // Saved from a form, or a window removed: Undo is the next thing one may want.
      (main.querySelector('#undo-schedule') || main.querySelector('#add-window'))?.focus();
    } catch (error) {
      if (!(error instanceof ApiError) || !form) throw error;
      showWindowError(form, error);
    }
  };
  const putWindow = (days, window, form, replaceIndex) => {
    const next = JSON.parse(JSON.stringify(schedule || {}));
    if (replaceIndex) next[replaceIndex.day].splice(replaceIndex.index, 1);
    for (const day of days) {
      next[day] = next[day] || [];
      next[day].push({ ...window });
    }
    save(next, form);
  };
  // The grid's edits: the same PUT as the forms, its refusal shown under the grid.
  const fromGrid = async (next, what) => {
    try {
      await api('PUT', base, next);
      remember(what);
      toast(what);
      await renderSchedule(main, target);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      main.querySelector('#grid-error').textContent = error.message;
    }
  };
  const hhmm = (m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const editor = {
    create: (day, from, to) => {
      const next = JSON.parse(JSON.stringify(schedule || {}));
      next[day] = (next[day] || []).concat([{ Start: hhmm(from), End: hhmm(to) }]);
      fromGrid(next, `Window ${day} ${hhmm(from)}–${hhmm(to)} added`);
    },
    move: (day, index, from, to) => {
      const next = JSON.parse(JSON.stringify(schedule));
      next[day][index] = { ...next[day][index], Start: hhmm(from), End: hhmm(to) };
      fromGrid(next, `Window ${day} moved to ${hhmm(from)}–${hhmm(to)}`);
    },
    open: (day, index) => {
      main.querySelector(`#windows tr[data-day="${day}"][data-index="${index}"] button`)?.click();
    },
  };
  const list = DAYS.flatMap((day) => ((schedule || {})[day] || []).map((w, index) =>
    h('tr', { dataset: { day, index } },
      h('td', { 'data-label': 'Day' }, day), h('td', { 'data-label': 'Start' }, w.Start),
      h('td', { 'data-label': 'End' }, w.End), h('td', { 'data-label': 'Threads' }, w.Threads),
      h('td', { 'data-label': 'Utilization' }, `${w.Utilization} %`),
      h('td', { 'data-label': 'Max MB/s' }, w.MaxMBps || 'no cap'),
      h('td', { 'data-label': 'Max GB' }, w.MaxGB || 'no budget'),
      h('td', {}, readOnly ? '' : h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: (event) => {
          main.querySelector('#window-form')?.remove();
          const form = windowForm(
            (d, nw, f) => putWindow(d, nw, f, { day, index }), { Day: day, ...w });
          form.opener = event.currentTarget;
          main.querySelector('#schedule-grid').after(form);
          form.querySelector('input').focus();
        } }, 'Edit'),
        h('button', { type: 'button', class: 'danger', onclick: () => {
          const next = JSON.parse(JSON.stringify(schedule));
          next[day].splice(index, 1);
          if (next[day].length === 0) delete next[day];
          save(next, null, `Window ${day} ${w.Start}–${w.End} removed`);
        } }, 'Remove'))))));

  replace(main,
    h('div', { class: 'toolbar' },
      h('h2', {}, 'Schedule'),
      h('label', { for: 'schedule-target' }, 'For',
        h('select', { id: 'schedule-target', onchange: (e) => {
          location.hash = `#schedule/${encodeURIComponent(e.target.value)}`;
        } }, h('option', { value: 'global', selected: target === 'global' }, 'the whole PACS (global)'),
          receivers.map((id) => h('option', { value: id, selected: id === target }, `Receiver ${id}`))))),
    h('p', { id: 'schedule-status' },
      h('span', { class: status.Open ? 'open' : 'closed' }, status.Open ? 'Open now' : 'Closed now'),
      status.NextChange ? ` · next change ${formatTime(status.NextChange)}` : '',
      schedule === null ? ' · no schedule: always open' : '',
      (status.Budgets || []).map((b) => h('span', { class: 'budget' },
        ` · ${b.Schedule === 'Global' ? 'global ' : ''}budget ${b.SpentGB.toFixed(3)} of ` +
        `${b.MaxGB} GB spent, ${b.RemainingGB.toFixed(3)} GB left`))),
    grid(schedule, target === 'global' ? null : globalSchedule, readOnly ? null : editor),
    h('p', { class: 'form-error', role: 'alert', id: 'grid-error' }),
    readOnly ? '' : h('p', { class: 'muted' }, 'Drag across a day to add a window; drag its ends ' +
      'to move them; Tab to a window and press Enter to edit its values.'),
    target !== 'global' && globalSchedule ? h('p', { class: 'muted legend' },
      h('span', { class: 'swatch global-closed' }), ' closed by the global schedule: this ' +
      'Receiver is open only where its windows and the global schedule both are.') : '',
    readOnly ? h('p', { class: 'muted' }, 'This schedule comes from the configuration file.')
      : h('div', { class: 'actions', style: 'margin:.75rem 0' },
        h('button', { type: 'button', class: 'primary', id: 'add-window', onclick: (event) => {
          main.querySelector('#window-form')?.remove();
          const form = windowForm((d, w, f) => putWindow(d, w, f));
          form.opener = event.currentTarget;
          main.querySelector('#schedule-grid').after(form);
          main.querySelector('#window-days input').focus();
        } }, 'Add a window'),
        schedule === null ? '' : h('button', { type: 'button', id: 'clear-schedule', onclick: async () => {
          const whose = target === 'global' ? 'the whole PACS' : `Receiver ${target}`;
          if (!window.confirm(`Remove every window of ${whose}? It is then open at all times ` +
                              '(you can undo this).')) return;
          await api('DELETE', base);
          remember('Schedule removed: always open');
          toast('Always open');
          renderSchedule(main, target);
        } }, 'No schedule (always open)')),
    undoBar(main, target, base),
    list.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'stack', id: 'windows' },
      h('thead', {}, h('tr', {}, ['Day', 'Start', 'End', 'Threads', 'Utilization', 'Max MB/s', 'Max GB', '']
        .map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, list))) : '',
    exceptionsCard(schedule, readOnly, save));
  return null;
}
