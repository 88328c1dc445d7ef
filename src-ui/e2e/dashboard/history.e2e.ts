import { beforeAll, describe, expect, it } from 'vitest';
import { open, pageErrors, screenshot, submitSpec } from '../browser';
import { RUN, SWEEP_NAME, browser, formSweepUrl, useBrowser } from './run';

/**
 * The history: search and compare, tags, notes, archive and delete, a metric's columns and sorts,
 * the state filter.
 */

useBrowser();

beforeAll(async () => {
  await formSweepUrl(); // the first test finds the form's sweep beside one it submits
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
    // The header changes when the server's answer to the new query arrives.
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
