import type { SamplePreview, ToyDensity } from '../api/types';
import { h } from '../dom';

/** How many of the most and least typical samples (by realism) are ringed. */
export const RINGED = 10;

/**
 * Shading of a log-density cell: 0 (white) far below the peak to 1 at the peak, in `bands` steps so
 * the band edges read as contour lines. `floor` is how many nats below the peak count as empty.
 */
export function densityShade(logP: number, peak: number, floor = 12, bands = 12): number {
  const t = Math.min(1, Math.max(0, 1 - (peak - logP) / floor));
  return Math.ceil(t * bands) / bands;
}

/**
 * Indices of the `k` samples with the lowest and the highest realism (null scores skipped): the
 * point's least and most typical samples.
 */
export function extremes(
  realism: (number | null)[],
  k: number,
): { least: number[]; most: number[] } {
  const ranked = realism
    .map((r, i) => [r, i] as const)
    .filter(
      (pair): pair is readonly [number, number] => pair[0] !== null && Number.isFinite(pair[0]),
    )
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
  return { least: ranked.slice(0, k), most: ranked.slice(-k).reverse() };
}

/**
 * A point's samples over the true density of its class, like Fig. 1 of the autoguidance paper: the
 * exact density shaded in bands (white = empty), the samples as dots, the least typical ringed in
 * red and the most typical in green.
 */
export class DensityScatter {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private background: HTMLCanvasElement | null = null;
  private density: ToyDensity | null = null;
  private preview: SamplePreview | null = null;
  private readonly resize: ResizeObserver;

  constructor() {
    this.canvas = h('canvas', { class: 'scatter-canvas' });
    this.caption = h('p', { class: 'caption' }, 'Waiting for the first samples…');
    this.element = h('div', { class: 'scatter' }, this.canvas, this.caption);
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(this.element);
  }

  setDensity(density: ToyDensity): void {
    this.density = density;
    this.background = shade(density);
    this.draw();
  }

  setPreview(preview: SamplePreview | null, label: string): void {
    this.preview = preview;
    this.caption.textContent = preview
      ? `${label}: first ${preview.n} samples over the true density; ringed: ${RINGED} least (red) ` +
        `and most (green) typical by realism`
      : `${label}: no samples yet`;
    this.element.dataset.samples = String(preview?.n ?? 0);
    this.draw();
  }

  destroy(): void {
    this.resize.disconnect();
  }

  private draw(): void {
    const size = Math.min(520, Math.max(200, this.element.clientWidth || 400));
    const ratio = devicePixelRatio;
    this.canvas.width = size * ratio;
    this.canvas.height = size * ratio;
    this.canvas.style.width = `${size}px`;
    this.canvas.style.height = `${size}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) {
      return;
    }
    ctx.scale(ratio, ratio);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    const density = this.density;
    if (!density || !this.background) {
      return;
    }
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.background, 0, 0, size, size);
    const span = density.max - density.min;
    const px = (x: number) => ((x - density.min) / span) * size;
    const py = (y: number) => size - ((y - density.min) / span) * size;
    const preview = this.preview;
    if (!preview) {
      return;
    }
    ctx.fillStyle = 'rgba(10, 10, 10, 0.7)';
    for (const [x, y] of preview.samples) {
      ctx.fillRect(px(x) - 1, py(y) - 1, 2.2, 2.2);
    }
    const { least, most } = extremes(preview.realism, RINGED);
    ring(ctx, preview, least, '#d62728', px, py);
    ring(ctx, preview, most, '#2ca02c', px, py);
  }
}

function ring(
  ctx: CanvasRenderingContext2D,
  preview: SamplePreview,
  indices: number[],
  colour: string,
  px: (x: number) => number,
  py: (y: number) => number,
): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5;
  for (const i of indices) {
    const [x, y] = preview.samples[i];
    ctx.beginPath();
    ctx.arc(px(x), py(y), 5, 0, 2 * Math.PI);
    ctx.stroke();
  }
}

/** The density as an image, one pixel per grid cell, row 0 at the top (largest y). */
function shade(density: ToyDensity): HTMLCanvasElement {
  const { size, logDensity } = density;
  const canvas = h('canvas', { width: size, height: size });
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    return canvas;
  }
  const image = ctx.createImageData(size, size);
  const peak = logDensity.reduce((m, v) => (v > m ? v : m), -Infinity);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const t = densityShade(logDensity[j * size + i], peak);
      const o = 4 * ((size - 1 - j) * size + i);
      // white → light blue as density rises, light enough for the samples on top to show
      image.data[o] = Math.round(255 - 140 * t);
      image.data[o + 1] = Math.round(255 - 90 * t);
      image.data[o + 2] = Math.round(255 - 25 * t);
      image.data[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}
