import { follow } from '../api/events';
import type { ExperimentView, MetricInfo } from '../api/types';
import { linesByMethod } from '../charts/curves';
import { ChartGrid } from '../charts/chart-grid';
import { formatTime, h, replace } from '../dom';
import { applyEvent } from '../live/experiment-state';
import { coalesced } from '../live/redraw';
import { metricNames, metricRegistry, metricTitle } from '../metrics';
import { matchedTable } from './matched-weights';
import { specDiffTable } from './spec-diff';

/**
 * Several experiments side by side, each keyed by a letter: what differs in their specs and pinned
 * models first, a metric at their shared weights, then their curves overlaid on shared axes, one
 * chart per metric, one line per experiment (its letter) and method.
 * Running experiments keep streaming in.
 */
export function comparePage(root: HTMLElement, params: URLSearchParams): () => void {
  const ids = (params.get('ids') ?? '').split(',').filter((s) => s !== '');
  const views = new Map<string, ExperimentView>();
  let registry: Map<string, MetricInfo> | null = null; // the metric registry, once fetched
  const grid = new ChartGrid((metric) => ({
    title: metricTitle(metric, registry?.get(metric)),
    xLabel: 'guidance weight w',
    yLabel: metric,
  }));
  const legend = h('tbody');
  const diff = h('section', { class: 'compare-diff' });
  let diffed = ''; // the experiments the diff was drawn for
  const matched = h('section', { class: 'compare-matched' });
  let matchedMetric: string | null = null; // chosen in the matched table's select
  const redraw = coalesced(render);
  const key = (view: ExperimentView) => keyOf(ids, view.id);
  // Never rejects: a failed request gives an empty registry and bare chart titles.
  void metricRegistry().then((r) => {
    registry = r;
    redraw.schedule();
  });

  replace(
    root,
    h('h1', null, `Compare ${ids.length} experiments`),
    h(
      'table',
      { class: 'compare-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...['', 'name', 'state', 'owner', 'created', 'spec hash'].map((c) => h('th', null, c)),
        ),
      ),
      legend,
    ),
    diff,
    matched,
    grid.element,
  );

  const stops = ids.map((id) =>
    follow(id, {
      snapshot: (view) => {
        views.set(id, view);
        redraw.schedule();
      },
      event: (event) => {
        const view = views.get(id);
        if (view) {
          views.set(id, applyEvent(view, event));
          redraw.schedule();
        }
      },
    }),
  );

  function render(): void {
    const ordered = ids.map((id) => views.get(id)).filter((v): v is ExperimentView => !!v);
    const shown = ordered.map((v) => v.id).join();
    if (shown !== diffed) {
      diffed = shown; // specs never change: once per set of experiments loaded
      replace(
        diff,
        h('h2', null, 'What differs'),
        specDiffTable(
          ordered,
          ordered.map((v) => `${key(v)} · ${label(v, ordered)}`),
        ),
      );
    }
    replace(
      legend,
      ...ordered.map((v) =>
        h(
          'tr',
          null,
          h('td', { class: 'key' }, key(v)),
          h('td', null, h('a', { href: `#/experiments/${v.id}` }, v.name)),
          h('td', null, h('span', { class: `badge state-${v.state.toLowerCase()}` }, v.state)),
          h('td', null, v.owner),
          h('td', null, formatTime(v.createdAt)),
          h('td', { class: 'mono' }, v.specHash.slice(0, 12)),
        ),
      ),
    );
    if (!registry) {
      return; // charts are titled from the registry
    }
    const metrics = [...new Set(ordered.filter((v) => v.kind === 'sweep').flatMap(metricNames))];
    renderMatched(ordered, metrics);
    for (const metric of metrics) {
      grid.update(
        metric,
        ordered.flatMap((v) =>
          v.kind === 'sweep' ? linesByMethod(v.points, metric, `${key(v)} · `) : [],
        ),
      );
    }
  }

  /** The table of a chosen metric at the weights the experiments share. */
  function renderMatched(ordered: ExperimentView[], metrics: string[]): void {
    const metric =
      matchedMetric !== null && metrics.includes(matchedMetric) ? matchedMetric : metrics[0];
    const table = metric
      ? matchedTable(
          ordered,
          metric,
          ordered.map((v) => `${key(v)} · ${label(v, ordered)}`),
        )
      : null;
    if (!table) {
      replace(matched);
      return;
    }
    const choice = h(
      'select',
      {
        onchange: (e: Event) => {
          matchedMetric = (e.target as HTMLSelectElement).value;
          redraw.schedule();
        },
      },
      ...metrics.map((m) => h('option', { value: m }, m)),
    );
    choice.value = metric;
    replace(
      matched,
      h('h2', null, 'At matched weights'),
      h('label', null, 'metric ', choice),
      table,
    );
  }

  return () => {
    stops.forEach((stop) => stop());
    redraw.cancel();
    grid.destroy();
  };
}

/**
 * An experiment's short key, its letter in the link's order (`A`, `B`, …), which its lines carry in
 * the charts' legends instead of its name; the table above names it.
 */
function keyOf(ids: string[], id: string): string {
  const i = ids.indexOf(id);
  return i < 26 ? String.fromCharCode(65 + i) : `E${i + 1}`;
}

/** The experiment's name, with its id's start when two compared experiments share a name. */
function label(view: ExperimentView, all: ExperimentView[]): string {
  const twins = all.filter((v) => v.name === view.name).length > 1;
  return twins ? `${view.name} (${view.id.slice(0, 6)})` : view.name;
}
