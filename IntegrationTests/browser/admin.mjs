// Browser scenarios for the XNAT DQR page, in Debian's chromium driven by playwright-core.
// Usage: node admin.mjs <scenario> '<json context>'   (run by IntegrationTests/test_browser.py)
// Exits 0 when every expectation holds; otherwise prints why, keeps a screenshot, exits 1.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import path from 'node:path';

const [scenario, contextJson] = process.argv.slice(2);
const context = JSON.parse(contextJson);
const app = `${context.url}/xnat-dqr/app/index.html`;

async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const scenarios = {
  async addReceiver(page) {
    await page.goto(`${app}#receivers`);
    await page.click('#add-receiver');
    await page.fill('#field-Id', context.receiverId);
    await page.fill('#field-Label', '<img src=x onerror=alert(1)>');
    await page.fill('#field-AET', context.aet);
    await page.fill('#field-Host', 'http://127.0.0.1');
    await page.fill('#field-Port', String(context.port));
    await page.keyboard.press('Enter');  // submit from the keyboard
    const hostError = page.locator('#field-Host-error');
    await hostError.waitFor();
    await page.waitForFunction(() => document.querySelector('#field-Host-error').textContent !== '');
    assert.match(await hostError.textContent(), /protocol/);
    assert.equal(await page.getAttribute('#field-Host', 'aria-invalid'), 'true');
    await page.fill('#field-Host', '127.0.0.1');
    await page.click('#receiver-form button[type=submit]');
    const row = page.locator(`#receivers tr[data-id="${context.receiverId}"]`);
    await row.waitFor();
    // The label is text, not markup.
    assert.equal(await row.locator('img').count(), 0);
    assert.match(await row.textContent(), /<img src=x onerror=alert\(1\)>/);
    await row.locator('button', { hasText: 'Echo' }).click();
    await page.waitForFunction((id) => /reachable, \d+ ms/.test(
      document.querySelector(`#receivers tr[data-id="${id}"]`).textContent), context.receiverId);
  },

  async editSchedule(page) {
    await page.goto(`${app}#schedule/${context.receiverId}`);
    await page.click('#add-window');
    assert.ok(await page.isChecked('#window-day-Monday'));
    await page.fill('#window-Start', '19:00');
    await page.fill('#window-End', '07:00');
    await page.fill('#window-Threads', '3');
    await page.click('#window-form button[type=submit]');
    await page.locator('#windows').waitFor();
    // An overnight window is drawn on Monday evening and Tuesday morning.
    assert.equal(await page.locator('#schedule-grid .bar').count(), 2);
    await page.click('#add-window');
    await page.uncheck('#window-day-Monday');
    await page.check('#window-day-Tuesday');
    await page.fill('#window-Start', '06:00');
    await page.fill('#window-End', '08:00');
    await page.click('#window-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#window-error').textContent !== '');
    assert.match(await page.textContent('#window-error'), /runs into Tuesday/);
    assert.equal(await page.locator('#windows tbody tr').count(), 1);
  },

  async scheduleUndo(page) {
    // Mon–Fri in one go, the global gap drawn over the Receiver, confirm and undo.
    await page.goto(`${app}#schedule/${context.receiverId}`);
    await page.click('#add-window');
    await page.click('#window-weekdays');
    await page.fill('#window-Start', '08:00');
    await page.fill('#window-End', '18:00');
    await page.click('#window-form button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#windows tbody tr').length === 5);
    // The global schedule closes 12:00-13:00 every day: drawn on each of the 7 lanes.
    const gaps = page.locator('#schedule-grid .global-closed');
    const labels = await gaps.evaluateAll((all) => all.map((e) => e.getAttribute('aria-label')));
    assert.ok(labels.includes('Monday closed by the global schedule 12:00–13:00'), labels.join());
    answerDialog = (dialog) => dialog.dismiss();
    await page.click('#clear-schedule');
    assert.match(dialogs.pop(), /Remove every window of Receiver/);
    assert.equal(await page.locator('#windows tbody tr').count(), 5);
    answerDialog = (dialog) => dialog.accept();
    await page.click('#clear-schedule');
    dialogs.pop();
    await page.waitForFunction(() => !document.querySelector('#windows'));
    await page.locator('#undo-schedule').click();
    await page.waitForFunction(() => document.querySelectorAll('#windows tbody tr').length === 5);
    // Removing one window, then undoing it.
    await page.locator('#windows tbody tr').first().locator('button.danger').click();
    await page.waitForFunction(() => document.querySelectorAll('#windows tbody tr').length === 4);
    assert.match(await page.textContent('#undo-bar'), /Window Monday 08:00–18:00 removed/);
    await page.locator('#undo-schedule').click();
    await page.waitForFunction(() => document.querySelectorAll('#windows tbody tr').length === 5);
  },

  async allErrors(page) {
    // Every wrong field at once, each next to its field, in the form's words.
    await page.goto(`${app}#receivers`);
    await page.click('#add-receiver');
    await page.fill('#field-Id', 'xnat-new');
    await page.fill('#field-AET', 'AN-AE-TITLE-FAR-TOO-LONG');
    await page.fill('#field-Host', 'https://xnat.example.org');
    await page.fill('#field-Port', '0');
    await page.click('#receiver-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#field-Port-error').textContent !== '');
    for (const key of ['AET', 'Host', 'Port']) {
      const text = await page.textContent(`#field-${key}-error`);
      assert.ok(text.length > 0, `no error next to ${key}`);
      assert.equal(await page.getAttribute(`#field-${key}`, 'aria-invalid'), 'true');
    }
    assert.match(await page.textContent('#field-Host-error'), /protocol/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'field-AET');
    // A clash with another Receiver shows next to the field it is about.
    await page.fill('#field-AET', 'XNATNEW');
    await page.fill('#field-Host', '127.0.0.1');
    await page.fill('#field-Port', String(context.port));
    await page.click('#receiver-form button[type=submit]');
    await page.waitForFunction(() => /already used/.test(
      document.querySelector('#field-Port-error').textContent));
    assert.equal(await page.textContent('#field-AET-error'), '');
    // A number out of range: the API's message next to the field, no browser pop-up.
    await page.goto(`${app}#schedule/${context.receiverId}`);
    await page.click('#add-window');
    await page.fill('#window-Threads', '0');
    await page.click('#window-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#window-Threads-error').textContent !== '');
    const threads = await page.textContent('#window-Threads-error');
    assert.match(threads, /^Threads/);
    assert.doesNotMatch(threads, /day\[/);
    // Deleting a Receiver with work left speaks of Transfers, not of a header.
    await page.goto(`${app}#receivers`);
    answerDialog = (dialog) => (dialogs.length === 1 ? dialog.accept() : dialog.dismiss());
    await page.locator(`tr[data-id="${context.receiverId}"] button.danger`).click();
    await page.waitForFunction(() => true);
    await page.waitForTimeout(500);
    assert.equal(dialogs.length, 2, dialogs.join(' | '));
    assert.match(dialogs[1], /still has Transfers that are queued, running or paused/);
    assert.doesNotMatch(dialogs[1], /X-Force|header/i);
    dialogs.length = 0;
  },

  async connectReady(page) {
    // Connect an XNAT: a warning without PublicHost, one copy button per value, the screens
    // apart, the callers this PACS accepts, the curl command with the XNAT URL filled in.
    await page.goto(`${app}#connect/${context.receiverId}`);
    await page.locator('#connect-why').waitFor();
    const warnings = page.locator('#connect-warnings');
    if (context.expectWarning) {
      assert.match(await warnings.textContent(), /PublicHost is not set/);
    } else {
      assert.equal(await warnings.count(), 0);
    }
    assert.equal(await page.locator('#connect-summary button.copy').count(), 6);
    assert.equal(await page.locator('#connect-scp-values button.copy').count(), 2);
    assert.match(await page.textContent('#connect-pacs-screen h3'), /Add New DICOM AE/);
    assert.match(await page.textContent('#connect-scp-screen h3'), /DICOM SCP receivers/);
    assert.match(await page.textContent('#connect-scp-values'), new RegExp(`Port${context.port}`));
    assert.match(await page.textContent('#connect-callers'), new RegExp(`calls as ${context.callers}`));
    await page.fill('#xnat-url', 'https://xnat.lab.example/');
    assert.match(await page.textContent('#connect-curl-text'), / https:\/\/xnat\.lab\.example\/xapi\/pacs$/);
    // What the SCP receiver's whitelist must let in: the PACS's calling AE Title and address.
    assert.equal(await page.locator('#connect-whitelist button.copy').count(), 2);
    assert.ok((await page.textContent('#connect-whitelist')).includes(context.whitelistEntry));
    // Or over DICOMweb: the Receiver's own root, on the host the page was opened on.
    const root = `${new URL(app).origin}/xnat-dqr/dicom-web/${context.receiverId}`;
    assert.ok((await page.textContent('#connect-dicomweb-values')).includes(root));
    assert.match(await page.textContent('#connect-dicomweb-bound'), /HttpUsers/);
  },

  async localAetAndTls(page) {
    // The form's LocalAet and DICOM TLS: TLS without Orthanc's certificates is refused next to
    // its field, in the API's words; without it the Receiver is added with its LocalAet.
    await page.goto(`${app}#receivers`);
    await page.click('#add-receiver');
    await page.fill('#field-Id', context.receiverId);
    await page.fill('#field-AET', 'XNAT');
    await page.fill('#field-Host', '127.0.0.1');
    await page.fill('#field-Port', String(context.port));
    await page.fill('#field-LocalAet', 'PACSX');
    await page.check('#field-UseDicomTls');
    await page.click('#receiver-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#field-UseDicomTls-error').textContent !== '');
    assert.match(await page.textContent('#field-UseDicomTls-error'), /DicomTlsCertificate/);
    await page.uncheck('#field-UseDicomTls');
    await page.click('#receiver-form button[type=submit]');
    await page.locator(`#receivers tr[data-id="${context.receiverId}"]`).waitFor();
  },

  async registerTurnedAway(page) {
    // The XNAT being turned away is listed; "Register this XNAT" opens the Add form filled in
    // from its C-MOVE, and adding it with the XNAT's host and port removes it from the list.
    await page.goto(`${app}#receivers`);
    const card = page.locator('#refusals');
    await card.waitFor();
    const row = card.locator('tbody tr', { hasText: context.destination });
    assert.equal(await row.locator('td[data-label="Count"]').textContent(), String(context.count));
    await row.locator('button', { hasText: 'Register this XNAT' }).click();
    assert.equal(await page.inputValue('#field-AET'), context.destination);
    assert.equal(await page.inputValue('#field-PacsAET'), context.called);
    await page.fill('#field-Id', context.receiverId);
    await page.fill('#field-Host', '127.0.0.1');
    await page.fill('#field-Port', String(context.port));
    await page.click('#receiver-form button[type=submit]');
    await page.locator(`#receivers tr[data-id="${context.receiverId}"]`).waitFor();
    // Resolved since: no button any more, and the row says where it goes now.
    await page.waitForFunction((id) => (document.querySelector('#refusals')?.textContent || '')
      .includes(`now goes to Receiver ${id}`), context.receiverId);
    assert.equal(await page.locator('#refusals button').count(), 0);
  },

  async glance(page) {
    // Each Receiver at a glance: queue, last send, schedule apart from reachability, refusals.
    await page.goto(`${app}#receivers`);
    const sent = page.locator('tr[data-id="xnat-a"]');
    const refusing = page.locator('tr[data-id="xnat-r"]');
    await sent.waitFor();
    const cell = (row, label) => row.locator(`td[data-label="${label}"]`).textContent();
    assert.doesNotMatch(await cell(sent, 'Last sent'), /never/);
    assert.equal(await cell(sent, 'Queue'), 'none waiting');
    assert.match(await cell(sent, 'Schedule'), /^open/);
    assert.match(await cell(refusing, 'Schedule'), /^closed/);
    assert.match(await cell(refusing, 'Queue'), /^1 waiting, oldest \d+ s$/);
    assert.equal(await cell(refusing, 'Refused (24 h)'), '1 outside the schedule');
    assert.equal(await cell(refusing, 'Reachable'), 'not checked yet');
    await sent.locator('button', { hasText: 'Echo' }).click();
    await page.waitForFunction(() => /^reachable/.test(
      document.querySelector('tr[data-id="xnat-a"] td[data-label="Reachable"]').textContent));
    // The plugin keeps it: a reload still shows it, with its time.
    await page.reload();
    await sent.waitFor();
    assert.match(await cell(sent, 'Reachable'), /^reachable, \d+ ms \(\w{3} \d+ \w{3} \d\d:\d\d\)$/);
  },

  async scheduleExceptions(page) {
    // Add a closed day for today through the form: the grid marks today, the list has it.
    await page.goto(`${app}#schedule/${context.receiverId}`);
    await page.locator('#exception-form').waitFor();
    await page.fill('#exception-From', context.today);
    await page.click('#exception-form button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#exceptions tbody tr').length === 1);
    assert.match(await page.textContent('#exceptions'), new RegExp(`${context.today}.*closed`));
    const row = page.locator(`#schedule-grid .row[data-date="${context.today}"]`);
    assert.match(await row.getAttribute('class'), /exception/);
    assert.match(await row.locator('.exception-closed').textContent(), /closed \(exception\)/);
    assert.match(await page.textContent('#schedule-status'), /Closed now/);
    // An exception window past midnight: the API's message next to the field.
    await page.fill('#exception-From', context.tomorrow);
    await page.uncheck('#exception-Closed');
    await page.fill('#exception-Start', '22:00');
    await page.fill('#exception-End', '02:00');
    await page.click('#exception-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#exception-End-error').textContent !== '');
    assert.match(await page.textContent('#exception-End-error'), /runs past midnight/);
    // Remove it: open again.
    await page.locator('#exceptions button.danger').click();
    await page.waitForFunction(() => !document.querySelector('#exceptions'));
    assert.match(await page.textContent('#schedule-status'), /Open now/);
  },

  async dragGrid(page) {
    await page.goto(`${app}#schedule/${context.receiverId}`);
    const lane = (day) => page.locator('#schedule-grid .row').nth(day).locator('.lane');
    const at = async (day, minute) => {
      const box = await lane(day).boundingBox();
      return [box.x + (box.width * minute) / 1440, box.y + box.height / 2];
    };
    const drag = async ([x1, y1], [x2, y2]) => {
      await page.mouse.move(x1, y1);
      await page.mouse.down();
      await page.mouse.move((x1 + x2) / 2, y2, { steps: 5 });
      await page.mouse.move(x2, y2, { steps: 5 });
      await page.mouse.up();
    };
    // Across Wednesday, 06:00 to 12:00: a new Window.
    await drag(await at(2, 360), await at(2, 720));
    await page.waitForSelector('#windows tr[data-day="Wednesday"]');
    assert.match(await page.textContent('#windows tr[data-day="Wednesday"]'), /06:00.*12:00/);
    // Monday's end from 10:00 to 12:00.
    const handle = page.locator('#schedule-grid .row').nth(0).locator('.bar.own .handle.end');
    const box = await handle.boundingBox();
    await drag([box.x + box.width / 2, box.y + box.height / 2], await at(0, 720));
    await page.waitForFunction(() => /08:00.*12:00/.test(
      document.querySelector('#windows tr[data-day="Monday"]').textContent));
    // An overlap is refused with the API's message.
    await drag(await at(0, 780), await at(0, 660));  // from 13:00 back into 08:00-12:00
    await page.waitForFunction(() => /overlaps/.test(document.querySelector('#grid-error').textContent));
    // By keyboard: Tab to a Window, Enter opens its values.
    await page.locator('#schedule-grid .row').nth(0).locator('.bar.own').focus();
    await page.keyboard.press('Enter');
    await page.locator('#window-form').waitFor();
    assert.equal(await page.inputValue('#window-Start'), '08:00');
    assert.equal(await page.inputValue('#window-End'), '12:00');
  },

  async sendFromStudy(page) {
    // The home page of Orthanc Explorer links to the XNAT DQR page.
    await page.goto(`${context.url}/app/explorer.html`);
    const open = page.locator('#xnat-dqr-open');
    await open.waitFor({ timeout: 15000 });
    await open.click();
    await page.waitForURL(/\/xnat-dqr\/app\//);
    await page.locator('h2', { hasText: 'Receivers' }).waitFor();
    await page.goto(`${context.url}/app/explorer.html#study?uuid=${context.studyId}`);
    const button = page.locator('#xnat-dqr-send-study');
    await button.waitFor({ timeout: 15000 });
    await button.click();
    await page.locator('#xnat-dqr-send').waitFor({ state: 'visible' });
    await page.selectOption('#xnat-dqr-receiver', context.receiverId);
    await page.click('#xnat-dqr-send-go');
    await page.waitForFunction(() => /Transfer \d+/.test(
      document.querySelector('#xnat-dqr-send-status').textContent));
    // The outcome in words, with a link, and the dialog stays until it is closed.
    assert.match(await page.textContent('#xnat-dqr-send-status'),
                 /^Queued as Transfer \d+ for xnat-ui \(2 instances\): /);
    await page.waitForTimeout(2000);
    assert.ok(await page.isVisible('#xnat-dqr-send'));
    const link = await page.getAttribute('#xnat-dqr-send-link', 'href');
    assert.match(link, /\/xnat-dqr\/app\/index\.html#transfers\/\d+$/);
    await page.goto(`${app}#transfers`);
    await page.waitForSelector('#transfers tr[data-state="Succeeded"]', { timeout: 20000 });
  },

  async explorerStore(page) {
    // Orthanc Explorer's own "Send to DICOM modality", to a Receiver's entry.
    await page.goto(`${context.url}/app/explorer.html#study?uuid=${context.studyId}`);
    const store = page.locator('#study-store');
    await store.waitFor({ timeout: 15000 });
    await store.click();
    await page.locator(`li[name="${context.receiverId}"] a`).last().click();
    // The extension takes Explorer from its job page to the Transfer.
    await page.waitForURL(/\/xnat-dqr\/app\/index\.html#transfers\/\d+$/, { timeout: 15000 });
    const row = page.locator('#transfers tr.selected');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-state'), 'Queued');
    assert.deepEqual(dialogs, []);  // Explorer's "Error during store" would be one
    console.log(`transfer ${await row.getAttribute('data-id')}`);
  },

  async hostClock(page) {
    // The browser is in another zone than the Orthanc host: the page still speaks host time.
    await page.goto(`${app}#schedule/${context.receiverId}`);
    const label = page.locator('#host-clock');
    await page.waitForFunction(() => document.querySelector('#host-clock').textContent !== '');
    const text = await label.textContent();
    assert.ok(text.includes(context.hostZone), text);
    assert.ok(text.includes(`UTC${context.hostOffset}`), text);
    const line = page.locator('#now-line');
    await line.waitFor();
    const left = parseFloat(await line.evaluate((e) => e.style.left));
    const hostLeft = context.hostMinutes / 14.4;
    assert.ok(Math.abs(left - hostLeft) < 0.5, `now-line at ${left}%, host time at ${hostLeft}%`);
    const browserMinutes = await page.evaluate(() => {
      const d = new Date();
      return d.getHours() * 60 + d.getMinutes();
    });
    assert.ok(Math.abs(left - browserMinutes / 14.4) > 5, 'the now-line follows the browser');
    await page.goto(`${app}#transfers`);
    const row = page.locator(`#transfers tr[data-id="${context.transferId}"]`);
    await row.waitFor();
    const state = await row.locator('td.state').textContent();
    assert.ok(state.includes(context.expectWaiting), `${state} lacks ${context.expectWaiting}`);
    const times = await row.locator('.times').textContent();
    assert.ok(times.includes(context.expectCreated), `${times} lacks ${context.expectCreated}`);
    assert.ok(/in the queue \d+ s/.test(times), times);
    const what = await row.locator('td[data-label=What]').textContent();
    assert.ok(what.includes(context.expectWhat), `${what} lacks ${context.expectWhat}`);
  },

  async cancelWarns(page) {
    // A queued C-MOVE's Transfer: XNAT was told Success, so cancelling asks first.
    await page.goto(`${app}#transfers`);
    const selector = `#transfers tr[data-id="${context.transferId}"]`;
    await page.locator(selector).waitFor();
    answerDialog = (dialog) => dialog.dismiss();
    await page.locator(`${selector} button[data-action=cancel]`).click();
    assert.equal(dialogs.length, 1);
    assert.match(dialogs[0], /already told succeeded/);
    assert.match(dialogs[0], /never receives the 2 instances left/);
    await page.waitForTimeout(2500);  // one refresh: nothing was sent to the API
    assert.equal(await page.locator(selector).getAttribute('data-state'), 'Queued');
    answerDialog = (dialog) => dialog.accept();
    await page.locator(`${selector} button[data-action=cancel]`).click();
    await page.waitForSelector(`${selector}[data-state="Canceled"]`);
    dialogs.length = 0;
  },

  async focusKeepsLive(page) {
    // Typing a priority must not freeze the table: progress keeps moving meanwhile.
    await page.goto(`${app}#transfers`);
    const selector = `#transfers tr[data-id="${context.transferId}"]`;
    await page.waitForSelector(`${selector}[data-state="Running"]`, { timeout: 20000 });
    const box = page.locator(`${selector} input[type=number]`);
    await box.focus();
    const label = await page.locator(`label[for="${await box.getAttribute('id')}"]`).textContent();
    assert.match(label, /Priority/);
    const progress = () => page.locator(`${selector} td[data-label=Progress] .muted`).textContent();
    const before = await progress();
    await page.waitForFunction(([sel, text]) =>
      document.querySelector(`${sel} td[data-label=Progress] .muted`).textContent !== text,
      [selector, before], { timeout: 15000 });
    const focusedId = await page.evaluate(() => document.activeElement.id);
    assert.equal(focusedId, await box.getAttribute('id'), 'the box lost the focus');
    console.log(`progress ${before} -> ${await progress()}`);
  },

  async pauseResume(page) {
    await page.goto(`${app}#transfers`);
    const row = page.locator(`#transfers tr[data-id="${context.transferId}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-state'), 'Queued');
    await row.locator('button[data-action=pause]').click();
    await page.waitForSelector(`#transfers tr[data-id="${context.transferId}"][data-state="Paused"]`);
    await page.locator(`#transfers tr[data-id="${context.transferId}"] button[data-action=resume]`).click();
    await page.waitForSelector(`#transfers tr[data-id="${context.transferId}"][data-state="Queued"]`);
    await page.selectOption('#filter-state', 'Paused');
    await page.waitForFunction(() => document.querySelectorAll('#transfers tbody tr').length === 0);
  },

  // A second XNAT left at XNAT's defaults: the 409 offers a free PACS AE Title, one click
  // applies it, Connect an XNAT hands it over, and Test a C-MOVE routes by it.
  async secondXnatAtDefaults(page) {
    await page.goto(`${app}#receivers`);
    await page.click('#add-receiver');
    await page.fill('#field-Id', context.receiverId);
    await page.fill('#field-AET', 'XNAT');
    await page.fill('#field-Host', '127.0.0.1');
    await page.fill('#field-Port', String(context.port));
    await page.click('#receiver-form button[type=submit]');
    const apply = page.locator('#apply-suggestion');
    await apply.waitFor();
    // The clash is about the PACS AE Title: said next to that field (#14: conflicts by field).
    assert.match(await page.textContent('#field-PacsAET-error'), /xnat-a/);
    assert.equal(await apply.textContent(), `Use PACS AE Title ${context.suggestion}`);
    await apply.click();
    const row = page.locator(`#receivers tr[data-id="${context.receiverId}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(context.suggestion));
    await row.locator('a', { hasText: 'Connect an XNAT' }).click();
    await page.locator('#connect-why').waitFor();
    const summary = await page.textContent('#connect-summary');
    assert.match(summary, new RegExp(`AE Title${context.suggestion}`));
    assert.match(await page.textContent('#connect-why'), new RegExp(`Enter ${context.suggestion}`));

    await page.click('nav a[data-view=route]');
    await page.fill('#route-called', context.suggestion);
    await page.click('#route-form button[type=submit]');
    await page.locator('#route-result').waitFor();
    assert.equal(await page.getAttribute('#route-result', 'data-outcome'), 'Receiver');
    assert.match(await page.textContent('#route-result'),
                 new RegExp(`Goes to Receiver ${context.receiverId}.*sends now`));
    // What a DICOMweb pull of that Receiver would get, and that it cannot be queued.
    assert.match(await page.textContent('#route-dicomweb'), /Over DICOMweb \(\/xnat-dqr\/dicom-web\/.*would be served now/);
    assert.match(await page.textContent('#route-dicomweb'), /cannot be queued/); // OutsideWindow Queue
    assert.equal(await page.locator('#route-candidates tbody tr').count(), 2);
    await page.fill('#route-called', 'A'.repeat(17));
    await page.click('#route-form button[type=submit]');
    await page.waitForFunction(() => /called/.test(
      document.querySelector('#route-form .form-error').textContent));
  },

  async keyboardAndPhone(page) {
    // Escape closes a form and gives the focus back; Save puts it on the saved row.
    await page.goto(`${app}#receivers`);
    await page.locator('#add-receiver').focus();
    await page.keyboard.press('Enter');
    await page.locator('#receiver-form').waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#receiver-form').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'add-receiver');
    const edit = page.locator(`tr[data-id="${context.receiverId}"] button`, { hasText: 'Edit' });
    await edit.click();
    await page.fill('#field-Label', 'Renamed');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.activeElement?.dataset?.id === id, context.receiverId);
    // Pause by keyboard: the focus leaves the button, so the next Enter cannot Resume it.
    await page.goto(`${app}#transfers`);
    const selector = `#transfers tr[data-id="${context.transferId}"]`;
    await page.locator(`${selector} button[data-action=pause]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${selector}[data-state="Paused"]`);
    await page.waitForFunction((sel) => document.activeElement === document.querySelector(sel), selector);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2500);
    assert.equal(await page.locator(selector).getAttribute('data-state'), 'Paused');
    // Paused, it stays put while a window is drawn for the phone's grid.
    const put = await page.evaluate(async (uri) => (await fetch(uri, { method: 'PUT',
      body: JSON.stringify({ Monday: [{ Start: '08:00', End: '09:00' }] }) })).status,
      `${context.url}/xnat-dqr/receivers/${context.receiverId}/schedule`);
    assert.equal(put, 200);
    // The phone: days and cards.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app}#schedule/${context.receiverId}`);
    await page.locator('#schedule-grid').waitFor();
    const cut = await page.evaluate(() => [...document.querySelectorAll('#schedule-grid .day, #schedule-grid .bar')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    assert.deepEqual(cut, []);
    assert.equal(await page.locator('#schedule-grid .day .short').first().textContent(), 'Mon');
    await page.goto(`${app}#transfers`);
    const card = page.locator(selector);
    await card.waitFor();
    const shown = await card.evaluate((row) => [...row.children]
      .filter((td) => getComputedStyle(td).display !== 'none').map((td) => td.dataset.label));
    assert.ok(!shown.includes('ETA') && !shown.includes('Rate'), shown.join());
    assert.ok(shown.includes('Progress') && shown.includes('Control'), shown.join());
  },

  async history(page) {
    const fromApi = (query) => page.evaluate(async (u) => (await fetch(u)).json(),
      `${context.url}/xnat-dqr/receivers/${context.receiverId}/history${query}`);
    await page.goto(`${app}#history/${context.receiverId}`);
    await page.locator('#chart-mbps path.line').waitFor();
    const day = await fromApi('');
    assert.match(await page.textContent('#history-totals'), new RegExp(`· ${context.instances} instances ·`));
    assert.equal(day.Totals.Instances, context.instances);
    // The Windows shaded behind both charts, as the API gives them.
    assert.ok(day.Open.length > 0);
    assert.equal(await page.locator('#chart-mbps .open-span').count(), day.Open.length);
    assert.equal(await page.locator('#chart-queued .open-span').count(), day.Open.length);
    // The line leaves its baseline where the C-MOVE was: its highest point is the API's.
    const ys = (await page.getAttribute('#chart-mbps path.line', 'd')).split(/[ML]/).filter(Boolean)
      .map((pair) => Number(pair.split(',')[1]));
    assert.equal(ys.length, day.Points.length);
    const peak = Math.max(...day.Points.map((p) => p.MBps));
    assert.ok(peak > 0);
    assert.ok(Math.min(...ys) < Math.max(...ys), 'the series is flat');
    assert.equal(ys.indexOf(Math.min(...ys)), day.Points.findIndex((p) => p.MBps === peak));
    assert.match(await page.textContent('figure:first-of-type figcaption'), /highest \d+\.\d\d MB\/s/);
    if (context.out) await page.screenshot({ path: path.join(context.out, 'history.png'), fullPage: true });
    // Seven days, per hour: the week's Windows.
    await page.click('#history-week');
    await page.waitForFunction(() => /per hour/.test(document.querySelector('#history-totals').textContent));
    const week = await fromApi('?hours=168');
    assert.equal(await page.getAttribute('#history-week', 'aria-pressed'), 'true');
    assert.equal(await page.locator('#chart-mbps .open-span').count(), week.Open.length);
    assert.ok(week.Open.length >= 7);
    assert.equal(await page.locator('#chart-mbps .x-label').count(), 7);
    // The whole PACS, from the menu.
    await page.selectOption('#history-receiver', '');
    await page.waitForFunction(() => location.hash === '#history');
    await page.locator('h2', { hasText: /^History$/ }).waitFor();
    await page.locator('#chart-mbps path.line').waitFor();
    assert.match(await page.textContent('#history-totals'), new RegExp(`· ${context.instances} instances ·`));
  },

  async screenshots(page) {
    const views = [['receivers', '#receivers'], ['connect', `#connect/${context.receiverId}`],
                   ['schedule', `#schedule/${context.receiverId}`], ['transfers', '#transfers'],
                   ['route', '#route']];
    for (const [name, hash] of views) {
      await page.goto(`${app}${hash}`);
      await page.waitForTimeout(300);  // fonts and layout settle before the picture
      await page.screenshot({ path: path.join(context.out, `${name}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app}#receivers`);
    await page.locator('#receivers').waitFor();
    await page.screenshot({ path: path.join(context.out, 'receivers-phone.png'), fullPage: true });
    // Nothing wider than the phone: the page stays readable at 390 px.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 400, `page is ${width} px wide on a phone`);
  },
};

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 },
                                     timezoneId: context.timezoneId || undefined });
const dialogs = [];
let answerDialog = (dialog) => dialog.accept();  // a scenario may answer otherwise
page.on('dialog', (dialog) => { dialogs.push(dialog.message()); answerDialog(dialog); });
let failed = null;
try {
  if (!scenarios[scenario]) throw new Error(`no scenario ${scenario}`);
  await scenarios[scenario](page);
  // An alert would mean a server string ran as script.
  assert.ok(!dialogs.some((m) => m === '1'), 'a script from a label ran');
} catch (error) {
  failed = error;
  await page.screenshot({ path: path.join(context.artifacts, `${scenario}-failure.png`),
                          fullPage: true }).catch(() => {});
}
await browser.close();
if (failed) {
  console.error(`${scenario}: ${failed.stack || failed}`);
  process.exit(1);
}
console.log(`${scenario}: ok`);
