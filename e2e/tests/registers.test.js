// Consulting a local register from a demo signal in the browser, at 390 px: the protocol page's
// form, the hit/no-hit outcome without any content of the source, the justified follow-up that
// shows the content once; axe-core on each page.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, freshDatabase, launchBrowser, startDemo, watchConsole } from "./helpers.js";

let server;
let browser;

before(async () => {
  server = await startDemo(freshDatabase());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a register answers hit or no-hit first, and its content only with a reason", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
  const consoleErrors = watchConsole(page);
  await page.goto(`${server.url}/aanmelden`);
  await page.fill("#veld-email", "teamlid@demo.baken.nl");
  await page.fill("#veld-wachtwoord", "demo-baken-2026!");
  await page.click("button[type=submit]");
  await page.goto(`${server.url}/signalen?status=intake`);
  const signal = await page.$$eval("a[href^='/signalen/']", (as) =>
    as.map((a) => a.getAttribute("href")).find((h) => /^\/signalen\/[0-9a-f-]{36}$/.test(h)),
  );
  assert.ok(signal, "the demo has a signal in intake");
  await page.goto(`${server.url}${signal}/protocol`);
  assert.deepEqual(await axeViolations(page), []);
  await page.selectOption("#veld-register_bron", "bag");
  const onderwerpen = await page.$$eval("#veld-register_onderwerp option", (os) => os.map((o) => [o.value, o.textContent]));
  const adres = onderwerpen.find(([value, text]) => value && /\d{4} [A-Z]{2}/.test(text));
  assert.ok(adres, `an address among ${JSON.stringify(onderwerpen)}`);
  await page.selectOption("#veld-register_onderwerp", adres[0]);
  await page.selectOption("#veld-register_doel", "Vaststellen van het object en de gebruiksfunctie");
  await page.click("form[action$='/bronraadplegingen/register'] button");
  assert.match(page.url(), /\/bronraadplegingen\/[0-9a-f-]{36}$/);
  assert.match(await page.textContent("#uitkomst"), /Hit: de bron kent het onderwerp/);
  const outcome = await page.textContent("main");
  assert.doesNotMatch(outcome, /nummeraanduiding|gebruiksdoel|bouwjaar/, "no content of the source before the follow-up");
  assert.deepEqual(await axeViolations(page), []);

  // Without a reason: the field's error; with one: the content, once.
  await page.click("form[action$='/inhoud'] button");
  assert.match(await page.textContent(".utrecht-form-field-error-message"), /Leg vast waarom de inhoud nodig is/);
  await page.fill("#veld-toelichting", "Gebruiksfunctie nodig voor de weging.");
  await page.click("form[action$='/inhoud'] button");
  const content = await page.textContent("#registerinhoud");
  assert.match(content, /nummeraanduiding \d{16}; verblijfsobject \d{16}; gebruiksdoel \w+functie; \d+ m²; bouwjaar \d{4}/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
