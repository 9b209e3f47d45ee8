// A user's agents: their versions (with a diff of two), runs, starting a run on a session, and a run's
// trace as a live timeline (prompt built, model calls with tokens and latency, tool calls, handoffs).
import { get, send, seg, follow } from './api.js';
import { h, replace, append, when, json } from './dom.js';
import { go, showError } from './app.js';

export async function agentsPage(view, [user]) {
  const agents = await get(`/users/${seg(user)}/agents`);
  replace(view, h('h1', null, `Agents of ${user}`),
    agents.length ? h('table', { id: 'agents' },
      h('thead', null, h('tr', null, ['Agent', 'Version', 'Model', 'Tools', 'Updated'].map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', null, agents.map(agent => h('tr', null,
        h('td', null, h('a', { href: `#/u/${seg(user)}/agents/${seg(agent.id)}` }, agent.name || agent.id)),
        h('td', null, String(agent.version)), h('td', null, agent.model ?? ''),
        h('td', null, (agent.tools ?? []).join(', ')), h('td', null, when(agent.updatedAt))))))
      : h('p', { class: 'muted' }, 'No agents.'));
}

export async function agentPage(view, [user, agentId], _query, signal) {
  const path = `/users/${seg(user)}/agents/${seg(agentId)}`;
  const [agent, versions, runs, sessions] = await Promise.all([
    get(path), get(`${path}/versions`), get(`${path}/runs`, { limit: 20 }), get(`/users/${seg(user)}/sessions`, { limit: 50 }),
  ]);

  const session = h('select', { id: 'run-session', name: 'sessionId', required: true },
    sessions.map(s => h('option', { value: s.id }, `${s.title || '(untitled)'} — ${s.id}`)));
  const input = h('textarea', { id: 'run-input', name: 'input', rows: 2, required: true });
  const runError = h('div');
  const start = async event => {
    event.preventDefault();
    try {
      const run = await send('POST', `${path}/runs`, { sessionId: session.value, input: input.value, wait: false });
      go(`#/u/${seg(user)}/agents/${seg(agentId)}/runs/${seg(run.id)}`);
    } catch (error) {
      replace(runError, showError(error));
    }
  };

  const left = h('select', { id: 'diff-left', 'aria-label': 'Older version' }, versions.map(v => h('option', { value: v.version, selected: v.version === Math.max(1, agent.version - 1) }, `v${v.version}`)));
  const right = h('select', { id: 'diff-right', 'aria-label': 'Newer version' }, versions.map(v => h('option', { value: v.version, selected: v.version === agent.version }, `v${v.version}`)));
  const diff = h('div', { id: 'diff' });
  const compare = async event => {
    event.preventDefault();
    const [a, b] = await Promise.all([get(`${path}/versions/${Number(left.value)}`), get(`${path}/versions/${Number(right.value)}`)]);
    replace(diff, versionDiff(a, b));
  };

  replace(view,
    h('h1', null, `Agent ${agent.name || agent.id}`, h('span', { class: 'muted' }, ` v${agent.version}, ${agent.model}`)),
    h('details', null, h('summary', null, 'Definition'), json(agent)),
    h('h2', null, 'Run on a session'),
    sessions.length ? h('form', { class: 'inline', id: 'run-form', onsubmit: start },
      h('label', { for: 'run-session' }, 'Session', session),
      h('label', { for: 'run-input' }, 'Input', input),
      h('button', { type: 'submit' }, 'Run')) : h('p', { class: 'muted' }, 'The user has no session to run on.'),
    runError,
    h('h2', null, 'Runs'),
    runs.length ? h('table', { id: 'runs' },
      h('thead', null, h('tr', null, ['Run', 'Status', 'Session', 'Started', 'Latency'].map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', null, runs.map(run => h('tr', null,
        h('td', null, h('a', { href: `#/u/${seg(user)}/agents/${seg(agentId)}/runs/${seg(run.id)}` }, run.id)),
        h('td', null, `${run.status}${run.stopReason ? ` (${run.stopReason})` : ''}`),
        h('td', null, h('a', { href: `#/u/${seg(user)}/s/${seg(run.sessionId)}` }, run.sessionId)),
        h('td', null, when(run.startedAt)), h('td', null, run.latencyMs ? `${Math.round(run.latencyMs)} ms` : '')))))
      : h('p', { class: 'muted' }, 'No runs yet.'),
    h('h2', null, 'Versions'),
    h('ul', null, versions.map(v => h('li', null, `v${v.version}, ${v.sizeBytes} bytes, ${when(v.storedAt)}`))),
    versions.length > 1 ? h('form', { class: 'inline', onsubmit: compare }, left, right, h('button', { type: 'submit' }, 'Compare')) : null,
    diff);
  void signal;
}

// The fields that differ between two versions, old and new value side by side.
function versionDiff(a, b) {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(name => !['version', 'updatedAt'].includes(name));
  const changed = names.filter(name => JSON.stringify(a[name]) !== JSON.stringify(b[name]));
  if (!changed.length) return h('p', { class: 'muted' }, `v${a.version} and v${b.version} define the same agent.`);
  return h('table', null,
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, `v${a.version}`), h('th', { scope: 'col' }, `v${b.version}`))),
    h('tbody', null, changed.map(name => h('tr', null, h('td', null, name), h('td', null, json(a[name] ?? null)), h('td', null, json(b[name] ?? null))))));
}

export async function runPage(view, [user, agentId, runId], _query, signal) {
  const path = `/users/${seg(user)}/agents/${seg(agentId)}/runs/${seg(runId)}`;
  const run = await get(path);
  const summary = h('p', { id: 'run-status' });
  const timeline = h('ol', { class: 'timeline', id: 'trace', 'aria-label': 'Trace', 'aria-live': 'polite' });
  const showRun = current => replace(summary,
    `Status ${current.status}${current.stopReason ? ` (${current.stopReason})` : ''} · session `,
    h('a', { href: `#/u/${seg(user)}/s/${seg(current.sessionId)}` }, current.sessionId),
    current.usage ? ` · ${current.usage.inputTokens} tokens in, ${current.usage.outputTokens} out` : '',
    current.latencyMs ? ` · ${Math.round(current.latencyMs)} ms` : '',
    current.error ? h('span', { class: 'error' }, ` · ${typeof current.error === 'string' ? current.error : JSON.stringify(current.error)}`) : '');
  showRun(run);
  replace(view, h('h1', null, `Run ${runId}`, h('span', { class: 'muted' }, ` of ${agentId}`)), summary, h('h2', null, 'Trace'), timeline);

  // The stored events first, then live ones; the stream ends when the run has ended.
  await follow(`${path}/events`, {
    lastEventId: 0,
    signal,
    endOnClose: true,
    onEvent: event => {
      timeline.append(traceItem(event));
      if (event.kind === 'run_finished' || event.kind === 'run_failed' || event.kind === 'run_cancelled') {
        get(path).then(showRun).catch(() => {});
      }
    },
  });
  if (!signal.aborted) showRun(await get(path));
}

export function traceItem(event) {
  const facts = [];
  if (event.model) facts.push(`model ${event.model}`);
  if (event.messages !== null && event.messages !== undefined) facts.push(`${event.messages} messages`);
  if (event.tokens !== null && event.tokens !== undefined) facts.push(`${event.tokens} tokens`);
  if (event.inputTokens !== null && event.inputTokens !== undefined) facts.push(`${event.inputTokens} tokens in, ${event.outputTokens ?? 0} out`);
  if (event.durationMs !== null && event.durationMs !== undefined) facts.push(`${event.durationMs.toFixed(1)} ms`);
  if (event.finishReason) facts.push(`finish ${event.finishReason}`);
  if (event.tool) facts.push(`tool ${event.tool}`);
  if (event.outcome) facts.push(`outcome ${event.outcome}`);
  if (event.role) facts.push(`${event.role} message #${event.messageSeq}`);
  if (event.stopReason) facts.push(`stop ${event.stopReason}`);
  const known = new Set(['seq', 'runId', 'agentId', 'kind', 'at', 'messages', 'tokens', 'model', 'inputTokens', 'outputTokens', 'durationMs', 'finishReason', 'tool', 'outcome', 'callId', 'role', 'messageSeq', 'stopReason', 'error']);
  const rest = Object.fromEntries(Object.entries(event).filter(([name, value]) => !known.has(name) && value !== null));
  return append(h('li', { class: 'trace-event', dataset: { kind: event.kind } },
    h('span', { class: 'kind' }, event.kind), ' ', h('time', { class: 'muted', datetime: event.at }, when(event.at)),
    facts.length ? h('div', null, facts.join(' · ')) : null,
    event.error ? h('div', { class: 'error' }, typeof event.error === 'string' ? event.error : JSON.stringify(event.error)) : null),
  Object.keys(rest).length ? [json(rest)] : []);
}
