import { ApiRequestError, api, whoAmI } from '../api/client';
import type {
  FeatureNetworkInfo,
  MethodInfo,
  MetricInfo,
  ModelInfo,
  ParamInfo,
  ReferenceSummary,
  SpecCheck,
} from '../api/types';
import { h, replace } from '../dom';
import { PRESETS } from '../form/presets';
import { metricHint } from '../metrics';
import {
  IMAGE_MODEL_KIND,
  SAMPLER_FIELDS,
  conditionField,
  defaultMetrics,
  emptyEntry,
  emptyForm,
  fromSpec,
  metricChoices,
  placeErrors,
  toSpec,
  type ConditionField,
  type EntryForm,
  type SpecForm,
} from '../form/spec-form';
import { errorMessage, toText } from '../text';

const VALIDATE_DELAY_MS = 250;

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

interface Vocabulary {
  models: ModelInfo[];
  methods: MethodInfo[];
  metrics: MetricInfo[];
  references: ReferenceSummary[];
  featureNetworks: FeatureNetworkInfo[];
}

/**
 * The submit page: presets, the spec form (built from the server's method table), validation
 * against the server as the user types, and submission, which lands on the live view.
 *
 * @param params `preset=<id>` fills the form with a preset; `from=<experiment id>` with a stored spec
 */
export function newExperimentPage(root: HTMLElement, params: URLSearchParams): () => void {
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let form: SpecForm = emptyForm();
  let vocabulary: Vocabulary;
  let lastCheck: SpecCheck | null = null;
  let paths: string[] = [];

  const formElement = h('form', { class: 'spec-form', novalidate: true });
  const status = h('div', { class: 'spec-status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Submit');
  // Viewers may check specs but not submit them; the server refuses their writes anyway.
  let viewer = false;
  const viewerNote = h('span', { class: 'muted viewer-note', hidden: true }, 'viewers read only');
  whoAmI()
    .then((me) => {
      viewer = me.role === 'viewer';
      viewerNote.hidden = !viewer;
      submit.disabled ||= viewer;
    })
    .catch(() => undefined);

  replace(root, h('p', { class: 'muted' }, 'Loading models and methods…'));

  Promise.all([
    api.models(),
    api.methods(),
    api.metricNames(),
    api.references(),
    api.featureNetworks(),
  ])
    .then(async ([models, methods, metrics, references, featureNetworks]) => {
      vocabulary = { models, methods, metrics, references, featureNetworks };
      form = await initialForm(params, models);
      if (!disposed) {
        layout();
      }
    })
    .catch((e: unknown) =>
      replace(root, h('p', { class: 'error' }, `Could not load: ${errorMessage(e)}`)),
    );

  function layout(): void {
    replace(
      root,
      h('h1', null, 'New experiment'),
      h(
        'section',
        { class: 'presets' },
        h('h2', null, 'Presets'),
        h(
          'div',
          { class: 'preset-list' },
          ...PRESETS.map((preset) =>
            h(
              'button',
              {
                type: 'button',
                class: 'preset',
                dataset: { preset: preset.id },
                onclick: () => {
                  form = fromSpec(preset.spec);
                  render();
                },
              },
              h('strong', null, preset.title),
              h('span', null, preset.expected),
            ),
          ),
        ),
      ),
      formElement,
    );
    formElement.addEventListener('submit', (e) => {
      e.preventDefault();
      void send();
    });
    render();
  }

  /** Rebuilds the form from `form` (after structural changes), then validates. */
  function render(): void {
    paths = [];
    const models = vocabulary.models;
    const main = models.find((m) => m.name === form.main);
    const image = main?.kind === IMAGE_MODEL_KIND;
    replace(
      formElement,
      h(
        'fieldset',
        null,
        h('legend', null, 'Experiment'),
        field(
          'name',
          'name',
          textInput(form.name, (v) => (form.name = v), 'what this sweep asks'),
        ),
        field(
          'priority',
          'priority',
          textInput(form.priority, (v) => (form.priority = v), '0'),
          'when its points run, not what they compute: higher first, −10..10',
        ),
        field(
          'reuse results',
          'reuse',
          h('input', {
            type: 'checkbox',
            checked: form.reuse,
            onchange: (e: Event) => {
              form.reuse = (e.target as HTMLInputElement).checked;
              validateSoon();
            },
          }),
          'a point equal to a completed one takes its results at once; off computes every point',
        ),
        field(
          'main model',
          'main',
          modelSelect(form.main, models, (v) => {
            const chosen = models.find((m) => m.name === v);
            if (chosen?.kind !== IMAGE_MODEL_KIND) {
              form.features = '';
            }
            if (conditionField(chosen)?.kind !== conditionField(main)?.kind) {
              form.condition = '';
            }
            form.main = v;
            render();
          }),
        ),
        conditionInput(conditionField(main)),
      ),
      h(
        'fieldset',
        null,
        h('legend', null, 'Sweep'),
        ...form.entries.map((entry, i) => entryFieldset(entry, i)),
        h(
          'button',
          {
            type: 'button',
            class: 'add-entry',
            onclick: () => {
              form.entries.push(emptyEntry('cfg'));
              render();
            },
          },
          '+ Add method',
        ),
      ),
      h(
        'fieldset',
        { class: 'sampler' },
        h('legend', null, 'Sampler (blank = default shown)'),
        ...SAMPLER_FIELDS.map((f) =>
          field(
            SAMPLER_LABELS[f],
            `sampler.${f}`,
            textInput(form.sampler[f], (v) => (form.sampler[f] = v), placeholderOf(f)),
          ),
        ),
      ),
      h(
        'fieldset',
        null,
        h('legend', null, 'Samples and metrics'),
        field(
          'samples per point',
          'samples',
          textInput(form.samples, (v) => (form.samples = v)),
        ),
        field(
          'seed',
          'seed',
          textInput(form.seed, (v) => (form.seed = v)),
          'one seed, or a list to repeat every point; sample k draws from (seed, k)',
        ),
        field('metrics', 'metrics', metricBoxes(image)),
        image
          ? field(
              'feature network',
              'features',
              select(
                form.features,
                ['', ...vocabulary.featureNetworks.map((f) => f.name)],
                (v) => (form.features = v),
                'choose one',
              ),
              'the space FD is measured in (GET /api/feature-networks)',
            )
          : null,
        field(
          'FD reference',
          'reference',
          select(
            form.reference,
            [
              '',
              ...vocabulary.references
                .filter((r) => (image ? r.dim !== 2 : r.dim === 2))
                .map((r) => r.name),
            ],
            (v) => (form.reference = v),
            image ? 'choose statistics of that network' : 'exact class-A moments',
          ),
        ),
      ),
      h('div', { class: 'submit-row' }, status, viewerNote, submit),
    );
    validateSoon();
  }

  /** The toy's classes as a choice; an image model's class index or `random` as text. */
  function conditionInput(condition: ConditionField | null): HTMLElement | null {
    if (condition === null) {
      return null;
    }
    if (condition.kind === 'toy') {
      return field(
        'condition',
        'condition',
        select(
          form.condition,
          ['', ...condition.classes],
          (v) => (form.condition = v),
          `default (${condition.classes[0]})`,
        ),
      );
    }
    return field(
      'condition',
      'condition',
      textInput(form.condition, (v) => (form.condition = v), 'default random'),
      `a class index 0..${condition.classes - 1} for every sample, or random: each sample its own class, drawn from its seed`,
    );
  }

  function entryFieldset(entry: EntryForm, index: number): HTMLElement {
    const path = `sweep[${index}]`;
    const method = vocabulary.methods.find((m) => m.name === entry.method);
    return h(
      'div',
      { class: 'entry', dataset: { entry: String(index) } },
      h(
        'div',
        { class: 'entry-head' },
        field(
          'method',
          `${path}.method`,
          select(
            entry.method,
            vocabulary.methods.map((m) => m.name),
            (v) => {
              form.entries[index] = { ...emptyEntry(v), weights: entry.weights };
              render();
            },
          ),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'remove',
            title: 'remove this method',
            disabled: form.entries.length === 1,
            onclick: () => {
              form.entries.splice(index, 1);
              render();
            },
          },
          '×',
        ),
      ),
      method?.role === 'WRAPPER' ? innerFields(entry, method, path) : null,
      ...(method?.params ?? []).map((p) => paramField(entry, p, path)),
      method && method.role !== 'PLAIN'
        ? field(
            'weights w',
            `${path}.weights`,
            textInput(entry.weights, (v) => (entry.weights = v), '1.5, 2, 3 or 1:0.5:3'),
          )
        : null,
    );
  }

  function innerFields(entry: EntryForm, method: MethodInfo, path: string): HTMLElement {
    const inner = entry.inner ?? emptyEntry(method.inner[0]);
    entry.inner = inner;
    const innerMethod = vocabulary.methods.find((m) => m.name === inner.method);
    return h(
      'div',
      { class: 'inner' },
      field(
        'wraps',
        `${path}.inner.method`,
        select(inner.method, method.inner, (v) => {
          entry.inner = emptyEntry(v);
          render();
        }),
      ),
      ...(innerMethod?.params ?? []).map((p) => paramField(inner, p, `${path}.inner`)),
    );
  }

  function paramField(entry: EntryForm, param: ParamInfo, path: string): HTMLElement {
    const value = entry.values[param.name];
    const set = (v: string | boolean) => (entry.values[param.name] = v);
    let input: HTMLElement;
    if (param.kind === 'BOOLEAN') {
      input = h('input', {
        type: 'checkbox',
        checked: typeof value === 'boolean' ? value : param.fallback === true,
        onchange: (e: Event) => {
          set((e.target as HTMLInputElement).checked);
          validateSoon();
        },
      });
    } else if (param.kind === 'MODEL') {
      input = modelSelect(String(value ?? ''), vocabulary.models, set, optional(param));
    } else if (param.kind === 'CHOICE') {
      input = select(String(value ?? ''), ['', ...(param.choices ?? [])], set, defaultText(param));
    } else {
      input = textInput(String(value ?? ''), set, defaultText(param));
    }
    return field(param.name, `${path}.${param.name}`, input, param.hint);
  }

  function metricBoxes(image: boolean): HTMLElement {
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
              validateSoon();
            },
          }),
          m.name,
        ),
      ),
    );
  }

  function field(label: string, path: string, input: HTMLElement, hint?: string): HTMLElement {
    paths.push(path);
    return h(
      'label',
      { class: 'field', dataset: { path } },
      h('span', { class: 'label' }, label),
      input,
      hint ? h('small', { class: 'hint' }, hint) : null,
      h('span', { class: 'field-error' }),
    );
  }

  function textInput(value: string, set: (v: string) => void, placeholder = ''): HTMLInputElement {
    return h('input', {
      type: 'text',
      value,
      placeholder,
      oninput: (e: Event) => {
        set((e.target as HTMLInputElement).value);
        validateSoon();
      },
    });
  }

  function select(
    value: string,
    options: string[],
    set: (v: string) => void,
    blankText = '—',
  ): HTMLSelectElement {
    const element = h(
      'select',
      {
        onchange: (e: Event) => {
          set((e.target as HTMLSelectElement).value);
          validateSoon();
        },
      },
      ...options.map((o) => h('option', { value: o }, o === '' ? blankText : o)),
    );
    element.value = value;
    return element;
  }

  function modelSelect(
    value: string,
    models: ModelInfo[],
    set: (v: string) => void,
    blankText = 'choose a model',
  ): HTMLSelectElement {
    return select(value, ['', ...models.map((m) => m.name)], set, blankText);
  }

  function placeholderOf(f: string): string {
    const value = lastCheck?.spec.sampler?.[f];
    return value === undefined || value === null ? '' : toText(value);
  }

  function validateSoon(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void validate(), VALIDATE_DELAY_MS);
  }

  async function validate(): Promise<void> {
    const mine = ++generation;
    try {
      const check = await api.validate(toSpec(form, vocabulary.methods));
      if (mine !== generation || disposed) {
        return;
      }
      lastCheck = check;
      showErrors([]);
      fillSamplerPlaceholders();
      replace(
        status,
        h('span', { class: 'ok' }, `${check.points.length} points: `),
        check.points.join(' · '),
      );
      submit.disabled = viewer;
    } catch (e) {
      if (mine !== generation || disposed) {
        return;
      }
      showErrors(e instanceof ApiRequestError ? e.violations : []);
      submit.disabled = true;
      if (!(e instanceof ApiRequestError) || e.violations.length === 0) {
        replace(status, h('span', { class: 'error' }, errorMessage(e)));
      }
    }
  }

  function fillSamplerPlaceholders(): void {
    for (const f of SAMPLER_FIELDS) {
      const input = formElement.querySelector<HTMLInputElement>(`[data-path="sampler.${f}"] input`);
      if (input) {
        input.placeholder = placeholderOf(f);
      }
    }
  }

  function showErrors(violations: { field: string; message: string }[]): void {
    const { byPath, general } = placeErrors(violations, paths);
    formElement.querySelectorAll<HTMLElement>('.field').forEach((element) => {
      const messages = byPath.get(element.dataset.path ?? '') ?? [];
      element.classList.toggle('invalid', messages.length > 0);
      const error = element.querySelector('.field-error');
      if (error) {
        error.textContent = messages.join('; ');
      }
    });
    if (violations.length > 0) {
      replace(
        status,
        h('span', { class: 'error' }, `${violations.length} problem(s) to fix`),
        ...general.map((v) => h('div', { class: 'error' }, `${v.field}: ${v.message}`)),
      );
    }
  }

  async function send(): Promise<void> {
    submit.disabled = true;
    try {
      const view = await api.submit(toSpec(form, vocabulary.methods));
      location.hash = `#/experiments/${view.id}`;
    } catch (e) {
      submit.disabled = false;
      if (e instanceof ApiRequestError && e.violations.length > 0) {
        showErrors(e.violations);
      } else {
        replace(status, h('span', { class: 'error' }, errorMessage(e)));
      }
    }
  }

  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}

async function initialForm(params: URLSearchParams, models: ModelInfo[]): Promise<SpecForm> {
  const preset = PRESETS.find((p) => p.id === params.get('preset'));
  if (preset) {
    return fromSpec(preset.spec);
  }
  const from = params.get('from');
  if (from) {
    const view = await api.experiment(from);
    return fromSpec({ ...view.spec, name: `${view.spec.name} (again)` });
  }
  return { ...emptyForm(), main: models[0]?.name ?? '' };
}

function optional(param: ParamInfo): string {
  return param.presence === 'REQUIRED' ? 'choose a model' : 'none (main model, c = ∅)';
}

function defaultText(param: ParamInfo): string {
  if (param.presence === 'DEFAULTED' && param.fallback !== null) {
    return `default ${String(param.fallback)}`;
  }
  return param.presence === 'REQUIRED' ? 'required' : 'optional';
}
