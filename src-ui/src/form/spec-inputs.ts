import { api } from '../api/client';
import type {
  FeatureNetworkInfo,
  MethodInfo,
  MetricInfo,
  ModelInfo,
  ReferenceSummary,
  SpecCheck,
} from '../api/types';
import { h } from '../dom';
import { metricHint } from '../metrics';
import { toText } from '../text';
import { field, select, textInput, type FormContext } from './inputs';
import {
  SAMPLER_FIELDS,
  defaultMetrics,
  metricChoices,
  type ConditionField,
  type SpecForm,
} from './spec-form';

const SAMPLER_LABELS: Record<string, string> = {
  steps: 'steps N',
  sigmaMin: 'σ_min',
  sigmaMax: 'σ_max',
  rho: 'ρ',
  order: 'order (1 Euler, 2 Heun)',
  churn: 'S_churn',
  sMin: 'S_tmin',
  sMax: 'S_tmax',
  sNoise: 'S_noise',
  start: 'start (noise | data)',
};

/** The server's tables the spec form offers its choices from. */
export interface Vocabulary {
  models: ModelInfo[];
  methods: MethodInfo[];
  metrics: MetricInfo[];
  references: ReferenceSummary[];
  featureNetworks: FeatureNetworkInfo[];
}

/** The spec form's inputs' context: the form they edit and the choices the server offers. */
export interface SpecContext extends FormContext {
  /** The values being edited; inputs write into it. */
  readonly form: SpecForm;
  readonly vocabulary: Vocabulary;
  /** Lays the form out again after a change of its structure (a method added, removed, chosen). */
  readonly rebuild: () => void;
}

/** Fetches the models, methods, metrics, FD references and feature networks the server offers. */
export async function loadVocabulary(): Promise<Vocabulary> {
  const [models, methods, metrics, references, featureNetworks] = await Promise.all([
    api.models(),
    api.methods(),
    api.metricNames(),
    api.references(),
    api.featureNetworks(),
  ]);
  return { models, methods, metrics, references, featureNetworks };
}

/** The toy's classes as a choice; an image model's class index or `random` as text. */
export function conditionInput(
  context: SpecContext,
  condition: ConditionField | null,
): HTMLElement | null {
  const form = context.form;
  if (condition === null) {
    return null;
  }
  if (condition.kind === 'toy') {
    return field(
      context,
      'condition',
      'condition',
      select(
        context,
        form.condition,
        ['', ...condition.classes],
        (v) => (form.condition = v),
        `default (${condition.classes[0]})`,
      ),
    );
  }
  return field(
    context,
    'condition',
    'condition',
    textInput(context, form.condition, (v) => (form.condition = v), 'default random'),
    `a class index 0..${condition.classes - 1} for every sample, or random: each sample its own class, drawn from its seed`,
  );
}

/** A checkbox per metric offered for a toy or an image model; none chosen means the defaults. */
export function metricBoxes(context: SpecContext, image: boolean): HTMLElement {
  const { form, vocabulary } = context;
  const offered = metricChoices(vocabulary.metrics, image);
  const chosen = new Set(
    form.metrics.length > 0 ? form.metrics : defaultMetrics(vocabulary.metrics, image),
  );
  return h(
    'div',
    { class: 'metric-boxes' },
    ...offered.map((m) =>
      h(
        'label',
        { class: 'check', title: metricHint(m) },
        h('input', {
          type: 'checkbox',
          name: 'metric',
          value: m.name,
          checked: chosen.has(m.name),
          onchange: (e: Event) => {
            if ((e.target as HTMLInputElement).checked) {
              chosen.add(m.name);
            } else {
              chosen.delete(m.name);
            }
            form.metrics = offered.map((x) => x.name).filter((x) => chosen.has(x));
            context.changed();
          },
        }),
        m.name,
      ),
    ),
  );
}

/** The sampler's fields; a blank one shows the default of the last `check` as its placeholder. */
export function samplerFieldset(context: SpecContext, check: SpecCheck | null): HTMLElement {
  const form = context.form;
  return h(
    'fieldset',
    { class: 'sampler' },
    h('legend', null, 'Sampler (blank = default shown)'),
    ...SAMPLER_FIELDS.map((f) =>
      field(
        context,
        SAMPLER_LABELS[f],
        `sampler.${f}`,
        textInput(
          context,
          form.sampler[f],
          (v) => (form.sampler[f] = v),
          samplerPlaceholder(check, f),
        ),
      ),
    ),
  );
}

/** Shows the sampler defaults `check` resolved as the placeholders of the sampler's fields. */
export function fillSamplerPlaceholders(formElement: HTMLElement, check: SpecCheck): void {
  for (const f of SAMPLER_FIELDS) {
    const input = formElement.querySelector<HTMLInputElement>(`[data-path="sampler.${f}"] input`);
    if (input) {
      input.placeholder = samplerPlaceholder(check, f);
    }
  }
}

function samplerPlaceholder(check: SpecCheck | null, f: string): string {
  const value = check?.spec.sampler?.[f];
  return value === undefined || value === null ? '' : toText(value);
}
