import { mayChange } from '../account/account';
import { api, whoAmI, type HistoryQuery } from '../api/client';
import { STATES, type ExperimentPage, type ExperimentSummary, type Me } from '../api/types';
import { formatNumber, formatTime, h, replace } from '../dom';
import { errorMessage } from '../text';
import { tagChips } from './tags';

const PAGE_SIZE = 25;
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
const COLUMNS = ['', '', 'name', 'state', 'kind', 'owner', 'points', 'created', 'spec hash'];

/**
 * The team's experiments, newest first or sorted, filtered and paginated by the server. The filters
 * and the order live in the URL (`#/history?q=cfg&tag=ablation&sort=name&page=2`), so a filtered
 * list is a link. A chosen metric adds a column with each row's best final value of it over its
 * completed points, and a sort by it (`metric=log_likelihood&sort=best`); a guidance weight with it
 * another, with the best of the points at that weight, and a sort by that
 * (`metric=fd&weight=2&sort=at_weight`).
 * Each row shows its tags (a click filters by one) and a star its owner or an admin toggles;
 * archived experiments are hidden unless the archived filter asks for them. Rows selected (across
 * pages) are compared on one set of axes.
 */
export function historyPage(root: HTMLElement, params: URLSearchParams): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const query: HistoryQuery = {};
  for (const f of FILTERS) {
    query[f] = params.get(f) ?? '';
  }
  query.tag = params.getAll('tag').filter((t) => t !== '');
  let me: Me | null = null; // whose stars are toggles, once known
  let last: ExperimentPage | null = null;
  let page = Number(params.get('page') ?? '0') || 0;
  const chosen = new Set((params.get('selected') ?? '').split(',').filter((s) => s !== ''));

  const body = h('tbody');
  const pager = h('div', { class: 'pager' });
  const compare = h('button', { class: 'primary compare', onclick: () => goCompare() }, 'Compare');

  const input = (name: (typeof FILTERS)[number], placeholder: string) =>
    h('input', {
      type: 'search',
      name,
      value: query[name] ?? '',
      placeholder,
      oninput: (e: Event) => {
        query[name] = (e.target as HTMLInputElement).value;
        clearTimeout(timer);
        timer = setTimeout(() => navigate(0), SEARCH_DELAY_MS);
      },
    });
  const choice = (name: (typeof FILTERS)[number], options: string[], blank: string) => {
    const element = h(
      'select',
      {
        name,
        onchange: (e: Event) => {
          query[name] = (e.target as HTMLSelectElement).value;
          navigate(0);
        },
      },
      h('option', { value: '' }, blank),
      ...options.map((o) => h('option', { value: o }, o)),
    );
    element.value = query[name] ?? '';
    return element;
  };
  const methodSelect = choice('method', [], 'any method');
  const modelSelect = choice('model', [], 'any model');
  const metricSelect = h(
    'select',
    {
      name: 'metric',
      onchange: (e: Event) => {
        query.metric = (e.target as HTMLSelectElement).value;
        showMetricChoices();
        navigate(0);
      },
    },
    h('option', { value: '' }, 'no metric'),
  );
  const weightInput = h('input', {
    type: 'search',
    name: 'weight',
    inputMode: 'decimal',
    value: query.weight ?? '',
    placeholder: 'at weight w',
    title: 'a column with the metric’s best value among the points at this guidance weight',
    oninput: (e: Event) => {
      query.weight = (e.target as HTMLInputElement).value.trim();
      clearTimeout(timer);
      timer = setTimeout(() => {
        showMetricChoices();
        navigate(0);
      }, SEARCH_DELAY_MS);
    },
  });
  const starredOnly = h(
    'label',
    { class: 'starred-filter' },
    h('input', {
      type: 'checkbox',
      name: 'starred',
      checked: query.starred === 'true',
      onchange: (e: Event) => {
        query.starred = (e.target as HTMLInputElement).checked ? 'true' : '';
        navigate(0);
      },
    }),
    ' starred only',
  );
  const archived = choice('archived', [], 'not archived');
  archived.append(
    h('option', { value: 'true' }, 'archived only'),
    h('option', { value: 'all' }, 'archived too'),
  );
  archived.value = query.archived ?? '';
  const sort = choice('sort', [], 'newest first');
  sort.append(
    h('option', { value: 'oldest' }, 'oldest first'),
    h('option', { value: 'name' }, 'by name'),
    h('option', { value: 'starred' }, 'starred first'),
  );
  const bestOption = h('option', { value: 'best' });
  const atWeightOption = h('option', { value: 'at_weight' });
  sort.append(bestOption, atWeightOption);
  sort.value = query.sort ?? '';
  showMetricChoices();
  const head = h('tr', null, ...columns().map((c) => h('th', null, c)));
  const tagFilter = h('span', { class: 'tag-filter' });

  replace(
    root,
    h('h1', null, 'History'),
    h(
      'div',
      { class: 'filters' },
      input('q', 'search by name'),
      choice('state', [...STATES], 'any state'),
      choice('kind', ['sweep', 'train', 'reference'], 'any kind'),
      input('owner', 'owner'),
      methodSelect,
      modelSelect,
      starredOnly,
      archived,
      metricSelect,
      weightInput,
      sort,
      tagFilter,
      compare,
    ),
    h(
      'div',
      { class: 'table-scroll' },
      h('table', { class: 'history-table' }, h('thead', null, head), body),
    ),
    pager,
  );
  updateCompare();
  showTagFilter();
  whoAmI().then(
    (m) => {
      me = m;
      if (last !== null) {
        show(last);
      }
    },
    () => undefined,
  );

  Promise.all([api.methods(), api.models(), api.metricNames()])
    .then(([methods, models, metrics]) => {
      fill(
        methodSelect,
        methods.map((m) => m.name),
        query.method,
      );
      fill(
        modelSelect,
        models.map((m) => m.name),
        query.model,
      );
      fill(
        metricSelect,
        metrics.map((m) => m.name),
        query.metric,
      );
    })
    .catch(() => undefined);

  load();

  function load(): void {
    const mine = ++generation;
    api
      .experiments({ ...query, page, size: PAGE_SIZE })
      .then((result) => mine === generation && show(result))
      .catch((e: unknown) =>
        replace(
          body,
          h('tr', null, h('td', { colspan: columns().length, class: 'error' }, errorMessage(e))),
        ),
      );
  }

  /** The table's columns: a metric's when the listing shows one, and at a weight when it has one. */
  function columns(): string[] {
    if (!query.metric) {
      return COLUMNS;
    }
    const best = [...COLUMNS, `best ${query.metric}`];
    return query.weight ? [...best, `${query.metric} at w=${query.weight}`] : best;
  }

  /**
   * What a chosen metric offers: a weight (cleared without a metric) and the sorts by its values,
   * each while the listing has what it needs; a sort that lost it goes back to the default.
   */
  function showMetricChoices(): void {
    weightInput.disabled = !query.metric;
    if (!query.metric) {
      query.weight = '';
      weightInput.value = '';
    }
    bestOption.hidden = !query.metric;
    bestOption.textContent = `best ${query.metric ?? ''}`;
    atWeightOption.hidden = !query.metric || !query.weight;
    atWeightOption.textContent = `best ${query.metric ?? ''} at w=${query.weight ?? ''}`;
    if (
      (query.sort === 'best' && bestOption.hidden) ||
      (query.sort === 'at_weight' && atWeightOption.hidden)
    ) {
      query.sort = '';
      sort.value = '';
    }
  }

  function show(result: ExperimentPage): void {
    last = result;
    replace(head, ...columns().map((c) => h('th', null, c)));
    const pages = Math.max(1, Math.ceil(result.total / result.size));
    replace(
      body,
      ...(result.items.length === 0
        ? [
            h(
              'tr',
              null,
              h('td', { colspan: columns().length, class: 'muted' }, 'No experiments match.'),
            ),
          ]
        : result.items.map(row)),
    );
    replace(
      pager,
      h('button', { disabled: page === 0, onclick: () => navigate(page - 1) }, '‹ Newer'),
      h('span', null, `page ${page + 1} of ${pages} · ${result.total} experiments`),
      h('button', { disabled: page + 1 >= pages, onclick: () => navigate(page + 1) }, 'Older ›'),
    );
  }

  function row(e: ExperimentSummary): HTMLElement {
    return h(
      'tr',
      { dataset: { experiment: e.id } },
      h(
        'td',
        null,
        h('input', {
          type: 'checkbox',
          checked: chosen.has(e.id),
          title: 'select to compare',
          onchange: (event: Event) => {
            if ((event.target as HTMLInputElement).checked) {
              chosen.add(e.id);
            } else {
              chosen.delete(e.id);
            }
            updateCompare();
            syncUrl();
          },
        }),
      ),
      h('td', null, star(e)),
      h(
        'td',
        null,
        h('a', { href: `#/experiments/${e.id}` }, e.name),
        e.archivedAt === null ? null : h('span', { class: 'archived-label' }, 'archived'),
        tagChips(e.tags, addTag),
      ),
      h('td', null, h('span', { class: `badge state-${e.state.toLowerCase()}` }, e.state)),
      h('td', null, e.kind),
      h('td', null, e.owner),
      h(
        'td',
        null,
        `${e.pointsCompleted}/${e.points}`,
        e.pointsReused > 0
          ? h(
              'span',
              { class: 'reused', title: 'points that reused a completed point’s results' },
              ` (${e.pointsReused} reused)`,
            )
          : null,
      ),
      h('td', null, formatTime(e.createdAt)),
      h('td', { class: 'mono' }, e.specHash.slice(0, 12)),
      query.metric ? h('td', { class: 'best' }, formatNumber(e.best)) : null,
      query.metric && query.weight
        ? h('td', { class: 'at-weight' }, formatNumber(e.atWeight))
        : null,
    );
  }

  /** The row's star: a toggle for its owner or an admin, else a mark when starred. */
  function star(e: ExperimentSummary): HTMLElement | null {
    if (!mayChange(me, e.owner)) {
      return e.starred ? h('span', { class: 'star', title: 'starred' }, '★') : null;
    }
    return h(
      'button',
      {
        class: 'star',
        title: e.starred ? 'unstar' : 'star',
        dataset: { starred: String(e.starred) },
        onclick: () =>
          void api
            .editExperiment(e.id, { starred: !e.starred })
            .then(load)
            .catch((error: unknown) => alert(errorMessage(error))),
      },
      e.starred ? '★' : '☆',
    );
  }

  /** Filters by `tag` too (experiments carry every tag filtered by). */
  function addTag(tag: string): void {
    if (!query.tag?.includes(tag)) {
      query.tag = [...(query.tag ?? []), tag];
      showTagFilter();
      navigate(0);
    }
  }

  /** The tags filtered by, each with a button that drops it. */
  function showTagFilter(): void {
    replace(
      tagFilter,
      ...(query.tag ?? []).map((tag) =>
        h(
          'button',
          {
            class: 'tag active',
            dataset: { tag },
            title: 'stop filtering by this tag',
            onclick: () => {
              query.tag = (query.tag ?? []).filter((t) => t !== tag);
              showTagFilter();
              navigate(0);
            },
          },
          `${tag} ×`,
        ),
      ),
    );
  }

  function updateCompare(): void {
    compare.disabled = chosen.size < 2;
    compare.textContent = `Compare (${chosen.size})`;
  }

  /** Shows page `to` of the current filters. */
  function navigate(to: number): void {
    page = to;
    syncUrl();
    load();
  }

  /** Records filters, page and selection in the URL without leaving the page. */
  function syncUrl(): void {
    const search = new URLSearchParams();
    for (const f of FILTERS) {
      if (query[f]) {
        search.set(f, query[f]);
      }
    }
    for (const tag of query.tag ?? []) {
      search.append('tag', tag);
    }
    if (page > 0) {
      search.set('page', String(page));
    }
    if (chosen.size > 0) {
      search.set('selected', [...chosen].join(','));
    }
    history.replaceState(null, '', `#/history?${search}`);
  }

  function goCompare(): void {
    location.hash = `#/compare?ids=${[...chosen].join(',')}`;
  }

  return () => clearTimeout(timer);
}

function fill(select: HTMLSelectElement, options: string[], value: string | undefined): void {
  select.append(...options.map((o) => h('option', { value: o }, o)));
  select.value = value ?? '';
}
