// Debian's Chromium driven by playwright-core: never a downloaded browser.
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { Demo, DemoOptions, startDemo } from './demo';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 30000,
  });
}

export interface EditorOptions {
  /** What the editor's Settings → View → Language stores (localStorage "editor-language"). */
  language?: string;
  locale?: string;
}

/** A fresh context (own localStorage) with the Node-RED editor loaded and its palette drawn. */
export async function openEditor(
  browser: Browser,
  base: string,
  options: EditorOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: options.locale ?? 'en-US',
  });
  context.setDefaultTimeout(15000);
  if (options.language) {
    const language = options.language;
    await context.addInitScript((lang) => window.localStorage.setItem('editor-language', lang), language);
  }
  const page = await context.newPage();
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
  // The palette is filled once every node set has loaded; the workspace once flows have loaded.
  await page.waitForSelector('.red-ui-palette-node[data-palette-type="he-vitals-parse"]', {
    state: 'attached',
    timeout: 30000,
  });
  await page.waitForSelector('#red-ui-workspace-chart svg', { timeout: 30000 });
  await page.waitForFunction(
    () =>
      !document.querySelector('#red-ui-loading-progress') ||
      (document.querySelector('#red-ui-loading-progress') as HTMLElement).offsetParent === null,
    null,
    { timeout: 30000 },
  );
  return { context, page };
}

/** What a browser suite works against: the demo runtime and one Chromium, both started once. */
export interface BrowserSuite {
  readonly demo: Demo;
  readonly browser: Browser;
  /** Stops the demo (as Ctrl-C does) and starts it again with the same options. */
  restartDemo(): Promise<void>;
}

/**
 * Registers before/after hooks in the calling describe() that start the demo and Chromium
 * and stop them again, and returns their handles (valid inside the tests).
 */
export function useDemoAndBrowser(options: DemoOptions = {}): BrowserSuite {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  before(async function () {
    this.timeout(90000);
    demo = await startDemo(options);
    browser = await launchChromium();
  });
  after(async function () {
    this.timeout(30000);
    await browser?.close();
    await demo?.stop();
  });
  return {
    get demo() {
      if (!demo) throw new Error('the demo is not running (before hook failed?)');
      return demo;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not running (before hook failed?)');
      return browser;
    },
    async restartDemo() {
      await demo?.stop();
      demo = undefined;
      demo = await startDemo(options);
    },
  };
}
