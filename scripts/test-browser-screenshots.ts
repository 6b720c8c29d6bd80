// Screenshots for the README, taken from the demo runtime with Debian's Chromium:
//   npm run build && node dist/scripts/test-browser-screenshots.js [outDir=docs] [--dialogs dialogDir]
// docs/editor.png: the editor with the example flow open; docs/dashboard.png: the Health page
// once p-003's alarm is up, p-003 picked for the charts; docs/plugs.png: the Plugs page once the
// TV plug's standby alarm is up, that plug picked; docs/energy.png: the Energy page once its
// charts have data; docs/history.png: the History page, p-003 chosen. Takes about five minutes (the charts get a point a minute). --dialogs also saves each
// node's edit dialog (for reviewing the editors).
import fs from 'fs';
import path from 'path';
import { Page } from 'playwright-core';
import { launchChromium, openEditor } from '../test/browser/support/browser';
import { chartSeries } from '../test/browser/support/dashboard';
import { startDemo } from '../test/browser/support/demo';
import { NODE_TYPES } from '../test/browser/support/pack';

/** Waits until `ready` holds, polling every second, or throws after `ms`. */
async function until(what: string, ready: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Opens a dashboard page, waits for `key`'s alarm on its tile, picks the tile, waits for `points` in the chart. */
async function boardPage(page: Page, url: string, key: string, chart: string, points: number): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const tile = page.locator(`li.hewb-tile[data-key="${key}"]`);
  await until(`${key}'s alarm`, async () => (await tile.locator('button.hewb-ack').count()) === 1, 240000);
  await tile.locator('button.hewb-key').click();
  await until(
    `${points} points in ${chart}`,
    async () => ((await chartSeries(page, chart))[0]?.points.length ?? 0) >= points,
    300000,
  );
}

/** Opens the Energy page and waits for the per-process bars and the power history's points. */
async function energyPage(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await until(
    'bars in the per-process chart',
    async () => (await chartSeries(page, 'ee-chart-processes')).length > 0,
    60000,
  );
  await until(
    'points in the power history chart',
    async () => ((await chartSeries(page, 'ee-hist-power-chart'))[0]?.points.length ?? 0) >= 2,
    120000,
  );
}

/** Opens the History page, chooses `key` in its patient dropdown, waits for its chart and table. */
async function historyPage(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.locator('#nrdb-ui-widget-hh-patient .v-field').click();
  await page.locator('.v-overlay .v-list-item', { hasText: key }).click();
  await until(
    `${key}'s heart rates on the chart`,
    async () =>
      (await chartSeries(page, 'hh-chart')).some((s) => s.name === 'Heart rate (/min)' && s.points.length > 0),
    30000,
  );
  await until('the table', async () => (await page.locator('#nrdb-ui-widget-hh-table tbody tr td').count()) > 1, 30000);
}

/** Whether a notification or the page menu covers part of the page. */
async function covered(page: Page): Promise<boolean> {
  const notes = await page.locator('.nrdb-ui-notification:visible').count();
  const menu = await page.locator('[data-el="nav-drawer"].v-navigation-drawer--active').count();
  return notes + menu > 0;
}

/**
 * Saves the whole dashboard page with nothing over it. The window is made as tall as the page,
 * so the picture needs no capture beyond the window (Chromium resizes the window for that, and
 * the dashboard's page menu opens by itself after some resizes). Notifications (shown on every
 * page) are closed, the page menu too, and the picture is kept only if neither is open before
 * and after it.
 */
async function saveDashboard(page: Page, file: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height: Math.max(900, height) });
  await page.mouse.move(1270, 5); // no hover highlight, no tooltip
  for (let attempt = 1; ; attempt++) {
    if (attempt > 5) throw new Error(`${file}: something kept opening over the page`);
    await until(
      'nothing over the page',
      async () => {
        const notes = page.locator('.nrdb-ui-notification:visible');
        if ((await notes.count()) > 0) {
          await notes
            .getByRole('button', { name: 'Close' })
            .first()
            .click()
            .catch(() => undefined);
          return false;
        }
        if ((await page.locator('[data-el="nav-drawer"].v-navigation-drawer--active').count()) > 0) {
          await page.locator('.v-app-bar-nav-icon').click();
          await page.mouse.move(1270, 5);
          return false;
        }
        return true;
      },
      120000,
    );
    await page.waitForTimeout(1500); // the menu's and the notifications' transitions
    if (await covered(page)) continue;
    const picture = await page.screenshot();
    if (await covered(page)) continue;
    fs.writeFileSync(file, picture);
    break;
  }
  process.stdout.write(`saved ${file}\n`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dialogsAt = args.indexOf('--dialogs');
  const dialogDir = dialogsAt >= 0 ? args.splice(dialogsAt, 2)[1] : undefined;
  const outDir = path.resolve(args[0] ?? 'docs');

  const demo = await startDemo({ simIntervalMs: 1000, deteriorateSeconds: 60, readyWithinMs: 90000 });
  const browser = await launchChromium();
  try {
    const { context, page } = await openEditor(browser, demo.base, { language: 'en-US' });
    // The demo runs every example, one tab each; show the health pipeline, as README says.
    await page.locator('#red-ui-workspace-tabs a.red-ui-tab-label', { hasText: 'Health monitoring' }).click();
    // The editor's rotating tips (bottom of the info sidebar) are not about the pack.
    await page.evaluate(() => (window as any).RED.actions.invoke('core:toggle-show-tips', false));
    await page.mouse.click(5, 300); // nothing selected, no popover, no tooltip over the tab
    await page.mouse.move(600, 885); // over the workspace's blank footer, not the palette's edge
    // The pack's own palette category at the top of the palette.
    await page.evaluate(() => {
      const palette = document.querySelector('#red-ui-palette-container') as HTMLElement;
      const category = document.querySelector('#red-ui-palette-container-health___energy') as HTMLElement;
      palette.scrollTop = category.offsetTop - palette.offsetTop;
    });
    // Let the nodes' status lines fill in under the nodes, and csv-log write what it holds (a
    // "waiting" count is a moment's state, shown with a yellow dot; it comes back with each
    // batch, so the picture is kept only if no count shows before and after it).
    await page.waitForTimeout(4000);
    const waiting = () =>
      page.locator('#red-ui-workspace-chart .red-ui-flow-node-status-label', { hasText: 'waiting' }).count();
    for (let attempt = 1; ; attempt++) {
      if (attempt > 10) throw new Error('editor.png: csv-log kept showing rows waiting');
      await until('csv-log with no rows waiting', async () => (await waiting()) === 0, 60000);
      const picture = await page.screenshot();
      if ((await waiting()) > 0) continue;
      fs.writeFileSync(path.join(outDir, 'editor.png'), picture);
      break;
    }
    process.stdout.write(`saved ${path.join(outDir, 'editor.png')}\n`);

    if (dialogDir) {
      await page.locator('#red-ui-workspace .red-ui-tab-button.red-ui-tabs-add > a').click();
      for (const type of NODE_TYPES) {
        const source = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
        await source.scrollIntoViewIfNeeded();
        const from = (await source.boundingBox())!;
        const canvas = (await page.locator('#red-ui-workspace-chart').boundingBox())!;
        await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
        await page.mouse.down();
        await page.mouse.move(from.x + from.width / 2 + 40, from.y + from.height / 2, { steps: 4 });
        await page.mouse.move(canvas.x + 200, canvas.y + 60 + 60 * NODE_TYPES.indexOf(type), { steps: 10 });
        await page.mouse.up();
        const id = await page.evaluate((t) => {
          const RED = (window as any).RED;
          let found = '';
          RED.nodes.eachNode(
            (n: { id: string; type: string; z: string }) =>
              void (n.type === t && n.z === RED.workspaces.active() && (found = n.id)),
          );
          return found;
        }, type);
        await page.locator(`#red-ui-workspace-chart g[id="${id}"] rect.red-ui-flow-node`).dblclick();
        await page.locator('.red-ui-tray .red-ui-tray-body').waitFor();
        await page.waitForTimeout(600);
        const file = path.join(path.resolve(dialogDir), `dialog-${type}.png`);
        await page.screenshot({ path: file });
        process.stdout.write(`saved ${file}\n`);
        await page.locator('#node-dialog-cancel').click();
        await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
      }
    }
    await context.close();

    const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await boardPage(dash, `${demo.base}/dashboard/health`, 'p-003', 'hm-chart-news2', 4);
    await saveDashboard(dash, path.join(outDir, 'dashboard.png'));
    await boardPage(dash, `${demo.base}/dashboard/plugs`, 'shellyplug-s-C0FFEE/0', 'sp-chart', 2);
    await saveDashboard(dash, path.join(outDir, 'plugs.png'));
    await energyPage(dash, `${demo.base}/dashboard/energy`);
    await saveDashboard(dash, path.join(outDir, 'energy.png'));
    await historyPage(dash, `${demo.base}/dashboard/history`, 'p-003');
    await saveDashboard(dash, path.join(outDir, 'history.png'));
  } finally {
    await browser.close();
    await demo.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`screenshots failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
