// Receivers: the table, the add and edit form (with the API's messages next to the fields),
// echo, delete.
import { api, get, ApiError } from './api.js';
import { h, replace, toast } from './dom.js';
import { formatTime, hostNowMs } from './clock.js';


const FIELDS = [
  { key: 'Id', label: 'Id', type: 'text', hint: 'a-z, 0-9 and -' },
  { key: 'Label', label: 'Label', type: 'text', optional: true },
  { key: 'AET', label: 'AE Title', type: 'text' },
  { key: 'PacsAET', label: 'PACS AE Title for this XNAT (optional)', type: 'text',
    optional: true, hint: 'any' },
  { key: 'Host', label: 'Host (no http://)', type: 'text' },
  { key: 'Port', label: 'Port', type: 'number' },
  { key: 'CallingAETs', label: 'Calling AE Titles (comma-separated)', type: 'list' },
  { key: 'CallingAddresses', label: 'Calling addresses (IPs or ranges, comma-separated)',
    type: 'list', hint: 'any; needs Orthanc 1.12.10+' },
  { key: 'HttpUsers', label: 'DICOMweb: HTTP users of this XNAT (comma-separated)',
    type: 'list', hint: "kept to this Receiver's DICOMweb root" },
  { key: 'HttpAddresses', label: 'DICOMweb: HTTP addresses of this XNAT (IPs or ranges)',
    type: 'list', hint: "kept to this Receiver's DICOMweb root" },
  { key: 'LocalAet', label: 'Sends as AE Title (optional)', type: 'text', optional: true,
    hint: 'the AE Title this XNAT calls the PACS by' },
  { key: 'Timeout', label: 'Timeout (s)', type: 'number' },
  { key: 'Weight', label: 'Weight (share of the PACS-wide caps)', type: 'number' },
  { key: 'OutsideWindow', label: 'Outside the schedule', type: 'select',
    options: ['Queue', 'Refuse'] },
  { key: 'Queryable', label: 'Queryable', type: 'check' },
  { key: 'Storable', label: 'Storable', type: 'check' },
  { key: 'Enabled', label: 'Enabled', type: 'check' },
  { key: 'UseDicomTls', label: 'DICOM TLS', type: 'check' },
];

function input(field, value) {
  const id = `field-${field.key}`;
  const error = h('span', { class: 'field-error', id: `${id}-error`, 'aria-live': 'polite' });
  let control;
  if (field.type === 'check') {
    control = h('input', { type: 'checkbox', id, name: field.key, checked: !!value });
    return h('label', { class: 'check', for: id }, control, field.label, error);
  }
  if (field.type === 'select') {
    control = h('select', { id, name: field.key, 'aria-describedby': `${id}-error` },
                field.options.map((option) =>
                  h('option', { value: option, selected: option === value }, option)));
  } else {
    control = h('input', {
      id, name: field.key, type: field.type === 'number' ? 'number' : 'text',
      value: field.type === 'list' ? (value || []).join(', ') : (value ?? ''),
      'aria-describedby': `${id}-error`, placeholder: field.hint,
    });
  }
  return h('label', { for: id }, field.label, control, error);
}

function readForm(form) {
  const body = {};
  for (const field of FIELDS) {
    const control = form.elements[field.key];
    if (field.type === 'check') body[field.key] = control.checked;
    else if (field.type === 'number') {
      if (control.value !== '') body[field.key] = Number(control.value);
    } else if (field.type === 'list') {
      body[field.key] = control.value.split(',').map((s) => s.trim()).filter((s) => s);
    } else if (control.value !== '' || !field.optional) body[field.key] = control.value;
  }
  return body;
}

// A 409 that comes with a free PacsAET: one click fills it in and saves again.
function offerSuggestion(form, error) {
  const pacsAet = error.suggestion && error.suggestion.PacsAET;
  if (!pacsAet) return;
  const general = form.querySelector('.form-error');
  general.append(' ', h('button', { type: 'button', id: 'apply-suggestion', onclick: () => {
    form.elements.PacsAET.value = pacsAet;
    form.requestSubmit();
  } }, `Use PACS AE Title ${pacsAet}`),
  h('span', { class: 'muted' }, ' (this XNAT then enters it as the PACS AE Title)'));
}

// Every problem the API found, each next to its field; conflicts next to the field they are
// about, with the suggested fix below the form.
function showError(form, error) {
  form.querySelectorAll('.field-error').forEach((span) => { span.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  general.textContent = '';
  const problems = error.status === 409 ? [{ field: error.field, message: error.message }]
                                        : error.errors;
  let first = null;
  const elsewhere = [];
  for (const problem of problems.length ? problems : [{ message: error.message }]) {
    const key = problem.field && problem.field.split(/[.[]/)[0];
    const control = key && form.elements[key];
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      const span = form.querySelector(`#field-${key}-error`);
      span.textContent = span.textContent ? `${span.textContent} ${problem.message}` : problem.message;
      first = first || control;
    } else {
      elsewhere.push(problem.message);
    }
  }
  general.textContent = elsewhere.join(' ');
  if (error.status === 409) offerSuggestion(form, error);
  if (first) first.focus();
}

// Closes the form and gives the focus back to what opened it.
function closeForm(form, opener) {
  form.remove();
  if (opener && opener.isConnected) opener.focus();
}

// existing: the Receiver to edit (null: add one); prefill: values that replace the defaults
// (or the Receiver's own), as a refusal's suggestion gives them.
function receiverForm(main, existing, opener, prefill = {}) {
  const values = { ...(existing || { Queryable: true, Storable: false, Enabled: true,
                                     Timeout: 10, Weight: 1, OutsideWindow: 'Queue' }),
                   ...prefill };
  const form = h('form', { class: 'card', id: 'receiver-form', novalidate: true },
    h('h2', {}, existing ? `Edit ${existing.Id}` : 'Add an XNAT'),
    h('div', { class: 'fields' }, FIELDS.map((field) => input(field, values[field.key]))),
    h('p', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, existing ? 'Save' : 'Add'),
      h('button', { type: 'button', onclick: () => closeForm(form, opener) }, 'Cancel')));
  if (existing) form.elements.Id.readOnly = true;
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeForm(form, opener);
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = readForm(form);
    if (existing && existing.Schedule) body.Schedule = existing.Schedule;
    try {
      if (existing) await api('PUT', `/receivers/${encodeURIComponent(existing.Id)}`, body);
      else await api('POST', '/receivers', body);
      toast(`Receiver ${body.Id} saved`);
      await renderReceivers(main);
      main.querySelector(`#receivers tr[data-id="${CSS.escape(body.Id)}"]`)?.focus();
    } catch (error) {
      if (error instanceof ApiError) showError(form, error);
      else throw error;
    }
  });
  return form;
}

async function remove(main, receiver) {
  if (!confirm(`Delete Receiver ${receiver.Id}? Its Orthanc modality entries go too.`)) return;
  try {
    await api('DELETE', `/receivers/${encodeURIComponent(receiver.Id)}`);
  } catch (error) {
    // 409: Transfers are still queued, running or paused for this Receiver.
    if (!(error instanceof ApiError) || error.status !== 409 ||
        !confirm(`Receiver ${receiver.Id} still has Transfers that are queued, running or ` +
                 'paused. Delete it anyway? Those Transfers are cancelled, and their XNAT does ' +
                 'not receive what they had left to send.')) {
      toast(error.message);
      return;
    }
    await api('DELETE', `/receivers/${encodeURIComponent(receiver.Id)}`, undefined,
              { 'X-Force': 'true' });
  }
  toast(`Receiver ${receiver.Id} deleted`);
  await renderReceivers(main);
  main.querySelector('#add-receiver')?.focus();  // the row is gone
}

// "reachable" is the last C-ECHO (kept by the plugin), apart from "open" (the schedule).
function echoText(echo) {
  if (!echo) return h('span', { class: 'muted' }, 'not checked yet');
  return h('span', { class: echo.Success ? 'open' : 'closed' },
    echo.Success ? `reachable, ${echo.Text}` : `not reachable: ${echo.Text}`,
    h('span', { class: 'muted' }, ` (${formatTime(echo.Time)})`));
}

async function echo(receiver, cell) {
  cell.textContent = 'echo…';
  const result = await api('POST', `/receivers/${encodeURIComponent(receiver.Id)}/echo`);
  const glance = await get('/glance');
  cell.replaceChildren(echoText((glance[receiver.Id] || {}).LastEcho ||
    { Success: result.Success, Text: result.Error || `${result.Milliseconds} ms` }));
}

function age(iso) {
  const seconds = Math.max(0, (hostNowMs() - Date.parse(iso)) / 1000);
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

const REASONS = { keys: 'bad keys', unknown_destination: 'unknown destination',
                  not_routed: 'not routed', outside_window: 'outside the schedule',
                  no_thread: 'no free thread' };

function row(main, receiver, glance) {
  const g = glance || {};
  const echoCell = h('td', { 'data-label': 'Reachable' }, echoText(g.LastEcho));
  const open = h('span', { class: g.Open ? 'open' : 'closed' }, g.Open ? 'open' : 'closed',
    g.NextChange ? h('span', { class: 'muted' }, ` until ${formatTime(g.NextChange)}`) : '');
  const queue = g.Waiting
    ? h('span', {}, `${g.Waiting} waiting`, h('span', { class: 'muted' }, `, oldest ${age(g.OldestWaiting)}`))
    : h('span', { class: 'muted' }, 'none waiting');
  const refused = Object.entries(g.Refused24h || {});
  const yes = (value) => (value ? 'yes' : 'no');
  return h('tr', { dataset: { id: receiver.Id }, tabindex: '-1' },
    h('td', { 'data-label': 'Id' }, receiver.Id),
    h('td', { 'data-label': 'Label' }, receiver.Label),
    h('td', { 'data-label': 'AE Title' }, receiver.AET),
    h('td', { 'data-label': 'PACS AE Title' },
      receiver.PacsAET || h('span', { class: 'muted' }, 'any')),
    h('td', { 'data-label': 'Host:Port' }, `${receiver.Host}:${receiver.Port}`),
    h('td', { 'data-label': 'Queryable' }, yes(receiver.Queryable)),
    h('td', { 'data-label': 'Storable' }, yes(receiver.Storable)),
    h('td', { 'data-label': 'Enabled' }, yes(receiver.Enabled)),
    h('td', { 'data-label': 'Schedule' }, open),
    echoCell,
    h('td', { 'data-label': 'Queue' }, queue),
    h('td', { 'data-label': 'Last sent' },
      g.LastSent ? formatTime(g.LastSent) : h('span', { class: 'muted' }, 'never')),
    h('td', { 'data-label': 'Refused (24 h)' }, refused.length
      ? refused.map(([reason, n]) => h('div', {}, `${n} ${REASONS[reason] || reason}`))
      : h('span', { class: 'muted' }, 'none')),
    h('td', { 'data-label': 'Actions' }, h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => echo(receiver, echoCell) }, 'Echo'),
      h('a', { class: 'button', href: `#connect/${encodeURIComponent(receiver.Id)}` },
        'Connect an XNAT'),
      h('a', { class: 'button', href: `#schedule/${encodeURIComponent(receiver.Id)}` },
        'Schedule'),
      h('a', { class: 'button', href: `#history/${encodeURIComponent(receiver.Id)}` },
        'History'),
      receiver.Source === 'Api'
        ? [h('button', { type: 'button', onclick: (event) => {
             main.querySelector('#receiver-form')?.remove();
             main.prepend(receiverForm(main, receiver, event.currentTarget));
             main.querySelector('#field-Label').focus();
           } }, 'Edit'),
           h('button', { type: 'button', class: 'danger', onclick: () => remove(main, receiver) },
             'Delete')]
        : h('span', { class: 'muted' }, 'from the configuration file'))));
}

// The C-MOVEs turned away that no Receiver took (GET /refusals), each with the change that
// lets it through: "Register this XNAT" opens the Add form filled in from it.
function refusalsCard(main, refusals, receivers) {
  if (refusals.length === 0) return null;
  const act = (refusal, button) => {
    main.querySelector('#receiver-form')?.remove();
    const existing = refusal.Action === 'Edit'
      ? receivers.find((r) => r.Id === refusal.Receiver) : null;
    main.prepend(receiverForm(main, existing, button, refusal.Fields));
    main.querySelector(existing ? '#receiver-form button.primary' : '#field-Id').focus();
  };
  return h('section', { class: 'card', id: 'refusals', 'aria-labelledby': 'refusals-title' },
    h('h2', { id: 'refusals-title' }, 'Turned away (7 days): C-MOVEs no Receiver took'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'stack' },
      h('thead', {}, h('tr', {}, ['Called', 'Calling', 'Destination', 'Address', 'Count',
        'Last', 'Why', 'What to do', ''].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, refusals.map((refusal) => h('tr', {},
        h('td', { 'data-label': 'Called' }, refusal.Called),
        h('td', { 'data-label': 'Calling' }, refusal.Calling),
        h('td', { 'data-label': 'Destination' }, refusal.Destination),
        h('td', { 'data-label': 'Address' }, refusal.Address || '—'),
        h('td', { 'data-label': 'Count' }, String(refusal.Count)),
        h('td', { 'data-label': 'Last' }, formatTime(refusal.Last)),
        h('td', { 'data-label': 'Why' }, refusal.Reason),
        h('td', { 'data-label': 'What to do' }, refusal.Suggestion),
        h('td', {}, refusal.Action === 'Register' || refusal.Action === 'Edit'
          ? h('button', { type: 'button', onclick: (event) => act(refusal, event.target) },
              refusal.Action === 'Register' ? 'Register this XNAT' : `Edit ${refusal.Receiver}`)
          : null)))))));
}

export async function renderReceivers(main) {
  const [receivers, glance, refused] = await Promise.all(
    [get('/receivers?expand'), get('/glance'), get('/refusals')]);
  const add = h('button', { type: 'button', class: 'primary', id: 'add-receiver', onclick: () => {
    main.querySelector('#receiver-form')?.remove();
    main.prepend(receiverForm(main, null, add));
    main.querySelector('#field-Id').focus();
  } }, 'Add an XNAT');
  replace(main,
    h('div', { class: 'toolbar' }, h('h2', {}, 'Receivers'), add),
    receivers.length === 0
      ? h('p', {}, 'No XNAT is registered yet.')
      : h('div', { class: 'table-wrap' }, h('table', { class: 'stack', id: 'receivers' },
          h('thead', {}, h('tr', {}, ['Id', 'Label', 'AE Title', 'PACS AE Title', 'Host:Port', 'Queryable',
            'Storable', 'Enabled', 'Schedule', 'Reachable', 'Queue', 'Last sent', 'Refused (24 h)', '']
            .map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, receivers.map((r) => row(main, r, glance[r.Id]))))),
    refusalsCard(main, refused.Refusals, receivers));
  return null;
}
