// Needs examples/health-monitoring.json with NEWS2 → threshold → ui-notification (branch h/examples):
// the deteriorating simulated patient (p-003) must raise a notification on the dashboard.
import assert from 'node:assert/strict';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { Demo, startDemo } from './support/demo';

describe('dashboard notification for a deteriorating patient (browser)', function () {
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  before(async function () {
    this.timeout(90000);
    // p-003 reaches its worst state (NEWS2 high band) after 20 s instead of 5 minutes.
    demo = await startDemo({ simIntervalMs: 300, deteriorateSeconds: 20 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${demo.base}/dashboard`, { waitUntil: 'domcontentloaded' });
  });
  after(async function () {
    this.timeout(30000);
    await browser?.close();
    await demo?.stop();
  });

  it('shows a notification naming p-003 once its NEWS2 alarm is raised', async function () {
    this.timeout(75000);
    const note = page.locator('.nrdb-ui-notification').filter({ hasText: 'p-003' });
    await note.first().waitFor({ state: 'visible', timeout: 60000 });
    const text = await note.first().innerText();
    assert.match(text, /p-003/);
    // Only the deteriorating patient: the others stay in their normal ranges.
    for (const other of ['p-001', 'p-002', 'p-004']) {
      assert.equal(
        await page.locator('.nrdb-ui-notification').filter({ hasText: other }).count(),
        0,
        `${other} notified`,
      );
    }
  });
});
