/**
 * Routing in force on the gateway, and changing one route's weights through its admin
 * endpoint, with a confirmation step that shows the change before it is sent.
 */
import { api } from './api.ts';
import { h } from './dom.ts';

interface RoutingBody {
  version: number;
  config: {
    routes: Record<
      string,
      { description?: string; weights: Record<string, number>; fallbacks?: string[]; overflow?: string }
    >;
  };
}

function confirmDialog(text: string): Promise<boolean> {
  return new Promise((resolve) => {
    const confirm = h(
      'button',
      { class: 'button primary', type: 'button', id: 'confirm-apply' },
      'Apply to the gateway',
    );
    const cancel = h('button', { class: 'button', type: 'button' }, 'Cancel');
    const dialog = h(
      'dialog',
      { class: 'confirm' },
      h('h3', {}, 'Change routing weights?'),
      h('pre', {}, text),
      h('div', { class: 'dialog-actions' }, cancel, confirm),
    );
    document.body.append(dialog);
    const finish = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    confirm.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', () => finish(false));
    dialog.showModal();
  });
}

/** Loads the gateway's routing and renders one weight editor per route into `root`. */
export async function renderRoutingPanel(root: HTMLElement): Promise<void> {
  root.replaceChildren(h('h2', {}, 'Routing in force'), h('p', { class: 'meta' }, 'Loading from the gateway…'));
  const result = await api.routing();
  if (!result.ok) {
    root.replaceChildren(h('h2', {}, 'Routing in force'), h('p', { class: 'notice' }, result.error));
    return;
  }
  const body = result.body as RoutingBody;
  const routes = Object.entries(body.config.routes);
  const status = h('p', { class: 'status', role: 'status' });
  root.replaceChildren(
    h(
      'h2',
      {},
      'Routing in force: ',
      h('span', { class: 'version', id: 'routing-version' }, `version ${body.version}`),
    ),
    status,
  );
  for (const [name, route] of routes) {
    const inputs = Object.entries(route.weights).map(([target, weight]) => ({
      target,
      input: h('input', {
        type: 'text',
        inputmode: 'decimal',
        value: String(weight),
        'data-target': target,
        'aria-label': `${name} weight for ${target}`,
      }),
    }));
    const errors = new Map(inputs.map((entry) => [entry.target, h('span', { class: 'error', 'aria-live': 'polite' })]));
    /** The weights typed, or the first problem: each input checked where it is typed. */
    const readWeights = (): { weights: Record<string, number>; problem: string | null } => {
      const weights: Record<string, number> = {};
      let problem: string | null = null;
      for (const entry of inputs) {
        const text = entry.input.value.trim();
        const weight = Number(text);
        const message =
          text === ''
            ? 'give a weight (0 sends no traffic)'
            : !Number.isFinite(weight) || weight < 0
              ? 'a weight is a number, 0 or more'
              : '';
        errors.get(entry.target)?.replaceChildren(message);
        entry.input.setAttribute('aria-invalid', String(message !== ''));
        problem ??= message ? `${entry.target}: ${message}` : null;
        weights[entry.target] = weight;
      }
      if (!problem && Object.values(weights).every((weight) => weight === 0))
        problem = 'at least one weight must be greater than 0';
      return { weights, problem };
    };
    const unchanged = (weights: Record<string, number>) =>
      Object.entries(weights).every(([target, weight]) => route.weights[target] === weight);
    const shares = h('span', { class: 'meta' });
    const apply = h('button', { class: 'button small primary', type: 'button', 'data-route': name }, 'Apply…');
    const updateShares = () => {
      const { weights, problem } = readWeights();
      const sum = Object.values(weights).reduce((total, weight) => total + weight, 0);
      // No share preview from invalid weights (it would read "-20% / 120%").
      shares.textContent = problem
        ? problem
        : `${inputs.map((entry) => `${entry.target} ${Math.round((weights[entry.target] / sum) * 100)}%`).join(' · ')}${unchanged(weights) ? ' (unchanged)' : ''}`;
      shares.className = problem ? 'error' : 'meta';
      apply.disabled = problem !== null || unchanged(weights);
    };
    for (const entry of inputs) entry.input.addEventListener('input', updateShares);
    updateShares();
    apply.addEventListener('click', async () => {
      const { weights, problem } = readWeights();
      if (problem || unchanged(weights)) {
        status.textContent = problem ?? 'No change: these are the weights in force.';
        status.className = problem ? 'status error' : 'status';
        return;
      }
      const lines = Object.entries(weights).map(
        ([target, weight]) => `  ${target}: ${route.weights[target]} -> ${weight}`,
      );
      const confirmed = await confirmDialog(
        `Route ${name}, routing version ${body.version} -> ${body.version + 1}\n${lines.join('\n')}\n\nThe gateway applies it at once, without a restart.`,
      );
      if (!confirmed) {
        status.textContent = 'Cancelled: nothing was sent.';
        status.className = 'status';
        return;
      }
      const changed = await api.changeWeights({ route: name, weights, baseVersion: body.version });
      if (changed.ok) {
        await renderRoutingPanel(root);
        const fresh = root.querySelector('.status');
        if (fresh) {
          fresh.textContent = `Applied: route ${name} now runs routing version ${(changed.body as { version: number }).version}.`;
          fresh.className = 'status ok';
        }
      } else {
        status.textContent = changed.error;
        status.className = 'status error';
      }
    });
    root.append(
      h(
        'div',
        { class: 'route-editor', 'data-route': name },
        h('h3', {}, name, route.description ? h('span', { class: 'meta' }, ` — ${route.description}`) : null),
        h(
          'div',
          { class: 'weights' },
          ...inputs.map((entry) => h('label', {}, entry.target, entry.input, errors.get(entry.target))),
          apply,
        ),
        shares,
        route.fallbacks && route.fallbacks.length > 0
          ? h('div', { class: 'meta' }, `fallbacks: ${route.fallbacks.join(' -> ')}`)
          : null,
        route.overflow ? h('div', { class: 'meta' }, `overflow: ${route.overflow}`) : null,
      ),
    );
  }
}
