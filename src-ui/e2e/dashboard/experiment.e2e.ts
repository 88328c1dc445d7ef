import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BASE_URL, open, pageErrors, screenshot, submitSpec } from '../browser';
import { RUN, SWEEP_NAME, browser, rowStates, statusText, useBrowser } from './run';

/**
 * A sweep submitted through the form and watched live, then its page: CSV export, its spec in the
 * form, charts read without hovering, reused points, a missing experiment. The files that run
 * later find this sweep by its name (formSweepUrl).
 */

useBrowser();

let sweepUrl = '';

describe('submit', () => {
  it('submits a sweep through the form and watches its points complete live', async () => {
    const page = await open(browser, '/#/new');
    await page.waitForSelector('[data-path="main"] select');
    await page.selectOption('[data-path="main"] select', 'toy-oracle:A');
    await page.fill('[data-path="name"] input', SWEEP_NAME);
    await page.click('button.add-entry');
    await page.selectOption('[data-path="sweep[1].method"] select', 'cfg');
    await page.selectOption('[data-path="sweep[1].guide"] select', 'toy-oracle:AB');
    await page.fill('[data-path="sweep[1].weights"] input', '2, 4');
    await page.fill('[data-path="sampler.steps"] input', '16');
    await page.fill('[data-path="samples"] input', '4000');
    await expect.poll(() => statusText(page)).toContain('3 points');

    // Record every state a point row shows, to prove the page changed live, not on reload.
    await page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { seen: Set<string> }).seen = seen;
      new MutationObserver(() =>
        document.querySelectorAll<HTMLElement>('tr[data-point]').forEach((row) => {
          seen.add(row.dataset.state ?? '');
        }),
      ).observe(document.body, { subtree: true, childList: true });
    });
    await page.click('button[type="submit"]');
    await page.waitForURL(/#\/experiments\/[0-9a-f-]{36}$/);
    sweepUrl = page.url();
    await page.waitForSelector('.stream-status[data-status="live"]');
    await expect
      .poll(() => rowStates(page), { timeout: 150_000, interval: 250 })
      .toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);

    const seen = await page.evaluate(() => [...(window as unknown as { seen: Set<string> }).seen]);
    expect(seen).toContain('RUNNING');
    expect(seen).toContain('COMPLETED');
    // The device its worker computed on (a machine without CUDA), from the claim's event.
    expect(await page.locator('tr[data-point] td.device').allTextContents()).toContain('cpu');
    await page.waitForSelector('.stream-status[data-status="ended"]');
    expect(await page.locator('.experiment-header .badge').getAttribute('data-state')).toBe(
      'COMPLETED',
    );
    // One chart per requested metric, with a line per method; the scatter holds 1000 samples.
    const charts = page.locator('.chart-grid .chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.chart-grid .u-legend').first().textContent()).toContain('cfg');
    await page.click('tr[data-point]:nth-child(2)');
    await page.waitForSelector('.scatter[data-samples="1000"]');
    await screenshot(page, 'experiment-live');
    await page.setViewportSize({ width: 2560, height: 1440 });
    await screenshot(page, 'experiment-large-monitor');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'experiment-laptop');

    // A reload (or a second browser) shows the same state from the snapshot.
    const before = await page.locator('tbody tr[data-point]').allTextContents();
    const second = await open(browser, new URL(sweepUrl).hash ? `/${new URL(sweepUrl).hash}` : '/');
    await expect
      .poll(() => second.locator('tbody tr[data-point]').allTextContents())
      .toEqual(before);
    await second.close();
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});

describe('experiment page', () => {
  it('exports every metric value of every point as CSV from the server', async () => {
    const page = await open(browser, `/${new URL(sweepUrl).hash}`);
    await page.waitForSelector('.stream-status[data-status="ended"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a.export-csv'),
    ]);
    expect(download.suggestedFilename()).toMatch(/-[0-9a-f]{8}\.csv$/);
    const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'point,point_id,label,method,params,seed,state,metric,n,value,stderr,final',
    );
    // The labels and methods hold no comma, so the first four fields split plainly.
    const finals = new Set(
      lines.filter((l) => l.endsWith(',true')).map((l) => l.split(',').slice(2, 4).join(' / ')),
    );
    expect([...finals].sort()).toEqual(['cfg w=2 / cfg', 'cfg w=4 / cfg', 'none / none']);
    expect(lines.some((l) => l.endsWith(',false'))).toBe(true);
    await page.close();
  });

  it('opens a finished experiment’s spec in the form to change it', async () => {
    const page = await open(browser, `/${new URL(sweepUrl).hash}`);
    await page.click('.actions a.button');
    await page.waitForURL(/#\/new\?from=/);
    await expect.poll(() => statusText(page)).toContain('3 points');
    expect(await page.inputValue('[data-path="name"] input')).toBe(`${SWEEP_NAME} (again)`);
    expect(await page.inputValue('[data-path="sweep[1].weights"] input')).toBe('2, 4');
    await page.close();
  });

  it('reads its charts without hovering and puts a positive metric on a log scale', async () => {
    const page = await open(browser, `/${new URL(sweepUrl).hash}`);
    await page.waitForSelector('.stream-status[data-status="ended"]');
    // Away from the chart, each line's latest value stands in the legend.
    const fd = page.locator('.chart-grid .chart[data-chart^="fd ·"]').first();
    const values = await fd
      .locator('.u-legend .u-series:not(:first-child) .u-value')
      .allTextContents();
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => /[0-9]/.test(v))).toBe(true);
    // FD is positive: its y axis goes logarithmic (the drawing changes) and back.
    const drawing = async () => (await fd.locator('canvas').screenshot()).toString('base64');
    const linear = await drawing();
    const toggle = fd.locator('.log-toggle input');
    expect(await toggle.isEnabled()).toBe(true);
    await toggle.check();
    await expect.poll(drawing).not.toBe(linear);
    await toggle.uncheck();
    await expect.poll(drawing).toBe(linear);
    await page.close();
  });

  it('shows which points a resubmitted sweep reused, linked to the ones it took them from', async () => {
    const sweepId = new URL(sweepUrl).hash.split('/').pop() ?? '';
    const stored = (await (await fetch(`${BASE_URL}/api/experiments/${sweepId}`)).json()) as {
      spec: Record<string, unknown>;
    };
    const { id } = await submitSpec({ ...stored.spec, name: `${RUN} reused`, reuse: true });
    const page = await open(browser, `/#/experiments/${id}`);
    await page.waitForSelector('.stream-status[data-status="ended"]');
    expect(await rowStates(page)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    const links = page.locator('tr[data-point] .reused a');
    expect(await links.count()).toBe(3);
    expect(await links.first().textContent()).toBe(`${SWEEP_NAME} · none`);
    expect(await links.first().getAttribute('href')).toBe(`#/experiments/${sweepId}`);
    expect(await page.locator('p.summary').textContent()).toContain('(3 reused)');
    await page.close();
    const history = await open(browser, `/#/history?q=${encodeURIComponent(`${RUN} reused`)}`);
    await expect
      .poll(() => history.locator('td .reused').first().textContent())
      .toBe(' (3 reused)');
    await history.close();
  });

  it('says so when the experiment does not exist', async () => {
    const page = await open(browser, '/#/experiments/00000000-0000-0000-0000-000000000000');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Experiment unavailable');
    expect(await page.locator('main .error').textContent()).toContain('no experiment');
    await page.close();
  });
});
