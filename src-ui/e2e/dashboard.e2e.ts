import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BASE_URL,
  cancelExperiment,
  cancelRun,
  launch,
  open,
  pageErrors,
  registerImageModel,
  screenshot,
  submitSpec,
} from './browser';

/** Makes this run's experiments findable in a shared history. */
const RUN = `e2e-${Date.now().toString(36)}`;
const SWEEP_NAME = `${RUN} cfg sweep`;

let browser: Browser;
let sweepUrl = '';

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

async function statusText(page: Page): Promise<string> {
  return (await page.locator('.spec-status').textContent()) ?? '';
}

async function rowStates(page: Page): Promise<string[]> {
  return page
    .locator('tr[data-point]')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.state ?? ''));
}

describe('submit', () => {
  it('fills the form from the autoguidance preset, checked by the server', async () => {
    const page = await open(browser, '/');
    await page.click('button[data-preset="autoguidance"]');
    await page.waitForSelector('.spec-status .ok');
    expect(await statusText(page)).toContain('7 points');
    expect(await page.inputValue('[data-path="name"] input')).toBe('autoguidance vs cfg (toy)');
    expect(await page.inputValue('[data-path="sweep[1].weights"] input')).toBe('1.5, 2, 2.5, 3');
    expect(await page.isEnabled('button[type="submit"]')).toBe(true);
    await screenshot(page, 'new-experiment-preset');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('fills the EMA axes of the EMA preset’s entries, checked by the server', async () => {
    const page = await open(browser, '/#/new?preset=ema');
    // The status names what the server refused, if it does.
    await expect.poll(() => statusText(page)).toContain('32 points');
    expect(await page.inputValue('[data-path="sweep[0].guideEma"] input')).toBe(
      '0.01, 0.02, 0.035, 0.05, 0.07, 0.1, 0.15, 0.25',
    );
    expect(await page.inputValue('[data-path="sweep[0].guide"] select')).toBe('toy-mlp:A-32');
    expect(await page.inputValue('[data-path="sweep[0].guideIteration"] input')).toBe('512');
    expect(await page.inputValue('[data-path="sweep[1].guideEma"] input')).toBe('0.1');
    await page.close();
  });

  it('shows what a spec costs and warns before a large sweep is submitted', async () => {
    const page = await open(browser, '/#/new?preset=autoguidance');
    await page.waitForSelector('.spec-status .ok');
    const cost = page.locator('.spec-status .cost');
    expect(await cost.textContent()).toContain('70 k samples');
    expect(await page.locator('.cost-warning').count()).toBe(0);
    await page.fill('[data-path="samples"] input', '1000000');
    const warning = page.locator('.cost-warning');
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.textContent()).toContain('guidelab.spec.warn-evaluations');
    expect(await cost.textContent()).toContain('7 M samples');
    expect(await page.isEnabled('button[type="submit"]')).toBe(true);
    await screenshot(page, 'new-experiment-cost');
    await page.close();
  });

  it('shows the server’s messages next to the fields they name', async () => {
    const page = await open(browser, '/#/new?preset=autoguidance');
    await page.waitForSelector('.spec-status .ok');
    await page.fill('[data-path="sweep[1].weights"] input', '2, -1');
    await page.fill('[data-path="samples"] input', '0');
    const weightsError = page.locator('[data-path="sweep[1].weights"] .field-error');
    await expect.poll(() => weightsError.textContent()).toContain('must be ≥ 0, got -1');
    // The two edits may be checked by two requests: wait for the second's answer too.
    const samplesError = page.locator('[data-path="samples"] .field-error');
    await expect.poll(() => samplesError.textContent()).toMatch(/\S/);
    expect(await page.isEnabled('button[type="submit"]')).toBe(false);
    await screenshot(page, 'new-experiment-errors');
    await page.close();
  });

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

describe('image models', () => {
  it('asks for a feature network when the main model samples images', async () => {
    const name = `${RUN}-gaussian`;
    await registerImageModel(name, '../src/test/resources/denoisers/gaussian-exact.pt', 16);
    const page = await open(browser, '/#/new?preset=oracle-cfg');
    await page.waitForSelector('.spec-status .ok');
    expect(await page.locator('[data-path="features"]').count()).toBe(0);
    await page.selectOption('[data-path="main"] select', name);
    await page.waitForSelector('[data-path="features"] select');
    const error = page.locator('[data-path="features"] .field-error');
    await expect.poll(() => error.textContent()).toMatch(/\S/);
    await screenshot(page, 'new-experiment-image-model');
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

describe('history', () => {
  it('finds this run’s experiments and compares them on shared axes', async () => {
    await submitSpec({
      name: `${RUN} cfg sweep, more steps`,
      main: 'toy-oracle:A',
      sweep: [{ method: 'cfg', guide: 'toy-oracle:AB', weights: [2, 3] }],
      sampler: { steps: 24 },
      samples: 1000,
      seed: 2,
    });
    const page = await open(browser, `/#/history?q=${encodeURIComponent(`${RUN} cfg sweep`)}`);
    await expect.poll(() => page.locator('tr[data-experiment]').count()).toBe(2);
    expect(await page.locator('.pager').textContent()).toContain('2 experiments');
    await screenshot(page, 'history');

    const boxes = page.locator('tr[data-experiment] input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.click('button.compare');
    await page.waitForURL(/#\/compare\?ids=/);
    await expect.poll(() => page.locator('.compare-table tbody tr').count()).toBe(2);
    // What differs comes first: among others the sampler's steps and the seed; equal fields not.
    const steps = page.locator('table.spec-diff tr[data-field="sampler.steps"]');
    await expect.poll(() => steps.count()).toBe(1);
    expect(await steps.textContent()).toContain('24');
    expect(await page.locator('table.spec-diff tr[data-field="seed"]').textContent()).toContain(
      '2',
    );
    expect(await page.locator('table.spec-diff tr[data-field="main"]').count()).toBe(0);
    // Both ran cfg at w = 2: a row with a value from each.
    const matched = page.locator('table.matched-weights tbody tr', { hasText: 'cfg' });
    await expect.poll(() => matched.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const legend = page.locator('.chart-grid .chart').first().locator('.u-legend');
    // Each experiment's lines carry its letter from the table: a compact legend.
    const names = await page.locator('.compare-table tbody td:nth-child(2)').allTextContents();
    const keys = await page.locator('.compare-table tbody td.key').allTextContents();
    expect(keys).toEqual(['A', 'B']);
    expect(names.sort()).toEqual([SWEEP_NAME, `${RUN} cfg sweep, more steps`].sort());
    await expect.poll(() => legend.textContent()).toContain('A · cfg');
    expect(await legend.textContent()).toContain('B · cfg');
    // The second experiment streams in while compared; once done, both overlay.
    await expect
      .poll(() => page.locator('.compare-table .badge').allTextContents(), { timeout: 60_000 })
      .toEqual(['COMPLETED', 'COMPLETED']);
    await screenshot(page, 'compare');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('tags and notes an experiment, filters by a tag chip, archives and restores it', async () => {
    const tag = `${RUN}-tag`;
    const { id } = await submitSpec({
      name: `${RUN} organised`,
      main: 'toy-oracle:A',
      sweep: [{ method: 'none' }],
      sampler: { steps: 4 },
      samples: 200,
      seed: 11,
    });
    const page = await open(browser, `/#/experiments/${id}`);
    await page.click('.organise button.edit-organise');
    await page.fill('.organise-form input[name="tags"]', `${tag}, paper:fig3`);
    await page.fill('.organise-form textarea[name="note"]', 'w=2 looks best');
    await page.click('.organise-form button[type="submit"]');
    await expect
      .poll(() => page.locator('.organise .tag').allTextContents())
      .toEqual([tag, 'paper:fig3']);
    expect(await page.locator('.organise .note').textContent()).toBe('w=2 looks best');
    await page.click('.organise button.star');
    await expect
      .poll(() => page.locator('.organise button.star').getAttribute('data-starred'))
      .toBe('true');
    await screenshot(page, 'experiment-organised');

    // In the history, a click on a chip filters by its tag, and the URL says so.
    const history = await open(browser, `/#/history?q=${encodeURIComponent(RUN)}`);
    const row = history.locator(`tr[data-experiment="${id}"]`);
    await expect.poll(() => row.locator('.tag').allTextContents()).toEqual([tag, 'paper:fig3']);
    await row.locator(`button.tag[data-tag="${tag}"]`).click();
    await expect.poll(() => history.locator('tr[data-experiment]').count()).toBe(1);
    expect(decodeURIComponent(history.url())).toContain(`tag=${tag}`);
    expect(await history.locator('.tag-filter .tag').textContent()).toBe(`${tag} ×`);
    await history.selectOption('select[name="sort"]', 'name');
    expect(history.url()).toContain('sort=name');
    await expect.poll(() => history.locator('tr[data-experiment]').count()).toBe(1);
    await screenshot(history, 'history-tags');
    const dark = await open(browser, `/${new URL(history.url()).hash}`, 1440, 900, 'dark');
    await expect.poll(() => dark.locator('tr[data-experiment]').count()).toBe(1);
    await screenshot(dark, 'history-tags-dark');
    await dark.close();

    // Archived: hidden by default, shown by the archived filter, restored from its page.
    await page.click('.organise button.archive');
    await page.waitForSelector('.organise .archived-label');
    await history.reload();
    await expect
      .poll(() => history.locator('tbody').textContent())
      .toContain('No experiments match.');
    await history.selectOption('select[name="archived"]', 'true');
    await expect.poll(() => history.locator('tr[data-experiment]').count()).toBe(1);
    expect(await row.locator('.archived-label').textContent()).toBe('archived');
    expect(history.url()).toContain('archived=true');
    await page.click('.organise button.archive');
    await expect.poll(() => page.locator('.organise .archived-label').count()).toBe(0);
    await history.selectOption('select[name="archived"]', '');
    await expect.poll(() => history.locator('tr[data-experiment]').count()).toBe(1);

    // Deleted after a confirm: the page goes to the history, which no longer lists it.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('.organise button.delete');
    await page.waitForURL(/#\/history$/);
    await history.reload();
    await expect
      .poll(() => history.locator('tbody').textContent())
      .toContain('No experiments match.');
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(history)).toEqual([]);
    await page.close();
    await history.close();
  });

  it('shows a metric’s best value per row and sorts by it on the server', async () => {
    const spec = (name: string, sweep: unknown[]) => ({
      name: `${RUN} best ${name}`,
      main: 'toy-oracle:A',
      sweep,
      sampler: { steps: 4 },
      samples: 200,
      seed: 12,
      metrics: ['log_likelihood'],
    });
    await submitSpec(spec('unguided', [{ method: 'none' }]));
    await submitSpec(spec('cfg', [{ method: 'cfg', guide: 'toy-oracle:AB', weights: [1, 8] }]));
    const page = await open(browser, `/#/history?q=${encodeURIComponent(`${RUN} best`)}`);
    await expect.poll(() => page.locator('tr[data-experiment]').count()).toBe(2);
    await page.selectOption('select[name="metric"]', 'log_likelihood');
    await page.selectOption('select[name="sort"]', 'best');
    expect(page.url()).toContain('metric=log_likelihood');
    expect(page.url()).toContain('sort=best');
    await expect
      .poll(() => page.locator('thead th').last().textContent())
      .toBe('best log_likelihood');
    const cells = () => page.locator('tr[data-experiment] td.best').allTextContents();
    // Both complete (a value each), then the server lists them best (highest) first.
    await expect
      .poll(async () => (await cells()).filter((c) => c !== '—').length, { timeout: 60_000 })
      .toBe(2);
    await page.reload();
    await expect.poll(() => cells().then((c) => c.length)).toBe(2);
    const values = (await cells()).map(Number);
    expect(values[0]).toBeGreaterThanOrEqual(values[1]);
    await expect
      .poll(() => page.locator('select[name="metric"]').inputValue())
      .toBe('log_likelihood');
    expect(await page.locator('select[name="sort"]').inputValue()).toBe('best');

    // At w = 8 only the CFG sweep has a point: its value first, then the unguided one's none.
    await page.fill('input[name="weight"]', '8');
    await expect
      .poll(() => page.locator('thead th').last().textContent())
      .toBe('log_likelihood at w=8');
    await page.selectOption('select[name="sort"]', 'at_weight');
    expect(page.url()).toContain('weight=8');
    expect(page.url()).toContain('sort=at_weight');
    const atWeight = () => page.locator('tr[data-experiment] td.at-weight').allTextContents();
    await expect.poll(() => atWeight().then((c) => c.length)).toBe(2);
    await expect.poll(() => atWeight().then((c) => c[1])).toBe('—');
    expect(Number((await atWeight())[0])).not.toBeNaN();
    await page.reload();
    await expect.poll(() => atWeight().then((c) => c.length)).toBe(2);
    expect(await page.inputValue('input[name="weight"]')).toBe('8');
    await expect.poll(() => page.locator('select[name="sort"]').inputValue()).toBe('at_weight');
    await screenshot(page, 'history-metric');
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });

  it('filters by state on the server', async () => {
    const page = await open(browser, `/#/history?q=${encodeURIComponent(RUN)}&state=FAILED`);
    await expect.poll(() => page.locator('tbody').textContent()).toContain('No experiments match.');
    await page.selectOption('select[name="state"]', 'COMPLETED');
    await expect.poll(() => page.locator('tr[data-experiment]').count()).toBeGreaterThanOrEqual(1);
    expect(page.url()).toContain('state=COMPLETED');
    await page.close();
  });
});

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
