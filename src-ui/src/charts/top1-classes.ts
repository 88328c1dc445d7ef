import type { PointTop1 } from '../api/types';
import { formatNumber, h, replace } from '../dom';

/** Classes shown: the largest of either histogram (Inception has 1008). */
const SHOWN = 10;

/** One class's shares of the generated and the reference images. */
export interface ClassShare {
  index: number;
  generated: number;
  reference: number;
}

/**
 * The {@code k} classes with the largest share in either histogram, largest first (ties: lower
 * class index first).
 */
export function topClasses(top1: PointTop1, k: number): ClassShare[] {
  const n = top1.n > 0 ? top1.n : 1;
  const nRef = top1.referenceN > 0 ? top1.referenceN : 1;
  const shares = top1.generated.map((count, index) => ({
    index,
    generated: count / n,
    reference: top1.reference[index] / nRef,
  }));
  const size = (s: ClassShare) => Math.max(s.generated, s.reference);
  return shares
    .filter((s) => size(s) > 0)
    .sort((a, b) => size(b) - size(a) || a.index - b.index)
    .slice(0, k);
}

/**
 * The Top-1 class histograms of the selected image point (docs/metrics.md, "Top-N class
 * diagnostic"): a table of its largest classes with a bar each for the generated and the reference
 * share, and top1_tv with its standard error.
 */
export class Top1Classes {
  readonly element = h('div', { class: 'top1-classes', hidden: true });

  /** Shows {@code top1}, or hides the table when there is none. */
  set(top1: PointTop1 | null): void {
    this.element.hidden = top1 === null;
    if (top1 === null) {
      return;
    }
    const rows = topClasses(top1, SHOWN).map((s) =>
      h(
        'tr',
        null,
        h('td', null, String(s.index)),
        h('td', null, bar('generated', s.generated)),
        h('td', null, bar('reference', s.reference)),
      ),
    );
    replace(
      this.element,
      h(
        'h4',
        null,
        `Top-1 classes: top1_tv ${formatNumber(top1.tv)} ± ${formatNumber(top1.stderr)}`,
      ),
      h(
        'p',
        { class: 'caption' },
        `${top1.n} generated vs ${top1.referenceN} reference images, ${top1.classes} classes; the ${SHOWN} largest`,
      ),
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, 'class'),
            h('th', null, 'generated'),
            h('th', null, 'reference'),
          ),
        ),
        h('tbody', null, ...rows),
      ),
    );
  }
}

function bar(kind: 'generated' | 'reference', share: number): HTMLElement {
  return h(
    'div',
    { class: `top1-bar ${kind}`, title: `${formatNumber(share * 100)} %` },
    h('span', { style: `width: ${(share * 100).toFixed(1)}%` }),
    `${formatNumber(share * 100)} %`,
  );
}
