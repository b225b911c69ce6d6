// Test a C-MOVE: where a C-MOVE with three AE Titles would go, and why (GET /route).
import { get, ApiError } from './api.js';
import { h, replace } from './dom.js';

const FIELDS = [
  ['called', 'Called AE Title (the PACS, as the XNAT names it)'],
  ['calling', 'Calling AE Title (the XNAT)'],
  ['destination', 'Move destination (the XNAT receiver)'],
];

const ACTIONS = {
  Send: 'sends now, inside the C-MOVE',
  Wait: 'waits for a free thread',
  Queue: 'answers at once and queues the Transfer',
  Refuse: 'refuses the C-MOVE',
};

const WEB_ACTIONS = {
  Send: 'would be served now',
  Wait: 'would wait for a free thread',
  Unavailable: 'would get 503 Service Unavailable',
};

// What a DICOMweb retrieve under the Receiver's root would get now; why it cannot queue.
function dicomWebLine(web) {
  const retry = web.RetryAfterSeconds === null ? '' : `, Retry-After ${web.RetryAfterSeconds} s`;
  return h('p', { id: 'route-dicomweb' },
    `Over DICOMweb (${web.Root}), a retrieve ${WEB_ACTIONS[web.Action] || web.Action}` +
    `${web.Action === 'Send' ? '' : `: ${web.Reason}${retry}`}.`,
    web.OutsideWindow ? h('span', { class: 'muted' }, ` Note: ${web.OutsideWindow}.`) : null);
}

function verdict(answer) {
  const target = answer.Receiver ? `Receiver ${answer.Receiver}`
    : answer.Modality ? `Orthanc's modality ${answer.Modality}` : 'nowhere';
  const where = answer.Target ? ` (${answer.Target.AET} at ${answer.Target.Host}:` +
    `${answer.Target.Port})` : '';
  return h('div', { class: 'card', id: 'route-result', dataset: { outcome: answer.Outcome } },
    h('p', {}, h('strong', {}, `Goes to ${target}${where}. `),
      `Right now the plugin ${ACTIONS[answer.Action] || answer.Action}: ${answer.ActionReason}.`),
    answer.Reason ? h('p', { class: 'closed' }, `Refused: ${answer.Reason}`) : null,
    answer.Schedule ? h('p', {}, 'Schedule: ',
      h('span', { class: answer.Schedule.Open ? 'open' : 'closed' },
        answer.Schedule.Open ? 'open' : 'closed'),
      answer.Schedule.NextChange ? ` until ${answer.Schedule.NextChange}` : '') : null,
    answer.DicomWeb ? dicomWebLine(answer.DicomWeb) : null,
    answer.Candidates.length === 0 ? h('p', { class: 'muted' },
      'No Receiver has this destination AE Title.')
      : h('table', { id: 'route-candidates', class: 'stack' },
        h('thead', {}, h('tr', {}, ['Receiver', 'Kept', 'Why'].map((t) =>
          h('th', { scope: 'col' }, t)))),
        h('tbody', {}, answer.Candidates.map((c) => h('tr', { dataset: { id: c.Receiver } },
          h('td', { 'data-label': 'Receiver' }, c.Receiver),
          h('td', { 'data-label': 'Kept' }, c.Kept ? 'yes' : 'no'),
          h('td', { 'data-label': 'Why' }, c.Reason))))));
}

export async function renderRoute(main) {
  const result = h('div', { id: 'route-output' });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card', id: 'route-form', novalidate: true },
    h('p', {}, 'Why did an XNAT get nothing? Enter the three AE Titles of its C-MOVE.'),
    h('div', { class: 'fields' }, FIELDS.map(([name, label]) =>
      h('label', { for: `route-${name}` }, label,
        h('input', { id: `route-${name}`, name, type: 'text', value: name === 'called' ? '' : 'XNAT' })))),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Test')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = FIELDS.map(([name]) =>
      `${name}=${encodeURIComponent(form.elements[name].value)}`).join('&');
    error.textContent = '';
    try {
      replace(result, verdict(await get(`/route?${query}`)));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(result);
      error.textContent = e.message;
    }
  });
  replace(main, h('h2', {}, 'Test a C-MOVE'), form, result);
  return null;
}
