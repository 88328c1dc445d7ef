import { api, whoAmI } from '../api/client';
import type { ExperimentPage, Me } from '../api/types';
import { h, replace } from '../dom';
import { errorMessage } from '../text';
import { HistoryFilters } from './history-filters';
import { experimentRow, type RowContext } from './history-rows';

const PAGE_SIZE = 25;

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
  let generation = 0;
  let me: Me | null = null; // whose stars are toggles, once known
  let last: ExperimentPage | null = null;
  let page = Number(params.get('page') ?? '0') || 0;
  const chosen = new Set((params.get('selected') ?? '').split(',').filter((s) => s !== ''));

  const filters = new HistoryFilters(params, () => navigate(0));
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });
  const compare = h('button', { class: 'primary compare', onclick: () => goCompare() }, 'Compare');
  const head = h('tr', null, ...headings());
  filters.element.append(compare);

  replace(
    root,
    h('h1', null, 'History'),
    filters.element,
    h(
      'div',
      { class: 'table-scroll' },
      h('table', { class: 'history-table' }, h('thead', null, head), body),
    ),
    pager,
  );
  updateCompare();
  whoAmI().then(
    (m) => {
      me = m;
      if (last !== null) {
        show(last);
      }
    },
    () => undefined,
  );
  filters.fillChoices();
  load();

  function load(): void {
    const mine = ++generation;
    api
      .experiments({ ...filters.query, page, size: PAGE_SIZE })
      .then((result) => mine === generation && show(result))
      .catch((e: unknown) =>
        showRow(h('td', { colspan: columnCount(), class: 'error' }, errorMessage(e))),
      );
  }

  function show(result: ExperimentPage): void {
    last = result;
    replace(head, ...headings());
    if (result.items.length === 0) {
      showRow(h('td', { colspan: columnCount(), class: 'muted' }, 'No experiments match.'));
    } else {
      const context = rowContext();
      replace(body, ...result.items.map((e) => experimentRow(e, context)));
    }
    showPager(result);
  }

  function headings(): HTMLElement[] {
    return filters.columns().map((c) => h('th', null, c));
  }

  function columnCount(): number {
    return filters.columns().length;
  }

  /** The table's one row, holding `cell`: a message in place of experiments. */
  function showRow(cell: HTMLElement): void {
    replace(body, h('tr', null, cell));
  }

  /** Which page of how many this is, with buttons to the newer and older ones. */
  function showPager(result: ExperimentPage): void {
    const pages = Math.max(1, Math.ceil(result.total / result.size));
    replace(
      pager,
      h('button', { disabled: page === 0, onclick: () => navigate(page - 1) }, '‹ Newer'),
      h('span', null, `page ${page + 1} of ${pages} · ${result.total} experiments`),
      h('button', { disabled: page + 1 >= pages, onclick: () => navigate(page + 1) }, 'Older ›'),
    );
  }

  /** What the rows show now and what their controls do. */
  function rowContext(): RowContext {
    return {
      me,
      chosen,
      metric: filters.query.metric,
      weight: filters.query.weight,
      onChoose: choose,
      onTag: (tag: string) => filters.addTag(tag),
      onStarred: load,
    };
  }

  /** Selects experiment `id` to compare, or drops it. */
  function choose(id: string, isChosen: boolean): void {
    if (isChosen) {
      chosen.add(id);
    } else {
      chosen.delete(id);
    }
    updateCompare();
    syncUrl();
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
    const search = filters.toSearch();
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

  return () => filters.dispose();
}
