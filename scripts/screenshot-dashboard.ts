// Takes a screenshot of a running demo's dashboard with a headless Chromium, for docs/dashboard.png:
//   node dist/scripts/screenshot-dashboard.js http://127.0.0.1:1880 docs/dashboard.png
// Needs a Chromium (CHROMIUM_PATH, default /usr/bin/chromium); playwright-core is a dev dependency.
import { chromium } from 'playwright-core';

async function main(): Promise<void> {
  const [base = 'http://127.0.0.1:1880', out = 'docs/dashboard.png'] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/dashboard`, { waitUntil: 'networkidle' });
    // The chart draws on a canvas once the widgets have their data over socket.io.
    await page.waitForSelector('canvas', { timeout: 20000 });
    await page.waitForTimeout(4000);
    await page.screenshot({ path: out, fullPage: true });
    process.stdout.write(`saved ${out}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`screenshot failed: ${err.message}\n`);
  process.exit(1);
});
