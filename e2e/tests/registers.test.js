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

test("a sector register consulted by referral only shows that a referral exists, never its content", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
  const consoleErrors = watchConsole(page);
  await page.goto(`${server.url}/aanmelden`);
  // The coordinator sees every signal of the municipality in full.
  await page.fill("#veld-email", "coordinator@demo.baken.nl");
  await page.fill("#veld-wachtwoord", "demo-baken-2026!");
  await page.click("button[type=submit]");
  await page.goto(`${server.url}/signalen?status=bronnenonderzoek`);
  const signals = await page.$$eval("a[href^='/signalen/']", (as) =>
    [...new Set(as.map((a) => a.getAttribute("href")).filter((h) => /^\/signalen\/[0-9a-f-]{36}$/.test(h)))],
  );
  assert.ok(signals.length > 0, "the demo has signals in source research");
  const doel = "Nagaan of het sociaal domein een betrokkene kent, zodat zorg en veiligheid hun aanpak afstemmen";
  // Consult the social domain about the signals' persons until one is known there.
  let referral = false;
  for (const signal of signals) {
    await page.goto(`${server.url}${signal}/protocol`);
    const bronnen = await page.$$eval("#veld-register_bron option", (os) => os.map((o) => o.value));
    if (!bronnen.includes("sociaal-domein")) continue;
    const personen = (await page.$$eval("#veld-register_onderwerp option", (os) => os.map((o) => [o.value, o.textContent])))
      .filter(([value, text]) => value && !/\d{4} [A-Z]{2}/.test(text));
    for (const [persoon] of personen) {
      await page.goto(`${server.url}${signal}/protocol`);
      await page.selectOption("#veld-register_bron", "sociaal-domein");
      await page.selectOption("#veld-register_onderwerp", persoon);
      await page.selectOption("#veld-register_doel", doel);
      await page.click("form[action$='/bronraadplegingen/register'] button");
      assert.match(page.url(), /\/bronraadplegingen\/[0-9a-f-]{36}$/);
      const uitkomst = await page.textContent("#uitkomst");
      assert.match(uitkomst, /^(Verwijzing: de bron kent het onderwerp|Geen verwijzing: de bron kent het onderwerp niet)$/);
      const main = await page.textContent("main");
      // The register's rows hold the kind of support and the case worker: never shown.
      assert.doesNotMatch(main, /\(fictief\)|Regisseur [AB]|SD-GM/, "nothing of the register's content");
      assert.equal(await page.$("form[action$='/inhoud']"), null, "no way to the content");
      if (uitkomst.startsWith("Verwijzing")) {
        assert.match(await page.textContent("#verwijzing"), /alleen met een verwijzing raadplegen.*team Sociaal Domein/s);
        assert.deepEqual(await axeViolations(page), []);
        // The journal on the dossier page says the same, and nothing more.
        await page.goto(`${server.url}${signal}`);
        const dossier = await page.textContent("main");
        assert.match(dossier, /alleen verwijzing/);
        assert.doesNotMatch(dossier, /\(fictief\)|Regisseur [AB]/);
        referral = true;
        break;
      }
    }
    if (referral) break;
  }
  assert.ok(referral, "some demo person is known to the social domain");
  assert.deepEqual(consoleErrors, []);
  await page.close();
});
