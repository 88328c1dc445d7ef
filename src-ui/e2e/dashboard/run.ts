import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { BASE_URL, cancelRun, launch } from '../browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's name prefix, one for all of the dashboard's files (vitest.e2e.config.ts). */
    run: string;
  }
}

/** Makes this run's experiments findable in a shared history. */
export const RUN = inject('run');
/** The sweep experiment.e2e.ts submits through the form; later files find it by this name. */
export const SWEEP_NAME = `${RUN} cfg sweep`;

/** This file's Chromium, launched by {@link useBrowser} before its tests. */
export let browser: Browser;

/**
 * Launches {@link browser} before this file's tests; after them closes it and cancels what the run
 * left queued or running.
 */
export function useBrowser(): void {
  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    // Typed as set for the tests, which run only after beforeAll launched it; here it is still
    // undefined when the launch failed.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- see above
    await browser?.close();
    await cancelRun(RUN);
  });
}

/**
 * The page URL of the form's sweep ({@link SWEEP_NAME}), for the files that run after
 * experiment.e2e.ts submitted it.
 */
export async function formSweepUrl(): Promise<string> {
  const response = await fetch(
    `${BASE_URL}/api/experiments?size=200&archived=all&q=${encodeURIComponent(SWEEP_NAME)}`,
  );
  const page = (await response.json()) as { items: { id: string; name: string }[] };
  const sweep = page.items.find((e) => e.name === SWEEP_NAME);
  if (sweep === undefined) {
    throw new Error(
      `no experiment named ${SWEEP_NAME}: experiment.e2e.ts submits it, run it first`,
    );
  }
  return `${BASE_URL}/#/experiments/${sweep.id}`;
}

export async function statusText(page: Page): Promise<string> {
  return (await page.locator('.spec-status').textContent()) ?? '';
}

export async function rowStates(page: Page): Promise<string[]> {
  return page
    .locator('tr[data-point]')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.state ?? ''));
}
