// Screenshots for the README, taken from the demo runtime with Debian's Chromium:
//   npm run build && node dist/scripts/test-browser-screenshots.js [outDir=docs] [--dialogs dialogDir]
// docs/editor.png: the editor with the example flow open; docs/dashboard.png: the Health page
// once p-003's alarm is up, p-003 picked for the charts; docs/plugs.png: the Plugs page once the
// TV plug's standby alarm is up, that plug picked; docs/energy.png: the Energy page once its
// charts have data; docs/history.png: the History page, p-003 chosen. Takes about five minutes (the charts get a point a minute). --dialogs also saves each
// node's edit dialog (for reviewing the editors).
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
  await page.mouse.move(0, 0); // no hover highlight
  await page.waitForTimeout(1500);
  // Notifications (shown on every page) would cover the board: close those up, and take the
  // picture while none is shown.
  await until(
    'no notification over the page',
    async () => {
      const open = page.locator('.nrdb-ui-notification:visible');
      if ((await open.count()) === 0) return true;
      await open
        .getByRole('button', { name: 'Close' })
        .first()
        .click()
        .catch(() => undefined);
      return false;
    },
    120000,
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
  await page.mouse.move(1270, 60);
  await page.waitForTimeout(1500);
  await until(
    'no notification over the page',
    async () => {
      const note = page.locator('.nrdb-ui-notification:visible');
      if ((await note.count()) === 0) return true;
      await note
        .getByRole('button', { name: 'Close' })
        .first()
        .click()
        .catch(() => undefined);
      return false;
    },
    60000,
  );
  // The dashboard's page menu sometimes slides open over this page in headless Chromium; it is
  // not what the picture is about, so it is hidden (its place at the left stays blank).
  await page.addStyleTag({
    content: '.v-navigation-drawer, .v-navigation-drawer__scrim { visibility: hidden !important; }',
  });
  await page.waitForTimeout(500);
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
  await page.mouse.move(0, 0);
  await page.waitForTimeout(1500);
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
    // Let the nodes' status lines fill in under the nodes.
    await page.waitForTimeout(4000);
    await page.mouse.click(5, 300); // nothing selected, no popover
    // The pack's own palette category at the top of the palette.
    await page.evaluate(() => {
      const palette = document.querySelector('#red-ui-palette-container') as HTMLElement;
      const category = document.querySelector('#red-ui-palette-container-health___energy') as HTMLElement;
      palette.scrollTop = category.offsetTop - palette.offsetTop;
    });
    await page.screenshot({ path: path.join(outDir, 'editor.png') });
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
    await dash.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });
    process.stdout.write(`saved ${path.join(outDir, 'dashboard.png')}\n`);
    await boardPage(dash, `${demo.base}/dashboard/plugs`, 'shellyplug-s-C0FFEE/0', 'sp-chart', 2);
    await dash.screenshot({ path: path.join(outDir, 'plugs.png'), fullPage: true });
    process.stdout.write(`saved ${path.join(outDir, 'plugs.png')}\n`);
    await energyPage(dash, `${demo.base}/dashboard/energy`);
    await dash.screenshot({ path: path.join(outDir, 'energy.png'), fullPage: true });
    process.stdout.write(`saved ${path.join(outDir, 'energy.png')}\n`);
    await historyPage(dash, `${demo.base}/dashboard/history`, 'p-003');
    await dash.screenshot({ path: path.join(outDir, 'history.png'), fullPage: true });
    process.stdout.write(`saved ${path.join(outDir, 'history.png')}\n`);
  } finally {
    await browser.close();
    await demo.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`screenshots failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
