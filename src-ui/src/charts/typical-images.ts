import type { TypicalImage, TypicalImages } from '../api/types';
import { formatNumber, h, replace } from '../dom';

/**
 * An image point's most and least typical samples by realism, as two rows of thumbnails (scaled
 * up without smoothing, so small images stay legible); each says its sample index and score.
 */
export class TypicalImageStrip {
  readonly element = h('div', { class: 'typical-images' });

  /** Shows {@code images} of the point {@code label}, or a note while there are none. */
  set(images: TypicalImages | null, label: string): void {
    if (!images) {
      replace(
        this.element,
        h('p', { class: 'muted' }, `Typical images of ${label} appear when the point completes.`),
      );
      return;
    }
    replace(
      this.element,
      h('h3', null, `Most typical of ${label} (realism, of ${images.n} samples)`),
      row(images.most),
      h('h3', null, 'Least typical'),
      row(images.least),
    );
  }
}

function row(images: TypicalImage[]): HTMLElement {
  return h(
    'div',
    { class: 'thumbs' },
    ...images.map((image) =>
      h(
        'figure',
        null,
        h('img', {
          src: `data:image/png;base64,${image.png}`,
          alt: `sample ${image.sample}`,
          title: `sample ${image.sample} · realism ${formatNumber(image.realism)}`,
        }),
        h('figcaption', null, formatNumber(image.realism)),
      ),
    ),
  );
}
