// End-to-end tests of the dashboard in real headless Chromium (Debian's), against a Tripdesk that the
// calling test started: BASE_URL, ADMIN_EMAIL, ADMIN_PASSWORD; screenshots go to SCREENSHOTS.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';

const base = process.env.BASE_URL ?? 'http://localhost:8080';
const email = process.env.ADMIN_EMAIL;
const password = process.env.ADMIN_PASSWORD;
const shots = process.env.SCREENSHOTS ?? 'e2e-screenshots';
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const failures = [];
const consoleErrors = [];
let passed = 0;

async function scenario(name, run) {
  const started = Date.now();
  try {
    await run();
    passed++;
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures.push(name);
    console.log(`not ok - ${name}\n  ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n  ')}`);
  }
}

function watchConsole(page, label) {
  page.on('console', (message) => {
    // The sign-in check asks /api/auth/me/ first, and a signed-out answer is a 401 by design.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) consoleErrors.push(`${label}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${label}: ${error.stack ?? error.message}`));
}

const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
context.setDefaultTimeout(15_000);
const agent = await context.newPage();
watchConsole(agent, 'agent');

async function api(path) {
  const response = await agent.request.get(`${base}/api${path}`);
  assert.equal(response.status(), 200, `GET ${path}`);
  return response.json();
}

await scenario('signs in and sees the dashboard with the API\'s numbers', async () => {
  await agent.goto(base);
  await agent.getByLabel('Email').fill(email);
  await agent.getByRole('textbox', { name: 'Password' }).fill(password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const metrics = await api('/analytics/metrics/');
  const shown = await agent.locator('[data-metric="New leads"]').textContent();
  assert.equal(shown.replace(/\D/g, ''), String(metrics.new_leads.value));
  await agent.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
});

await scenario('a customer writes in the simulator and the agent sees it live, with a notification', async () => {
  await agent.getByRole('link', { name: 'Inbox' }).click();
  await agent.getByRole('heading', { name: 'Inbox' }).waitFor();
  const customer = await context.newPage();
  watchConsole(customer, 'simulator');
  await customer.goto(`${base}/simulator`);
  await customer.getByLabel('Customer phone').fill('+34 622 333 444');
  await customer.getByLabel('Customer name').fill('Elena Browser');
  await customer.getByLabel('Message').fill('Hello! Do you still have seats for Peru?');
  await customer.screenshot({ path: `${shots}/simulator.png` });
  await customer.getByRole('button', { name: 'Send as customer' }).click();
  await customer.getByText('Sent: Hello! Do you still have seats for Peru?').waitFor();
  // No reload: the inbox and the bell update from the live socket.
  await agent.getByRole('navigation', { name: 'Conversations' }).getByText('Elena Browser').waitFor({ timeout: 10_000 });
  await agent.getByRole('button', { name: /Notifications, [1-9]\d* unread/ }).waitFor({ timeout: 10_000 });
  await agent.screenshot({ path: `${shots}/inbox.png`, fullPage: true });
  await customer.close();
});

await scenario('the agent replies with Enter and the reply turns read', async () => {
  await agent.getByRole('navigation', { name: 'Conversations' }).getByText('Elena Browser').click();
  await agent.getByText('Hello! Do you still have seats for Peru?').waitFor();
  const reply = agent.getByLabel('Reply');
  await reply.fill('Yes! Two departures in July.');
  await reply.press('Enter');
  const bubble = agent.locator('div').filter({ hasText: /^Yes! Two departures in July\./ }).last();
  await bubble.waitFor();
  await agent.getByText('Read', { exact: true }).first().waitFor({ timeout: 15_000 });
  await agent.screenshot({ path: `${shots}/chat.png`, fullPage: true });
});

await scenario('moving a lead to another stage shows on its timeline', async () => {
  const leads = await api('/leads/?search=Elena');
  const lead = leads.results[0];
  await agent.goto(`${base}/leads/${lead.id}`);
  await agent.getByRole('heading', { name: 'Elena Browser' }).waitFor();
  await agent.getByRole('combobox', { name: 'Stage' }).click();
  await agent.getByRole('option', { name: 'Qualified' }).click();
  await agent.getByText(/Stage changed from new to qualified|Stage changed from contacted to qualified/).waitFor({ timeout: 10_000 });
  const updated = await api(`/leads/${lead.id}/`);
  assert.equal(updated.stage, 'qualified');
  await agent.screenshot({ path: `${shots}/lead.png`, fullPage: true });
});

await scenario('a task is created and completed', async () => {
  await agent.goto(`${base}/tasks`);
  await agent.getByLabel('New task').fill('Send Elena the Peru itinerary');
  await agent.getByRole('button', { name: 'Add task' }).click();
  const done = agent.getByRole('checkbox', { name: 'Complete Send Elena the Peru itinerary' });
  await done.waitFor();
  await done.click();
  await done.waitFor({ state: 'detached' });
  await agent.locator('label').filter({ hasText: /^Done$/ }).click();
  await agent.getByText('Send Elena the Peru itinerary').waitFor();
  const tasks = await api('/tasks/?status=done');
  assert.ok(tasks.results.some((task) => task.title === 'Send Elena the Peru itinerary'));
  await agent.screenshot({ path: `${shots}/tasks.png`, fullPage: true });
});

await scenario('the leads table and trips work at 375 px', async () => {
  await agent.setViewportSize({ width: 375, height: 780 });
  await agent.goto(`${base}/leads?search=Elena`);
  await agent.getByRole('table', { name: 'Leads' }).getByText('Elena Browser').waitFor();
  await agent.screenshot({ path: `${shots}/leads-mobile.png`, fullPage: true });
  await agent.goto(`${base}/trips`);
  await agent.getByRole('heading', { name: 'Upcoming trips' }).waitFor();
  await agent.screenshot({ path: `${shots}/trips-mobile.png`, fullPage: true });
});

await browser.close();
if (consoleErrors.length) {
  console.log(`not ok - the browser console stayed clean\n  ${consoleErrors.join('\n  ')}`);
  failures.push('console errors');
}
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
