// One session: its messages in a window of at most a few hundred rows (older and newer pages load on demand,
// so a session of 10,000 messages never puts 10,000 rows in the page), live additions over server-sent
// events, and beside them the token totals, documents and situational context with its history.
import { get, raw, seg, follow, blobUrl, ApiError } from './api.js';
import { h, replace, append, when, json, number, bytes } from './dom.js';
import { showError } from './app.js';

export const pageSize = 100;

// Rows kept in the page at most; beyond it the far end of the window is dropped (and can be paged back).
const windowSize = 300;

export async function sessionPage(view, [user, sessionId], query, signal) {
  const path = `/users/${seg(user)}/sessions/${seg(sessionId)}`;
  const [session, totals, log] = await Promise.all([
    get(path),
    get(`${path}/messages/tokens`),
    get(`${path}/events/log`, { limit: 1 }),
  ]);

  const list = h('ol', { class: 'messages', id: 'messages', 'aria-label': 'Messages' });
  const liveState = h('span', { class: 'live', id: 'live' }, 'connecting…');
  const newer = h('button', { type: 'button', id: 'newer' }, 'Newer');
  const older = h('button', { type: 'button', id: 'older' }, 'Older');
  const counts = h('span', { class: 'muted', id: 'counts' });
  const pending = h('button', { type: 'button', class: 'link', id: 'pending', hidden: true });
  const jumpInput = h('input', { type: 'number', id: 'jump-seq', min: 1, inputmode: 'numeric' });
  const state = { first: 0, last: 0, atEnd: false, atStart: false, unseen: 0, messages: totals.messages, tokens: totals.tokens };

  const showCounts = () => {
    counts.textContent = `${number(state.messages)} message${state.messages === 1 ? "" : "s"}, ${number(state.tokens)} tokens (${totals.encoding})`;
    older.disabled = state.atStart;
    newer.disabled = state.atEnd;
    pending.hidden = state.unseen === 0;
    pending.textContent = `${state.unseen} new message${state.unseen === 1 ? '' : 's'}: show`;
  };

  // Replaces the window with messages (oldest first), marking gaps left by deleted or redacted messages.
  const show = (messages, { atEnd, atStart, target }) => {
    list.replaceChildren();
    state.first = messages.length ? messages[0].seq : 0;
    state.last = messages.length ? messages.at(-1).seq : 0;
    state.atEnd = atEnd;
    state.atStart = atStart || state.first <= 1;
    if (atEnd) state.unseen = 0;
    let previous = state.first > 1 && state.atStart ? 0 : null;
    for (const message of messages) {
      if (previous !== null) addGap(list, previous, message.seq, 'beforeend');
      list.append(messageRow(message, user, sessionId));
      previous = message.seq;
    }
    if (!messages.length) list.append(h('li', { class: 'muted' }, 'No messages.'));
    showCounts();
    if (target) {
      const row = list.querySelector(`[data-seq="${target}"]`);
      if (row) { row.classList.add('target'); row.scrollIntoView({ block: 'center' }); row.focus(); }
    }
  };

  const load = async (query, options) => {
    try {
      show(await get(`${path}/messages`, { limit: pageSize, ...query }), options);
    } catch (error) {
      list.replaceChildren(h('li', null, showError(error)));
    }
  };

  const latest = () => load({ latest: true }, { atEnd: true, atStart: false });
  const jump = seq => load({ after: Math.max(0, seq - pageSize / 2 - 1) }, { atEnd: false, atStart: seq - pageSize / 2 <= 1, target: seq });

  older.addEventListener('click', async () => {
    const page = await get(`${path}/messages`, { latest: true, before: state.first, limit: pageSize });
    show(page, { atEnd: false, atStart: page.length < pageSize });
    list.firstElementChild?.scrollIntoView();
  });
  newer.addEventListener('click', async () => {
    const page = await get(`${path}/messages`, { after: state.last, limit: pageSize });
    if (page.length < pageSize) await latest(); else show(page, { atEnd: false, atStart: false });
  });
  pending.addEventListener('click', () => latest());

  const target = Number(query.get('seq'));
  replace(view,
    h('h1', null, session.title || '(untitled)', ' ', h('span', { class: 'muted' }, `— ${user}`)),
    h('p', { class: 'muted' }, `Session ${session.id}, created ${when(session.createdAt)}, updated ${when(session.updatedAt)}`),
    h('div', { class: 'grid' },
      h('section', { 'aria-label': 'Conversation' },
        h('div', { class: 'pager' }, older, newer, counts, liveState, pending,
          h('form', { class: 'inline', onsubmit: event => { event.preventDefault(); if (jumpInput.value) jump(Number(jumpInput.value)); } },
            h('label', { for: 'jump-seq' }, 'Go to seq', jumpInput), h('button', { type: 'submit' }, 'Go'))),
        list),
      h('aside', null, await sidePanels(path, session, signal))));

  if (target > 0) await jump(target); else await latest();

  // Live: events after the log's end when the page opened (the messages loaded already hold the earlier ones).
  follow(`${path}/events`, {
    lastEventId: log.lastEventSeq,
    signal,
    onState: connected => { liveState.textContent = connected ? 'live' : 'reconnecting…'; liveState.classList.toggle('on', connected); },
    onEvent: event => onEvent(event),
  }).catch(error => { liveState.textContent = `not live: ${error.message}`; });

  function onEvent(event) {
    const message = event.message;
    if (event.kind === 'message_added' && message) {
      state.messages += 1;
      state.tokens += message.tokens ?? 0;
      if (state.atEnd && message.seq > state.last) {
        list.querySelector('li.muted')?.remove();
        if (state.last) addGap(list, state.last, message.seq, 'beforeend');
        list.append(messageRow(message, user, sessionId));
        state.last = message.seq;
        trim(list);
        if (list.lastElementChild.getBoundingClientRect().top < window.innerHeight + 200) list.lastElementChild.scrollIntoView({ block: 'nearest' });
      } else {
        state.unseen += 1;
      }
      showCounts();
    } else if ((event.kind === 'message_edited' || event.kind === 'message_redacted') && message) {
      list.querySelector(`[data-seq="${message.seq}"]`)?.replaceWith(messageRow({ ...message, edited: true }, user, sessionId));
    } else if (event.kind === 'message_deleted' || event.kind === 'message_redacted') {
      const seq = event.seq ?? event.messageSeq ?? message?.seq;
      const row = list.querySelector(`[data-seq="${seq}"]`);
      if (row) row.replaceWith(h('li', { class: 'gap', dataset: { seq } }, `message ${seq} was ${event.kind === 'message_deleted' ? 'deleted' : 'redacted'}`));
    }
  }

  function trim(node) {
    const rows = node.querySelectorAll('li.msg');
    for (let i = 0; i < rows.length - windowSize; i++) rows[i].remove();
    state.first = Number(node.querySelector('li.msg')?.dataset.seq ?? state.first);
    state.atStart = false;
  }
}

function addGap(list, previous, seq, where) {
  const missing = seq - previous - 1;
  if (missing > 0) {
    list.insertAdjacentElement(where, h('li', { class: 'gap' },
      `${missing} message${missing === 1 ? '' : 's'} (seq ${previous + 1}${missing > 1 ? `–${seq - 1}` : ''}) deleted or redacted`));
  }
}

export function messageRow(message, user, sessionId) {
  const header = h('header', null,
    h('span', { class: 'seq' }, `#${message.seq}`),
    h('span', { class: 'role' }, message.role),
    h('time', { datetime: message.timestamp }, when(message.timestamp)),
    message.tokens !== undefined && message.tokens !== null ? h('span', { class: 'tokens' }, `${message.tokens} tokens`) : null,
    message.edited ? h('span', { class: 'mark edited', title: message.editedAt ? `edited ${when(message.editedAt)}` : 'edited' }, 'edited') : null,
    message.metadata?.redacted ? h('span', { class: 'mark' }, 'redacted') : null,
    message.metadata?.agent_id ? h('span', null, `agent ${message.metadata.agent_id}`) : null);
  const body = message.parts?.length
    ? message.parts.map(part => partNode(part, user, sessionId))
    : h('div', { class: 'content' }, message.content);
  const attachments = message.attachments?.length
    ? h('div', { class: 'part' }, 'Attachments: ', message.attachments.map(name => documentLink(user, sessionId, name)))
    : null;
  const metadata = Object.keys(message.metadata ?? {}).length
    ? h('details', null, h('summary', null, 'metadata'), json(message.metadata))
    : null;
  return h('li', { class: `msg role-${/^[a-z_]+$/.test(message.role) ? message.role : 'other'}`, tabindex: -1, dataset: { seq: message.seq } },
    header, body, attachments, metadata);
}

function partNode(part, user, sessionId) {
  switch (part.type) {
    case 'text': return h('div', { class: 'content part' }, part.text ?? '');
    case 'tool_call': return h('div', { class: 'part' }, h('strong', null, `tool call ${part.name ?? ''}`), ` (${part.callId ?? ''})`, json(part.arguments ?? {}));
    case 'tool_result': return h('div', { class: 'part' }, h('strong', null, `tool result (${part.callId ?? ''})`), json(part.result ?? part.text ?? null));
    case 'document': return h('div', { class: 'part' }, 'document: ', documentLink(user, sessionId, part.document));
    case 'uri': return h('div', { class: 'part' }, 'link: ', h('code', null, part.uri ?? ''), part.mediaType ? ` (${part.mediaType})` : '');
    default: return h('div', { class: 'part' }, json(part));
  }
}

function documentLink(user, sessionId, name) {
  return h('button', {
    type: 'button', class: 'link', onclick: async () => {
      const url = await blobUrl(`/users/${seg(user)}/sessions/${seg(sessionId)}/documents/${seg(name)}`);
      const a = h('a', { href: url, download: name });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    },
  }, name, ' ');
}

async function sidePanels(path, session, signal) {
  const [documents, context, history] = await Promise.all([
    get(`${path}/documents`).catch(() => []),
    get(`${path}/context`).catch(error => (error instanceof ApiError && error.status === 404 ? null : Promise.reject(error))),
    get(`${path}/context/history`).catch(() => []),
  ]);
  const preview = h('div', { id: 'preview' });
  return [
    h('section', { 'aria-label': 'Documents' }, h('h2', null, 'Documents'),
      documents.length ? h('ul', null, documents.map(doc => h('li', null,
        h('span', null, doc.filename), ' ', h('span', { class: 'muted' }, `${doc.mimeType}, ${bytes(doc.size)}`), ' ',
        h('button', { type: 'button', class: 'link', onclick: () => showPreview(path, doc, preview, signal) }, 'preview')))) : h('p', { class: 'muted' }, 'None.'),
      preview),
    h('section', { 'aria-label': 'Situational context' }, h('h2', null, 'Context'),
      context ? json(context) : h('p', { class: 'muted' }, 'None yet.'),
      history.length ? h('details', null, h('summary', null, `History (${history.length})`), history.map(item => json(item))) : null),
    session.metadata && Object.keys(session.metadata).length ? h('section', null, h('h2', null, 'Metadata'), json(session.metadata)) : null,
  ];
}

async function showPreview(path, doc, preview, signal) {
  const name = doc.filename;
  const type = String(doc.mimeType ?? '');
  const blob = await (await raw(`${path}/documents/${seg(name)}`)).blob();
  const url = URL.createObjectURL(blob);
  signal.addEventListener('abort', () => URL.revokeObjectURL(url));
  if (type.startsWith('image/')) {
    replace(preview, h('img', { class: 'preview', src: url, alt: name }));
  } else if (type.startsWith('text/') || type === 'application/json') {
    replace(preview, h('pre', { class: 'json' }, (await blob.text()).slice(0, 20000)));
  } else {
    replace(preview, h('p', { class: 'muted' }, `No preview for ${type || 'this type'}.`));
  }
  append(preview, h('a', { href: url, download: name }, `download ${name}`));
}
