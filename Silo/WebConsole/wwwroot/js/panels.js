// Panels (admin): the list, and one panel as a threaded conversation where each agent turn shows who spoke
// and why (the orchestration decisions of the run's trace); a run starts with a chosen strategy.
import { get, send, seg, follow } from './api.js';
import { h, replace, when, json } from './dom.js';
import { go, showError } from './app.js';

const strategies = ['round_robin', 'router', 'selector', 'handoff', 'concurrent'];

export async function panelsPage(view) {
  const panels = await get('/panels', { limit: 100 });
  replace(view, h('h1', null, 'Panels'),
    panels.length ? h('table', { id: 'panels' },
      h('thead', null, h('tr', null, ['Panel', 'Type', 'Agents', 'Updated'].map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', null, panels.map(panel => h('tr', null,
        h('td', null, h('a', { href: `#/panels/${seg(panel.id)}` }, panel.id)),
        h('td', null, panel.type ?? ''),
        h('td', null, (panel.agents ?? []).map(agent => agent.agentId ?? agent.id ?? JSON.stringify(agent)).join(', ')),
        h('td', null, when(panel.updatedAt))))))
      : h('p', { class: 'muted' }, 'No panels.'));
}

export async function panelPage(view, [panelId], query, signal) {
  const path = `/panels/${seg(panelId)}`;
  const [panel, messages, runs] = await Promise.all([
    get(path), get(`${path}/messages`, { latest: true, limit: 200 }), get(`${path}/runs`, { limit: 20 }),
  ]);
  const runId = query.get('run') ?? runs[0]?.id;
  const trace = runId ? await get(`${path}/runs/${seg(runId)}/trace`) : [];

  // Why each agent turn was taken: every run lists its turns (message seq, speaker, the strategy's reason).
  const decisions = new Map();
  for (const run of runs) {
    for (const turn of run.turns ?? []) decisions.set(turn.seq, turn.reason || `${run.strategy}: turn of ${turn.role}`);
  }
  const thread = h('ol', { class: 'thread', id: 'thread', 'aria-label': 'Panel conversation' }, messages.map(message =>
    h('li', { dataset: { seq: message.seq } },
      h('strong', null, message.role), ' ', h('time', { class: 'muted', datetime: message.timestamp }, when(message.timestamp)),
      h('div', { class: 'content' }, message.content),
      decisions.has(message.seq) ? h('div', { class: 'why' }, decisions.get(message.seq)) : null)));

  const input = h('textarea', { id: 'panel-input', rows: 2, required: true });
  const strategy = h('select', { id: 'panel-strategy' }, strategies.map(name => h('option', { value: name }, name)));
  const turns = h('input', { id: 'panel-turns', type: 'number', min: 1, value: 5 });
  const error = h('div');
  const start = async event => {
    event.preventDefault();
    try {
      const run = await send('POST', `${path}/runs`, { input: input.value, strategy: strategy.value, maxTurns: Number(turns.value), wait: false });
      go(`#/panels/${seg(panelId)}?run=${seg(run.id)}`);
    } catch (failure) {
      replace(error, showError(failure));
    }
  };

  replace(view,
    h('h1', null, `Panel ${panel.id}`),
    h('details', null, h('summary', null, 'Definition'), json(panel)),
    h('h2', null, 'Start a run'),
    h('form', { class: 'inline', onsubmit: start },
      h('label', { for: 'panel-input' }, 'Opening message', input),
      h('label', { for: 'panel-strategy' }, 'Strategy', strategy),
      h('label', { for: 'panel-turns' }, 'Max turns', turns),
      h('button', { type: 'submit' }, 'Start')),
    error,
    h('h2', null, 'Runs'),
    h('ul', null, runs.map(run => h('li', null,
      h('a', { href: `#/panels/${seg(panelId)}?run=${seg(run.id)}` }, run.id), ` ${run.strategy ?? ''} ${run.status ?? ''} ${when(run.startedAt)}`))),
    h('h2', null, 'Conversation'), thread,
    runId ? h('details', null, h('summary', null, `Trace of ${runId}`), json(trace)) : null);

  // A running run: reload when it ends, so the thread shows its turns.
  const current = runs.find(run => run.id === runId);
  if (current && ['queued', 'running'].includes(current.status)) {
    await follow(`${path}/runs/${seg(runId)}/events`, { lastEventId: 0, signal, endOnClose: true, onEvent: () => {} });
    if (!signal.aborted) go(`#/panels/${seg(panelId)}?run=${seg(runId)}`);
  }
}
