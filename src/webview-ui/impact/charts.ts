import { BarController, BarElement, CategoryScale, Chart, type ChartConfiguration, Legend, LinearScale, type ScriptableContext, Tooltip, type TooltipItem } from 'chart.js';

// Only what the dashboard draws (bar charts with category and linear axes, tooltips, a legend):
// registering chart.js/auto would bundle every controller, scale and plugin.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

/** The element a click or a key press picked: dataset and index as in the chart's data. */
export type PickHandler = (datasetIndex: number, index: number) => void;

/** A canvas with the chart drawn on it, for the UI tests and the benchmark to inspect. */
export interface ChartCanvas extends HTMLCanvasElement {
  caselinkChart?: Chart<'bar'>;
}

/** Theme colours, read from VS Code's CSS variables each time a chart is drawn. */
export interface ChartTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly font: string;
  readonly series: readonly string[];
  /** For "unknown" and "other": a neutral colour that never looks like a real category. */
  readonly neutral: string;
  /** Missing defects. */
  readonly error: string;
  readonly tooltipBackground: string;
  readonly tooltipForeground: string;
  readonly tooltipBorder: string;
}

/** VS Code's chart colours; the fallbacks (Dark Modern's) only matter outside VS Code. */
const SERIES_VARS: readonly [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-terminal-ansiCyan', '#11a8cd'],
  ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
];

export function readTheme(doc: Document): ChartTheme {
  const style = doc.defaultView?.getComputedStyle(doc.documentElement);
  const bodyStyle = doc.defaultView?.getComputedStyle(doc.body);
  const v = (name: string, fallback: string) => (style?.getPropertyValue(name).trim() || bodyStyle?.getPropertyValue(name).trim() || fallback);
  const foreground = v('--vscode-foreground', '#cccccc');
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', '#454545')),
    font: v('--vscode-font-family', 'system-ui, sans-serif'),
    series: SERIES_VARS.map(([name, fallback]) => v(name, fallback)),
    // descriptionForeground, not charts-lines: the latter is too faint on light themes.
    neutral: v('--vscode-descriptionForeground', '#8b8b8b'),
    error: v('--vscode-errorForeground', '#f48771'),
    tooltipBackground: v('--vscode-editorHoverWidget-background', '#252526'),
    tooltipForeground: v('--vscode-editorHoverWidget-foreground', foreground),
    tooltipBorder: v('--vscode-editorHoverWidget-border', '#454545'),
  };
}

export interface BarSpec {
  readonly canvas: ChartCanvas;
  readonly labels: readonly string[];
  readonly datasets: readonly { readonly label: string; readonly data: readonly (number | null)[]; readonly colors: (theme: ChartTheme) => string | string[] }[];
  readonly horizontal?: boolean;
  readonly stacked?: boolean;
  readonly axisTitle: string;
  readonly legend: boolean;
  /** Extra tooltip lines for one element. */
  readonly tooltipLines?: (datasetIndex: number, index: number) => string[];
  readonly formatValue: (value: number) => string;
  readonly onPick: PickHandler;
}

/** A bar chart that takes its colours from the theme and can be re-coloured when the theme changes. */
export class BarChart {
  readonly #chart: Chart<'bar'>;
  /** Each dataset's colour(s) in the current theme. */
  #colours: (string | string[])[] = [];

  constructor(private readonly spec: BarSpec, theme: ChartTheme) {
    const { canvas } = spec;
    // Chart.js only logs when it gets no context; the caller shows the table instead.
    if (!canvas.getContext('2d')) throw new Error('This page cannot draw on a canvas.');
    this.#colours = spec.datasets.map((d) => d.colors(theme));
    const valueAxis = spec.horizontal ? 'x' : 'y';
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: [...spec.labels],
        // Scriptable colours: Chart.js caches plain element options between updates, which kept
        // the old theme's bar colours after a theme change while the legend followed it.
        datasets: spec.datasets.map((d, i) => ({
          label: d.label, data: [...d.data], borderWidth: 0,
          backgroundColor: (ctx: ScriptableContext<'bar'>) => this.#colourAt(i, ctx.dataIndex),
          hoverBackgroundColor: (ctx: ScriptableContext<'bar'>) => this.#colourAt(i, ctx.dataIndex),
        })),
      },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        // Off: the dashboard is read, not watched, and the first paint is what users wait for.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: { stacked: !!spec.stacked, beginAtZero: true },
          y: { stacked: !!spec.stacked, beginAtZero: true },
          [valueAxis]: { stacked: !!spec.stacked, beginAtZero: true, title: { display: true, text: spec.axisTitle } },
        },
        plugins: {
          legend: { display: spec.legend, position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<'bar'>) => `${item.dataset.label ?? ''}: ${typeof item.raw === 'number' ? spec.formatValue(item.raw) : 'no data'}`,
              afterBody: (items: TooltipItem<'bar'>[]) => (items[0] && spec.tooltipLines ? spec.tooltipLines(items[0].datasetIndex, items[0].dataIndex) : []),
              footer: () => 'Click to list the tickets',
            },
          },
        },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) spec.onPick(hit.datasetIndex, hit.index);
        },
        onHover: (_event, elements) => {
          canvas.style.cursor = elements.length ? 'pointer' : 'default';
        },
      },
    };
    this.#chart = new Chart(canvas, config);
    canvas.caselinkChart = this.#chart;
    this.applyTheme(theme);
  }

  /** Re-colours text, grid and bars from the theme and redraws without animation. */
  applyTheme(theme: ChartTheme): void {
    const chart = this.#chart;
    const o = chart.options;
    o.color = theme.foreground;
    o.font = { ...o.font, family: theme.font };
    for (const axis of ['x', 'y'] as const) {
      const scale = o.scales?.[axis];
      if (!scale) continue;
      scale.ticks = { ...scale.ticks, color: theme.muted };
      scale.grid = { ...scale.grid, color: theme.grid };
      scale.border = { ...scale.border, color: theme.grid };
      if ('title' in scale && scale.title) scale.title.color = theme.muted;
    }
    const tooltip = o.plugins?.tooltip;
    if (tooltip) Object.assign(tooltip, { backgroundColor: theme.tooltipBackground, titleColor: theme.tooltipForeground, bodyColor: theme.tooltipForeground, footerColor: theme.muted, borderColor: theme.tooltipBorder, borderWidth: 1 });
    this.#colours = this.spec.datasets.map((d) => d.colors(theme));
    chart.update('none');
  }

  #colourAt(dataset: number, index: number | undefined): string {
    const c = this.#colours[dataset] ?? '';
    return typeof c === 'string' ? c : (c[index ?? 0] ?? c[0] ?? '');
  }

  destroy(): void {
    delete this.spec.canvas.caselinkChart;
    this.#chart.destroy();
  }
}
