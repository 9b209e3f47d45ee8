// The console's shell: the API key prompt, navigation and the hash router (#/...). Pages render into <main>.
import { auth, get, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { usersPage, sessionsPage } from './users.js';
import { sessionPage } from './session.js';
import { searchPage } from './search.js';
import { agentsPage, agentPage, runPage } from './agents.js';
import { panelsPage, panelPage } from './panels.js';
import { memoriesPage } from './memories.js';
import { opsPage } from './ops.js';

const view = document.getElementById('view');
const status = document.getElementById('status');
const who = document.getElementById('who');
const forget = document.getElementById('forget');
const dialog = document.getElementById('key-dialog');

// What the key may see: 'admin' (or a loopback silo without keys), or one user's data.
export const access = { admin: false, user: null };

const routes = [
  [/^#\/users$/, () => usersPage],
  [/^#\/u\/([^/]+)$/, () => sessionsPage],
  [/^#\/u\/([^/]+)\/s\/([^/]+)$/, () => sessionPage],
  [/^#\/u\/([^/]+)\/search$/, () => searchPage],
  [/^#\/u\/([^/]+)\/agents$/, () => agentsPage],
  [/^#\/u\/([^/]+)\/agents\/([^/]+)$/, () => agentPage],
  [/^#\/u\/([^/]+)\/agents\/([^/]+)\/runs\/([^/]+)$/, () => runPage],
  [/^#\/u\/([^/]+)\/memories$/, () => memoriesPage],
  [/^#\/panels$/, () => panelsPage],
  [/^#\/panels\/([^/]+)$/, () => panelPage],
  [/^#\/ops$/, () => opsPage],
];

let cleanup = null;

export function say(text) {
  status.textContent = text;
  if (text) setTimeout(() => { if (status.textContent === text) status.textContent = ''; }, 4000);
}

export function showError(error) {
  return h('p', { class: 'error', role: 'alert' }, error instanceof ApiError ? `${error.status} ${error.kind}: ${error.message}` : String(error?.message ?? error));
}

// The hash, split into its path and query (#/u/alice/search?q=x).
export function currentRoute() {
  const hash = location.hash || '#/';
  const at = hash.indexOf('?');
  return { path: at < 0 ? hash : hash.slice(0, at), query: new URLSearchParams(at < 0 ? '' : hash.slice(at + 1)) };
}

export function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function home() {
  return access.admin ? '#/users' : `#/u/${encodeURIComponent(access.user)}`;
}

function renderNav(user) {
  const links = [];
  if (access.admin) links.push(['#/users', 'Users']);
  if (user) {
    const u = `#/u/${encodeURIComponent(user)}`;
    links.push([u, 'Sessions'], [`${u}/search`, 'Search'], [`${u}/agents`, 'Agents'], [`${u}/memories`, 'Memories']);
  }
  if (access.admin) links.push(['#/panels', 'Panels'], ['#/ops', 'Operations']);
  const { path } = currentRoute();
  replace(document.getElementById('nav'), links.map(([href, text]) =>
    h('li', null, h('a', { href, 'aria-current': path === href ? 'page' : undefined }, text))));
}

async function route() {
  cleanup?.();
  cleanup = null;
  const { path, query } = currentRoute();
  if (path === '#/' || path === '#') {
    location.replace(home());
    return;
  }

  for (const [pattern, page] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    const params = match.slice(1).map(decodeURIComponent);
    const user = path.startsWith('#/u/') ? params[0] : access.user;
    renderNav(user);
    replace(view, h('p', { class: 'muted' }, 'Loading…'));
    const controller = new AbortController();
    cleanup = () => controller.abort();
    try {
      await page()(view, params, query, controller.signal);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) { askForKey('This silo needs an API key.'); return; }
      if (!controller.signal.aborted) replace(view, showError(error));
    }
    view.focus({ preventScroll: true });
    return;
  }

  replace(view, h('p', { class: 'error' }, 'No such page.'));
}

function askForKey(message) {
  document.getElementById('key-error').textContent = message ?? '';
  document.getElementById('key-input').value = '';
  document.getElementById('key-user').value = auth.user ?? '';
  if (!dialog.open) dialog.showModal();
}

// Works out what the key may read: GET /users is for admin keys (and loopback without keys), a user's key gets 403.
async function probe() {
  try {
    await get('/users', { limit: 1 });
    access.admin = true;
    access.user = auth.user;
    who.textContent = auth.key ? 'admin key' : 'no key (loopback)';
    return true;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) { askForKey(auth.key ? 'The silo does not accept this key.' : ''); return false; }
    if (error.status === 403 && auth.user) {
      access.admin = false;
      access.user = auth.user;
      who.textContent = `key of user ${auth.user}`;
      return true;
    }
    if (error.status === 403) { askForKey('This key is for one user: give the user id too.'); return false; }
    throw error;
  }
}

document.getElementById('key-form').addEventListener('submit', async event => {
  event.preventDefault();
  auth.remember(document.getElementById('key-input').value.trim(), document.getElementById('key-user').value.trim());
  dialog.close();
  await start();
});

forget.addEventListener('click', () => {
  auth.forget();
  access.admin = false;
  access.user = null;
  who.textContent = '';
  cleanup?.();
  replace(view);
  askForKey('');
});

async function start() {
  forget.hidden = !auth.key;
  if (!await probe()) return;
  forget.hidden = !auth.key;
  await route();
}

window.addEventListener('hashchange', () => { if (access.admin || access.user) route(); });
start().catch(error => replace(view, showError(error)));
