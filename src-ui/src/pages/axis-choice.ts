import type { PointView } from '../api/types';
import { AXES, WEIGHT_AXIS, sweptAxes, type Axis } from '../charts/curves';
import { h, replace } from '../dom';
import { setHashParam } from '../live/page-url';

/**
 * The experiment page's choice of its charts' x axis: the guidance weight, or an axis an EMA sweep
 * varies (guide or main EMA σ_rel, guide iteration). Shown only when the points vary along such an
 * axis; the choice is kept in the page's URL (`#/experiments/<id>?x=ema_g`), so a reload keeps it.
 */
export class AxisChoice {
  private chosen: Axis;
  private readonly select = h('select', { name: 'x-axis', onchange: () => this.choose() });
  readonly element = h('label', { class: 'axis-choice', hidden: true }, 'x:', this.select);

  /**
   * @param params the page's URL query: `x` names the chosen axis
   * @param changed called when the user chose another axis
   */
  constructor(
    params: URLSearchParams,
    private readonly changed: () => void,
  ) {
    this.chosen = AXES.find((a) => a.id === params.get('x')) ?? WEIGHT_AXIS;
  }

  /** The axis to draw these points against: the chosen one if they vary along it, else the weight. */
  update(points: PointView[]): Axis {
    const axes = sweptAxes(points);
    this.element.hidden = axes.length < 2;
    const offered = [...this.select.options].map((o) => o.value);
    if (offered.join(' ') !== axes.map((a) => a.id).join(' ')) {
      replace(this.select, ...axes.map((a) => h('option', { value: a.id }, a.title)));
    }
    const axis = axes.includes(this.chosen) ? this.chosen : WEIGHT_AXIS;
    this.select.value = axis.id;
    return axis;
  }

  private choose(): void {
    this.chosen = AXES.find((a) => a.id === this.select.value) ?? WEIGHT_AXIS;
    setHashParam('x', this.chosen === WEIGHT_AXIS ? null : this.chosen.id);
    this.changed();
  }
}
