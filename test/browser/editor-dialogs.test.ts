// Every edit dialog of the pack as Node-RED builds it from the shipped template: a field for each
// setting, each label tied to a field that exists, and every text translated, in English and Korean.
import assert from 'node:assert/strict';
import { openEditor, useDemoAndBrowser } from './support/browser';
import { moduleOf, NODE_TYPES, PACK } from './support/pack';

// Settings that oneditprepare shows in a list or a table of its own instead of one field.
const LISTED: Record<string, string[]> = {
  'he-csv-log': ['columnDefs'],
  'he-threshold': ['levels'],
  'he-vitals-parse': ['limits'],
};

interface Dialog {
  missing: string[];
  unlabelled: string[];
  untranslated: string[];
}

describe('edit dialogs of the pack (browser)', function () {
  const suite = useDemoAndBrowser({ simIntervalMs: 2000 });
  const types = NODE_TYPES.filter((t) => moduleOf(t) === PACK);

  for (const language of ['en-US', 'ko']) {
    it(`opens each node's dialog with a field for every setting and every text translated (${language})`, async () => {
      const { context, page } = await openEditor(suite.browser, suite.demo.base, { language });
      try {
        for (const type of types) {
          const found = await page.evaluate(
            ({ type, listed }): Promise<Dialog> => {
              const RED = (window as any).RED;
              const $ = (window as any).$;
              const id = 'dialog-' + type;
              RED.view.importNodes([{ id, type, x: 200, y: 100, wires: [] }], { generateIds: false, addFlow: false });
              RED.editor.edit(RED.nodes.node(id));
              return new Promise((resolve) => {
                const check = () => {
                  const form = $('.red-ui-tray #dialog-form');
                  if (form.length === 0 || form.find('#node-input-name').length === 0) return setTimeout(check, 100);
                  const defaults = Object.keys(RED.nodes.getType(type).defaults);
                  const missing = defaults.filter(
                    (d) => !listed.includes(d) && form.find('#node-input-' + d).length !== 1,
                  );
                  const unlabelled = form
                    .find('label[for]')
                    .toArray()
                    .map((l: HTMLLabelElement) => l.htmlFor)
                    .filter((f: string) => form.find('#' + f).length !== 1);
                  const untranslated = form
                    .find('[data-i18n]')
                    .toArray()
                    .flatMap((el: HTMLElement) =>
                      el
                        .getAttribute('data-i18n')!
                        .split(';')
                        .map((spec) => {
                          const m = /^(?:\[(\w+)\])?(.+)$/.exec(spec)!;
                          const shown =
                            m[1] && m[1] !== 'html' ? (el.getAttribute(m[1]) ?? '') : (el.textContent ?? '').trim();
                          return shown === '' || shown === m[2] ? spec : '';
                        }),
                    )
                    .filter((spec: string) => spec !== '');
                  $('#node-dialog-cancel').trigger('click');
                  resolve({ missing, unlabelled, untranslated });
                };
                check();
              });
            },
            { type, listed: LISTED[type] ?? [] },
          );
          assert.deepEqual(found, { missing: [], unlabelled: [], untranslated: [] }, `${type} (${language})`);
          await page.locator('.red-ui-tray').waitFor({ state: 'detached' });
        }
      } finally {
        await context.close();
      }
    });
  }
});
