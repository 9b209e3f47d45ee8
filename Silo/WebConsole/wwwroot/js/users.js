// Users (admin) and a user's sessions: search by id or title, newest sessions first, paged.
import { get, seg } from './api.js';
import { h, replace, when, number } from './dom.js';
import { go } from './app.js';

const pageSize = 25;

function pager(offset, shown, total, move) {
  const end = offset + shown;
  return h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => move(Math.max(0, offset - pageSize)) }, 'Previous'),
    h('span', { class: 'muted' }, total === undefined
      ? (shown ? `${offset + 1}–${end}` : 'none')
      : (shown ? `${offset + 1}–${end} of ${number(total)}` : `none of ${number(total)}`)),
    h('button', { type: 'button', disabled: total === undefined ? shown < pageSize : end >= total, onclick: () => move(offset + pageSize) }, 'Next'));
}

function searchForm(label, value, submit) {
  const input = h('input', { type: 'search', id: 'filter', name: 'q', value: value ?? '' });
  return h('form', { class: 'inline', role: 'search', onsubmit: event => { event.preventDefault(); submit(input.value.trim()); } },
    h('label', { for: 'filter' }, label, input), h('button', { type: 'submit' }, 'Find'));
}

export async function usersPage(view, _params, query) {
  const q = query.get('q') ?? '';
  const offset = Number(query.get('offset') ?? 0);
  const page = await get('/users', { q, limit: pageSize, offset });
  const move = (o, text = q) => go(`#/users?q=${encodeURIComponent(text)}&offset=${o}`);
  replace(view,
    h('h1', null, 'Users'),
    searchForm('User id contains', q, text => move(0, text)),
    h('table', { id: 'users' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'User'), h('th', { scope: 'col' }, 'Display name'))),
      h('tbody', null, page.users.map(user => h('tr', null,
        h('td', null, h('a', { href: `#/u/${seg(user.id)}` }, user.id)),
        h('td', null, user.displayName ?? ''))))),
    pager(offset, page.users.length, page.total, o => move(o)));
}

export async function sessionsPage(view, [user], query) {
  const q = query.get('q') ?? '';
  const offset = Number(query.get('offset') ?? 0);
  const base = `#/u/${seg(user)}`;
  const [profile, sessions] = await Promise.all([
    get(`/users/${seg(user)}`).catch(() => null),
    get(`/users/${seg(user)}/sessions`, { q, limit: pageSize, offset }),
  ]);
  const move = (o, text = q) => go(`${base}?q=${encodeURIComponent(text)}&offset=${o}`);
  replace(view,
    h('h1', null, `Sessions of ${user}`, profile?.displayName ? h('span', { class: 'muted' }, ` (${profile.displayName})`) : null),
    searchForm('Title contains', q, text => move(0, text)),
    h('table', { id: 'sessions' },
      h('thead', null, h('tr', null, ['Title', 'Updated', 'Created', 'Session id'].map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', null, sessions.map(session => h('tr', null,
        h('td', null, h('a', { href: `${base}/s/${seg(session.id)}` }, session.title || '(untitled)')),
        h('td', null, when(session.updatedAt)),
        h('td', null, when(session.createdAt)),
        h('td', { class: 'muted' }, session.id))))),
    pager(offset, sessions.length, undefined, o => move(o)));
}
