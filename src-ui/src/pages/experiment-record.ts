import type { ExperimentView } from '../api/types';
import { h, replace } from '../dom';

/**
 * Fills `record` with what reproduces the experiment: its id, spec hash, seeds, Guidelab version,
 * the hashes of its models, FD reference and feature network, and the full spec.
 */
export function renderRecord(record: HTMLElement, v: ExperimentView): void {
  replace(
    record,
    h('h2', null, 'Reproducibility record'),
    h(
      'dl',
      null,
      h('dt', null, 'experiment'),
      h('dd', null, h('a', { href: `#/experiments/${v.id}` }, v.id)),
      h('dt', null, 'spec hash'),
      h('dd', { class: 'mono' }, v.specHash),
      h('dt', null, 'seeds'),
      h('dd', null, [...new Set(v.points.map((p) => p.seed))].join(', ')),
      h('dt', null, 'Guidelab version'),
      h('dd', null, v.version),
      ...Object.entries(v.pins.models).flatMap(([name, hash]) => [
        h('dt', null, name),
        h('dd', { class: 'mono' }, hash),
      ]),
      ...[v.pins.reference, v.pins.featureNetwork].flatMap((pin, i) =>
        pin
          ? [
              h('dt', null, `${i === 0 ? 'reference' : 'feature network'} ${pin.name}`),
              h('dd', { class: 'mono' }, pin.hash),
            ]
          : [],
      ),
    ),
    h('h2', null, 'Spec'),
    h('pre', { class: 'spec-json' }, JSON.stringify(v.spec, null, 2)),
  );
}
