import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, launch, newSession, open, pageErrors, screenshotLightAndDark } from './browser';

/**
 * Accounts in the browser, against a Guidelab with accounts on (`npm run e2e:accounts`; the other
 * browser tests, `npm run e2e`, run against one with accounts off). GUIDELAB_ADMIN_TOKEN is the
 * admin API token the server wrote to `<data-dir>/admin-token` at its first start.
 */
const ADMIN_TOKEN = process.env.GUIDELAB_ADMIN_TOKEN ?? '';
if (!ADMIN_TOKEN) {
  throw new Error('GUIDELAB_ADMIN_TOKEN: the admin token of the Guidelab under test is needed');
}

const RUN = `e2e-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const MEMBER = RUN;
const ADMIN = `${RUN}-admin`;
const VIEWER = `${RUN}-viewer`;
const PASSWORD = `${RUN}-password`;
/** Markup a member may type as a name: it must stay text wherever the dashboard shows it. */
const MARKUP_NAME = '<img src=x onerror="window.__xss=1">';

/** The admin's API, with the admin token as a script would send it. */
async function asAdmin(path: string, method = 'GET', body?: unknown): Promise<Response> {
  return fetch(BASE_URL + path, {
    method,
    headers: {
      Authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function createUser(
  name: string,
  role: string,
  password?: string,
): Promise<{ signInLink: string }> {
  const response = await asAdmin('/api/users', 'POST', { name, role, password });
  if (response.status !== 201) {
    throw new Error(`creating ${name} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as { signInLink: string };
}

/** The markup was neither parsed into an element nor run. */
async function expectInert(page: Page): Promise<void> {
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(
    undefined,
  );
}

describe('accounts', () => {
  let browser: Browser;
  let member: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    expect(ADMIN_TOKEN, 'GUIDELAB_ADMIN_TOKEN').not.toBe('');
    await createUser(MEMBER, 'member', PASSWORD);
    browser = await launch();
    member = await newSession(browser);
  });

  afterAll(async () => {
    // Typed as set for the tests, which run only after beforeAll; undefined when it failed.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- see above
    await browser?.close();
    // Accounts cannot be deleted; this run's are disabled so a shared server keeps no open doors.
    for (const name of [MEMBER, ADMIN, VIEWER]) {
      await asAdmin(`/api/users/${encodeURIComponent(name)}`, 'PATCH', { disabled: true });
    }
  });

  it('sends a visitor who is not signed in to sign in', async () => {
    page = await open(member, '/#/history');
    await page.waitForURL(/#\/sign-in\?next=/);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/sign-in?next=#/history');
    await page.waitForSelector('form.sign-in input[name="name"]');
    await screenshotLightAndDark(page, 'sign-in');
  });

  it('refuses a wrong password with the server’s message', async () => {
    await page.fill('input[name="name"]', MEMBER);
    await page.fill('input[name="password"]', 'not the password');
    await page.click('form.sign-in button[type="submit"]');
    await expect
      .poll(() => page.locator('.form-status .error').textContent())
      .toBe('wrong name or password');
    expect(page.url()).toContain('#/sign-in');
  });

  it('signs in, goes back to the page asked for and shows who is signed in', async () => {
    await page.fill('input[name="name"]', MEMBER);
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('form.sign-in button[type="submit"]');
    await page.waitForURL(/#\/history$/);
    await expect.poll(() => page.locator('nav .who').textContent()).toBe(`${MEMBER} (member)`);
    expect(await page.locator('nav a[href="#/tokens"]').count()).toBe(1);
    expect(await page.locator('nav a[href="#/users"]').count()).toBe(0);
    expect(await page.locator('nav button.sign-out').count()).toBe(1);
  });

  it('submits a sweep named with markup and shows the name as text, owned by the member', async () => {
    // A reload: the session cookie stays, the csrf value is asked for again before the first write.
    await page.goto(`${BASE_URL}/#/new`);
    await page.reload();
    await page.waitForSelector('[data-path="main"] select');
    expect(await page.locator('[data-path="owner"]').count()).toBe(0);
    await page.selectOption('[data-path="main"] select', 'toy-oracle:A');
    await page.fill('[data-path="name"] input', MARKUP_NAME);
    await page.fill('[data-path="sampler.steps"] input', '8');
    await page.fill('[data-path="samples"] input', '1000');
    await page.waitForSelector('.spec-status .ok');
    await expect.poll(() => page.isEnabled('button[type="submit"]')).toBe(true);
    await page.click('button[type="submit"]');
    await page.waitForURL(/#\/experiments\/[0-9a-f-]{36}$/);

    await expect.poll(() => page.locator('.experiment-header h1').textContent()).toBe(MARKUP_NAME);
    expect(await page.locator('.experiment-header p.muted').textContent()).toContain(
      `by ${MEMBER}`,
    );
    await expectInert(page);
    // Done before the next test, so no point of this run is left at work.
    await expect
      .poll(() => page.locator('.experiment-header .badge').getAttribute('data-state'), {
        timeout: 120_000,
      })
      .toBe('COMPLETED');

    await page.goto(`${BASE_URL}/#/history?owner=${encodeURIComponent(MEMBER)}`);
    const row = page.locator('tr[data-experiment]');
    await expect.poll(() => row.count()).toBe(1);
    // Columns: compare box, star, name (a link, then tags), state, kind, owner.
    expect(await row.locator('td').nth(2).locator('a').first().textContent()).toBe(MARKUP_NAME);
    expect(await row.locator('td').nth(5).textContent()).toBe(MEMBER);
    await expectInert(page);
  });

  it('creates an API token, shows it once, and revokes it', async () => {
    await page.goto(`${BASE_URL}/#/tokens`);
    await page.fill('form.create-token input[name="name"]', `${RUN} laptop`);
    await page.click('form.create-token button[type="submit"]');
    const secret = page.locator('.secret-value');
    await secret.waitFor();
    const token = await secret.inputValue();
    expect(token).toMatch(/^glt_/);
    expect(await page.locator('.secret .warning').textContent()).toContain('not be shown again');
    const row = page.locator('tr[data-token]', { hasText: `${RUN} laptop` });
    await expect.poll(() => row.count()).toBe(1);
    await screenshotLightAndDark(page, 'tokens');

    // The token acts as the member, for scripts.
    const me = await fetch(`${BASE_URL}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { name: string }).name).toBe(MEMBER);

    await page.reload();
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.locator('.secret').count()).toBe(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button.revoke').click();
    await expect.poll(() => row.count()).toBe(0);
    const revoked = await fetch(`${BASE_URL}/api/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(revoked.status).toBe(401);
  });

  it('lets an admin sign in with a one-time link, choose a password and add a user', async () => {
    const { signInLink } = await createUser(ADMIN, 'admin');
    const admin = await newSession(browser);
    const adminPage = await open(admin, signInLink);
    await adminPage.waitForSelector('form.choose-password');
    expect(adminPage.url()).not.toContain('code=');
    await adminPage.fill('input[name="password"]', PASSWORD);
    await adminPage.fill('input[name="again"]', PASSWORD);
    await adminPage.click('form.choose-password button[type="submit"]');
    await adminPage.waitForURL(/#\/new$/);
    await expect.poll(() => adminPage.locator('nav .who').textContent()).toBe(`${ADMIN} (admin)`);

    await adminPage.click('nav a[href="#/users"]');
    await expect.poll(() => adminPage.locator(`tr[data-user="${MEMBER}"]`).count()).toBe(1);
    await adminPage.fill('form.create-user input[name="name"]', VIEWER);
    await adminPage.selectOption('form.create-user select[name="role"]', 'viewer');
    await adminPage.fill('form.create-user input[name="password"]', PASSWORD);
    await adminPage.click('form.create-user button[type="submit"]');
    const secrets = adminPage.locator('.secret-value');
    await expect.poll(() => secrets.count()).toBe(2);
    expect(await secrets.nth(0).inputValue()).toMatch(
      new RegExp(`^${new URL(BASE_URL).origin}/#/sign-in\\?code=.+`),
    );
    expect(await secrets.nth(1).inputValue()).toMatch(/^glt_/);
    const viewerRow = adminPage.locator(`tr[data-user="${VIEWER}"]`);
    await expect.poll(() => viewerRow.count()).toBe(1);
    expect(await viewerRow.locator('select').inputValue()).toBe('viewer');
    await screenshotLightAndDark(adminPage, 'users');

    // A viewer reads everything and writes nothing: the submit button stays off.
    const viewer = await open(await newSession(browser), '/#/sign-in?next=%23%2Fnew');
    await viewer.fill('input[name="name"]', VIEWER);
    await viewer.fill('input[name="password"]', PASSWORD);
    await viewer.click('form.sign-in button[type="submit"]');
    await viewer.waitForURL(/#\/new$/);
    await viewer.waitForSelector('.viewer-note:not([hidden])');
    expect(await viewer.isEnabled('button[type="submit"]')).toBe(false);

    // Disabled, and enabled again, from the admin's list.
    await viewerRow.locator('button.disable').click();
    await expect.poll(() => viewerRow.getAttribute('data-disabled')).toBe('true');
    await viewerRow.locator('button.enable').click();
    await expect.poll(() => viewerRow.getAttribute('data-disabled')).toBe('false');
    expect(pageErrors(adminPage)).toEqual([]);
  });

  it('signs out and sends the member to sign in', async () => {
    await page.goto(`${BASE_URL}/#/history`);
    await page.click('nav button.sign-out');
    await page.waitForURL(/#\/sign-in$/);
    await page.goto(`${BASE_URL}/#/tokens`);
    await page.waitForURL(/#\/sign-in\?next=/);
    expect(pageErrors(page)).toEqual([]);
  });
});
