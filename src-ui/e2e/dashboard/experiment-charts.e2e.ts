import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { open, pageErrors, screenshot, submitSpec } from '../browser';
import { RUN, browser, rowStates, useBrowser } from './run';

/**
 * The experiment page's charts: an EMA sweep on its EMA axis with a heat map, and the user's zoom
 * kept while values stream in.
 */

useBrowser();

describe('experiment page', () => {
  it('draws an EMA sweep against the guide’s EMA width, kept on reload, with a w × EMA heat map', async () => {
    const { id } = await submitSpec({
      name: `${RUN} ema`,
      main: 'toy-mlp:A-64-4096',
      sweep: [
        { method: 'none' },
        {
          method: 'autoguidance',
          guide: 'toy-mlp:A-32',
          guideIteration: 512,
          guideEma: [0.02, 0.1],
          weights: [2, 3],
        },
      ],
      samples: 500,
      metrics: ['log_likelihood_clipped', 'fd'],
      reuse: false,
    });
    const path = `/#/experiments/${id}`;
    const page = await open(browser, path);
    await expect
      .poll(() => rowStates(page), { timeout: 300_000, interval: 500 })
      .toEqual(Array<string>(5).fill('COMPLETED'));
    await page.waitForSelector('.stream-status[data-status="ended"]');
    const choice = page.locator('.axis-choice select');
    expect(await choice.locator('option').allTextContents()).toEqual([
      'guidance weight w',
      'guide EMA σ_rel',
    ]);
    await choice.selectOption('ema_g');
    await expect.poll(() => page.url()).toContain(`#/experiments/${id}?x=ema_g`);

    // The x axis is the guide's σ_rel (the legend's first entry), with a line per weight.
    const expectEmaCharts = async (p: Page) => {
      const legend = p.locator('.chart-grid .chart[data-chart^="fd ·"] .u-legend .u-label');
      await expect.poll(() => legend.first().textContent()).toBe('guide EMA σ_rel');
      const lines = (await legend.allTextContents()).slice(1);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^autoguidance w=2( |$)/);
      expect(lines[1]).toMatch(/^autoguidance w=3( |$)/);
    };
    await expectEmaCharts(page);

    // The heat map: a row per σ_rel, a column per weight, every cell a number.
    const expectHeatMap = async (p: Page) => {
      const cells = p.locator('table.heat-map td');
      await expect.poll(() => cells.count()).toBe(4);
      const data = await cells.evaluateAll((tds) =>
        tds.map((td) => {
          const { w, ema, value } = (td as HTMLElement).dataset;
          return { w, ema, value: Number(value) };
        }),
      );
      expect(data.map((c) => `${c.ema} ${c.w}`)).toEqual(['0.02 2', '0.02 3', '0.1 2', '0.1 3']);
      expect(data.every((c) => Number.isFinite(c.value))).toBe(true);
    };
    await expectHeatMap(page);
    await screenshot(page, 'experiment-ema');

    // A reload keeps the axis.
    await page.reload();
    await page.waitForSelector('.stream-status[data-status="ended"]');
    await expect.poll(() => choice.inputValue()).toBe('ema_g');
    await expectEmaCharts(page);
    await expectHeatMap(page);
    expect(pageErrors(page)).toEqual([]);
    await page.close();

    const dark = await open(browser, `${path}?x=ema_g`, 1440, 900, 'dark');
    await dark.waitForSelector('.stream-status[data-status="ended"]');
    await expectHeatMap(dark);
    await screenshot(dark, 'experiment-ema-dark');
    await dark.close();
  });

  it('keeps the user’s zoom while values stream in', async () => {
    const { id } = await submitSpec({
      name: `${RUN} zoom`,
      main: 'toy-oracle:A',
      sweep: [{ method: 'cfg', guide: 'toy-oracle:AB', weights: [1.5, 2, 3, 4] }],
      sampler: { steps: 16 },
      samples: 3000,
      seed: 5,
    });
    const page = await open(browser, `/#/experiments/${id}`);
    const chart = page.locator('.chart-grid .chart').first();
    await chart.waitFor();
    await expect.poll(() => rowStates(page), { timeout: 60_000 }).toContain('COMPLETED');
    const box = await chart.locator('.u-over').boundingBox();
    if (box === null) {
      throw new Error('the chart is not visible');
    }
    const xAxis = () => chart.getAttribute('data-x-range');
    const whole = await xAxis();
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.8, { steps: 5 });
    await page.mouse.up();
    const zoomed = await xAxis();
    expect(zoomed).toMatch(/^[-0-9.e]+\.\.[-0-9.e]+$/);
    expect(zoomed).not.toBe(whole);
    await expect
      .poll(() => rowStates(page), { timeout: 120_000 })
      .toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(await xAxis()).toBe(zoomed);

    // The zoom and the selected point are in the URL: a reload shows the same.
    await page.locator('tr[data-point]').nth(2).click();
    await expect.poll(() => page.url()).toContain('point=2');
    expect(page.url()).toContain('zoom=');
    await page.reload();
    const reloaded = page.locator('.chart-grid .chart').first();
    await reloaded.waitFor();
    await expect.poll(() => reloaded.getAttribute('data-x-range')).toBe(zoomed);
    await expect.poll(() => page.locator('tr[data-point].selected').count()).toBe(1);
    expect(await page.locator('tr[data-point]').nth(2).getAttribute('class')).toBe('selected');
    await page.close();
  });
});
