// Schedule: a weekly grid (7 days x 24 h) of Windows, per Receiver and global, with a line for
// "now"; Windows are added, edited and removed through the API, which validates them.
import { api, get, ApiError } from './api.js';
import { h, replace, toast } from './dom.js';
import { formatTime } from './clock.js';
import { DAYS, grid } from './schedule-grid.js';
import { exceptionsCard } from './schedule-exceptions.js';

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
