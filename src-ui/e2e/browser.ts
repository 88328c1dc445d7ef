import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The Guidelab under test, started by DashboardBrowserTest (or by hand: `GUIDELAB_URL=… npm run e2e`). */
export const BASE_URL = (process.env.GUIDELAB_URL ?? 'http://localhost:8080').replace(/\/$/, '');

/** Where screenshots go, for a reviewer to look at. */
export const SCREENSHOTS = process.env.GUIDELAB_SCREENSHOTS ?? '../target/screenshots';

/** Debian's Chromium; Playwright never downloads a browser here. */
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Chromium with a fresh profile (Playwright makes a temporary one) and no background
 * traffic (this machine's network is closed; Chromium's update and sync requests would be refused).
 */
export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A page at laptop size whose console errors fail the test that reads them: in a fresh context of
 * its own (light or dark as `colorScheme` says the system is), or in `context` (whose pages share
 * cookies, so one sign-in serves them all).
 */
export async function open(
  browser: Browser | BrowserContext,
  path: string,
  width = 1440,
  height = 900,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Page> {
  const page =
    'newContext' in browser
      ? await browser.newPage({ viewport: { width, height }, acceptDownloads: true, colorScheme })
      : await browser.newPage();
  page.setDefaultTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(BASE_URL + path);
  return page;
}

/** Errors the page threw since it was opened. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Screenshots a page without charts (canvas colours are fixed when drawn) as `<name>` and, with the
 * system's dark mode emulated, as `<name>-dark`.
 */
export async function screenshotLightAndDark(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Posts a spec over the REST API (for experiments a test needs but does not enter by hand). */
export async function submitSpec(spec: unknown): Promise<{ id: string }> {
  const response = await fetch(`${BASE_URL}/api/experiments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(spec),
  });
  if (response.status !== 201) {
    throw new Error(`submit answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as { id: string };
}

export async function cancelExperiment(id: string): Promise<void> {
  await fetch(`${BASE_URL}/api/experiments/${id}/cancel`, { method: 'POST' });
}

/** Cancels every experiment whose name contains `run` (archived too) that is still queued or running. */
export async function cancelRun(run: string): Promise<void> {
  const response = await fetch(
    `${BASE_URL}/api/experiments?size=200&archived=all&q=${encodeURIComponent(run)}`,
  );
  const page = (await response.json()) as { items: { id: string; state: string }[] };
  for (const e of page.items) {
    if (e.state === 'QUEUED' || e.state === 'RUNNING') {
      await cancelExperiment(e.id);
    }
  }
}

/** Registers a TorchScript image denoiser (3 channels, no classes) from a fixture file. */
export async function registerImageModel(
  name: string,
  file: string,
  resolution: number,
): Promise<void> {
  const query = new URLSearchParams({
    name,
    channels: '3',
    resolution: String(resolution),
    classes: '0',
  });
  const response = await fetch(`${BASE_URL}/api/models?${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: await readFile(file),
  });
  if (response.status !== 201) {
    throw new Error(`model registration answered ${response.status}: ${await response.text()}`);
  }
}

/** A browser context at laptop size, for pages that share a signed-in session. */
export function newSession(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 } });
}
