// Builds DOM nodes. Every value becomes a text node or a property: nothing is ever parsed as HTML,
// so a message holding "<script>" shows as those characters.

export function h(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'class') node.className = value;
    else if (name === 'href') node.setAttribute('href', safeHref(value));
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

// Links are the console's own hash routes or blob URLs it made; anything else (javascript:, data:) is dropped.
function safeHref(value) {
  const text = String(value);
  return text.startsWith('#') || text.startsWith('blob:') || text.startsWith('/') ? text : '#';
}

export function when(at) {
  if (!at) return '';
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? String(at) : date.toLocaleString();
}

export function json(value) {
  return h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
}

export function number(value) {
  return typeof value === 'number' ? value.toLocaleString('en-US') : String(value ?? '');
}

export function bytes(value) {
  if (typeof value !== 'number') return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let size = value, unit = 0;
  while (size >= 1024 && unit < units.length - 1) { size /= 1024; unit++; }
  return `${size.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

// A search snippet marks matched terms as [term]; they are shown as <mark> elements around text nodes.
export function snippet(text) {
  const node = h('span', { class: 'snippet' });
  const pattern = /\[([^\]]+)\]/g;
  let last = 0;
  for (const match of String(text ?? '').matchAll(pattern)) {
    node.append(document.createTextNode(text.slice(last, match.index)), h('mark', null, match[1]));
    last = match.index + match[0].length;
  }
  node.append(document.createTextNode(String(text ?? '').slice(last)));
  return node;
}
