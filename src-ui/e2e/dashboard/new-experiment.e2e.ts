import { describe, expect, it } from 'vitest';
import { open, pageErrors, registerImageModel, screenshot } from '../browser';
import { RUN, browser, statusText, useBrowser } from './run';

/** The new-experiment form: presets, its cost, the server's messages by field, image models. */

useBrowser();

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
