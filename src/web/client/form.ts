/**
 * The profile form: one input per schema field (from /api/schema), editing a plain
 * object that is exactly what the YAML file holds (empty fields are left out, so the
 * schema's defaults apply and show as placeholders). Problems from the server are shown
 * next to the field their path names.
 */
import type { ValidationProblem } from '../../core/workload/parse.ts';
import type { FormField, FormGroup, FormLeaf } from '../form-spec.ts';
import { h } from './dom.ts';

export type ProfileInput = Record<string, unknown>;

const openGroups = new Set(['organization', 'volume', 'tokens', 'traffic', 'latency', 'choices']);

type PathPart = string | number;

/** `workloads[0].tokens.inputPerRequest` -> ['workloads', 0, 'tokens', 'inputPerRequest']. */
export function parsePath(path: string): PathPart[] {
  const parts: PathPart[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  return parts;
}

export function getAt(root: unknown, path: string): unknown {
  let current = root;
  for (const part of parsePath(path)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathPart, unknown>)[part];
  }
  return current;
}

/** Sets (or with `undefined`, deletes) a value, creating objects on the way; empty objects left behind are removed. */
export function setAt(root: ProfileInput, path: string, value: unknown): void {
  const parts = parsePath(path);
  const chain: Array<Record<PathPart, unknown>> = [root];
  let current: Record<PathPart, unknown> = root;
  for (const part of parts.slice(0, -1)) {
    let next = current[part];
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return;
      next = {};
      current[part] = next;
    }
    current = next as Record<PathPart, unknown>;
    chain.push(current);
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete current[last];
  else current[last] = value;
  for (let index = chain.length - 1; index > 0; index -= 1) {
    const container = chain[index];
    if (!Array.isArray(container) && Object.keys(container).length === 0) delete chain[index - 1][parts[index - 1]];
    else break;
  }
}

function displayValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The value a leaf's input stands for; text that is not a number is kept so the schema can say so. */
export function readLeafValue(leaf: FormLeaf, raw: string): unknown {
  const text = raw.trim();
  if (leaf.kind === 'number' || leaf.kind === 'integer') {
    if (text === '') return undefined;
    return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.replace(/_/g, '')) ? Number(text.replace(/_/g, '')) : raw;
  }
  if (leaf.kind === 'boolean') return text === '' ? undefined : text === 'true';
  if (leaf.kind === 'text-list') {
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    return items.length === 0 ? undefined : items;
  }
  if (leaf.kind === 'text' && text === '' && !leaf.required) return undefined;
  return leaf.kind === 'text' ? raw : text === '' ? undefined : text;
}

function placeholder(leaf: FormLeaf): string {
  if (leaf.defaultValue === undefined) return leaf.required ? 'required' : 'optional';
  return `default: ${displayValue(leaf.defaultValue)}`;
}

export interface FormCallbacks {
  /** A field changed: the input object was updated in place. */
  changed(): void;
  /** The shape changed (a workload added or removed): re-render. */
  restructured(): void;
}

function leafElement(
  leaf: FormLeaf,
  path: string,
  input: ProfileInput,
  callbacks: FormCallbacks,
  datalists: Record<string, string>,
): HTMLElement {
  const value = getAt(input, path);
  const id = `field-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
  let control: HTMLInputElement | HTMLSelectElement;
  if (leaf.kind === 'choice' || leaf.kind === 'boolean') {
    const choices = leaf.kind === 'boolean' ? ['true', 'false'] : (leaf.choices ?? []);
    const select = h(
      'select',
      { id, 'data-path': path },
      h(
        'option',
        { value: '' },
        leaf.defaultValue !== undefined ? `— default: ${displayValue(leaf.defaultValue)}` : '— not set',
      ),
    );
    for (const choice of choices)
      select.append(
        h('option', { value: choice }, leaf.kind === 'boolean' ? (choice === 'true' ? 'yes' : 'no') : choice),
      );
    select.value = value === undefined ? '' : String(value);
    control = select;
  } else {
    const numeric = leaf.kind === 'number' || leaf.kind === 'integer';
    control = h('input', {
      id,
      'data-path': path,
      type: 'text',
      inputmode: numeric ? 'decimal' : undefined,
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: placeholder(leaf),
      value: displayValue(value),
      list: datalists[leaf.key],
    });
  }
  if (leaf.kind === 'constant')
    return h(
      'div',
      { class: 'field constant', 'data-field': path },
      h('span', { class: 'hint' }, `${leaf.label}: ${displayValue(leaf.defaultValue)} (fixed)`),
      h('div', { class: 'error', 'aria-live': 'polite' }),
    );
  const update = () => {
    setAt(input, path, readLeafValue(leaf, control.value));
    callbacks.changed();
  };
  control.addEventListener('input', update);
  if (control instanceof HTMLSelectElement) control.addEventListener('change', update);
  return h(
    'div',
    { class: `field${leaf.kind === 'boolean' || leaf.kind === 'choice' ? ' select' : ''}`, 'data-field': path },
    h(
      'label',
      { for: id },
      leaf.label,
      leaf.required ? h('span', { class: 'required', title: 'required' }, ' *') : null,
    ),
    control,
    leaf.hint ? h('div', { class: 'hint' }, leaf.hint) : null,
    h('div', { class: 'error', 'aria-live': 'polite' }),
  );
}

function groupElement(
  group: FormGroup,
  path: string,
  input: ProfileInput,
  callbacks: FormCallbacks,
  datalists: Record<string, string>,
  depth: number,
): HTMLElement {
  const children = group.children.map((child) =>
    fieldElement(child, path === '' ? child.key : `${path}.${child.key}`, input, callbacks, datalists, depth + 1),
  );
  if (depth === 0) return h('div', { class: 'form-root', 'data-group': '(root)' }, ...children);
  const details = h(
    'details',
    { class: `group depth-${depth}`, 'data-group': path, open: openGroups.has(group.key) || depth === 1 },
    h('summary', {}, group.label),
    h('div', { class: 'error group-error' }),
    h('div', { class: 'group-fields' }, ...children),
  );
  return details;
}

function fieldElement(
  field: FormField,
  path: string,
  input: ProfileInput,
  callbacks: FormCallbacks,
  datalists: Record<string, string>,
  depth: number,
): HTMLElement {
  if (field.kind === 'group') return groupElement(field, path, input, callbacks, datalists, depth);
  if (field.kind === 'list') {
    const items = Array.isArray(getAt(input, path)) ? (getAt(input, path) as unknown[]) : [];
    const list = h(
      'section',
      { class: 'list', 'data-group': path },
      h('h3', {}, field.label),
      h('div', { class: 'error group-error' }),
    );
    items.forEach((item, index) => {
      const itemPath = `${path}[${index}]`;
      const name =
        typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string'
          ? (item as { name: string }).name
          : '';
      const remove = h('button', { class: 'link danger', type: 'button', title: 'remove this workload' }, 'remove');
      remove.addEventListener('click', (event) => {
        event.preventDefault();
        items.splice(index, 1);
        callbacks.restructured();
      });
      const details = h(
        'details',
        { class: 'group depth-1 list-item', 'data-group': itemPath, open: true },
        h(
          'summary',
          {},
          `${field.item.label.replace(/s$/, '')} ${index + 1}${name ? `: ${name}` : ''} `,
          items.length > 1 ? remove : null,
        ),
        h('div', { class: 'error group-error' }),
      );
      const fields = h(
        'div',
        { class: 'group-fields' },
        ...field.item.children.map((child) =>
          fieldElement(child, `${itemPath}.${child.key}`, input, callbacks, datalists, depth + 2),
        ),
      );
      details.append(fields);
      list.append(details);
    });
    const add = h(
      'button',
      { class: 'button small', type: 'button' },
      `+ add ${field.item.label.replace(/s$/, '').toLowerCase()}`,
    );
    add.addEventListener('click', () => {
      const copy =
        items.length > 0
          ? (JSON.parse(JSON.stringify(items[items.length - 1])) as Record<string, unknown>)
          : {
              name: 'workload',
              volume: { requestsPerDay: 1000 },
              tokens: { inputPerRequest: 1000, outputPerRequest: 200 },
            };
      copy.name = `${typeof copy.name === 'string' ? copy.name : 'workload'}-${items.length + 1}`;
      if (Array.isArray(getAt(input, path))) items.push(copy);
      else setAt(input, path, [copy]);
      callbacks.restructured();
    });
    list.append(add);
    return list;
  }
  return leafElement(field, path, input, callbacks, datalists);
}

/** Renders the whole form for `input`; `datalists` maps a field key to a <datalist> id for suggestions. */
export function renderForm(
  spec: FormGroup,
  input: ProfileInput,
  callbacks: FormCallbacks,
  datalists: Record<string, string> = {},
): HTMLElement {
  return h(
    'form',
    { class: 'profile-form', novalidate: true, autocomplete: 'off' },
    h('div', { class: 'error form-error', 'data-group': '(root)' }),
    groupElement(spec, '', input, callbacks, datalists, 0),
  );
}

/** The value a user typed, in a message: only plain values (never an object dump). */
function typedValue(value: unknown): string {
  if (value === undefined || value === null || typeof value === 'object') return '';
  return ` (you entered ${typeof value === 'string' ? `"${value}"` : String(value)})`;
}

function addError(field: HTMLElement, message: string): void {
  field.classList.add('invalid');
  const error = field.querySelector('.error');
  if (error) error.textContent = (error.textContent ? `${error.textContent}; ` : '') + message;
  const control = field.querySelector('input, select');
  control?.setAttribute('aria-invalid', 'true');
  const details = field.closest('details');
  if (details) details.open = true;
}

/**
 * Shows each problem next to its field. A problem on a group that names fields of the
 * group ("give requestsPerDay or tokensPerMonth") marks each of them; anything else goes
 * to the nearest group, named by its label. Returns how many were shown.
 */
export function showProblems(form: HTMLElement, problems: ReadonlyArray<ValidationProblem>): number {
  for (const element of form.querySelectorAll('.field.invalid')) element.classList.remove('invalid');
  for (const element of form.querySelectorAll('[aria-invalid="true"]')) element.removeAttribute('aria-invalid');
  for (const element of form.querySelectorAll('.error')) element.textContent = '';
  for (const problem of problems) {
    const field = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(problem.path)}"]`);
    if (field) {
      addError(field, problem.message + typedValue(problem.value));
      continue;
    }
    const group = form.querySelector<HTMLElement>(`[data-group="${CSS.escape(problem.path)}"]`);
    const named = group
      ? [...group.querySelectorAll<HTMLElement>(':scope > .group-fields > .field[data-field]')].filter((candidate) => {
          const key = candidate.dataset.field?.split('.').pop() ?? '';
          return key !== '' && new RegExp(`\\b${key}\\b`).test(problem.message);
        })
      : [];
    if (named.length > 0) {
      for (const candidate of named) addError(candidate, problem.message);
      continue;
    }
    let target: HTMLElement | null = null;
    let label = '';
    const parts = problem.path.split(/(?=[.[])/);
    for (let length = parts.length; length > 0 && !target; length -= 1) {
      const prefix = parts.slice(0, length).join('').replace(/^\./, '');
      const container = form.querySelector<HTMLElement>(`[data-group="${CSS.escape(prefix)}"]`);
      target = container?.querySelector<HTMLElement>(':scope > .group-error') ?? null;
      label = container?.querySelector(':scope > summary, :scope > h3')?.textContent?.trim() ?? '';
    }
    target ??= form.querySelector<HTMLElement>('.form-error');
    if (target)
      target.textContent = `${target.textContent ? `${target.textContent}\n` : ''}${label ? `${label}: ` : ''}${problem.message}${typedValue(problem.value)}`;
  }
  return problems.length;
}

/** Shows plausibility warnings (probable typos) next to their fields, in amber; the plan still runs. */
export function showWarnings(form: HTMLElement, warnings: ReadonlyArray<{ path: string; message: string }>): void {
  for (const element of form.querySelectorAll('.field.warning')) element.classList.remove('warning');
  for (const element of form.querySelectorAll('.warning-text')) element.remove();
  for (const warning of warnings) {
    const field = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(warning.path)}"]`);
    if (!field) continue;
    field.classList.add('warning');
    field.append(h('div', { class: 'warning-text', role: 'note' }, `Check: ${warning.message}`));
    const details = field.closest('details');
    if (details) details.open = true;
  }
}
