/** Typed calls to the dashboard server's JSON API. */
import type { CatalogView } from '../catalog-view.ts';
import type { FormGroup } from '../form-spec.ts';
import type { AdminResult, GatewaySummaryResult } from '../gateway-api.ts';
import type { InitialProfile, PlanRequestBody, PlanResponse } from '../plan-api.ts';
import type { UseCaseResponse } from '../use-case-api.ts';

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(
      `${path}: the server answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`,
    );
  }
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const api = {
  schema: () => json<FormGroup>('/api/schema'),
  catalog: () => json<CatalogView>('/api/catalog'),
  initial: () => json<InitialProfile>('/api/initial'),
  example: () => json<InitialProfile>('/api/example'),
  plan: (body: PlanRequestBody, signal?: AbortSignal) => json<PlanResponse>('/api/plan', { ...post(body), signal }),
  simulate: (body: unknown) => json<UseCaseResponse>('/api/simulate', post(body)),
  capacity: (body: unknown) => json<UseCaseResponse>('/api/capacity', post(body)),
  gatewaySummary: (window: string, filter: Record<string, string> = {}) =>
    json<GatewaySummaryResult>(
      `/api/gateway/summary?${new URLSearchParams({ window, ...Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== '')) })}`,
    ),
  routing: () => json<AdminResult>('/api/gateway/routing'),
  changeWeights: (change: { route: string; weights: Record<string, number>; baseVersion: number }) =>
    json<AdminResult>('/api/gateway/routing', post(change)),
  /** The exported report as HTML text, or the problems when the profile is invalid. */
  async reportHtml(
    body: PlanRequestBody,
  ): Promise<{ ok: true; html: string; fileName: string } | { ok: false; message: string }> {
    const response = await fetch('/api/report.html', post(body));
    if (!response.ok) {
      const failure = (await response.json()) as { message?: string; error?: string };
      return { ok: false, message: failure.message ?? failure.error ?? `export failed (${response.status})` };
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'switchyard-report.html';
    return { ok: true, html: await response.text(), fileName };
  },
};
