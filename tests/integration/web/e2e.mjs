// End-to-end test of `dmca serve` in headless Chromium (Debian's chromium, driven by
// playwright-core): against the real test MediaWiki the CTest fixture started, with the real
// `dmca` binary, store and executor.
//   1. a reviewer's approve is refused;
//   2. a forged cross-site POST is refused (from a page on another origin, and with the
//      session cookie but without the form's CSRF token);
//   3. an approver logs in, approves two of a case's three targets; after `dmca execute` the
//      wiki shows those two deleted and the third still there;
//   4. an uploader sends a counter-notice through the form (first incomplete: the list of what
//      is missing; then complete: a receipt), its status page shows nothing private, and the
//      staff case page shows it linked to its takedown with the restoration window.
// Screenshots of the main pages go to $DMCA_WEB_ARTIFACTS. Environment: DMCA_BINARY,
// DMCA_TEST_MEDIAWIKI_DIR, DMCA_SOURCE_DIR, DMCA_WEB_ARTIFACTS, DMCA_WEB_NODE_DIR, CHROMIUM (default
// /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';

const dmca = process.env.DMCA_BINARY;
const wikiDir = process.env.DMCA_TEST_MEDIAWIKI_DIR;
const source = process.env.DMCA_SOURCE_DIR;
const artifacts = process.env.DMCA_WEB_ARTIFACTS;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
// playwright-core as npm-setup.sh installed it in the build tree (ES modules ignore NODE_PATH).
const { chromium } = createRequire(path.join(process.env.DMCA_WEB_NODE_DIR || '.', 'package.json'))(
  'playwright-core');
for (const [k, v] of Object.entries({ DMCA_BINARY: dmca, DMCA_TEST_MEDIAWIKI_DIR: wikiDir,
                                       DMCA_SOURCE_DIR: source, DMCA_WEB_ARTIFACTS: artifacts })) {
  if (!v) throw new Error(`${k} is not set`);
}

let failures = 0;
function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
}

const env = Object.fromEntries(
  fs.readFileSync(path.join(wikiDir, 'env'), 'utf8').split('\n')
    .map((l) => l.match(/^([A-Z_]+)=(.*)$/)).filter(Boolean)
    .map((m) => [m[1], m[2].replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1')]));

fs.mkdirSync(artifacts, { recursive: true });
const work = fs.mkdtempSync(path.join(artifacts, 'run-'));
const run = path.basename(work).slice(4) + Date.now().toString(36);

function sh(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', cwd: work });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function wikiQuery(params) {
  const url = new URL(env.MW_API);
  for (const [k, v] of Object.entries({ ...params, format: 'json', formatversion: '2' })) {
    url.searchParams.set(k, v);
  }
  return (await fetch(url)).json();
}
async function fileExists(title) {
  const reply = await wikiQuery({ action: 'query', titles: title });
  return !reply.query.pages[0].missing;
}

// The wiki's files, the takedown naming them, the store, the accounts.
const names = [1, 2, 3].map((i) => `Web-${run}-${i}.png`);
const pngs = names.map((n) => path.join(work, n));
sh(path.join(source, 'scripts/mediawiki-make-png.py'), ['--seed', run, ...pngs]);
sh(path.join(source, 'scripts/mediawiki-test-server.sh'), ['upload', wikiDir, ...pngs]);
const urls = names.map((n) => `https://commons.wikimedia.org/wiki/File:${n}`);
for (const n of names) check(await fileExists(`File:${n}`), `the wiki has File:${n} before`);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
fs.writeFileSync(path.join(work, 'dmca.conf'), `[store]
path = ${work}/dmca.db
[mediawiki]
api = ${env.MW_API}
user = ${env.MW_BOT_USER}
password_file = ${env.MW_BOT_PASSWORD_FILE}
change_tag = ${env.MW_CHANGE_TAG || 'dmca-takedown'}
contact = dmca-tests@example.org
[mail]
outbox = ${work}/outbox
[serve]
listen = 127.0.0.1:${port}
access_log = ${work}/access.log
`);
const conf = ['--config', path.join(work, 'dmca.conf')];
const notice = `From: "Casey Example, Example Stock Images" <rights@examplestock.example>\r
To: legal@wikimedia.org\r
Subject: DMCA takedown notice ${run}\r
Date: Mon, 23 Nov 2026 09:15:00 -0800\r
Message-ID: <${run}@examplestock.example>\r
MIME-Version: 1.0\r
Content-Type: text/plain; charset=utf-8\r
\r
Dear Wikimedia Foundation Designated Agent,\r
\r
I am writing on behalf of Example Stock Images, the owner of the exclusive copyrights\r
in the photographs of our "Harbour Lights" series (2024), published at\r
https://examplestock.example/harbour-lights.\r
\r
The following material hosted on your sites infringes that copyright:\r
\r
${urls.join('\r\n')}\r
\r
I have a good faith belief that use of the copyrighted materials described above is\r
not authorized by the copyright owner, its agent, or the law.\r
\r
I swear, under penalty of perjury, that the information in this notification is\r
accurate and that I am authorized to act on behalf of the owner of the exclusive right\r
that is allegedly infringed.\r
\r
Sincerely,\r
\r
/s/ Casey Example\r
Rights Manager, Example Stock Images\r
1 Example Plaza, Springfield, IL 62701, United States\r
Tel: +1 (555) 010-2000\r
rights@examplestock.example\r
`;
fs.writeFileSync(path.join(work, 'notice.eml'), notice);
sh(dmca, [...conf, 'ingest', path.join(work, 'notice.eml')]);
const caseId = sh(dmca, [...conf, 'cases', '--ids']).trim().split('\n')[0];
check(caseId === '1', `the takedown is case ${caseId}`);
sh(dmca, [...conf, 'user', 'add', 'alice', '--role', 'approver'], 'alice-long-password\n');
sh(dmca, [...conf, 'user', 'add', 'bob', '--role', 'reviewer'], 'bob-long-password-1\n');

// The server, as a user starts it.
const server = spawn(dmca, [...conf, 'serve'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
let serverOut = '';
server.stdout.on('data', (d) => { serverOut += d; });
server.stderr.on('data', (d) => { serverOut += d; });
for (let i = 0; i < 100 && !serverOut.includes('listening on'); i++) {
  await new Promise((r) => setTimeout(r, 100));
}
check(serverOut.includes('listening on'), 'dmca serve is listening');

// A page on another origin that posts an approval to the dashboard as soon as it loads.
const evilPort = await freePort();
const evil = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/html');
  res.end(`<!DOCTYPE html><form id="f" method="post" action="${base}/cases/${caseId}/approve">
    <input name="target" value="4"><input name="csrf" value="guessed"></form>
    <script>document.getElementById('f').submit()</script>`);
}).listen(evilPort, '127.0.0.2');

const browser = await chromium.launch({ executablePath: chromiumPath,
                                        args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const shot = (page, name) => page.screenshot({ path: path.join(artifacts, `${name}.png`),
                                               fullPage: true });
async function logIn(context, user, password) {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Log in' }).click()]);
  return page;
}

let reference = 'no reference yet';
try {
  // 1. The reviewer's approve is refused.
  const reviewer = await browser.newContext();
  const bob = await logIn(reviewer, 'bob', 'bob-long-password-1');
  check((await bob.textContent('h1')) === 'Review queue', 'the reviewer sees the queue');
  await bob.goto(`${base}/cases/${caseId}`);
  await bob.check('#target-2');
  const [refused] = await Promise.all([
    bob.waitForNavigation(),
    bob.getByRole('button', { name: /Approve the chosen targets/ }).click()]);
  check(refused.status() === 403, `the reviewer's approve answers 403 (${refused.status()})`);
  check((await bob.textContent('[role=alert]')).includes('only an approver may approve'),
        'the page says why');
  await shot(bob, 'reviewer-refused');
  check((await bob.textContent('#target-state-2')).trim() === 'pending', 'target 2 still pending');

  // 2. Forged cross-site POSTs.
  const approver = await browser.newContext();
  const alice = await logIn(approver, 'alice', 'alice-long-password');
  await shot(alice, 'queue');
  check((await alice.content()).includes(`/cases/${caseId}`), 'the queue lists the case');
  const forged = await approver.newPage();
  const forgedReply = forged.waitForResponse((r) => r.url().startsWith(`${base}/cases/`));
  await forged.goto(`http://127.0.0.2:${evilPort}/`);
  const forgedStatus = (await forgedReply).status();
  check(forgedStatus === 403, `a POST from another site's page is refused (${forgedStatus})`);
  await forged.waitForLoadState();
  await shot(forged, 'forged-post-refused');
  const noToken = await approver.request.post(`${base}/cases/${caseId}/approve`,
                                              { form: { target: '4' }, maxRedirects: 0 });
  check(noToken.status() === 403, `a POST with the session but no CSRF token is refused (${noToken.status()})`);
  const json = JSON.parse(sh(dmca, [...conf, 'cases', 'show', caseId, '--json']));
  check(json.state === 'pending_approval' && json.targets.every((t) => t.state === 'pending'),
        'nothing was approved by the forgeries or the reviewer');

  // 3. The approver approves targets 2 and 3 (the first URL of the notice is the work's own
  // page, off the wikis: not actionable).
  await alice.goto(`${base}/cases/${caseId}`);
  check((await alice.locator('mark').count()) >= 4, 'the evidence of the elements is highlighted');
  check((await alice.textContent('tbody')).length > 0 && !(await alice.locator('#target-1').count()),
        'the copyrighted work\'s own URL cannot be chosen');
  await alice.check('#target-2');
  await alice.check('#target-3');
  await alice.getByLabel('Note for the audit trail (optional)').fill('checked the files');
  await Promise.all([alice.waitForNavigation(),
                     alice.getByRole('button', { name: /Approve the chosen targets/ }).click()]);
  check((await alice.textContent('[role=status]')).includes('targets 2,3 approved by alice'),
        'the approval is confirmed');
  check((await alice.textContent('#case-state')).trim() === 'approved', 'the case is approved');
  const executed = spawnSync(dmca, [...conf, 'execute'], { encoding: 'utf8', cwd: work });
  check(executed.status === 0, `dmca execute exits 0 (${executed.status}: ${executed.stderr})`);
  check(!(await fileExists(`File:${names[0]}`)), `the wiki shows File:${names[0]} deleted`);
  check(!(await fileExists(`File:${names[1]}`)), `the wiki shows File:${names[1]} deleted`);
  check(await fileExists(`File:${names[2]}`), `File:${names[2]} (not approved) is still there`);
  await alice.reload();
  check((await alice.textContent('#target-state-2')).trim() === 'deleted', 'target 2 shows deleted');
  check((await alice.textContent('#target-state-4')).trim() === 'pending', 'target 4 still pending');
  await shot(alice, 'case-approved');

  // 4. The uploader's counter-notice.
  const uploaderContext = await browser.newContext();
  const up = await uploaderContext.newPage();
  await up.goto(`${base}/counter-notice`);
  await shot(up, 'counter-notice-form');
  await up.getByLabel(/addresses \(URLs\) of the removed files/).fill(urls[0]);
  await up.getByLabel('Full name', { exact: true }).fill('Uma Uploader');
  await up.getByLabel('Postal address').fill('2 Sample Road, Leeds LS1 1AA, United Kingdom');
  await up.getByLabel('Telephone number').fill('+44 113 496 0000');
  await up.getByLabel(/E-mail address/).fill('uma@example.net');
  await up.getByLabel(/Type your full name/).fill('Uma Uploader');
  const [incomplete] = await Promise.all([up.waitForNavigation(),
    up.getByRole('button', { name: 'Send the counter-notice' }).click()]);
  check(incomplete.status() === 422, `an incomplete counter-notice is sent back (${incomplete.status()})`);
  const missingText = await up.textContent('#missing');
  check(missingText.includes('mistake or misidentification') &&
        missingText.includes('jurisdiction'), 'the page lists the two missing statements');
  await shot(up, 'counter-notice-missing');
  await up.check('#mistake');
  await up.check('#jurisdiction');
  const [accepted] = await Promise.all([up.waitForNavigation(),
    up.getByRole('button', { name: 'Send the counter-notice' }).click()]);
  check(accepted.status() === 201, `the complete counter-notice is received (${accepted.status()})`);
  reference = (await up.textContent('#reference')).trim();
  const counterCase = (await up.textContent('#case')).trim();
  check(/^[0-9a-f]{24}$/.test(reference), 'the receipt gives a reference');
  await shot(up, 'counter-notice-receipt');
  await up.getByRole('link', { name: 'status page' }).click();
  const statusHtml = await up.content();
  check(statusHtml.includes(reference), 'the status page opens by its reference');
  check(!statusHtml.includes('Uma') && !statusHtml.includes('Leeds') &&
        !statusHtml.includes('uma@example.net') && !statusHtml.includes('Casey') &&
        !statusHtml.includes('examplestock'), 'the status page shows nothing private');
  await shot(up, 'counter-notice-status');
  const other = await up.goto(`${base}/status/${'0'.repeat(24)}`);
  check(other.status() === 404, 'an unknown reference finds nothing');

  await alice.goto(`${base}/cases/${counterCase}`);
  const links = await alice.textContent('#links');
  check(links.includes(`case #${caseId}`), `the counter-notice (case ${counterCase}) is linked to takedown ${caseId}`);
  const window = await alice.textContent('#restore-window');
  check(/not before \d{4}-\d\d-\d\d, not after \d{4}-\d\d-\d\d/.test(window),
        `the case page shows the restoration window (${window.trim()})`);
  await shot(alice, 'counter-notice-case');
  // Staff accept it: the copy to the complainant is queued and the restoration scheduled.
  await Promise.all([alice.waitForNavigation(),
                     alice.getByRole('button', { name: /Accept the counter-notice/ }).click()]);
  check((await alice.textContent('[role=status]')).includes('counter-notice accepted by alice'),
        'the counter-notice is accepted');
  check((await alice.textContent('#case-state')).trim() === 'restore_scheduled',
        'its case is restore_scheduled');
  const restoreOn = (await alice.textContent('#restore-on')).trim();
  check(/^\d{4}-\d\d-\d\d$/.test(restoreOn), `the restoration is scheduled for ${restoreOn}`);
  await shot(alice, 'counter-notice-accepted');
  await up.goto(`${base}/status/${reference}`);
  check((await up.textContent('#status')).startsWith('Accepted') &&
        (await up.content()).includes(restoreOn), 'the uploader\'s status page shows the date');
  await alice.goto(`${base}/calendar`);
  check((await alice.content()).includes(`case #${counterCase}`), 'the calendar lists it');
  await shot(alice, 'calendar');
  // The complainant reports a court action: the restoration is cancelled.
  await alice.goto(`${base}/cases/${counterCase}`);
  await alice.getByLabel(/The court action the complainant reported/).fill('Example v. Uploader, N.D. Cal.');
  await Promise.all([alice.waitForNavigation(),
                     alice.getByRole('button', { name: /Record a court action/ }).click()]);
  check((await alice.textContent('#case-state')).trim() === 'court_action',
        'a recorded court action leaves the case in court_action');
  const shown = JSON.parse(sh(dmca, [...conf, 'cases', 'show', counterCase, '--json']));
  check(shown.kind === 'counter_notice' && shown.complete, 'it is stored as a complete counter-notice');
  check(shown.links.some((l) => l.case === Number(caseId)), 'cases show --json links it too');
} finally {
  await browser.close();
  evil.close();
  server.kill('SIGTERM');
  const code = await new Promise((resolve) => server.on('exit', (c) => resolve(c)));
  check(code === 0, `dmca serve stops cleanly on SIGTERM (exit ${code})`);
  const log = fs.readFileSync(path.join(work, 'access.log'), 'utf8');
  check(!log.includes('127.0.0.1') && !log.includes(reference) && !log.includes('uma'),
        'the access log holds no addresses, references or names');
}

// The run's store and configuration stay only when something failed, to look at.
if (!failures) fs.rmSync(work, { recursive: true, force: true });
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
