import { api, whoAmI } from '../api/client';
import type { QueueView } from '../api/types';
import { formatTime, h, replace } from '../dom';
import { compactCount } from '../form/cost';
import { errorMessage } from '../text';

/** How often the page asks the server again. */
const REFRESH_MS = 2000;

/**
 * The queue (`GET /api/queue`): every worker now active with its device, the point it runs and its
 * measured throughput, and the experiments with queued points in the order they are served, the signed-in
 * user's marked. Refreshed every two seconds.
 */
export function queuePage(root: HTMLElement): () => void {
  let disposed = false;
  let me: string | null = null;
  const workers = h('tbody');
  const queued = h('tbody');
  const status = h('p', { class: 'muted' });
  replace(
    root,
    h('h1', null, 'Queue'),
    h('h2', null, 'Workers'),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'workers-table' },
        h('thead', null, row('th', 'worker', 'device', 'running', 'progress', 'evaluations / s')),
        workers,
      ),
    ),
    h('h2', null, 'Waiting, in the order served'),
    h(
      'p',
      { class: 'muted' },
      'Higher priority first; within a priority, owners take turns, so the order moves as points ' +
        'are claimed.',
    ),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'queued-table' },
        h(
          'thead',
          null,
          row('th', '#', 'experiment', 'owner', 'priority', 'points', 'evaluations', 'submitted'),
        ),
        queued,
      ),
    ),
    status,
  );

  async function load(): Promise<void> {
    try {
      const queue = await api.queue();
      if (disposed) {
        return;
      }
      showWorkers(queue);
      showQueued(queue);
      replace(status, queue.more > 0 ? `and ${queue.more} more experiments waiting` : '');
    } catch (e) {
      if (!disposed) {
        replace(status, h('span', { class: 'error' }, errorMessage(e)));
      }
    }
  }

  function showWorkers(queue: QueueView): void {
    if (queue.workers.length === 0) {
      replace(workers, h('tr', null, h('td', { colSpan: 5, class: 'muted' }, 'no worker active')));
      return;
    }
    replace(
      workers,
      ...queue.workers.map((w) => {
        const r = w.running;
        const tr = row(
          'td',
          w.name,
          w.device ?? '—',
          r
            ? h('a', { href: `#/experiments/${r.experimentId}` }, `${r.experimentName}: ${r.label}`)
            : 'idle',
          r ? `${r.samplesDone} / ${r.samples}` : '',
          w.evaluationsPerSecond === null ? '—' : compactCount(Math.round(w.evaluationsPerSecond)),
        );
        tr.dataset.worker = w.name;
        return tr;
      }),
    );
  }

  function showQueued(queue: QueueView): void {
    if (queue.queued.length === 0) {
      replace(queued, h('tr', null, h('td', { colSpan: 7, class: 'muted' }, 'nothing waits')));
      return;
    }
    replace(
      queued,
      ...queue.queued.map((q, i) => {
        const tr = row(
          'td',
          String(i + 1),
          h('a', { href: `#/experiments/${q.experimentId}` }, q.name),
          q.owner,
          String(q.priority),
          String(q.points),
          compactCount(q.evaluations),
          formatTime(q.createdAt),
        );
        tr.dataset.experiment = q.experimentId;
        tr.classList.toggle('mine', q.owner === me);
        return tr;
      }),
    );
  }

  whoAmI().then(
    (who) => {
      me = who.name;
    },
    () => undefined,
  );
  void load();
  const timer = setInterval(() => void load(), REFRESH_MS);
  return () => {
    disposed = true;
    clearInterval(timer);
  };
}

function row(cell: 'td' | 'th', ...values: (string | HTMLElement)[]): HTMLTableRowElement {
  return h('tr', null, ...values.map((v) => h(cell, null, v)));
}
