// Exceptions by date on the schedule view.
import { h } from './dom.js';

// Exceptions by date: the list with Remove, and a form to add one (a date or a run of dates,
// closed or one window).
export function exceptionsCard(schedule, readOnly, save) {
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

