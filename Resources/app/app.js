// The XNAT DQR page: a hash router over its views.
import { renderReceivers } from './receivers.js';
import { renderConnect } from './connect.js';
import { renderSchedule } from './schedule.js';
import { renderTransfers } from './transfers.js';
import { renderRoute } from './route.js';
import { renderHistory } from './history.js';
import { h, replace } from './dom.js';
import { hostZoneLabel, loadHostClock } from './clock.js';

const VIEWS = {
  receivers: renderReceivers,
  connect: renderConnect,
  schedule: renderSchedule,
  transfers: renderTransfers,
  route: renderRoute,
  history: renderHistory,
};

let leave = null;  // the current view's cleanup (timers)

async function route() {
  const [name, argument] = (location.hash.slice(1) || 'receivers').split('/');
  const render = VIEWS[name] || renderReceivers;
  document.querySelectorAll('nav a').forEach((link) => {
    const current = link.dataset.view === (VIEWS[name] ? name : 'receivers') ||
                    (name === 'connect' && link.dataset.view === 'receivers');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
  if (leave) leave();
  leave = null;
  const main = document.getElementById('view');
  try {
    leave = await render(main, argument ? decodeURIComponent(argument) : undefined);
  } catch (error) {
    replace(main, h('p', { class: 'form-error', role: 'alert' }, error.message));
  }
}

window.addEventListener('hashchange', route);
loadHostClock()
  .then(() => {
    document.getElementById('host-clock').textContent =
      `Times are the PACS host's, 24-hour: ${hostZoneLabel()}`;
  })
  .catch(() => {})  // the views say what failed
  .finally(route);
