/**
 * Small formatters shared by the HTML report, the chart options and the dashboard
 * (they run in Node and in the browser, so no Node APIs here).
 */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Compact USD for chart axes and labels.
 * @example compactUsd(1_234_567) === '$1.23M'; compactUsd(23_400) === '$23.4k'; compactUsd(36.03) === '$36'; compactUsd(0.5) === '$0.50'; compactUsd(0) === '$0'
 */
export function compactUsd(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  const size = Math.abs(usd);
  if (size >= 1e9) return `${sign}$${Number((size / 1e9).toPrecision(3))}B`;
  if (size >= 1e6) return `${sign}$${Number((size / 1e6).toPrecision(3))}M`;
  if (size >= 1e3) return `${sign}$${Number((size / 1e3).toPrecision(3))}k`;
  if (size >= 10 || size === 0) return `${sign}$${Math.round(size)}`;
  return `${sign}$${size.toFixed(2)}`;
}

/**
 * Compact token counts for axes: 1.2B, 600M, 45k.
 * @example compactTokens(1_200_000_000) === '1.2B'; compactTokens(57_000_000) === '57M'; compactTokens(950) === '950'
 */
export function compactTokens(tokens: number): string {
  const size = Math.abs(tokens);
  if (size >= 1e12) return `${Number((tokens / 1e12).toPrecision(3))}T`;
  if (size >= 1e9) return `${Number((tokens / 1e9).toPrecision(3))}B`;
  if (size >= 1e6) return `${Number((tokens / 1e6).toPrecision(3))}M`;
  if (size >= 1e3) return `${Number((tokens / 1e3).toPrecision(3))}k`;
  return String(Number(tokens.toPrecision(3)));
}

/**
 * A share (0-1) as a percentage.
 * @example percent(0.1724) === '17.2%'; percent(1) === '100%'
 */
export function percent(share: number): string {
  const value = share * 100;
  return `${Number.isInteger(Number(value.toFixed(1))) ? value.toFixed(0) : value.toFixed(1)}%`;
}
