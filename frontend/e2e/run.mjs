// End-to-end tests of the dashboard in a real headless Chromium (Debian's, driven by playwright-core),
// against a running Tripdesk. Run: BASE_URL=http://localhost:8080 ADMIN_EMAIL=… ADMIN_PASSWORD=… node e2e/run.mjs
// The Java test io.tripdesk.e2e.DashboardEndToEndTests starts Tripdesk and runs this from `./mvnw verify`.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? 'admin@tripdesk.local';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(process.env.SCREENSHOT_DIR ?? path.join(here, '..', '..', 'target', 'e2e-screenshots'));
const RUN = `E2E${Date.now().toString(36).toUpperCase()}`;
const TIMEOUT = 15_000;
// A phone number of this run (E.164 after normalisation), so reruns against one database do not collide.
const DIGITS = String(Date.now()).slice(-8);
const PHONE_TYPED = `+34 6${DIGITS.slice(0, 2)} ${DIGITS.slice(2, 5)} ${DIGITS.slice(5, 8)}`;
const PHONE_E164 = `+346${DIGITS}`;

const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 375, height: 812 };

let browser;
let context;
let page;
const consoleErrors = [];

/**
 * Chromium logs every 4xx answer as "Failed to load resource"; those are expected refusals (401 before
 * sign-in, 409 duplicate, 404 probes). Server errors are caught from the responses instead.
 */
function isExpectedConsoleError(text) {
  return /Failed to load resource: the server responded with a status of 4\d\d/.test(text);
}

function watch(p) {
  p.on('console', (message) => {
    if (message.type() === 'error' && !isExpectedConsoleError(message.text())) {
      consoleErrors.push(`${p.url()}: ${message.text()}`);
    }
  });
  p.on('pageerror', (error) => consoleErrors.push(`${p.url()}: uncaught ${error.message}`));
  p.on('response', (response) => {
    if (response.status() >= 500) consoleErrors.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
  });
}

async function csrfHeader() {
  const cookie = (await context.cookies(BASE_URL)).find((c) => c.name === 'XSRF-TOKEN');
  assert.ok(cookie, 'the XSRF-TOKEN cookie is set');
  return { 'X-XSRF-TOKEN': decodeURIComponent(cookie.value) };
}

/** The API as the signed-in browser (same cookies). */
const api = {
  async get(url) {
    const response = await context.request.get(BASE_URL + url);
    return { status: response.status(), body: response.status() === 204 ? null : await response.json().catch(() => null) };
  },
  async post(url, data) {
    const response = await context.request.post(BASE_URL + url, { data, headers: await csrfHeader() });
    return { status: response.status(), body: await response.json().catch(() => null) };
  },
};

async function shot(name) {
  await eventually(
    async () => (await page.locator('.mantine-Skeleton-root[data-visible], [aria-busy="true"]').count()) === 0 || 'still loading',
    `${name}: the page finished loading`,
  );
  await page.waitForTimeout(250); // let transitions settle for the picture; no assertion depends on it
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

/** The dashboard's chart cards have their data and every drawn chart has its SVG (recharts measures first). */
async function chartsDrawn() {
  await eventually(
    () =>
      page.evaluate(() => {
        const cards = [...document.querySelectorAll('[data-chart-card]')];
        if (cards.length === 0) return 'no chart cards';
        const waiting = cards.filter((card) => {
          const state = card.getAttribute('data-chart-state');
          return state === 'loading' || (state === 'ready' && !card.querySelector('svg.recharts-surface, table'));
        });
        return waiting.length === 0 || `waiting for ${waiting.map((card) => card.getAttribute('data-chart-card')).join(', ')}`;
      }),
    'the dashboard drew its charts',
  );
}

/** Waits until `check` returns true (a deadline, not a sleep). */
async function eventually(check, message, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last === true) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${message} (last: ${JSON.stringify(last)})`);
}

/** A scenario that leaves a screenshot behind when it fails. */
function scenario(name, fn) {
  it(name, async (t) => {
    try {
      await fn(t);
    } catch (error) {
      await page?.screenshot({ path: path.join(SHOTS, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => {});
      throw error;
    }
  });
}

async function heading(name) {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: TIMEOUT });
}

async function visit(url, title) {
  await page.goto(BASE_URL + url);
  if (title) await heading(title);
}

/** Picks an option of a Mantine Select by the input's label. */
async function choose(label, option, scope = page) {
  await scope.getByLabel(label, { exact: true }).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('Tripdesk dashboard', { concurrency: false }, () => {
  before(async () => {
    assert.ok(ADMIN_PASSWORD, 'ADMIN_PASSWORD must be set');
    assert.ok(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    const index = await fetch(`${BASE_URL}/`).then((r) => r.text()).catch((e) => `unreachable: ${e.message}`);
    assert.ok(index.includes('id="root"'), `Tripdesk at ${BASE_URL}/ does not serve the dashboard (is the front end built into the jar?): ${index.slice(0, 200)}`);
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: DESKTOP, colorScheme: 'light', locale: 'en-GB', timezoneId: 'Europe/Madrid' });
    context.setDefaultTimeout(TIMEOUT);
    page = await context.newPage();
    watch(page);
  });

  after(async () => {
    await browser?.close();
  });

  scenario('signs in, and a client route survives a reload', async () => {
    await page.goto(`${BASE_URL}/leads/board`);
    await page.waitForURL(/\/login\?next=/);
    await heading('Tripdesk');
    await shot('login-desktop');
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel(/^Password/).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();
    await page.getByLabel(/^Password/).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading('Pipeline');
    assert.match(page.url(), /\/leads\/board$/);
    await page.reload();
    await heading('Pipeline');
    await page.getByRole('banner').getByText('Admin', { exact: true }).waitFor();
  });

  scenario("shows the dashboard with the API's numbers", async () => {
    await visit('/', 'Dashboard');
    const metrics = (await api.get('/api/analytics/metrics/')).body;
    const shown = await page.locator('[data-metric="New leads"]').textContent();
    assert.equal(shown.replace(/\D/g, ''), String(metrics.new_leads.value));
    await chartsDrawn();
    await shot('dashboard-desktop');
  });

  scenario('a customer writes in the simulator and the agent sees it live, with a notification', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Inbox' }).click();
    await heading('Inbox');
    const customer = await context.newPage();
    watch(customer);
    try {
      await customer.goto(`${BASE_URL}/simulator`);
      await customer.getByLabel('Customer phone').fill(`+34 7${DIGITS.slice(0, 2)} ${DIGITS.slice(2, 5)} ${DIGITS.slice(5, 8)}`);
      await customer.getByLabel('Customer name').fill(`${RUN} Elena`);
      await customer.getByLabel('Message').fill('Hello! Do you still have seats for Peru?');
      await customer.screenshot({ path: path.join(SHOTS, 'simulator-desktop.png') });
      await customer.getByRole('button', { name: 'Send as customer' }).click();
      await customer.getByText('Sent: Hello! Do you still have seats for Peru?').waitFor();
    } finally {
      await customer.close();
    }
    // No reload: the inbox and the bell update from the live socket.
    await page.getByRole('navigation', { name: 'Conversations' }).getByText(`${RUN} Elena`).waitFor();
    await page.getByRole('button', { name: /Notifications, [1-9]\d* unread/ }).waitFor();
    await shot('inbox-desktop');
  });

  scenario('the agent replies with Enter and the reply turns read', async () => {
    await page.getByRole('navigation', { name: 'Conversations' }).getByText(`${RUN} Elena`).click();
    await page.getByText('Hello! Do you still have seats for Peru?', { exact: true }).waitFor();
    const reply = page.getByLabel('Reply');
    await reply.fill('Yes! Two departures in July.');
    await reply.press('Enter');
    await page.getByText('Yes! Two departures in July.', { exact: true }).first().waitFor();
    await page.getByText('Read', { exact: true }).first().waitFor();
    await shot('chat-desktop');
  });

  scenario('filters and pages the leads table, with the filters in the URL', async () => {
    for (let i = 1; i <= 27; i++) {
      const created = await api.post('/api/leads/', {
        name: `${RUN} Lead ${String(i).padStart(2, '0')}`,
        source: i % 3 === 0 ? 'referral' : 'website',
        tags: i <= 3 ? ['vip'] : [],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    await visit('/leads', 'Leads');
    await page.getByRole('textbox', { name: 'Search' }).fill(`${RUN} Lead`);
    await page.waitForURL((url) => url.searchParams.get('search') === `${RUN} Lead`);
    await page.getByText('27 leads · page 1 of 2').waitFor();
    await eventually(async () => (await page.getByRole('link', { name: new RegExp(`^${RUN} Lead`) }).count()) === 25 || 'not 25 rows', 'page 1 shows 25 leads');

    await page.getByRole('button', { name: 'Page 2' }).click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2');
    await page.getByText('27 leads · page 2 of 2').waitFor();
    await eventually(async () => (await page.getByRole('link', { name: new RegExp(`^${RUN} Lead`) }).count()) === 2 || 'not 2 rows', 'page 2 shows 2 leads');

    await choose('Source', 'Referral');
    await page.waitForURL((url) => url.searchParams.get('source') === 'referral' && !url.searchParams.has('page'));
    await page.getByText('9 leads · page 1 of 1').waitFor();

    await page.getByRole('button', { name: 'Sort by Name' }).click();
    await page.waitForURL((url) => url.searchParams.get('ordering') === 'name');
    await page.getByRole('row').nth(1).getByRole('link', { name: `${RUN} Lead 03` }).waitFor();

    await page.reload();
    await page.getByText('9 leads · page 1 of 1').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Search' }).inputValue(), `${RUN} Lead`);
    await page.getByRole('button', { name: /^Clear 2 filters$/ }).click();
    await page.waitForURL((url) => !url.searchParams.has('search') && !url.searchParams.has('source'));
  });

  scenario('creates a lead, and shows a duplicate phone on its field', async () => {
    await visit('/leads', 'Leads');
    const dialog = page.getByRole('dialog', { name: 'New lead' });
    await page.getByRole('button', { name: 'New lead' }).first().click();
    await dialog.getByRole('textbox', { name: /^Name/ }).fill(`${RUN} Created`);
    await dialog.getByRole('textbox', { name: 'Phone' }).fill(PHONE_TYPED);
    await dialog.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
    await dialog.getByRole('button', { name: 'Create lead' }).click();
    await dialog.getByText('Enter a valid email').waitFor();
    await dialog.getByRole('textbox', { name: 'Email' }).fill(`${RUN.toLowerCase()}@example.com`);
    await dialog.getByRole('button', { name: 'Create lead' }).click();
    await heading(`${RUN} Created`);
    await page.getByText('Lead created').waitFor();
    await page.getByRole('textbox', { name: 'Phone' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Phone' }).inputValue(), PHONE_E164);

    await visit('/leads', 'Leads');
    await page.getByRole('button', { name: 'New lead' }).first().click();
    await dialog.getByRole('textbox', { name: /^Name/ }).fill(`${RUN} Again`);
    await dialog.getByRole('textbox', { name: 'Phone' }).fill(PHONE_E164);
    await dialog.getByRole('button', { name: 'Create lead' }).click();
    await dialog.getByText('Another lead has this phone number').waitFor();
    await dialog.getByRole('link', { name: 'Open the existing lead' }).click();
    await heading(`${RUN} Created`);
  });

  scenario('drags a lead to another stage on the board and shows it on the timeline', async () => {
    const name = `${RUN} Lead 01`;
    await visit(`/leads/board?search=${encodeURIComponent(name)}`, 'Pipeline');
    const newColumn = page.getByRole('region', { name: 'New', exact: true });
    const contacted = page.getByRole('region', { name: 'Contacted', exact: true });
    await newColumn.getByRole('link', { name }).waitFor();
    await shot('board-desktop');

    const handle = page.getByRole('button', { name: `Drag ${name}` });
    const from = await handle.boundingBox();
    const to = await contacted.boundingBox();
    assert.ok(from && to, 'the card and the column are on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 12 });
    await page.mouse.up();

    await contacted.getByRole('link', { name }).waitFor();
    assert.equal(await newColumn.getByRole('link', { name }).count(), 0);
    // The card moves at once (optimistically); the server's answer follows.
    let stage;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      stage = (await api.get(`/api/leads/?search=${encodeURIComponent(name)}`)).body.results[0].stage;
      if (stage === 'contacted') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(stage, 'contacted');

    // The keyboard-free alternative: the "Move to…" menu.
    await contacted.getByRole('button', { name: `Move ${name} to…` }).click();
    await page.getByRole('menuitem', { name: 'Qualified' }).click();
    await page.getByRole('region', { name: 'Qualified', exact: true }).getByRole('link', { name }).waitFor();

    await page.getByRole('region', { name: 'Qualified', exact: true }).getByRole('link', { name }).click();
    await heading(name);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Stage: New → Contacted').waitFor();
    await timeline.getByText('Stage: Contacted → Qualified').waitFor();
    await shot('lead-desktop');
  });

  scenario('creates and completes a task', async () => {
    const probe = await api.get('/api/tasks/?page_size=1');
    assert.equal(probe.status, 200, 'GET /api/tasks/ works');
    const title = `${RUN} call back about Lisbon`;
    await visit('/tasks', 'Tasks');
    await page.getByRole('button', { name: 'New task' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByRole('textbox', { name: /^Title/ }).fill(title);
    await choose('Priority', 'High', dialog);
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await page.getByRole('listitem').filter({ hasText: title }).waitFor();
    await shot('tasks-desktop');
    await page.getByRole('button', { name: `Complete ${title}` }).click();
    await page.getByText(`Done: ${title}`).waitFor();
    const tasks = await api.get(`/api/tasks/?assigned_to=me&status=done&page_size=200`);
    assert.ok(tasks.body.results.some((task) => task.title === title && task.status === 'done'), 'the task is done on the server');
  });

  scenario('takes screenshots of every main view, desktop and 375 px wide', async () => {
    const lead = (await api.get(`/api/leads/?search=${encodeURIComponent(`${RUN} Lead 01`)}`)).body.results[0];
    const trips = (await api.get('/api/trips/?page_size=1')).body;
    const views = [
      ['dashboard', '/', 'Dashboard'],
      ['inbox', '/inbox', 'Inbox'],
      ['leads', '/leads', 'Leads'],
      ['board', '/leads/board', 'Pipeline'],
      ['lead', `/leads/${lead.id}`, lead.name],
      ['trips', '/trips', 'Trips'],
      ...(trips.results.length > 0 ? [['trip', `/trips/${trips.results[0].id}`, trips.results[0].title]] : []),
      ['tasks', '/tasks', 'Tasks'],
      ['simulator', '/simulator', null],
      ['users', '/users', 'Users'],
      ['profile', '/profile', 'Profile'],
    ];
    for (const [size, viewport] of [['desktop', DESKTOP], ['mobile', MOBILE]]) {
      await page.setViewportSize(viewport);
      for (const [name, url, title] of views) {
        await visit(url, title);
        if (name === 'dashboard') await chartsDrawn();
        await shot(`${name}-${size}`);
      }
    }
    // The navigation below the sm breakpoint opens from the burger.
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Trips' }).click();
    await heading('Trips');
    // Dark mode.
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    await visit('/leads', 'Leads');
    await shot('leads-mobile-dark');
    await page.setViewportSize(DESKTOP);
    await shot('leads-desktop-dark');
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    await page.context().clearCookies();
    await page.goto(`${BASE_URL}/login`);
    await page.setViewportSize(MOBILE);
    await heading('Tripdesk');
    await shot('login-mobile');
  });

  it('logged no console errors', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
