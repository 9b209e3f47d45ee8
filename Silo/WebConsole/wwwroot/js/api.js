// The public REST API and its server-sent events, with the API key in a header on every call.
// The key lives in sessionStorage only (this tab, until it closes) and never in a URL.

const keyItem = 'chatdb.console.key';
const userItem = 'chatdb.console.user';

export const auth = {
  get key() { return sessionStorage.getItem(keyItem); },
  get user() { return sessionStorage.getItem(userItem) || null; },
  remember(key, user) {
    if (key) sessionStorage.setItem(keyItem, key); else sessionStorage.removeItem(keyItem);
    if (user) sessionStorage.setItem(userItem, user); else sessionStorage.removeItem(userItem);
  },
  forget() { sessionStorage.removeItem(keyItem); sessionStorage.removeItem(userItem); },
};

export class ApiError extends Error {
  constructor(status, kind, message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }
}

export const seg = encodeURIComponent;

function headers(extra) {
  const result = new Headers(extra ?? {});
  if (auth.key) result.set('X-Api-Key', auth.key);
  return result;
}

async function failure(response) {
  let kind = 'http', message = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    kind = body.error ?? kind;
    message = body.message ?? message;
  } catch { /* not the API's error body */ }
  return new ApiError(response.status, kind, message);
}

export async function raw(path, options = {}) {
  const response = await fetch(path, { ...options, headers: headers(options.headers), cache: 'no-store' });
  if (!response.ok) throw await failure(response);
  return response;
}

export async function get(path, query) {
  const response = await raw(withQuery(path, query), { headers: { Accept: 'application/json' } });
  return response.status === 204 ? null : response.json();
}

export async function send(method, path, body) {
  const response = await raw(path, {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status === 204 ? null : response.json();
}

export function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

// Follows a text/event-stream with fetch (EventSource cannot send a header): calls onEvent(data, id) for each
// event, resumes after a dropped connection with Last-Event-ID, and stops when signal aborts or the server
// ends a finished stream (endOnClose). onState(true|false) tells whether the stream is connected.
export async function follow(path, { lastEventId, onEvent, onState, signal, endOnClose = false }) {
  let last = lastEventId;
  let delay = 500;
  while (!signal.aborted) {
    try {
      const extra = { Accept: 'text/event-stream' };
      if (last !== undefined && last !== null) extra['Last-Event-ID'] = String(last);
      const response = await fetch(path, { headers: headers(extra), signal, cache: 'no-store' });
      if (!response.ok) throw await failure(response);
      onState?.(true);
      delay = 500;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replaceAll('\r\n', '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = parseEvent(block);
          if (event.id !== null) last = event.id;
          if (event.data !== null) onEvent(JSON.parse(event.data), event.id, event.name);
        }
      }
      onState?.(false);
      if (endOnClose) return;
    } catch (error) {
      onState?.(false);
      if (signal.aborted) return;
      if (error instanceof ApiError && error.status < 500) throw error;
    }
    await new Promise(resolve => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 10000);
  }
}

function parseEvent(block) {
  let id = null, name = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  return { id, name, data: data.length ? data.join('\n') : null };
}

// Downloads a file the API serves (documents, backups) with the key in a header, as a blob URL.
export async function blobUrl(path) {
  const response = await raw(path);
  return URL.createObjectURL(await response.blob());
}
