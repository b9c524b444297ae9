/** What the CLI uses of @viz-js/viz (an ES module with a CommonJS build, which `require` picks). */
interface Viz {
  renderString(input: string, options: { readonly format: string }): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vizJs: { instance(): Promise<Viz> } = require('@viz-js/viz');

/** The formats `diagram --format` writes. */
export const DIAGRAM_FORMATS = ['mermaid', 'svg', 'html'] as const;
export type DiagramFormat = typeof DIAGRAM_FORMATS[number];

/** Draws a DOT graph as SVG with Graphviz compiled to WebAssembly (no browser, no native binary). */
export async function renderSvg(dot: string): Promise<string> {
  const viz = await vizJs.instance();
  return viz.renderString(dot, { format: 'svg' });
}

/**
 * A self-contained page a reviewer can open: the SVG inline (no script, nothing fetched), and the
 * Mermaid source below it, to paste into any Mermaid renderer.
 */
export function diagramPage(title: string, svg: string, mermaid: string): string {
  const inlineSvg = svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/^<!DOCTYPE[^>]*>\s*/, '');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font-family:Helvetica,Arial,sans-serif;margin:2rem;color:#222}svg{max-width:100%;height:auto}pre{background:#f6f8fa;padding:1rem;overflow:auto}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    inlineSvg.trim(),
    '<details><summary>Mermaid source</summary>',
    `<pre>${escapeHtml(mermaid)}</pre>`,
    '</details>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
