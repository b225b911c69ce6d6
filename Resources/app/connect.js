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

// One XNAT screen's values, each with its own copy button.
function valuesTable(id, rows) {
  return h('table', { id, class: 'values' }, h('tbody', {}, rows.map(([name, value]) =>
    h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, String(value)),
      h('td', {}, h('button', { type: 'button', class: 'copy', 'aria-label': `Copy ${name}`,
                                onclick: () => copy(String(value)) }, 'Copy'))))));
}

function callersSentence(settings, receiver) {
  const callers = settings.CallingAETs;
  const list = callers.length === 1 ? callers[0]
    : `${callers.slice(0, -1).join(', ')} or ${callers[callers.length - 1]}`;
  const why = receiver.CallingAETs.length ? '(its Calling AE Titles)'
    : "(its receiver AE Title, which XNAT DQR calls with by default; set the Receiver's " +
      'Calling AE Titles if this XNAT calls as another)';
  return `This PACS accepts queries and retrievals from this XNAT when it calls as ${list} ${why}.`;
}

// Pulling over DICOMweb (DQR 2.0.0 and later): the root that keeps this Receiver's schedules.
function dicomWebCard(web) {
  const bound = web.HttpUsers.concat(web.HttpAddresses);
  return h('section', { class: 'card', id: 'connect-dicomweb' },
    h('h3', {}, 'Or pull over DICOMweb: in the same DICOM AE, tick DICOMweb'),
    valuesTable('connect-dicomweb-values', [['DICOMweb root URL', web.dicomWebRootUrl]]),
    h('p', { class: 'muted', id: 'connect-dicomweb-why' },
      "Retrieves through this root run under this Receiver's Windows, threads and caps; " +
      'outside them XNAT gets 503 with Retry-After. Use this host name as XNAT reaches it.'),
    h('p', { id: 'connect-dicomweb-bound' }, bound.length
      ? `Bound to this Receiver (refused Orthanc's own /dicom-web/ and downloads): ${bound.join(', ')}.`
      : "No HTTP user or address is bound to this Receiver yet: set its HttpUsers or " +
        "HttpAddresses so that this XNAT cannot pull around its schedule through Orthanc's own /dicom-web/."));
}

const PLACEHOLDER_URL = 'https://xnat.example.org';

export async function renderConnect(main, id) {
  const path = `/receivers/${encodeURIComponent(id)}`;
  const [settings, receiver] = await Promise.all([get(`${path}/xnat-settings`), get(path)]);
  const pacs = settings.Pacs;
  const curl = h('pre', { id: 'connect-curl-text' }, settings.Curl);
  const url = h('input', { id: 'xnat-url', type: 'url', placeholder: PLACEHOLDER_URL,
                           oninput: () => {
                             const base = url.value.trim().replace(/\/+$/, '') || PLACEHOLDER_URL;
                             curl.textContent = settings.Curl.replace(PLACEHOLDER_URL, base);
                           } });
  replace(main,
    h('h2', {}, `Connect an XNAT: ${id}`),
    settings.Warnings.length ? h('div', { class: 'card warning', id: 'connect-warnings', role: 'alert' },
      settings.Warnings.map((w) => h('p', {}, w))) : '',
    h('section', { class: 'card', id: 'connect-pacs-screen' },
      h('h3', {}, 'In XNAT: Administer › Plugin Settings › DICOM Query-Retrieve › Add New DICOM AE'),
      h('p', { id: 'connect-why' }, whyThisAeTitle(receiver, pacs)),
      valuesTable('connect-summary', [['AE Title', pacs.aeTitle], ['Host', pacs.host],
        ['Port', pacs.queryRetrievePort], ['Label', pacs.label],
        ['Queryable', pacs.queryable ? 'yes' : 'no'], ['Storable', pacs.storable ? 'yes' : 'no']])),
    h('section', { class: 'card', id: 'connect-scp-screen' },
      h('h3', {}, 'In XNAT: Administer › Site Administration › DICOM SCP receivers'),
      h('p', { class: 'muted' }, 'The receiver this PACS sends the retrieved images to.'),
      valuesTable('connect-scp-values', [['AE Title', settings.ScpReceiver.aeTitle],
        ['Port', settings.ScpReceiver.port]]),
      h('p', { id: 'connect-callers' }, callersSentence(settings, receiver)),
      h('p', { class: 'muted' }, 'If its whitelist is on, it must let in the AE Title and ' +
        'address this PACS sends from' + (settings.SendsFrom.UseDicomTls
          ? ', over DICOM TLS.' : '.')),
      valuesTable('connect-whitelist', [['Sends as AE Title', settings.SendsFrom.CallingAET],
        ['Whitelist entry (AE@IP: use the PACS\'s address)', settings.SendsFrom.WhitelistEntry]])),
    dicomWebCard(settings.DicomWeb),
    h('section', { class: 'card', id: 'connect-curl' },
      h('div', { class: 'toolbar' }, h('h3', {}, 'Or register this PACS with curl'),
        h('button', { type: 'button', onclick: () => copy(curl.textContent) }, 'Copy the command')),
      h('label', { for: 'xnat-url' }, 'XNAT URL ', url),
      h('p', { class: 'muted' }, 'Replace admin:password with an XNAT administrator\'s credentials.'),
      curl),
    section('Pacs', 'The body XNAT DQR accepts at POST /xapi/pacs.', pacs, 'connect-pacs'),
    section('Availability', "The Receiver's schedule in XNAT's availability format.",
            settings.Availability, 'connect-availability'),
    section('OrthancModality', "What the plugin keeps in Orthanc's DicomModalities.",
            settings.OrthancModality, 'connect-modality'),
    h('a', { class: 'button', href: '#receivers' }, 'Back to the Receivers'));
  return null;
}
