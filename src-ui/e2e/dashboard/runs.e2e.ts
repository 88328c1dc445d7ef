import { describe, expect, it } from 'vitest';
import { cancelExperiment, open, pageErrors, screenshot, submitSpec } from '../browser';
import { RUN, browser, rowStates, useBrowser } from './run';

/** Work started and stopped: cancel and run again, train a network, the queue. */

useBrowser();

describe('cancel and run again', () => {
  it('cancels a running sweep from its page, every row without a reload, and runs it again', async () => {
    const { id } = await submitSpec({
      name: `${RUN} long`,
      main: 'toy-oracle:A',
      sweep: [{ method: 'none' }, { method: 'cfg', guide: 'toy-oracle:AB', weights: [2, 3, 4] }],
      samples: 1_000_000,
      seed: 9,
    });
    const page = await open(browser, `/#/experiments/${id}`);
    await page.waitForSelector('tr[data-point][data-state="RUNNING"]');
    await page.click('.actions button.danger');
    await expect
      .poll(() => page.locator('.experiment-header .badge').getAttribute('data-state'))
      .toBe('CANCELLED');
    // Every point's row, the running one and the queued ones, from the stream alone.
    await expect
      .poll(() =>
        page.locator('tr[data-point]').evaluateAll((rows) => rows.map((r) => r.dataset.state)),
      )
      .toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
    await screenshot(page, 'experiment-cancelled');

    await page.click('.actions button.rerun');
    await page.waitForURL((url) => url.hash.startsWith('#/experiments/') && !url.hash.endsWith(id));
    const again = page.url().slice(page.url().lastIndexOf('/') + 1);
    await expect
      .poll(() => page.locator('.experiment-header h1').textContent())
      .toBe(`${RUN} long`);
    await cancelExperiment(again);
    await page.close();
  });
});

describe('train', () => {
  it('trains a toy network from the form, its problems named by field', async () => {
    const page = await open(browser, '/#/train');
    await page.waitForSelector('.train-form');
    await page.fill('[data-path="name"] input', `${RUN}-net`);
    await page.fill('[data-path="width"] input', 'wide');
    await page.click('.train-form button[type="submit"]');
    const widthError = page.locator('[data-path="width"] .field-error');
    await expect.poll(() => widthError.textContent()).toMatch(/integer/);
    await page.fill('[data-path="width"] input', '16');
    await page.fill('[data-path="iterations"] input', '64');
    await page.fill('[data-path="batchSize"] input', '256');
    await screenshot(page, 'train');
    await page.click('.train-form button[type="submit"]');
    await page.waitForURL(/#\/experiments\/[0-9a-f-]{36}$/);
    await expect.poll(() => rowStates(page), { timeout: 60_000 }).toEqual(['COMPLETED']);
    expect(await page.locator('main h1').textContent()).toContain(`${RUN}-net`);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});

describe('queue', () => {
  it('shows what each worker runs and what waits, in the order served', async () => {
    const { id } = await submitSpec({
      name: `${RUN} queued`,
      main: 'toy-oracle:A',
      sweep: [{ method: 'cfg', guide: 'toy-oracle:AB', weights: [1.5, 2, 3, 4, 5, 6] }],
      samples: 20000,
      seed: 1,
      metrics: ['fd'],
      reuse: false,
    });
    const page = await open(browser, '/#/queue');
    const waiting = page.locator(`.queued-table tr[data-experiment="${id}"]`);
    await expect.poll(() => waiting.count(), { timeout: 30_000 }).toBe(1);
    expect(await waiting.textContent()).toContain(`${RUN} queued`);
    const running = page.locator('.workers-table tr[data-worker]', { hasText: `${RUN} queued` });
    await expect.poll(() => running.count(), { timeout: 60_000 }).toBe(1);
    // The device the worker computes on: guidelab.worker.device=auto without CUDA.
    expect(await running.locator('td').nth(1).textContent()).toBe('cpu');
    await screenshot(page, 'queue');
    expect(pageErrors(page)).toEqual([]);
    await cancelExperiment(id);
    await page.close();
  });
});
