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
  // "... The 0 series is a Line chart representing p-001.The first 10 items are: t, v, t, v, ...  The 1 series ..."
  return [...label.matchAll(/The \d+ series is a \w+ chart representing ([^.]+)\.(?:The first \d+ items are: ([^A-Za-z]*))?/g)].map((m) => {
    const numbers = (m[2] ?? '').split(',').map((s) => Number(s.trim().replace(/\.$/, ''))).filter((n) => Number.isFinite(n));
    const points: number[][] = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i], numbers[i + 1]]);
    return { name: m[1].trim(), points };
  });
}

/** The number a gauge shows, or undefined before its first value. */
export async function gaugeValue(page: Page, widgetId: string): Promise<number | undefined> {
  const text = await page.locator(`#nrdb-ui-widget-${widgetId}`).innerText();
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*%?\s*$/m.exec(text.split('\n').filter((l) => /%/.test(l) && /\d/.test(l)).join('\n'));
  return m ? Number(m[1]) : undefined;
}
