import { mayChange, maySubmit } from '../account/account';
import { api, exportUrl, whoAmI } from '../api/client';
import { follow, type StreamStatus } from '../api/events';
import {
  TERMINAL,
  type ExperimentView,
  type Me,
  type MetricInfo,
  type PointView,
  type ProgressEvent,
} from '../api/types';
import { MetricHistory, linesByMethod } from '../charts/curves';
import { ChartGrid } from '../charts/chart-grid';
import { LineChart } from '../charts/line-chart';
import { DensityScatter } from '../charts/scatter';
import { TypicalImageStrip } from '../charts/typical-images';
import { Top1Classes } from '../charts/top1-classes';
import { formatNumber, formatTime, h, replace } from '../dom';
import { applyEvent } from '../live/experiment-state';
import { FetchOnce } from '../live/fetch-once';
import { coalesced } from '../live/redraw';
import { errorMessage } from '../text';
import { metricNames, metricRegistry, metricTitle } from '../metrics';
import { progress, reused, valueWithError } from './point-cells';

const STATUS_TEXT: Record<StreamStatus, string> = {
  live: '● live',
  reconnecting: 'reconnecting…',
  ended: 'finished',
  refused: 'stream refused',
};

/** Samples a point's preview holds once stored (SamplePreviews.SIZE on the server). */
const PREVIEW_SIZE = 1000;

/**
 * One experiment, live and as a permalink: a chart per metric against guidance weight (one line per
 * method), the selected point's metric against n, its samples over the true density (toy) or its
 * Top-1 class histograms against the reference's (image points with top1_tv), per-point
 * progress, the reproducibility record, the full spec, export, cancel and run-again. Everything
 * follows one EventSource; a reload gets the same state from the snapshot.
 */
export function experimentPage(root: HTMLElement, id: string): () => void {
  let view: ExperimentView | null = null;
  let selected: string | null = null;
  let nMetric = '';
  const history = new MetricHistory();
  const previews = new FetchOnce(
    (pointId) => api.samples(id, pointId),
    () => redraw.schedule(),
  );
  let shown = '';
  let shownTypical = '';
  const scatter = new DensityScatter();
  const typical = new TypicalImageStrip();
  const typicalImages = new FetchOnce(
    (pointId) => api.typicalImages(id, pointId),
    () => redraw.schedule(),
  );
  const top1 = new Top1Classes();
  let top1Shown = ''; // point id and samples done of the histograms last asked for
  const nChart = new LineChart({
    title: 'selected point',
    xLabel: 'samples n',
    yLabel: '',
    logX: true,
  });

  const header = h('header', { class: 'experiment-header' });
  let registry: Map<string, MetricInfo> | null = null; // the metric registry, once fetched
  const chartGrid = new ChartGrid((metric) => ({
    title: metricTitle(metric, registry?.get(metric)),
    xLabel: 'guidance weight w',
    yLabel: metric,
    onPick: (line, x) => {
      const point = line.points.find((p) => p.x === x);
      if (point) {
        select(point.pointId);
      }
    },
  }));
  const redraw = coalesced(render);
  // Never rejects: a failed request gives an empty registry and bare chart titles.
  void metricRegistry().then((r) => {
    registry = r;
    redraw.schedule();
  });
  const nMetricSelect = h('select', {
    class: 'n-metric',
    onchange: (e: Event) => {
      nMetric = (e.target as HTMLSelectElement).value;
      updateSelected();
    },
  });
  const selectedTitle = h('h3', null, 'Select a point (table row or chart marker)');
  const pointsHead = h('thead');
  const pointsBody = h('tbody');
  const record = h('section', { class: 'record' });
  const streamStatus = h('span', { class: 'stream-status' }, 'connecting…');
  const stateBadge = h('span', { class: 'badge' });
  const summary = h('p', { class: 'muted summary' });
  const cancel = h(
    'button',
    { class: 'danger', hidden: true, onclick: () => void api.cancel(id) },
    'Cancel',
  );
  // Cancel and Run again are offered to whom the server allows them (its owner or an admin).
  let me: Me | null = null;
  whoAmI().then(
    (m) => {
      me = m;
      redraw.schedule();
    },
    () => undefined,
  );
  const rows = new Map<string, HTMLTableRowElement>();
  const curves = h('section', { class: 'curves' }, chartGrid.element);

  replace(
    root,
    header,
    curves,
    h(
      'section',
      { class: 'selected' },
      selectedTitle,
      h(
        'div',
        { class: 'selected-grid' },
        h('div', null, h('label', null, 'metric ', nMetricSelect), nChart.element),
        scatter.element,
        typical.element,
        top1.element,
      ),
    ),
    h(
      'section',
      { class: 'points' },
      h('h2', null, 'Points'),
      h(
        'div',
        { class: 'table-scroll' },
        h('table', { class: 'points-table' }, pointsHead, pointsBody),
      ),
    ),
    record,
  );

  const stop = follow(id, {
    snapshot: (snapshot) => {
      const first = view === null;
      view = snapshot;
      if (first) {
        start(snapshot);
      }
      redraw.schedule();
    },
    event: (event: ProgressEvent) => {
      if (!view) {
        return;
      }
      view = applyEvent(view, event);
      if (event.type === 'partial' || event.type === 'completed') {
        history.addAll(event.pointId, event.n, event.metrics, event.stderr);
      }
      redraw.schedule();
    },
    status: (s) => {
      streamStatus.textContent = STATUS_TEXT[s];
      streamStatus.dataset.status = s;
      if (s === 'refused' && !view) {
        // Ask once more for the reason (404: no such experiment) and show it instead of the page.
        api
          .experiment(id)
          .then(() => (streamStatus.textContent = 'stream refused; reload to retry'))
          .catch((e: unknown) =>
            replace(
              root,
              h('h1', null, 'Experiment unavailable'),
              h('p', { class: 'error' }, errorMessage(e)),
            ),
          );
      }
    },
  });
  const ticker = setInterval(
    () => view && !TERMINAL.includes(view.state) && redraw.schedule(),
    1000,
  );

  function start(snapshot: ExperimentView): void {
    api
      .metrics(id)
      .then((samples) => {
        samples.forEach((s) => history.add(s));
        redraw.schedule();
      })
      .catch(() => undefined);
    if (isToySweep(snapshot)) {
      api
        .toyDensity(String(snapshot.spec.condition ?? 'A'))
        .then((d) => scatter.setDensity(d))
        .catch(() => undefined);
    }
    scatter.element.hidden = !isToySweep(snapshot);
    typical.element.hidden = !hasTypicalImages(snapshot);
    curves.hidden = snapshot.kind !== 'sweep';
    const metrics = metricNames(snapshot);
    nMetric = metrics[0] ?? '';
    replace(nMetricSelect, ...metrics.map((m) => h('option', { value: m }, m)));
    selected = snapshot.points[0]?.id ?? null;
    buildHeader(snapshot);
    renderRecord(snapshot);
  }

  function render(): void {
    if (!view) {
      return;
    }
    renderHeader(view);
    if (view.kind === 'sweep' && registry) {
      for (const metric of metricNames(view)) {
        chartGrid.update(metric, linesByMethod(view.points, metric));
      }
    }
    renderPoints(view);
    updateSelected();
  }

  function select(pointId: string): void {
    selected = pointId;
    redraw.schedule();
  }

  function updateSelected(): void {
    const point = view?.points.find((p) => p.id === selected);
    if (!view || !point) {
      return;
    }
    selectedTitle.textContent = `Point ${point.ordinal}: ${point.label}`;
    nChart.update([history.line(point.id, nMetric)]);
    if (hasTypicalImages(view)) {
      showTypicalImages(point);
    }
    if (!isToySweep(view)) {
      updateTop1(view, point);
      return;
    }
    const preview = previews.get(
      point.id,
      point.samplesDone >= Math.min(PREVIEW_SIZE, point.samples),
    );
    const key = `${point.id} ${preview !== null}`;
    if (key !== shown) {
      shown = key;
      scatter.setPreview(preview, point.label);
    }
  }

  /** The selected image point's typical images, fetched once it has completed. */
  function showTypicalImages(point: PointView): void {
    const images = typicalImages.get(point.id, point.state === 'COMPLETED');
    const key = `typical ${point.id} ${images !== null}`;
    if (key !== shownTypical) {
      shownTypical = key;
      typical.set(images, point.label);
    }
  }

  /** Asks for the selected image point's Top-1 histograms again whenever it has more samples. */
  function updateTop1(v: ExperimentView, point: PointView): void {
    if (!(v.spec.metrics ?? []).includes('top1_tv') || point.samplesDone === 0) {
      top1.set(null);
      return;
    }
    const key = `${point.id} ${point.samplesDone}`;
    if (key === top1Shown) {
      return;
    }
    top1Shown = key;
    api
      .top1(v.id, point.id)
      .then((loaded) => {
        if (top1Shown === key) {
          top1.set(loaded);
        }
      })
      .catch(() => {
        top1Shown = ''; // not stored yet: ask again at the next event
      });
  }

  /** Builds the header and the points table once; {@link render} only updates them. */
  function buildHeader(v: ExperimentView): void {
    replace(
      header,
      h('div', { class: 'title-row' }, h('h1', null, v.name), stateBadge, streamStatus),
      summary,
      h(
        'div',
        { class: 'actions' },
        cancel,
        v.kind === 'sweep' && maySubmit(me)
          ? h(
              'button',
              {
                class: 'rerun',
                title: 'submit the same spec again (same spec hash, same numbers)',
                onclick: () =>
                  void api
                    .rerun(v.id)
                    .then((again) => (location.hash = `#/experiments/${again.id}`)),
              },
              'Run again',
            )
          : null,
        v.kind === 'sweep'
          ? h('a', { class: 'button', href: `#/new?from=${v.id}` }, 'Edit as new')
          : null,
        h(
          'a',
          {
            class: 'button export-csv',
            href: exportUrl(v.id, 'csv'),
            title: 'every metric of every point at every n, partial and final (from the server)',
          },
          'Export CSV',
        ),
        h(
          'a',
          {
            class: 'button export-json',
            href: exportUrl(v.id, 'json'),
            title: 'every metric of every point at every n, partial and final (from the server)',
          },
          'Export JSON',
        ),
      ),
    );
    const metrics = metricNames(v);
    pointsHead.replaceChildren(
      h(
        'tr',
        null,
        ...['#', 'point', 'state', 'progress', 'NFE/sample', ...metrics].map((c) =>
          h('th', null, c),
        ),
      ),
    );
    for (const p of v.points) {
      const row = h('tr', { dataset: { point: p.id }, onclick: () => select(p.id) });
      rows.set(p.id, row);
      pointsBody.append(row);
    }
  }

  function renderHeader(v: ExperimentView): void {
    const done = v.points.filter((p) => p.state === 'COMPLETED').length;
    stateBadge.className = `badge state-${v.state.toLowerCase()}`;
    stateBadge.dataset.state = v.state;
    stateBadge.textContent = v.state;
    const reusedCount = v.points.filter((p) => p.reusedFrom).length;
    summary.textContent =
      `${v.kind} by ${v.owner} · ${formatTime(v.createdAt)} · ` +
      `${done}/${v.points.length} points done` +
      (reusedCount > 0 ? ` (${reusedCount} reused)` : '');
    cancel.hidden = TERMINAL.includes(v.state) || !mayChange(me, v.owner);
  }

  /** Refills each point's row in place, so a click on a row is never lost to a redraw. */
  function renderPoints(v: ExperimentView): void {
    const metrics = metricNames(v);
    const now = new Date();
    for (const p of v.points) {
      const row = rows.get(p.id);
      if (!row) {
        continue;
      }
      row.className = p.id === selected ? 'selected' : '';
      row.dataset.state = p.state;
      row.replaceChildren(
        h('td', null, p.ordinal),
        h('td', null, p.label, p.error ? h('div', { class: 'error' }, p.error) : null, reused(p)),
        h('td', null, h('span', { class: `badge state-${p.state.toLowerCase()}` }, p.state)),
        h('td', null, progress(p, now)),
        h('td', null, formatNumber(p.nfePerSample)),
        ...metrics.map((m) => h('td', { class: 'num' }, valueWithError(p, m))),
      );
    }
  }

  function renderRecord(v: ExperimentView): void {
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

  return () => {
    stop();
    clearInterval(ticker);
    redraw.cancel();
    chartGrid.destroy();
    nChart.destroy();
    scatter.destroy();
  };
}

/** An image sweep asking for realism, whose points store their most and least typical images. */
function hasTypicalImages(view: ExperimentView): boolean {
  return (
    view.kind === 'sweep' && !!view.spec.features && (view.spec.metrics ?? []).includes('realism')
  );
}

/** A sweep of the 2-D toy (samples to scatter), not a training or an image experiment. */
function isToySweep(view: ExperimentView): boolean {
  return view.kind === 'sweep' && !view.spec.features;
}
