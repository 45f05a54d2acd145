import { escapeHtml } from './format.ts';
import { reportCss } from './report-css.ts';

/**
 * A whole self-contained HTML page of the reports: the shared head (charset, viewport,
 * generator, the escaped title, the report CSS plus `extraCss`) and `body` inside `<main>`.
 */
export function htmlPage(title: string, extraCss: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="switchyard">
<title>${escapeHtml(title)}</title>
<style>${reportCss}${extraCss}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
