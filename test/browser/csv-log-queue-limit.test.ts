// csv-log's queue limit in the editor: a memory budget in MB with an optional row limit beside it.
// A node saved before the budget existed is shown migrated the way the runtime reads it: the old
// default 10000 rows as the 100 MB budget, any other row count kept, with no budget.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openEditor, useDemoAndBrowser } from './support/browser';

type FlowNode = { id: string; type: string; maxQueueMB?: unknown; maxQueue?: unknown };

/** Opens a node's edit tray by double-clicking it, as a user does; returns the two queue fields. */
async function queueFields(page: Page, id: string): Promise<{ mb: string; rows: string }> {
  await page.locator(`#red-ui-workspace-chart g[id="${id}"] rect.red-ui-flow-node`).dblclick();
  const tray = page.locator('.red-ui-tray');
  await tray.locator('#node-input-maxQueueMB').waitFor();
  return {
    mb: await tray.locator('#node-input-maxQueueMB').inputValue(),
    rows: await tray.locator('#node-input-maxQueue').inputValue(),
  };
}

async function done(page: Page): Promise<void> {
  await page.locator('#node-dialog-ok').click();
  await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
}

describe('csv-log queue limit in the editor (browser)', function () {
  const suite = useDemoAndBrowser({ simIntervalMs: 2000 });

  it('shows the budget for a new node, migrates flows saved with a row count, and deploys what it shows', async () => {
    const { context, page } = await openEditor(suite.browser, suite.demo.base);
    try {
      const tabsBefore = await page.locator('#red-ui-workspace-tabs > li').count();
      await page.locator('#red-ui-workspace .red-ui-tab-button.red-ui-tabs-add > a').click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#red-ui-workspace-tabs > li').length === n + 1,
        tabsBefore,
      );
      // Three csv-log nodes as a flow file holds them: placed from today's palette, and two
      // saved before the budget existed (the old default row count, and a chosen one).
      await page.evaluate(() => {
        const base = { type: 'he-csv-log', baseDir: '', filename: 'q.csv', filenameType: 'str', wires: [[]] };
        (window as any).RED.view.importNodes(
          [
            { ...base, id: 'qnew', name: 'new', maxQueueMB: 100, maxQueue: '', x: 200, y: 80 },
            { ...base, id: 'qold', name: 'old default', maxQueue: 10000, x: 200, y: 160 },
            { ...base, id: 'qrows', name: 'old 500', maxQueue: 500, x: 200, y: 240 },
          ],
          { generateIds: false, addFlow: false },
        );
      });
      await page.locator('#red-ui-workspace-chart g[id="qrows"]').waitFor();
      // importNodes leaves the new nodes moving with the mouse: a click puts them down.
      const canvas = (await page.locator('#red-ui-workspace-chart').boundingBox())!;
      await page.mouse.move(canvas.x + 300, canvas.y + 100, { steps: 4 });
      await page.mouse.click(canvas.x + 300, canvas.y + 100);

      assert.deepEqual(await queueFields(page, 'qnew'), { mb: '100', rows: '' });
      await done(page);
      assert.deepEqual(await queueFields(page, 'qold'), { mb: '100', rows: '' }, 'the old default becomes the budget');
      await done(page);
      assert.deepEqual(
        await queueFields(page, 'qrows'),
        { mb: '0', rows: '500' },
        'a chosen row count is kept, with no budget',
      );
      await done(page);

      await page.locator('#red-ui-header-button-deploy').click();
      await page.locator('.red-ui-notification', { hasText: 'Successfully deployed' }).waitFor();
      const flows = (await (await fetch(`${suite.demo.base}/flows`)).json()) as FlowNode[];
      const saved = (id: string) => {
        const n = flows.find((f) => f.id === id);
        return n && { maxQueueMB: String(n.maxQueueMB), maxQueue: String(n.maxQueue) };
      };
      assert.deepEqual(saved('qnew'), { maxQueueMB: '100', maxQueue: '' });
      assert.deepEqual(saved('qold'), { maxQueueMB: '100', maxQueue: '' });
      assert.deepEqual(saved('qrows'), { maxQueueMB: '0', maxQueue: '500' });
    } finally {
      await context.close();
    }
  });
});
