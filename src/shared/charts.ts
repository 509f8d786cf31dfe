/**
 * Charts for the HTML reports: a vega-lite spec compiled by vega-lite, rendered by vega headless (renderer
 * 'none', no canvas, no DOM) to an SVG string that the page inlines. vega and vega-lite are imported here only,
 * lazily, so no command pays for them unless it writes HTML. Specs carry their data inline (`data.values`):
 * the loader refuses any URL, so rendering never reaches the network or the file system.
 */

export type ChartSpec = Record<string, unknown>

const CONFIG = {
  axis: {labelFontSize: 11, titleFontSize: 12},
  font: 'sans-serif',
  legend: {labelFontSize: 11, titleFontSize: 12},
  title: {anchor: 'start', fontSize: 14},
  view: {stroke: null},
}

export async function renderChartSvg(spec: ChartSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')])
  const compiled = vl.compile({config: CONFIG, ...spec} as unknown as Parameters<typeof vl.compile>[0]).spec
  const refuse = async (uri: string): Promise<never> => {
    throw new Error(`chart data must be inline, not ${uri}`)
  }

  const loader = {...vega.loader(), load: refuse, sanitize: refuse, http: refuse, file: refuse} as unknown as ReturnType<typeof vega.loader>
  const view = new vega.View(vega.parse(compiled), {loader, logLevel: vega.None, renderer: 'none'})
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

/** The colours of the severities, worst first, the same in every chart and badge. */
export const SEVERITY_COLORS: Record<string, string> = {critical: '#9e0142', high: '#d53e4f', medium: '#b35806', low: '#3288bd'}
