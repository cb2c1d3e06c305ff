// Takes screenshots of the main pages of a running demo (for looking at, not a test).
// Usage: node screenshots.mjs http://127.0.0.1:18080 beheerder@demo.baken.nl
import { launchBrowser } from "./tests/helpers.js";
const [url, email, password = "demo-baken-2026!"] = process.argv.slice(2);
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${url}/aanmelden`);
await page.fill("#veld-email", email);
await page.fill("#veld-wachtwoord", password);
await page.click("button[type=submit]");
for (const path of ["/", "/account", "/beheer/gebruikers", "/beheer/gebruikers/nieuw", "/beheer/gemeenten", "/beheer/audit"]) {
  await page.goto(`${url}${path}`);
  const name = path === "/" ? "start" : path.slice(1).replaceAll("/", "-");
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}
await browser.close();
