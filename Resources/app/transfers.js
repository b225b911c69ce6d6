// Transfers: a live table (every 2 s, rows replaced in one step so nothing flickers), with
// filters, progress, rate, ETA, and the controls.
import { api, get } from './api.js';
import { h, replace, toast, megabytes } from './dom.js';
import { formatTime, hostNowMs } from './clock.js';

const STATES = ['Queued', 'Running', 'Paused', 'Succeeded', 'Failed', 'Canceled'];

function progress(t) {
  const fraction = t.InstancesTotal ? t.InstancesSent / t.InstancesTotal : (t.State === 'Succeeded' ? 1 : 0);
  return h('div', {},
    h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
               'aria-valuenow': Math.round(fraction * 100) },
      h('div', { style: `width:${(fraction * 100).toFixed(1)}%` })),
    h('span', { class: 'muted' }, `${t.InstancesSent}/${t.InstancesTotal} · ` +
      `${megabytes(t.BytesSent)}/${megabytes(t.BytesTotal)}`));
}

function eta(t) {
  if (t.State !== 'Running' || !t.AverageMBps) return '';
  const seconds = (t.BytesTotal - t.BytesSent) / 1e6 / t.AverageMBps;
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

// "window closed until Sat 28 Nov 00:00", "retry 2 of 5 at Sat 28 Nov 09:17", "waiting for a
// thread (2 of 2 busy)": the API's reason, with its time in host time.
function waiting(t) {
  if (!t.Waiting) return null;
  const { Reason, Until } = t.Waiting;
  const when = Until && Reason !== 'starting'
    ? `${Reason.startsWith('retry') ? ' at' : ' until'} ${formatTime(Until)}` : '';
  return h('div', { class: 'muted waiting' }, `${Reason}${when}`);
}

// The study in words: patient, accession, description, modalities; then the level.
function what(t) {
  const study = t.Study;
  if (!study) return t.Level;
  const patient = (study.PatientName || '').replace(/\^/g, ' ').trim();
  const more = study.Studies > 1 ? ` (+${study.Studies - 1} more studies)` : '';
  return h('div', { class: 'what' },
    h('div', {}, patient || study.PatientID || '', study.PatientID && patient
      ? h('span', { class: 'muted' }, ` · ${study.PatientID}`) : null),
    h('div', {}, [study.AccessionNumber && `Acc. ${study.AccessionNumber}`, study.StudyDescription,
      (study.Modalities || []).join('/')].filter((x) => x).join(' · ') + more),
    h('div', { class: 'muted' }, t.Level));
}

function duration(seconds) {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

// Created, started and finished in host time; how long it has waited (or waited) in the queue.
function times(t) {
  const started = t.Started ? Date.parse(t.Started) : null;
  const queued = ((started || hostNowMs()) - Date.parse(t.Created)) / 1000;
  return h('div', { class: 'times' },
    h('div', {}, `created ${formatTime(t.Created)}`),
    t.Started ? h('div', {}, `started ${formatTime(t.Started)}`) : null,
    t.Finished ? h('div', {}, `finished ${formatTime(t.Finished)}`) : null,
    h('div', { class: 'muted' }, `${t.Started ? 'queued' : 'in the queue'} ${duration(Math.max(0, queued))}`));
}

// Running: the rate now. Finished: the rate while sending, and the time spent waiting
// (duty cycle, bandwidth cap) apart.
function rate(t) {
  if (t.State === 'Running') return t.AverageMBps ? `${t.AverageMBps.toFixed(1)} MB/s` : '';
  if (!t.SendingMBps) return '';
  return h('div', {}, `${t.SendingMBps.toFixed(1)} MB/s sending`,
    t.IdleSeconds >= 0.5 ? h('div', { class: 'muted' }, `waited ${duration(t.IdleSeconds)}`) : null);
}

function controls(t, refresh) {
  const act = (verb) => async () => {
    // XNAT was answered Success when its C-MOVE was queued: a cancel is never reported to it.
    if (verb === 'cancel' && t.Origin === 'C-MOVE' && t.State !== 'Running' &&
        !window.confirm(`Transfer ${t.Id} came from a C-MOVE that ${t.CallingAET || 'the XNAT'} ` +
          'was already told succeeded. If you cancel it, that XNAT never receives the ' +
          `${t.InstancesTotal - t.InstancesSent} instances left, and is not told. Cancel it?`)) {
      return;
    }
    try { await api('POST', `/transfers/${t.Id}/${verb}`); toast(`Transfer ${t.Id}: ${verb}`); }
    catch (error) { toast(error.message); }
    refresh();
  };
  // The API says what this Transfer allows now; the page repeats no rule of its own.
  const allowed = new Set(t.Actions || []);
  const buttons = ['Pause', 'Resume', 'Cancel', 'Retry'].filter((action) => allowed.has(action))
    .map((action) => [action.toLowerCase(), action]);
  const priority = h('input', { type: 'number', value: t.Priority, id: `priority-${t.Id}`,
                                style: 'width:4.5em', disabled: !allowed.has('Priority') });
  priority.addEventListener('change', async () => {
    try { await api('PUT', `/transfers/${t.Id}/priority`, { Priority: Number(priority.value) }); }
    catch (error) { toast(error.message); }
    refresh();
  });
  return h('div', { class: 'actions' }, buttons.map(([verb, label]) =>
    h('button', { type: 'button', dataset: { action: verb }, onclick: act(verb) }, label)),
    h('label', { for: `priority-${t.Id}`, class: 'priority' }, 'Priority', priority));
}

function row(t, refresh) {
  return h('tr', { dataset: { id: t.Id, state: t.State }, tabindex: '-1' },
    h('td', { 'data-label': 'Id' }, t.Id),
    h('td', { 'data-label': 'State', class: 'state' }, t.State, waiting(t)),
    h('td', { 'data-label': 'Receiver' }, t.Receiver || (t.Modality ? `modality ${t.Modality}` : '')),
    h('td', { 'data-label': 'Caller' }, t.CallingAET
      ? `${t.CallingAET}${t.CalledAET ? ` → ${t.CalledAET}` : ''}` : t.Origin),
    h('td', { 'data-label': 'What' }, what(t)),
    h('td', { 'data-label': 'Progress' }, progress(t)),
    h('td', { 'data-label': 'Rate', class: rate(t) ? '' : 'empty' }, rate(t)),
    h('td', { 'data-label': 'Times' }, times(t)),
    h('td', { 'data-label': 'ETA', class: eta(t) ? '' : 'empty' }, eta(t)),
    h('td', { 'data-label': 'Error', class: t.Error || t.LastError || t.Retry ? '' : 'empty' },
      t.Error || t.LastError || '',
      t.Retry ? h('div', { class: 'muted' }, t.Retry) : null),
    h('td', { 'data-label': 'Control' }, controls(t, refresh)));
}

// #transfers/<id> marks that Transfer (Orthanc Explorer's send to a Receiver lands here).
export async function renderTransfers(main, selected) {
  const receivers = await get('/receivers');
  const stateFilter = h('select', { id: 'filter-state' }, h('option', { value: '' }, 'any'),
    STATES.map((s) => h('option', { value: s }, s)));
  const receiverFilter = h('select', { id: 'filter-receiver' }, h('option', { value: '' }, 'any'),
    receivers.map((id) => h('option', { value: id }, id)));
  const body = h('tbody', {});
  const note = h('p', { class: 'muted', 'aria-live': 'polite' });
  let timer = null;
  let stopped = false;
  let last = '';
  const refresh = async () => {
    clearTimeout(timer);
    const query = new URLSearchParams({ limit: '200' });
    if (stateFilter.value) query.set('state', stateFilter.value);
    if (receiverFilter.value) query.set('receiver', receiverFilter.value);
    try {
      const transfers = await get(`/transfers?${query}`);
      const signature = JSON.stringify(transfers);
      const focused = document.activeElement;
      const editing = body.contains(focused) && focused.tagName === 'INPUT'
        ? focused.closest('tr') : null;
      if (signature !== last && editing) {
        // Someone is typing a priority: that row stays in the page (and keeps the box and the
        // focus); every other row, and that row's other cells, are refreshed around it.
        last = signature;
        const rows = transfers.map((t) => row(t, refresh));
        const index = rows.findIndex((r) => r.dataset.id === editing.dataset.id);
        if (index >= 0) {
          Array.from(rows[index].children).forEach((cell, i) => {
            if (cell.dataset.label !== 'Control') editing.children[i].replaceWith(cell);
          });
          editing.dataset.state = rows[index].dataset.state;
          rows[index] = editing;
        }
        Array.from(body.children).forEach((r) => { if (r !== editing) r.remove(); });
        rows.forEach((r, i) => {
          if (r === editing) return;
          if (index < 0 || i > index) body.append(r);
          else body.insertBefore(r, editing);
        });
        if (index < 0) editing.remove();
      } else if (signature !== last) {  // unchanged: leave the rows alone
        last = signature;
        // Keep the keyboard where it was: the same control of the same Transfer.
        const focusedRow = body.contains(focused) ? focused.closest('tr')?.dataset.id : null;
        const focusedAction = focusedRow ? focused.dataset.action : null;
        body.replaceChildren(...transfers.map((t) => row(t, refresh)));
        const mark = selected && body.querySelector(`tr[data-id="${CSS.escape(selected)}"]`);
        if (mark) {
          mark.classList.add('selected');
          mark.setAttribute('aria-current', 'true');
        }
        if (focusedRow) {
          const again = body.querySelector(`tr[data-id="${focusedRow}"] ` +
            (focusedAction ? `[data-action="${focusedAction}"]` : 'button'));
          // The button pressed is gone (Pause became Resume): the row takes the focus, so
          // that the same key press cannot land on the opposite action.
          (again || body.querySelector(`tr[data-id="${focusedRow}"]`))?.focus();
        }
      }
      note.textContent = transfers.length ? '' : 'No Transfer matches.';
    } catch (error) {
      note.textContent = error.message;
    }
    if (!stopped) timer = setTimeout(refresh, 2000);
  };
  stateFilter.addEventListener('change', () => { last = ''; refresh(); });
  receiverFilter.addEventListener('change', () => { last = ''; refresh(); });
  replace(main,
    h('div', { class: 'toolbar' }, h('h2', {}, 'Transfers'),
      h('label', { for: 'filter-state' }, 'State', stateFilter),
      h('label', { for: 'filter-receiver' }, 'Receiver', receiverFilter)),
    h('div', { class: 'table-wrap' }, h('table', { class: 'stack', id: 'transfers' },
      h('thead', {}, h('tr', {}, ['Id', 'State', 'Receiver', 'Caller', 'What', 'Progress', 'Rate',
        'Times', 'ETA', 'Error', 'Control'].map((t) => h('th', { scope: 'col' }, t)))), body)),
    note);
  await refresh();
  return () => { stopped = true; clearTimeout(timer); };
}
