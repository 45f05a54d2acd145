/** Tiny DOM helpers for the dashboard (no framework). */

type Child = Node | string | null | undefined | false;

/** Creates an element: `h('button', { class: 'button', 'data-x': '1' }, 'Save')`. `true` sets a bare attribute, false/undefined skips it. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** An element whose content is trusted markup from our own renderers (which escape every value). */
export function fromMarkup(tag: keyof HTMLElementTagNameMap, markup: string, className = ''): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.innerHTML = markup;
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`dashboard: #${id} is missing from the page`);
  return element as T;
}

/** Shows a message in the page banner (`kind` error or info); an empty message hides it. */
export function showBanner(message: string, kind: 'error' | 'info' = 'error'): void {
  const banner = byId('banner');
  banner.hidden = message === '';
  banner.className = `banner ${kind}`;
  banner.replaceChildren(h('pre', {}, message), h('button', { class: 'close', 'aria-label': 'dismiss' }, '×'));
  banner.querySelector('.close')?.addEventListener('click', () => showBanner(''));
}

/** Saves text as a file download. */
export function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
