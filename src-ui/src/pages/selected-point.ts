import { api } from '../api/client';
import type { ExperimentView, PointView, SamplePreview, TypicalImages } from '../api/types';
import type { MetricHistory } from '../charts/curves';
import { LineChart } from '../charts/line-chart';
import { DensityScatter } from '../charts/scatter';
import { Top1Classes } from '../charts/top1-classes';
import { TypicalImageStrip } from '../charts/typical-images';
import { h, replace } from '../dom';
import { FetchOnce } from '../live/fetch-once';
import { metricNames } from '../metrics';

/** Samples a point's preview holds once stored (SamplePreviews.SIZE on the server). */
const PREVIEW_SIZE = 1000;

/**
 * The experiment page's panel of the selected point: a metric of its against n, its samples over
 * the true density (toy), its most and least typical images (image sweeps asking for realism),
 * or its Top-1 class histograms against the reference's (image points with top1_tv).
 */
export class SelectedPointPanel {
  private readonly title = h('h3', null, 'Select a point (table row or chart marker)');
  private readonly nChart = new LineChart({
    title: 'selected point',
    xLabel: 'samples n',
    yLabel: '',
    logX: true,
  });
  private readonly nMetricSelect: HTMLSelectElement;
  private readonly scatter = new DensityScatter();
  private readonly typical = new TypicalImageStrip();
  private readonly top1 = new Top1Classes();
  private readonly previews: FetchOnce<SamplePreview>;
  private readonly typicalImages: FetchOnce<TypicalImages>;
  private nMetric = '';
  private shown = '';
  private shownTypical = '';
  private top1Shown = ''; // point id and samples done of the histograms last asked for
  readonly element: HTMLElement;

  /**
   * @param changed runs when fetched results arrive (schedules a redraw)
   * @param metricChosen runs when the user chooses the metric against n (updates the panel)
   */
  constructor(
    id: string,
    private readonly history: MetricHistory,
    changed: () => void,
    metricChosen: () => void,
  ) {
    this.previews = new FetchOnce((pointId) => api.samples(id, pointId), changed);
    this.typicalImages = new FetchOnce((pointId) => api.typicalImages(id, pointId), changed);
    this.nMetricSelect = h('select', {
      class: 'n-metric',
      onchange: (e: Event) => {
        this.nMetric = (e.target as HTMLSelectElement).value;
        metricChosen();
      },
    });
    this.element = h(
      'section',
      { class: 'selected' },
      this.title,
      h(
        'div',
        { class: 'selected-grid' },
        h('div', null, h('label', null, 'metric ', this.nMetricSelect), this.nChart.element),
        this.scatter.element,
        this.typical.element,
        this.top1.element,
      ),
    );
  }

  /** Sets the panel up for the experiment of `snapshot`: which charts it has, which metrics. */
  start(snapshot: ExperimentView): void {
    if (isToySweep(snapshot)) {
      api
        .toyDensity(String(snapshot.spec.condition ?? 'A'))
        .then((d) => this.scatter.setDensity(d))
        .catch(() => undefined);
    }
    this.scatter.element.hidden = !isToySweep(snapshot);
    this.typical.element.hidden = !hasTypicalImages(snapshot);
    const metrics = metricNames(snapshot);
    this.nMetric = metrics[0] ?? '';
    replace(this.nMetricSelect, ...metrics.map((m) => h('option', { value: m }, m)));
  }

  /** Shows the point `selected` of `view`; nothing while either is missing. */
  update(view: ExperimentView | null, selected: string | null): void {
    const point = view?.points.find((p) => p.id === selected);
    if (!view || !point) {
      return;
    }
    this.title.textContent = `Point ${point.ordinal}: ${point.label}`;
    this.nChart.update([this.history.line(point.id, this.nMetric)]);
    if (hasTypicalImages(view)) {
      this.showTypicalImages(point);
    }
    if (!isToySweep(view)) {
      this.updateTop1(view, point);
      return;
    }
    const preview = this.previews.get(
      point.id,
      point.samplesDone >= Math.min(PREVIEW_SIZE, point.samples),
    );
    const key = `${point.id} ${preview !== null}`;
    if (key !== this.shown) {
      this.shown = key;
      this.scatter.setPreview(preview, point.label);
    }
  }

  /** Frees the charts. */
  destroy(): void {
    this.nChart.destroy();
    this.scatter.destroy();
  }

  /** The selected image point's typical images, fetched once it has completed. */
  private showTypicalImages(point: PointView): void {
    const images = this.typicalImages.get(point.id, point.state === 'COMPLETED');
    const key = `typical ${point.id} ${images !== null}`;
    if (key !== this.shownTypical) {
      this.shownTypical = key;
      this.typical.set(images, point.label);
    }
  }

  /** Asks for the selected image point's Top-1 histograms again whenever it has more samples. */
  private updateTop1(v: ExperimentView, point: PointView): void {
    if (!(v.spec.metrics ?? []).includes('top1_tv') || point.samplesDone === 0) {
      this.top1.set(null);
      return;
    }
    const key = `${point.id} ${point.samplesDone}`;
    if (key === this.top1Shown) {
      return;
    }
    this.top1Shown = key;
    api
      .top1(v.id, point.id)
      .then((loaded) => {
        if (this.top1Shown === key) {
          this.top1.set(loaded);
        }
      })
      .catch(() => {
        this.top1Shown = ''; // not stored yet: ask again at the next event
      });
  }
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
