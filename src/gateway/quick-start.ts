/**
 * The routing of `switchyard gateway --upstream NAME=URL ...`: one route, `default`, that
 * also answers any model name, spread evenly over OpenAI-compatible upstreams (each other
 * upstream is a fallback), passing the client's model name through.
 */
import type { RoutingConfigInput } from '../core/routing/schema.ts';

export interface QuickStartUpstream {
  name: string;
  baseUrl: string;
}

/** Parses `NAME=BASE_URL`; throws a message naming the flag when malformed. */
export function parseUpstreamFlag(text: string): QuickStartUpstream {
  const at = text.indexOf('=');
  const name = at > 0 ? text.slice(0, at) : '';
  const baseUrl = at > 0 ? text.slice(at + 1) : '';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) || !/^https?:\/\/\S+$/.test(baseUrl)) {
    throw new Error(`--upstream: '${text}' is not NAME=BASE_URL (e.g. vllm=http://127.0.0.1:8000/v1)`);
  }
  return { name, baseUrl };
}

/** A routing config with route `default` (the default route) over the upstreams, equal weights. */
export function quickStartRouting(upstreams: ReadonlyArray<QuickStartUpstream>): RoutingConfigInput {
  const names = new Set<string>();
  for (const upstream of upstreams) {
    if (names.has(upstream.name)) throw new Error(`--upstream: the name '${upstream.name}' is given twice`);
    names.add(upstream.name);
  }
  return {
    version: 1,
    defaultRoute: 'default',
    targets: Object.fromEntries(
      upstreams.map((upstream) => [
        upstream.name,
        { provider: 'openai-compatible' as const, baseUrl: upstream.baseUrl },
      ]),
    ),
    routes: { default: { weights: Object.fromEntries(upstreams.map((upstream) => [upstream.name, 1])) } },
  };
}
