/**
 * Server-side chart rendering: an ECharts option object -> an inline SVG string
 * (ECharts SSR, no DOM, no canvas). The SVG carries no namespace URLs, so the HTML
 * report holds no `http(s)://` text from the charts.
 */
import * as echarts from 'echarts';
import type { ChartSpec } from './chart-base.ts';
import { escapeHtml } from './format.ts';

/**
 * Approximate width of a character in em for a Helvetica-metric font, with 5% slack so
 * labels laid out on the server do not collide in browsers whose fallback font is wider.
 * @example characterWidthEm('m') === 0.8715; characterWidthEm('1') === 0.588
 */
export function characterWidthEm(character: string): number {
  let width: number;
  if (character === ' ' || /[fijlI!.,:;|'/]/.test(character)) width = 0.28;
  else if (/[rt()\-[\]]/.test(character)) width = 0.34;
  else if (/[mwMW%@]/.test(character)) width = 0.83;
  else if (/[0-9$a-z]/.test(character)) width = 0.56;
  else if (/[A-Z&]/.test(character)) width = 0.68;
  else if (character.charCodeAt(0) < 128) width = 0.58;
  else width = 1;
  return Number((width * 1.05).toFixed(4));
}

echarts.setPlatformAPI({
  measureText(text: string, font?: string) {
    const sizeMatch = /(\d+(?:\.\d+)?)px/.exec(font ?? '');
    const fontSizePx = sizeMatch ? Number(sizeMatch[1]) : 12;
    const boldFactor = /bold|[6-9]00/.test(font ?? '') ? 1.06 : 1;
    let widthEm = 0;
    for (const character of text ?? '') widthEm += characterWidthEm(character);
    return { width: widthEm * fontSizePx * boldFactor };
  },
});

/**
 * ECharts numbers the SVG's ids and CSS classes with process-wide counters (`zr3-cls-15`);
 * renames them in order of appearance under `prefix`, so the same chart renders the same
 * bytes whatever was rendered before, and two charts in one page never share a class.
 * @example stableIds('<g class="zr7-cls-4"><use href="url(#zr7-c2)"/></g>', 'c1') === '<g class="c1-0"><use href="url(#c1-1)"/></g>'
 */
export function stableIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  return svg.replace(/zr\d+-[A-Za-z]+(?:-\d+|\d+)/g, (token) => {
    let name = names.get(token);
    if (name === undefined) {
      name = `${prefix}-${names.size}`;
      names.set(token, name);
    }
    return name;
  });
}

/**
 * Renders one chart to an `<svg>` element for inline use in HTML; `prefix` keeps its ids
 * unique in the page. Returns null when the chart has no data.
 */
export function renderChartSvg(chart: ChartSpec, prefix: string = chart.id): string | null {
  if (chart.option === null || chart.unavailable !== null) return null;
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height });
  try {
    instance.setOption(chart.option);
    const svg = instance.renderToSVGString();
    return stableIds(svg, prefix)
      .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
      .replace(/\s+baseProfile="full"/, '')
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(chart.title)}" `);
  } finally {
    instance.dispose();
  }
}
