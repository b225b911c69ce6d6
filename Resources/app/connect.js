// Connect an XNAT: the values the XNAT administrator enters, with copy buttons.
import { get } from './api.js';
import { h, replace, toast } from './dom.js';

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied');
  } catch (e) {
    toast('Select the text and copy it by hand');
  }
}

function section(title, explanation, value, id) {
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return h('section', { class: 'card', id },
    h('div', { class: 'toolbar' }, h('h3', {}, title),
      h('button', { type: 'button', onclick: () => copy(text) }, `Copy ${title}`)),
    h('p', { class: 'muted' }, explanation),
    h('pre', {}, text));
}

// Why the XNAT must use exactly this AE Title for the PACS, in one sentence.
function whyThisAeTitle(receiver, pacs) {
  if (receiver.PacsAET) {
    return `Enter ${pacs.aeTitle} as the PACS AE Title in this XNAT: the PACS tells this XNAT ` +
      'apart from others that use the same AE Titles by the AE Title it calls the PACS by.';
  }
  return `Enter ${pacs.aeTitle}, the PACS's own AE Title; this Receiver has no PACS AE Title ` +
    'of its own, so it answers whatever AE Title the XNAT calls the PACS by.';
}

export async function renderConnect(main, id) {
  const path = `/receivers/${encodeURIComponent(id)}`;
  const [settings, receiver] = await Promise.all([get(`${path}/xnat-settings`), get(path)]);
  const pacs = settings.Pacs;
  replace(main,
    h('h2', {}, `Connect an XNAT: ${id}`),
    h('div', { class: 'card' }, h('p', {}, 'In XNAT: Administer › Plugin Settings › DICOM ' +
      'Query-Retrieve › Add New DICOM AE, with these values:'),
      h('p', { id: 'connect-why' }, whyThisAeTitle(receiver, pacs)),
      h('table', { id: 'connect-summary' }, h('tbody', {},
        [['AE Title', pacs.aeTitle], ['Host', pacs.host], ['Port', pacs.queryRetrievePort],
         ['Label', pacs.label], ['Queryable', pacs.queryable ? 'yes' : 'no'],
         ['Storable', pacs.storable ? 'yes' : 'no'],
         ['XNAT receiver AE Title', settings.ScpReceiver.aeTitle],
         ['XNAT receiver port', settings.ScpReceiver.port]]
          .map(([name, value]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, value)))))),
    section('Pacs', 'The body XNAT DQR accepts at POST /xapi/pacs.', pacs, 'connect-pacs'),
    section('ScpReceiver', 'The DICOM SCP receiver the XNAT must run.', settings.ScpReceiver,
            'connect-scp'),
    section('Availability', "The Receiver's schedule in XNAT's availability format.",
            settings.Availability, 'connect-availability'),
    section('Curl', 'Registers this Orthanc in an XNAT (replace the URL and the credentials).',
            settings.Curl, 'connect-curl'),
    section('OrthancModality', "What the plugin keeps in Orthanc's DicomModalities.",
            settings.OrthancModality, 'connect-modality'),
    h('a', { class: 'button', href: '#receivers' }, 'Back to the Receivers'));
  return null;
}
