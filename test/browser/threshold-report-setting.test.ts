// The threshold node's "Report active alarms at start" checkbox as a user meets it: ticked on a
// node dragged from the palette, unticked on a node saved before the setting existed (the demo's
// flows, built from the examples, have no value for it), and deployed as ticked.
import assert from 'node:assert/strict';
import { Page } from 'playwright-core';
import { openEditor, useDemoAndBrowser } from './support/browser';

type FlowNode = { id: string; type: string; z?: string; reportAtStart?: boolean };

async function openNode(page: Page, id: string) {
  await page.evaluate((nodeId) => {
    const RED = (window as any).RED;
    RED.workspaces.show(RED.nodes.node(nodeId).z);
  }, id);
  await page.locator(`#red-ui-workspace-chart g[id="${id}"] rect.red-ui-flow-node`).dblclick();
  const tray = page.locator('.red-ui-tray');
  await tray.locator('#node-input-reportAtStart').waitFor({ state: 'attached' });
  return tray;
}

describe('threshold: "Report active alarms at start" in the editor (browser)', function () {
  const suite = useDemoAndBrowser({ simIntervalMs: 2000 });

  it('unticked on a node saved without it, ticked on a new node, and deployed as set', async () => {
    const { context, page } = await openEditor(suite.browser, suite.demo.base);
    try {
      const before = (await (await fetch(`${suite.demo.base}/flows`)).json()) as FlowNode[];
      const old = before.find((n) => n.type === 'he-threshold');
      assert.ok(old, 'the demo has a threshold node');
      assert.equal('reportAtStart' in old, false, 'saved before the setting existed');

      let tray = await openNode(page, old.id);
      assert.equal(await tray.locator('#node-input-reportAtStart').isChecked(), false);
      assert.equal(
        (await tray.locator('label[for="node-input-reportAtStart"]').innerText()).trim(),
        'Report active alarms at start',
      );
      await page.locator('#node-dialog-cancel').click();
      await tray.waitFor({ state: 'detached' });

      // A new, empty flow tab, so that the drop lands on free canvas.
      const tabsBefore = await page.locator('#red-ui-workspace-tabs > li').count();
      await page.locator('#red-ui-workspace .red-ui-tab-button.red-ui-tabs-add > a').click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#red-ui-workspace-tabs > li').length === n + 1,
        tabsBefore,
      );
      const flowId = await page.evaluate(() => (window as any).RED.workspaces.active() as string);
      const source = page.locator(
        '#red-ui-palette-container-health___energy .red-ui-palette-node[data-palette-type="he-threshold"]',
      );
      await source.scrollIntoViewIfNeeded();
      const from = (await source.boundingBox())!;
      const canvas = (await page.locator('#red-ui-workspace-chart').boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + 40, from.y + from.height / 2, { steps: 4 });
      await page.mouse.move(canvas.x + 300, canvas.y + 200, { steps: 12 });
      await page.mouse.up();
      const id = await page.waitForFunction((z) => {
        let found = '';
        (window as any).RED.nodes.eachNode((n: { id: string; type: string; z: string }) => {
          if (n.type === 'he-threshold' && n.z === z) found = n.id;
        });
        return found;
      }, flowId);
      const newId = await id.jsonValue();

      tray = await openNode(page, newId);
      assert.equal(await tray.locator('#node-input-reportAtStart').isChecked(), true);
      await page.locator('#node-dialog-ok').click();
      await tray.waitFor({ state: 'detached' });

      await page.locator('#red-ui-header-button-deploy').click();
      await page.locator('.red-ui-notification', { hasText: 'Successfully deployed' }).waitFor();
      const after = (await (await fetch(`${suite.demo.base}/flows`)).json()) as FlowNode[];
      assert.equal(after.find((n) => n.id === newId)?.reportAtStart, true);
      assert.equal('reportAtStart' in after.find((n) => n.id === old.id)!, false, 'the old node is left as it was');
    } finally {
      await context.close();
    }
  });
});
