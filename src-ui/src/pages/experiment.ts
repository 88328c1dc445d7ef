import { api, whoAmI } from '../api/client';
import { follow } from '../api/events';
import {
  TERMINAL,
  type ExperimentView,
  type Me,
  type MetricInfo,
  type ProgressEvent,
} from '../api/types';
import { MetricHistory, WEIGHT_AXIS, linesByMethod, sweptAxes, type Axis } from '../charts/curves';
import { ChartGrid } from '../charts/chart-grid';
import { HeatMaps } from '../charts/heat-map';
import { h, replace } from '../dom';
import { applyEvent } from '../live/experiment-state';
import { formatZoom, parseZoom, setHashParam } from '../live/page-url';
import { coalesced } from '../live/redraw';
import { errorMessage } from '../text';
import { metricNames, metricRegistry, metricTitle } from '../metrics';
import { AxisChoice } from './axis-choice';
import { ExperimentHeader } from './experiment-header';
import { renderRecord } from './experiment-record';
import { PointsTable } from './points-table';
import { SelectedPointPanel } from './selected-point';

/**
 * One experiment, live and as a permalink: a chart per metric against guidance weight (one line per
 * method) or, for an EMA sweep, against the EMA axis the user chooses (one line per method and
 * weight) with a w × EMA heat map of a chosen metric; the selected point's metric against n, its
 * samples over the true density (toy) or its Top-1 class histograms against the reference's (image
 * points with top1_tv), per-point progress, the reproducibility record, the full spec, export,
 * cancel and run-again. Everything follows one EventSource; a reload gets the same state from the
 * snapshot.
 *
 * @param params the page's URL query: `x` names the charts' x axis ({@link AxisChoice}), `point`
 *     the selected point (its ordinal), `zoom` a chart's zoom (`<metric>:<min>..<max>`)
 */
export function experimentPage(root: HTMLElement, id: string, params: URLSearchParams): () => void {
  let view: ExperimentView | null = null;
  let selected: string | null = null;
  const history = new MetricHistory();
  const selectedPoint = new SelectedPointPanel(
    id,
    history,
    () => redraw.schedule(),
    () => updateSelected(),
  );

  const header = new ExperimentHeader(id);
  let registry: Map<string, MetricInfo> | null = null; // the metric registry, once fetched
  let axis: Axis = WEIGHT_AXIS; // the charts' x axis
  let drawn = false; // whether the charts have been drawn (on the axis the URL named)
  // The zoom the URL keeps applies to its metric's chart on the axis it was made on.
  let zoom = parseZoom(params.get('zoom'));
  const chartGrid = new ChartGrid((metric) => ({
    title: metricTitle(metric, registry?.get(metric)),
    xLabel: axis.title,
    yLabel: metric,
    onPick: (line, x) => {
      const point = line.points.find((p) => p.x === x);
      if (point) {
        select(point.pointId);
      }
    },
    zoom: zoom?.metric === metric ? [zoom.min, zoom.max] : undefined,
    onZoom: (range) => {
      zoom = range ? { metric, min: range[0], max: range[1] } : null;
      setHashParam('zoom', zoom ? formatZoom(zoom) : null);
    },
  }));
  const redraw = coalesced(render);
  const axisChoice = new AxisChoice(params, () => redraw.schedule());
  const heatMaps = new HeatMaps();
  // Never rejects: a failed request gives an empty registry and bare chart titles.
  void metricRegistry().then((r) => {
    registry = r;
    redraw.schedule();
  });
  const points = new PointsTable(select);
  const record = h('section', { class: 'record' });
  // Cancel and Run again are offered to whom the server allows them (its owner or an admin).
  let me: Me | null = null;
  whoAmI().then(
    (m) => {
      me = m;
      redraw.schedule();
    },
    () => undefined,
  );
  const curves = h('section', { class: 'curves' }, axisChoice.element, chartGrid.element);

  replace(
    root,
    header.element,
    curves,
    heatMaps.element,
    selectedPoint.element,
    points.element,
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
      header.showStatus(s);
      if (s === 'refused' && !view) {
        // Ask once more for the reason (404: no such experiment) and show it instead of the page.
        api
          .experiment(id)
          .then(() => header.showStatusText('stream refused; reload to retry'))
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
    selectedPoint.start(snapshot);
    curves.hidden = snapshot.kind !== 'sweep';
    // The point the URL names (`point=<ordinal>`), else the first.
    const named = snapshot.points.find((p) => String(p.ordinal) === params.get('point'));
    selected = (named ?? snapshot.points.at(0))?.id ?? null;
    // The header and the points table are built once; render only updates them.
    header.build(snapshot);
    points.build(snapshot);
    renderRecord(record, snapshot);
  }

  function render(): void {
    if (!view) {
      return;
    }
    header.render(view, me);
    if (view.kind === 'sweep' && registry) {
      const chosen = axisChoice.update(view.points);
      if (chosen !== axis) {
        if (drawn && zoom) {
          setHashParam('zoom', null); // a zoom of the x axis the user left
          zoom = null;
        }
        axis = chosen;
        chartGrid.clear(); // charts are labelled with their x axis: new ones
      }
      drawn = true;
      const metrics = metricNames(view);
      for (const metric of metrics) {
        // On an EMA axis a line of one point is an entry holding that axis fixed: no line to draw.
        const lines = linesByMethod(view.points, metric, '', axis);
        chartGrid.update(
          metric,
          lines.filter((line) => axis.baseline || line.points.length > 1),
        );
      }
      // Over the chosen EMA axis, or the first the points vary along when the weight is chosen.
      const emaAxis = axis === WEIGHT_AXIS ? (sweptAxes(view.points).at(1) ?? null) : axis;
      heatMaps.update(view.points, metrics, emaAxis, registry);
    }
    points.render(view, selected);
    updateSelected();
  }

  function select(pointId: string): void {
    selected = pointId;
    const ordinal = view?.points.find((p) => p.id === pointId)?.ordinal;
    setHashParam('point', ordinal === undefined ? null : String(ordinal));
    redraw.schedule();
  }

  function updateSelected(): void {
    selectedPoint.update(view, selected);
  }

  return () => {
    stop();
    clearInterval(ticker);
    redraw.cancel();
    chartGrid.destroy();
    selectedPoint.destroy();
  };
}
