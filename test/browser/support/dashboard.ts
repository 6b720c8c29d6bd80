// Reading Dashboard 2.0 widgets as a user sees them. The ECharts chart draws on a canvas; its
// accessible description (aria-label) names each series and lists its first points.
import { Page } from 'playwright-core';

export interface ChartSeries {
  name: string;
  points: number[][];
}

export async function chartSeries(page: Page, widgetId: string): Promise<ChartSeries[]> {
  const label = await page.locator(`#nrdb-ui-widget-${widgetId} [_echarts_instance_]`).getAttribute('aria-label');
  if (!label) return [];
  // Several series: "... The 0 series is a Line chart representing p-001.The first 10 items are: t, v, t, v, ...  The 1 series ..."
  // One series: "... with type Line chart named p-001.The data is as follows: t, v, t, v. " (or "The first 10 items are: ...")
  const series =
    /(?:The \d+ series is a \w+ chart representing|with type \w+ chart named) ([^.]+)\.(?:(?:The first \d+ items are|The data is as follows): ([^A-Za-z]*))?/g;
  return [...label.matchAll(series)].map((m) => {
    const numbers = (m[2] ?? '')
      .split(',')
      .map((s) => Number(s.trim().replace(/\.$/, '')))
      .filter((n) => Number.isFinite(n));
    const points: number[][] = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i], numbers[i + 1]]);
    return { name: m[1].trim(), points };
  });
}

export interface ChartBars {
  name: string;
  /** Each bar's category label (e.g. a day) and its value. */
  bars: { label: string; value: number }[];
}

/** A bar chart's series as its accessible description names them: "the data for <label> is <i>, <value>". */
export async function chartBars(page: Page, widgetId: string): Promise<ChartBars[]> {
  const label = await page.locator(`#nrdb-ui-widget-${widgetId} [_echarts_instance_]`).getAttribute('aria-label');
  if (!label) return [];
  const series =
    /(?:The \d+ series is a \w+ chart representing|with type \w+ chart named) ([^.]+)\.(?:The first \d+ items are|The data is as follows): ((?:the data for .+? is \d+, -?[\d.]+(?:, |\. ?|$))*)/g;
  return [...label.matchAll(series)].map((m) => ({
    name: m[1].trim(),
    bars: [...m[2].matchAll(/the data for (.+?) is \d+, (-?\d+(?:\.\d+)?)/g)].map((b) => ({
      label: b[1],
      value: Number(b[2]),
    })),
  }));
}
