// A user's first steps with vitals-parse: drag it from the palette, edit it, get told about a
// bad limit, fix it, deploy.
import assert from 'node:assert/strict';
import { openEditor, useDemoAndBrowser } from './support/browser';

type FlowNode = { id: string; type: string; z?: string; name?: string; limits?: Record<string, [number, number]> };

describe('drag, edit, validate and deploy vitals-parse (browser)', function () {
  const suite = useDemoAndBrowser({ simIntervalMs: 2000 });

  it('drops a new node on an empty flow, marks min > max red, saves the fixed limits and deploys them', async () => {
    const { context, page } = await openEditor(suite.browser, suite.demo.base);
    try {
      // A new, empty flow tab, so that the drop lands on free canvas.
      const tabsBefore = await page.locator('#red-ui-workspace-tabs > li').count();
      await page.locator('#red-ui-workspace .red-ui-tab-button.red-ui-tabs-add > a').click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#red-ui-workspace-tabs > li').length === n + 1,
        tabsBefore,
      );
      const flowId = await page.evaluate(() => (window as any).RED.workspaces.active() as string);

      const source = page.locator(
        '#red-ui-palette-container-health___energy .red-ui-palette-node[data-palette-type="he-vitals-parse"]',
      );
      await source.scrollIntoViewIfNeeded();
      const from = (await source.boundingBox())!;
      const canvas = (await page.locator('#red-ui-workspace-chart').boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 40, from.y + from.height / 2, { steps: 4 });
      await page.mouse.move(canvas.x + 300, canvas.y + 200, { steps: 12 });
      await page.mouse.up();

      const added = page
        .locator(`#red-ui-workspace-chart g.red-ui-flow-node-group`)
        .filter({ has: page.locator('text=vitals parse') });
      await added.first().waitFor();
      const ids = await page.evaluate((z) => {
        const found: string[] = [];
        (window as any).RED.nodes.eachNode((n: { id: string; type: string; z: string }) => {
          if (n.type === 'he-vitals-parse' && n.z === z) found.push(n.id);
        });
        return found;
      }, flowId);
      assert.equal(ids.length, 1, 'one vitals-parse node on the new flow');
      const id = ids[0];

      await page.locator(`#red-ui-workspace-chart g[id="${id}"] rect.red-ui-flow-node`).dblclick();
      const tray = page.locator('.red-ui-tray');
      await tray.locator('#node-input-name').waitFor();
      await tray.locator('#node-input-name').fill('Ward 3 vitals');

      const row = tray.locator('tr[data-vital="heartRate"]');
      const min = row.locator('input.vitals-parse-min');
      const max = row.locator('input.vitals-parse-max');
      assert.equal(await min.evaluate((e) => e.classList.contains('input-error')), false);
      await min.fill('350'); // above the 300 max
      assert.equal(await min.evaluate((e) => e.classList.contains('input-error')), true);
      assert.equal(await max.evaluate((e) => e.classList.contains('input-error')), true);
      assert.notEqual((await row.locator('td.vitals-parse-problem').innerText()).trim(), '');

      await min.fill('30');
      assert.equal(await min.evaluate((e) => e.classList.contains('input-error')), false);
      assert.equal(await max.evaluate((e) => e.classList.contains('input-error')), false);
      assert.equal((await row.locator('td.vitals-parse-problem').innerText()).trim(), '');

      await page.locator('#node-dialog-ok').click();
      await tray.waitFor({ state: 'detached' });
      await page.locator(`#red-ui-workspace-chart g[id="${id}"]`).filter({ hasText: 'Ward 3 vitals' }).waitFor();
      // The red triangle Node-RED draws on an invalid node must not be there.
      assert.equal(
        await page.locator(`#red-ui-workspace-chart g[id="${id}"] .red-ui-flow-node-error:not(.hide)`).count(),
        0,
      );

      await page.locator('#red-ui-header-button-deploy').click();
      await page.locator('.red-ui-notification', { hasText: 'Successfully deployed' }).waitFor();

      const flows = (await (await fetch(`${suite.demo.base}/flows`)).json()) as FlowNode[];
      const saved = flows.find((n) => n.id === id);
      assert.ok(saved, 'the deployed flows contain the new node');
      assert.equal(saved.type, 'he-vitals-parse');
      assert.equal(saved.z, flowId);
      assert.equal(saved.name, 'Ward 3 vitals');
      assert.deepEqual(saved.limits?.heartRate, [30, 300]);
      assert.deepEqual(saved.limits?.spo2, [50, 100]);
    } finally {
      await context.close();
    }
  });
});
