import { api, type HistoryQuery } from '../api/client';
import { STATES } from '../api/types';
import { h, replace } from '../dom';

const SEARCH_DELAY_MS = 250;
const FILTERS = [
  'q',
  'state',
  'kind',
  'owner',
  'method',
  'model',
  'starred',
  'archived',
  'metric',
  'weight',
  'sort',
] as const;
type Filter = (typeof FILTERS)[number];
const COLUMNS = ['', '', 'name', 'state', 'kind', 'owner', 'points', 'created', 'spec hash'];

/**
 * The history's filters and order, read from the page's URL query and written back by
 * {@link HistoryFilters.toSearch}: a search by name and owner (applied a moment after typing
 * stops), state, kind, method, model, starred, archived, the tags filtered by (each dropped by a
 * click), a metric with a guidance weight, and the sort (by a metric's values while one is
 * chosen). Every change calls `onChange`, which lists the first page again.
 */
export class HistoryFilters {
  readonly query: HistoryQuery = {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly methodSelect: HTMLSelectElement;
  private readonly modelSelect: HTMLSelectElement;
  private readonly metricSelect: HTMLSelectElement;
  private readonly weightInput: HTMLInputElement;
  private readonly sort: HTMLSelectElement;
  private readonly bestOption = h('option', { value: 'best' });
  private readonly atWeightOption = h('option', { value: 'at_weight' });
  private readonly tagFilter = h('span', { class: 'tag-filter' });
  readonly element: HTMLElement;

  constructor(
    params: URLSearchParams,
    private readonly onChange: () => void,
  ) {
    for (const f of FILTERS) {
      this.query[f] = params.get(f) ?? '';
    }
    this.query.tag = params.getAll('tag').filter((t) => t !== '');
    this.methodSelect = this.choice('method', [], 'any method');
    this.modelSelect = this.choice('model', [], 'any model');
    this.metricSelect = this.metricChoice();
    this.weightInput = this.weightSearch();
    this.sort = this.sortChoice();
    this.showMetricChoices();
    this.element = h(
      'div',
      { class: 'filters' },
      this.search('q', 'search by name'),
      this.choice('state', [...STATES], 'any state'),
      this.choice('kind', ['sweep', 'train', 'reference'], 'any kind'),
      this.search('owner', 'owner'),
      this.methodSelect,
      this.modelSelect,
      this.starredOnly(),
      this.archivedChoice(),
      this.metricSelect,
      this.weightInput,
      this.sort,
      this.tagFilter,
    );
    this.showTagFilter();
  }

  /** Offers the server's methods, models and metrics, keeping the ones the URL chose. */
  fillChoices(): void {
    Promise.all([api.methods(), api.models(), api.metricNames()])
      .then(([methods, models, metrics]) => {
        fill(
          this.methodSelect,
          methods.map((m) => m.name),
          this.query.method,
        );
        fill(
          this.modelSelect,
          models.map((m) => m.name),
          this.query.model,
        );
        fill(
          this.metricSelect,
          metrics.map((m) => m.name),
          this.query.metric,
        );
      })
      .catch(() => undefined);
  }

  /** The table's columns: a metric's when the listing shows one, and at a weight when it has one. */
  columns(): string[] {
    const { metric, weight } = this.query;
    if (!metric) {
      return COLUMNS;
    }
    const best = [...COLUMNS, `best ${metric}`];
    return weight ? [...best, `${metric} at w=${weight}`] : best;
  }

  /** Filters by `tag` too (experiments carry every tag filtered by). */
  addTag(tag: string): void {
    if (!this.query.tag?.includes(tag)) {
      this.query.tag = [...(this.query.tag ?? []), tag];
      this.showTagFilter();
      this.onChange();
    }
  }

  /** The filters set, for the page's URL. */
  toSearch(): URLSearchParams {
    const search = new URLSearchParams();
    for (const f of FILTERS) {
      const value = this.query[f];
      if (value) {
        search.set(f, value);
      }
    }
    for (const tag of this.query.tag ?? []) {
      search.append('tag', tag);
    }
    return search;
  }

  /** Drops a change still waiting for typing to stop. */
  dispose(): void {
    clearTimeout(this.timer);
  }

  /** Runs `change` once typing has stopped for a moment. */
  private afterTyping(change: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(change, SEARCH_DELAY_MS);
  }

  private search(name: Filter, placeholder: string): HTMLInputElement {
    return h('input', {
      type: 'search',
      name,
      value: this.query[name] ?? '',
      placeholder,
      oninput: (e: Event) => {
        this.query[name] = (e.target as HTMLInputElement).value;
        this.afterTyping(this.onChange);
      },
    });
  }

  private choice(name: Filter, options: string[], blank: string): HTMLSelectElement {
    const element = h(
      'select',
      {
        name,
        onchange: (e: Event) => {
          this.query[name] = (e.target as HTMLSelectElement).value;
          this.onChange();
        },
      },
      h('option', { value: '' }, blank),
      ...options.map((o) => h('option', { value: o }, o)),
    );
    element.value = this.query[name] ?? '';
    return element;
  }

  private metricChoice(): HTMLSelectElement {
    return h(
      'select',
      {
        name: 'metric',
        onchange: (e: Event) => {
          this.query.metric = (e.target as HTMLSelectElement).value;
          this.showMetricChoices();
          this.onChange();
        },
      },
      h('option', { value: '' }, 'no metric'),
    );
  }

  private weightSearch(): HTMLInputElement {
    return h('input', {
      type: 'search',
      name: 'weight',
      inputMode: 'decimal',
      value: this.query.weight ?? '',
      placeholder: 'at weight w',
      title: 'a column with the metric’s best value among the points at this guidance weight',
      oninput: (e: Event) => {
        this.query.weight = (e.target as HTMLInputElement).value.trim();
        this.afterTyping(() => {
          this.showMetricChoices();
          this.onChange();
        });
      },
    });
  }

  private starredOnly(): HTMLElement {
    return h(
      'label',
      { class: 'starred-filter' },
      h('input', {
        type: 'checkbox',
        name: 'starred',
        checked: this.query.starred === 'true',
        onchange: (e: Event) => {
          this.query.starred = (e.target as HTMLInputElement).checked ? 'true' : '';
          this.onChange();
        },
      }),
      ' starred only',
    );
  }

  private archivedChoice(): HTMLSelectElement {
    const archived = this.choice('archived', [], 'not archived');
    archived.append(
      h('option', { value: 'true' }, 'archived only'),
      h('option', { value: 'all' }, 'archived too'),
    );
    archived.value = this.query.archived ?? '';
    return archived;
  }

  private sortChoice(): HTMLSelectElement {
    const sort = this.choice('sort', [], 'newest first');
    sort.append(
      h('option', { value: 'oldest' }, 'oldest first'),
      h('option', { value: 'name' }, 'by name'),
      h('option', { value: 'starred' }, 'starred first'),
      this.bestOption,
      this.atWeightOption,
    );
    sort.value = this.query.sort ?? '';
    return sort;
  }

  /**
   * What a chosen metric offers: a weight (cleared without a metric) and the sorts by its values,
   * each while the listing has what it needs; a sort that lost it goes back to the default.
   */
  private showMetricChoices(): void {
    const query = this.query;
    this.weightInput.disabled = !query.metric;
    if (!query.metric) {
      query.weight = '';
      this.weightInput.value = '';
    }
    this.bestOption.hidden = !query.metric;
    this.bestOption.textContent = `best ${query.metric ?? ''}`;
    this.atWeightOption.hidden = !query.metric || !query.weight;
    this.atWeightOption.textContent = `best ${query.metric ?? ''} at w=${query.weight ?? ''}`;
    if (
      (query.sort === 'best' && this.bestOption.hidden) ||
      (query.sort === 'at_weight' && this.atWeightOption.hidden)
    ) {
      query.sort = '';
      this.sort.value = '';
    }
  }

  /** The tags filtered by, each with a button that drops it. */
  private showTagFilter(): void {
    replace(
      this.tagFilter,
      ...(this.query.tag ?? []).map((tag) =>
        h(
          'button',
          {
            class: 'tag active',
            dataset: { tag },
            title: 'stop filtering by this tag',
            onclick: () => {
              this.query.tag = (this.query.tag ?? []).filter((t) => t !== tag);
              this.showTagFilter();
              this.onChange();
            },
          },
          `${tag} ×`,
        ),
      ),
    );
  }
}

function fill(select: HTMLSelectElement, options: string[], value: string | undefined): void {
  select.append(...options.map((o) => h('option', { value: o }, o)));
  select.value = value ?? '';
}
