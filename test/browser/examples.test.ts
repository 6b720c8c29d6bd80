// Import → Examples: every flow in examples/ is offered under the pack's name and imports.
import assert from 'node:assert/strict';
import { Page } from 'playwright-core';
import { openEditor, useDemoAndBrowser } from './support/browser';
import { exampleFlow, exampleNames, PACK } from './support/pack';

const exactly = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** Flow nodes (not tabs, not config nodes) per type, as the editor holds them. */
function flowNodeCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    (window as any).RED.nodes.eachNode((n: { type: string }) => {
      counts[n.type] = (counts[n.type] ?? 0) + 1;
    });
    return counts;
  });
}

async function openExamples(page: Page) {
  await page.locator('#red-ui-header-button-sidemenu').click();
  await page.locator('#menu-item-import').click();
  await page.locator('#red-ui-tab-red-ui-clipboard-dialog-import-tab-examples a').click();
  const tab = page.locator('#red-ui-clipboard-dialog-import-tab-examples');
  await tab
    .locator('.red-ui-treeList-label')
    .filter({ hasText: exactly(PACK) })
    .click();
  // The pack's tree item holds its examples in a nested list.
  const listed = () =>
    tab.evaluate((el, pack) => {
      const label = Array.from(el.querySelectorAll('.red-ui-treeList-label-text')).find(
        (e) => e.textContent.trim() === pack,
      );
      const item = label?.closest('.red-ui-editableList-item-content');
      return Array.from(
        item ? item.querySelectorAll(':scope > .red-ui-editableList .red-ui-treeList-label-text') : [],
      ).map((e) => e.textContent.trim());
    }, PACK);
  const end = Date.now() + 10000;
  let entries = await listed();
  while (entries.length === 0 && Date.now() < end) {
    await page.waitForTimeout(200);
    entries = await listed();
  }
  return { tab, entries };
}

describe('Import → Examples (browser)', function () {
  const suite = useDemoAndBrowser({ simIntervalMs: 2000 });

  it('lists every file in examples/ under node-red-contrib-health-energy', async () => {
    const { context, page } = await openEditor(suite.browser, suite.demo.base);
    try {
      const { entries } = await openExamples(page);
      assert.deepEqual([...entries].sort(), exampleNames());
    } finally {
      await context.close();
    }
  });

  for (const name of exampleNames()) {
    it(`imports ${name}: its nodes are added to the workspace`, async () => {
      const { context, page } = await openEditor(suite.browser, suite.demo.base);
      try {
        const before = await flowNodeCounts(page);
        const tabsBefore: string[] = await page.evaluate(() => {
          const ids: string[] = [];
          (window as any).RED.nodes.eachWorkspace((w: { id: string }) => void ids.push(w.id));
          return ids;
        });
        const { tab } = await openExamples(page);
        await tab
          .locator('.red-ui-treeList-label-text')
          .filter({ hasText: exactly(name) })
          .click();
        await page.locator('#red-ui-clipboard-dialog-ok').click();
        // The demo runs health-monitoring already: Node-RED then asks, and a copy is what a user would take.
        const conflict = page.locator('.red-ui-notification', { hasText: 'already exist' });
        const imported = page.waitForFunction(
          () => !document.querySelector('#red-ui-clipboard-dialog:not([style*="display: none"])'),
        );
        await Promise.race([
          conflict.waitFor().then(() => conflict.locator('button', { hasText: 'Import copy' }).click()),
          imported,
        ]);

        const expected: Record<string, number> = {};
        for (const n of exampleFlow(name)) {
          if (n.z && n.type !== 'tab') expected[n.type] = (expected[n.type] ?? 0) + 1;
        }
        assert.ok(Object.keys(expected).length > 0);
        await page.waitForFunction(
          ([b, e]) => {
            const now: Record<string, number> = {};
            (window as any).RED.nodes.eachNode((n: { type: string }) => (now[n.type] = (now[n.type] ?? 0) + 1));
            return Object.entries(e).every(([type, count]) => (now[type] ?? 0) - (b[type] ?? 0) === count);
          },
          [before, expected] as const,
        );
        const after = await flowNodeCounts(page);
        for (const [type, count] of Object.entries(expected)) {
          assert.equal((after[type] ?? 0) - (before[type] ?? 0), count, `${type} nodes added`);
        }
        // The example arrives as a new flow tab; open it by clicking its tab, as a user would
        // (after a conflict answered with "Import copy" the editor stays on the tab it was on).
        const newTab: string = await page.evaluate((known) => {
          let id = '';
          (window as any).RED.nodes.eachWorkspace((w: { id: string }) => void (!known.includes(w.id) && (id = w.id)));
          return id;
        }, tabsBefore);
        assert.ok(newTab, 'a new flow tab');
        await page.locator(`[id="red-ui-tab-${newTab.replace('.', '-')}"] a.red-ui-tab-label`).click();
        // The editor shows the imported flow: its nodes are drawn on the active workspace.
        const total = Object.values(expected).reduce((a, b) => a + b, 0);
        const onActive = await page.evaluate(() => {
          const RED = (window as any).RED;
          let n = 0;
          RED.nodes.eachNode((node: { z: string }) => void (node.z === RED.workspaces.active() && n++));
          return n;
        });
        assert.equal(onActive, total);
        // The editor draws only the nodes inside the visible part of the workspace, and the
        // larger examples are wider than the window: zoom out (the toolbar's button, as a user
        // would, down to Node-RED's 0.3 minimum) so the whole flow is in view before counting.
        for (let i = 0; i < 7; i++) await page.locator('#red-ui-view-zoom-out').click();
        await page
          .waitForFunction(
            (t) => document.querySelectorAll('#red-ui-workspace-chart g.red-ui-flow-node-group').length === t,
            total,
            { timeout: 5000 },
          )
          .catch(() => undefined);
        assert.equal(await page.locator('#red-ui-workspace-chart g.red-ui-flow-node-group').count(), total);
      } finally {
        await context.close();
      }
    });
  }
});
