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
    const total = () => inputs.reduce((sum, entry) => sum + (Number(entry.input.value) || 0), 0);
    const shares = h('span', { class: 'meta' });
    const updateShares = () => {
      const sum = total();
      shares.textContent =
        sum > 0
          ? inputs
              .map((entry) => `${entry.target} ${Math.round(((Number(entry.input.value) || 0) / sum) * 100)}%`)
              .join(' · ')
          : 'all weights are 0';
    };
    for (const entry of inputs) entry.input.addEventListener('input', updateShares);
    updateShares();
    const apply = h('button', { class: 'button small primary', type: 'button', 'data-route': name }, 'Apply…');
    apply.addEventListener('click', async () => {
      const weights: Record<string, number> = {};
      for (const entry of inputs) weights[entry.target] = Number(entry.input.value);
      const bad = Object.entries(weights).find(([, weight]) => !Number.isFinite(weight) || weight < 0);
      if (bad) {
        status.textContent = `weight for ${bad[0]}: must be a number >= 0`;
        status.className = 'status error';
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
        h('div', { class: 'weights' }, ...inputs.map((entry) => h('label', {}, entry.target, entry.input)), apply),
        shares,
        route.fallbacks && route.fallbacks.length > 0
          ? h('div', { class: 'meta' }, `fallbacks: ${route.fallbacks.join(' -> ')}`)
          : null,
        route.overflow ? h('div', { class: 'meta' }, `overflow: ${route.overflow}`) : null,
      ),
    );
  }
}
