// A user's long-term memories with the message each came from, and a recall tester.
import { get, seg } from './api.js';
import { h, replace, when } from './dom.js';
import { go } from './app.js';

export async function memoriesPage(view, [user], query) {
  const base = `#/u/${seg(user)}`;
  const memories = await get(`/users/${seg(user)}/memories`, { limit: 100 });
  const q = h('input', { id: 'recall-q', type: 'search', value: query.get('q') ?? '', required: true });
  const k = h('input', { id: 'recall-k', type: 'number', min: 1, max: 100, value: query.get('k') ?? 5 });
  const results = h('ol', { id: 'recall' });
  replace(view,
    h('h1', null, `Memories of ${user}`),
    h('h2', null, 'Recall tester'),
    h('form', { class: 'inline', role: 'search', onsubmit: event => { event.preventDefault(); go(`${base}/memories?q=${encodeURIComponent(q.value)}&k=${Number(k.value)}`); } },
      h('label', { for: 'recall-q' }, 'Recall for', q), h('label', { for: 'recall-k' }, 'How many', k), h('button', { type: 'submit' }, 'Recall')),
    results,
    h('h2', null, `All memories (${memories.length})`),
    h('table', { id: 'memories' },
      h('thead', null, h('tr', null, ['Memory', 'Agent', 'Importance', 'Source', 'Updated'].map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', null, memories.map(memory => h('tr', null,
        h('td', null, memory.text),
        h('td', null, memory.agentId ?? ''),
        h('td', null, memory.importance ?? ''),
        h('td', null, source(base, memory)),
        h('td', null, when(memory.updatedAt)))))));
  if (!query.get('q')) return;
  const hits = await get(`/users/${seg(user)}/memories/recall`, { q: query.get('q'), k: query.get('k') });
  replace(results, hits.length ? hits.map(hit => h('li', null, hit.memory.text, h('span', { class: 'muted' }, ` score ${Number(hit.score).toFixed(3)}`)))
    : h('li', { class: 'muted' }, 'Nothing recalled.'));
}

// The messages a memory came from: one link per seq into its session (none for a memory added directly).
function source(base, memory) {
  const from = memory.source ?? {};
  if (!from.sessionId) return h('span', { class: 'muted' }, 'added directly');
  const seqs = from.seqs ?? [];
  if (!seqs.length) return h('a', { href: `${base}/s/${seg(from.sessionId)}` }, from.sessionId);
  return h('span', null, seqs.map(seq => h('a', { class: 'source', href: `${base}/s/${seg(from.sessionId)}?seq=${seq}` }, `#${seq} `)), h('span', { class: 'muted' }, from.sessionId));
}
