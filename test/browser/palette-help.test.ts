// The palette and the help sidebar as a Node-RED user sees them, in English and in Korean.
import assert from 'node:assert/strict';
import { Page } from 'playwright-core';
import { openEditor, useDemoAndBrowser } from './support/browser';
import { fileName, moduleOf, NODE_TYPES, paletteLabel } from './support/pack';

const CATEGORY = '#red-ui-palette-container-health___energy';
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

// The help sidebar's topic tree lists every node under its module: Node Help → module → node.
async function showHelp(page: Page, type: string, label: string): Promise<void> {
  const toc = page.locator('#red-ui-sidebar-content .red-ui-sidebar-help-toc');
  const exactly = (text: string) => new RegExp(`^\\s*${text}\\s*$`);
  const entry = toc.locator('.red-ui-treeList-label').filter({ hasText: exactly(label) });
  if (!(await entry.isVisible())) {
    await toc
      .locator('.red-ui-treeList-label')
      .filter({ hasText: exactly(moduleOf(type)) })
      .locator('i.fa-angle-right')
      .click();
  }
  await entry.click();
}

describe('palette and help sidebar (browser)', function () {
  const suite = useDemoAndBrowser({ simIntervalMs: 2000 });

  it('shows the "health & energy" category with every node of the pack and the ward board, each with its own icon and label', async () => {
    const { context, page } = await openEditor(suite.browser, suite.demo.base);
    try {
      assert.equal(
        squash(await page.locator(`${CATEGORY} .red-ui-palette-header span`).textContent()),
        'health & energy',
      );
      const shown = await page.$$eval(`${CATEGORY} .red-ui-palette-node`, (els) =>
        els.map((e) => ({
          type: (e as HTMLElement).dataset.paletteType!,
          label: (e.querySelector('.red-ui-palette-label') as HTMLElement).innerText,
          icon: (e.querySelector('.red-ui-palette-icon-container') as HTMLElement).dataset.paletteIcon!,
          drawn: getComputedStyle(e.querySelector('.red-ui-palette-icon') as HTMLElement).backgroundImage,
        })),
      );
      assert.deepEqual(shown.map((n) => n.type).sort(), [...NODE_TYPES].sort());
      for (const n of shown) {
        assert.equal(squash(n.label), paletteLabel(n.type, 'en-US'), `${n.type} label`);
        // Node-RED falls back to its own arrow-in.svg when a node's icon cannot be found.
        assert.equal(n.icon, `icons/${moduleOf(n.type)}/${fileName(n.type)}.svg`);
        assert.match(n.drawn, new RegExp(`/${fileName(n.type)}\\.svg`));
        const res = await fetch(`${suite.demo.base}/${n.icon}`);
        assert.equal(res.status, 200, `${n.icon}`);
        assert.match(res.headers.get('content-type') ?? '', /image\/svg\+xml/);
        assert.match(await res.text(), /<svg[^>]*viewBox="0 0 40 60"/);
      }
    } finally {
      await context.close();
    }
  });

  it('on the canvas, shows a node with a name of its own in italics and one without upright, as the core inject node does', async () => {
    const { context, page } = await openEditor(suite.browser, suite.demo.base);
    try {
      const ids = [...NODE_TYPES, 'inject'].flatMap((type, i) => [`named-${i}`, `plain-${i}`]);
      await page.evaluate((types: string[]) => {
        const nodes = [...types, 'inject'].flatMap((type, i) => [
          { id: `named-${i}`, type, name: 'Ward A', x: 150, y: 60 + 50 * i, wires: [] },
          { id: `plain-${i}`, type, x: 400, y: 60 + 50 * i, wires: [] },
        ]);
        (window as any).RED.view.importNodes(nodes, { generateIds: false, addFlow: false });
      }, NODE_TYPES);
      await page.waitForFunction(
        (ids: string[]) => ids.every((id) => document.getElementById(id)?.querySelector('.red-ui-flow-node-label')),
        ids,
      );
      const styles = await page.evaluate((types: string[]) => {
        const style = (id: string) =>
          getComputedStyle(document.getElementById(id)!.querySelector('.red-ui-flow-node-label')!).fontStyle;
        return [...types, 'inject'].map((type, i) => `${type}: ${style(`named-${i}`)}, ${style(`plain-${i}`)}`);
      }, NODE_TYPES);
      assert.deepEqual(
        styles,
        [...NODE_TYPES, 'inject'].map((type) => `${type}: italic, normal`),
      );
    } finally {
      await context.close();
    }
  });

  it("shows each node's help, with Inputs, Outputs and Details, in the help sidebar", async () => {
    const { context, page } = await openEditor(suite.browser, suite.demo.base);
    try {
      await page.locator('#red-ui-sidebar .red-ui-tab-link-buttons a[href="#help"]').click();
      for (const type of NODE_TYPES) {
        const label = paletteLabel(type, 'en-US');
        await showHelp(page, type, label);
        const help = page.locator('#red-ui-sidebar-content .red-ui-help');
        await help.locator('h1.red-ui-help-title', { hasText: label }).waitFor();
        const headings = (await help.locator('h3').allTextContents()).map(squash);
        assert.deepEqual(headings.slice(0, 3), ['Inputs', 'Outputs', 'Details'], `${type} help`);
        assert.ok((await help.locator('dl.message-properties').count()) >= 1, `${type} help lists message properties`);
      }
    } finally {
      await context.close();
    }
  });

  it('with the editor language set to Korean (what Settings → View → Language stores), shows the 건강 & 에너지 category and the Korean help', async () => {
    const { context, page } = await openEditor(suite.browser, suite.demo.base, { language: 'ko' });
    try {
      assert.equal(
        squash(await page.locator(`${CATEGORY} .red-ui-palette-header span`).textContent()),
        '건강 & 에너지',
      );
      await page.locator('#red-ui-sidebar .red-ui-tab-link-buttons a[href="#help"]').click();
      for (const type of NODE_TYPES) {
        const label = paletteLabel(type, 'ko');
        assert.equal(
          squash(
            await page
              .locator(`${CATEGORY} .red-ui-palette-node[data-palette-type="${type}"] .red-ui-palette-label`)
              .innerText(),
          ),
          label,
        );
        await showHelp(page, type, label);
        const help = page.locator('#red-ui-sidebar-content .red-ui-help');
        await help.locator('h1.red-ui-help-title', { hasText: label }).waitFor();
        const headings = (await help.locator('h3').allTextContents()).map(squash);
        assert.deepEqual(headings.slice(0, 3), ['입력', '출력', '상세'], `${type} ko help`);
      }
    } finally {
      await context.close();
    }
  });
});
