// Operations (admin): health, the cluster's silos, storage figures, and a backup downloaded with progress.
import { get, raw } from './api.js';
import { h, replace, when, bytes, number } from './dom.js';
import { showError } from './app.js';

export async function opsPage(view, _params, _query, signal) {
  const [health, silos, stats] = await Promise.all([
    fetch('/health', { cache: 'no-store' }).then(async response => ({ status: response.status, body: await response.json().catch(() => null) })),
    get('/cluster'),
    get('/admin/stats'),
  ]);
  const progress = h('progress', { id: 'backup-progress', hidden: true });
  const backupState = h('p', { id: 'backup-state', 'aria-live': 'polite' });
  const start = h('button', { type: 'button', id: 'backup-start' }, 'Start a backup');
  start.addEventListener('click', () => backup(start, progress, backupState, signal));
  replace(view,
    h('h1', null, 'Operations'),
    h('h2', null, 'Health'),
    h('p', { id: 'health' }, `GET /health: ${health.status} ${health.body?.status ?? ''}`),
    h('h2', null, 'Storage'),
    h('div', { class: 'figures', id: 'stats' },
      h('div', null, h('strong', null, number(stats.users)), 'users'),
      h('div', null, h('strong', null, number(stats.sessions)), 'sessions'),
      h('div', null, h('strong', null, number(stats.messages)), 'messages'),
      h('div', null, h('strong', null, bytes(stats.bytesOnDisk)), 'on disk')),
    h('h2', null, 'Cluster'),
    h('p', null, h('a', { href: '/dashboard/' }, 'Orleans Dashboard')),
    h('table', { id: 'silos' },
      h('thead', null, h('tr', null, ['Silo', 'Host', 'Status', 'Started', 'Last alive', 'Gateway'].map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', null, silos.map(silo => h('tr', null,
        h('td', null, silo.name, silo.thisSilo ? ' (this one)' : '', h('div', { class: 'muted' }, silo.address)),
        h('td', null, silo.hostName), h('td', null, silo.status), h('td', null, when(silo.startedAt)),
        h('td', null, when(silo.lastAliveAt)), h('td', null, String(silo.gatewayPort)))))),
    h('h2', null, 'Backup'),
    h('p', { class: 'muted' }, 'A consistent .tar.gz of the data directory (GET /admin/backup) for chatdb restore. Verify stays an offline tool (chatdb verify).'),
    start, progress, backupState);
}

// Streams the backup, showing the bytes received, then offers the archive as a download.
async function backup(button, progress, state, signal) {
  button.disabled = true;
  progress.hidden = false;
  progress.removeAttribute('value');
  const started = performance.now();
  try {
    const response = await raw('/admin/backup', { signal });
    const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'chatdb-backup.tar.gz';
    const reader = response.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      state.textContent = `Receiving: ${bytes(received)} in ${((performance.now() - started) / 1000).toFixed(1)} s`;
    }
    const url = URL.createObjectURL(new Blob(chunks, { type: 'application/gzip' }));
    progress.hidden = true;
    replace(state, `Backup done: ${bytes(received)} in ${((performance.now() - started) / 1000).toFixed(1)} s. `, h('a', { href: url, download: name, id: 'backup-download' }, `Save ${name}`));
  } catch (error) {
    progress.hidden = true;
    replace(state, showError(error));
  } finally {
    button.disabled = false;
  }
}
