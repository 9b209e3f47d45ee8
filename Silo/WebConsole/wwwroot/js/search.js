// Search across a user's sessions (full text, vector or hybrid) with filters; each hit links to its message.
import { get, seg } from './api.js';
import { h, replace, when, snippet } from './dom.js';
import { go } from './app.js';

const fields = [
  ['q', 'Search for', 'search'], ['sessionId', 'Session id', 'text'], ['role', 'Role', 'text'],
  ['from', 'From (ISO 8601)', 'text'], ['to', 'To (ISO 8601)', 'text'], ['entity', 'Entity', 'text'],
];

export async function searchPage(view, [user], query) {
  const base = `#/u/${seg(user)}`;
  const inputs = Object.fromEntries(fields.map(([name, , type]) =>
    [name, h('input', { id: `search-${name}`, name, type, value: query.get(name) ?? '', required: name === 'q' })]));
  const mode = h('select', { id: 'search-mode', name: 'mode' },
    ['fulltext', 'vector', 'hybrid'].map(value => h('option', { value, selected: (query.get('mode') ?? 'fulltext') === value }, value)));
  const submit = event => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, input] of Object.entries(inputs)) if (input.value.trim()) params.set(name, input.value.trim());
    params.set('mode', mode.value);
    go(`${base}/search?${params}`);
  };
  const form = h('form', { class: 'inline', role: 'search', onsubmit: submit },
    fields.map(([name, label]) => h('label', { for: `search-${name}` }, label, inputs[name])),
    h('label', { for: 'search-mode' }, 'Mode', mode),
    h('button', { type: 'submit' }, 'Search'));
  const results = h('ol', { id: 'results', class: 'messages' });
  replace(view, h('h1', null, `Search ${user}'s sessions`), form, results);
  inputs.q.focus();
  if (!query.get('q')) return;

  const params = Object.fromEntries([...query.entries()]);
  const hits = await get(`/users/${seg(user)}/search`, { ...params, limit: 50 });
  replace(results, hits.length ? hits.map(hit => h('li', { class: 'msg hit' },
    h('header', null,
      h('span', { class: 'role' }, hit.message.role),
      h('time', { datetime: hit.message.timestamp }, when(hit.message.timestamp)),
      h('span', null, `score ${hit.score.toFixed(3)}`),
      h('a', { class: 'jump', href: `${base}/s/${seg(hit.sessionId)}?seq=${hit.message.seq}` }, `open #${hit.message.seq} in ${hit.sessionId}`)),
    h('div', { class: 'content' }, snippet(hit.snippet ?? hit.message.content)))) : h('li', { class: 'muted' }, 'No matches.'));
}
