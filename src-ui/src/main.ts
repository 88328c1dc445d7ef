import './style.css';
import { accountMenu } from './account/menu';
import { h, replace } from './dom';
import { comparePage } from './pages/compare';
import { experimentPage } from './pages/experiment';
import { historyPage } from './pages/history';
import { newExperimentPage } from './pages/new-experiment';
import { queuePage } from './pages/queue';
import { signInPage } from './pages/sign-in';
import { tokensPage } from './pages/tokens';
import { trainPage } from './pages/train';
import { usersPage } from './pages/users';

/**
 * Hash routes, so every page is a link the static server can serve:
 * `#/new[?preset=…|from=…]`, `#/experiments/<id>[?x=<axis>]`, `#/history[?filters]`, `#/compare?ids=a,b`,
 * `#/queue`, `#/train`, `#/sign-in[?next=…|code=…]`, `#/tokens`, `#/users`.
 */
type Page = (root: HTMLElement, params: URLSearchParams) => () => void;

const ROUTES: [RegExp, (match: RegExpExecArray) => Page][] = [
  [/^\/?(new)?$/, () => newExperimentPage],
  [/^\/experiments\/([0-9a-f-]{36})$/, (m) => (root, params) => experimentPage(root, m[1], params)],
  [/^\/history$/, () => historyPage],
  [/^\/compare$/, () => comparePage],
  [/^\/queue$/, () => queuePage],
  [/^\/train$/, () => trainPage],
  [/^\/sign-in$/, () => signInPage],
  [/^\/tokens$/, () => tokensPage],
  [/^\/users$/, () => usersPage],
];

const main = h('main');
const nav = h(
  'nav',
  null,
  h('a', { class: 'brand', href: '#/new' }, 'Guidelab'),
  h('a', { href: '#/new', dataset: { nav: 'new' } }, 'New experiment'),
  h('a', { href: '#/history', dataset: { nav: 'history' } }, 'History'),
  h('a', { href: '#/train', dataset: { nav: 'train' } }, 'Train'),
  h('a', { href: '#/queue', dataset: { nav: 'queue' } }, 'Queue'),
  accountMenu(() => markActive()),
);
document.body.append(h('header', { class: 'top' }, nav), main);

let cleanup: () => void = () => undefined;

function route(): void {
  const hash = location.hash.replace(/^#/, '');
  const [path, search = ''] = hash.split('?', 2);
  cleanup();
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(path);
    if (match) {
      markActive();
      cleanup = page(match)(main, new URLSearchParams(search));
      return;
    }
  }
  cleanup = () => undefined;
  replace(main, h('h1', null, 'Not found'), h('p', null, h('a', { href: '#/new' }, 'Start here')));
}

/** Highlights the current page's link, also in the account menu, which redraws on its own. */
function markActive(): void {
  const section = location.hash.replace(/^#/, '').split(/[/?]/)[1] || 'new';
  nav.querySelectorAll('a[data-nav]').forEach((a) => {
    a.classList.toggle('active', (a as HTMLElement).dataset.nav === section);
  });
}

window.addEventListener('hashchange', route);
route();
