import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { open, pageErrors, screenshot } from '../browser';
import { RUN, browser, formSweepUrl, useBrowser } from './run';

/** Every page within a phone's width and in the system's dark mode. */

useBrowser();

let sweepUrl = '';

beforeAll(async () => {
  sweepUrl = await formSweepUrl();
});

/** Every page, by screenshot name and path, once the form's sweep exists. */
function everyPage(): [string, string][] {
  return [
    ['new-experiment', '/#/new?preset=autoguidance'],
    ['experiment', `/${new URL(sweepUrl).hash}`],
    ['history', `/#/history?q=${encodeURIComponent(RUN)}`],
    ['queue', '/#/queue'],
    ['train', '/#/train'],
  ];
}

/** Opens a page of {@link everyPage} and waits until it is drawn (an experiment: its stream ended). */
async function openDrawn(
  name: string,
  path: string,
  width: number,
  height: number,
  colorScheme: 'light' | 'dark',
): Promise<Page> {
  const page = await open(browser, path, width, height, colorScheme);
  await page.waitForSelector('main h1');
  if (name === 'experiment') {
    await page.waitForSelector('.stream-status[data-status="ended"]');
    await page.waitForSelector('.chart-grid .chart');
  }
  return page;
}

describe('phone', () => {
  it('lays every page out within a phone’s width', async () => {
    for (const [name, path] of everyPage()) {
      const page = await openDrawn(name, path, 390, 844, 'light');
      // Only tables may scroll sideways, inside their own box; the page itself never does.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, name).toBeLessThanOrEqual(0);
      await screenshot(page, `${name}-phone`);
      await page.close();
    }
  });
});

describe('dark mode', () => {
  it('follows the system setting on every page', async () => {
    for (const [name, path] of everyPage()) {
      const page = await openDrawn(name, path, 1440, 900, 'dark');
      const background = await page.evaluate(
        () => getComputedStyle(document.documentElement).backgroundColor,
      );
      expect(background).toBe('rgb(21, 24, 30)');
      await screenshot(page, `${name}-dark`);
      expect(pageErrors(page)).toEqual([]);
      await page.close();
    }
  });
});
