// Takes screenshots of pages of a running Baken (for looking at, not a test).
// Usage: node screenshots.mjs URL EMAIL [PATH ...]   (password: the demo password)
import { launchBrowser } from "./tests/helpers.js";
const [url, email, ...paths] = process.argv.slice(2);
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${url}/aanmelden`);
await page.fill("#veld-email", email);
await page.fill("#veld-wachtwoord", "demo-baken-2026!");
await page.click("button[type=submit]");
for (const path of paths.length ? paths : ["/", "/account"]) {
  await page.goto(`${url}${path}`);
  const name = path === "/" ? "start" : path.slice(1).replaceAll("/", "-");
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}
await browser.close();
