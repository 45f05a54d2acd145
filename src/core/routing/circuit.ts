/**
 * Circuit breaker as a pure state machine; the clock is an argument.
 *
 *   closed --N consecutive failures--> open --cool-down elapsed--> half-open (one probe)
 *   half-open --probe succeeds--> closed;  half-open --probe fails--> open (cool-down restarts)
 *
 * Failures are connection errors, timeouts, 5xx and streams cut mid-way; a 429 is a
 * fallback trigger but not a breaker failure (the target is busy, not broken). An upstream
 * that rejects the gateway's own credentials (401/403) trips the breaker at once
 * (`circuitTrip`): every request would fail the same way until someone fixes the key.
 */

export interface CircuitSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** Time an open circuit waits before letting one probe through. */
  cooldownMs: number;
}

export type CircuitState =
  | { phase: 'closed'; consecutiveFailures: number }
  | { phase: 'open'; openedAtMs: number }
  | { phase: 'half-open'; probeStartedAtMs: number };

export const closedCircuit: CircuitState = { phase: 'closed', consecutiveFailures: 0 };

/** What the breaker allows now: a normal attempt, a single probe, or nothing. */
export type CircuitDecision = 'allow' | 'probe' | 'reject';

/**
 * Whether a target may be tried at `nowMs`.
 * @example circuitDecision({ phase: 'open', openedAtMs: 1000 }, 30_999, { failureThreshold: 5, cooldownMs: 30_000 }) === 'reject' // 29.999 s of a 30 s cool-down; at 31_000 it is 'probe'
 */
export function circuitDecision(state: CircuitState, nowMs: number, settings: CircuitSettings): CircuitDecision {
  switch (state.phase) {
    case 'closed':
      return 'allow';
    case 'open':
      return nowMs - state.openedAtMs >= settings.cooldownMs ? 'probe' : 'reject';
    case 'half-open':
      // A probe that never reported back (lost) does not block the target forever.
      return nowMs - state.probeStartedAtMs >= settings.cooldownMs ? 'probe' : 'reject';
  }
}

/** Call when an attempt starts; a probe moves the circuit to half-open. */
export function circuitOnAttemptStart(state: CircuitState, nowMs: number, settings: CircuitSettings): CircuitState {
  if (state.phase === 'closed') return state;
  return circuitDecision(state, nowMs, settings) === 'probe' ? { phase: 'half-open', probeStartedAtMs: nowMs } : state;
}

/** A success closes the circuit and clears the failure count. */
export function circuitOnSuccess(state: CircuitState): CircuitState {
  return state.phase === 'closed' && state.consecutiveFailures === 0 ? state : closedCircuit;
}

/**
 * Records a failure: counts it while closed, opens at the threshold, reopens a failed probe.
 * @example circuitOnFailure({ phase: 'closed', consecutiveFailures: 4 }, 5000, { failureThreshold: 5, cooldownMs: 30_000 }) // { phase: 'open', openedAtMs: 5000 }
 */
export function circuitOnFailure(state: CircuitState, nowMs: number, settings: CircuitSettings): CircuitState {
  if (state.phase === 'closed') {
    const consecutiveFailures = state.consecutiveFailures + 1;
    return consecutiveFailures >= settings.failureThreshold
      ? { phase: 'open', openedAtMs: nowMs }
      : { phase: 'closed', consecutiveFailures };
  }
  if (state.phase === 'half-open') return { phase: 'open', openedAtMs: nowMs };
  return state;
}

/**
 * Opens the circuit now, whatever its state: for failures that will repeat on every request
 * (the upstream rejects the gateway's provider key); a probe after the cool-down checks again.
 * @example circuitTrip(5000) // { phase: 'open', openedAtMs: 5000 }: with cooldownMs 30_000, circuitDecision says 'probe' from 35_000
 */
export function circuitTrip(nowMs: number): CircuitState {
  return { phase: 'open', openedAtMs: nowMs };
}
