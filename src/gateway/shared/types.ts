/**
 * State several gateway instances share. In-process state is the default (nothing to run);
 * `RedisSharedState` shares circuit breakers, in-flight counts and the routing version
 * through one Redis (docs/gateway.md, "Several instances").
 */
import type { GatewayState } from '../state.ts';

/** What the shared state needs from the gateway it is attached to. */
export interface SharedStateHost {
  state: GatewayState;
  /** Validates and applies a routing config a peer published (same path as POST /admin/routing). */
  applyRouting(config: unknown, source: string): { ok: boolean };
  /** Operator log line. */
  log(line: string): void;
}

export interface SharedGatewayState {
  /** For the start-up line: where the state is shared (a URL without its password). */
  readonly description: string;
  /**
   * Connects the gateway's state: local circuit and routing changes go out, the peers'
   * come in. Resolves once the first reconciliation is done or the store is found down (the
   * gateway then starts on local state and catches up when the store is back).
   */
  attach(host: SharedStateHost): Promise<void>;
  close(): Promise<void>;
}
