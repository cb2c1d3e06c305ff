// The daily flow of issue 12 in the browser: a team member registers a signal, weighs it by
// criterion, requests privacy check 1 from the dossier; the privacy officer finds it on her start
// page and decides; the requester sees the decision; weighing 3 puts the signal in monitoring with a
// re-weigh date; on that date (the server restarted with its clock moved) the signal is back at the
// top of the coordinator's queue. axe-core on every page on the way; screenshots at 1280 and 390 px,
// and no page scrolls sideways.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { axeViolations, baken, freshDatabase, launchBrowser, startServer, watchConsole } from "./helpers.js";

const PASSWORD = "lantaarn-fiets-zeventien";
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), "..", "screenshots");
let database;
let server;
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  database = freshDatabase();
  baken(database, ["gemeente", "add", "--code", "GM0534", "--naam", "Hillegom"]);
  for (const [email, name, role] of [
    ["tessa@example.nl", "Tessa Teamlid", "teamlid"],
    ["pien@example.nl", "Pien Privacy", "privacyfunctionaris"],
    ["cor@example.nl", "Cor Coördinator", "coordinator"],
  ]) {
    baken(database, ["user", "add", "--email", email, "--name", name, "--role", role, "--gemeente", "GM0534", "--password-stdin"], PASSWORD);
  }
  server = await startServer(database, { BAKEN_CORE__MFA_REQUIRED: "false" });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(email, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.url}/aanmelden`);
  await page.fill("#veld-email", email);
  await page.fill("#veld-wachtwoord", PASSWORD);
  await page.click("button[type=submit]");
  await page.waitForURL(`${server.url}/`);
  return { page, context, errors };
}

/** axe-core, no sideways scrolling, and a screenshot at 1280 and at 390 px. */
async function look(page, name) {
  assert.deepEqual(await axeViolations(page), [], `${name}: no axe-core violations`);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll("td, th, dd, p, li")].filter((e) => e.scrollHeight > e.clientHeight + 2 && getComputedStyle(e).overflowY === "visible").map((e) => e.textContent.slice(0, 40)),
    );
    assert.deepEqual(clipped, [], `${name} at ${width} px: text runs out of its box`);
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function answerCriteria(page, answers) {
  for (const [n, answer, explanation] of answers) {
    await page.check(`#wegingsantwoorden_${n}_antwoord-${answer}`);
    if (explanation) await page.fill(`#veld-wegingsantwoorden_${n}_toelichting`, explanation);
  }
}

test("register, request check 1, the officer decides from her start page, weigh by criterion, monitor until the re-weigh date, back on the queue", async () => {
  const tessa = await signIn("tessa@example.nl");
  const page = tessa.page;
  await page.goto(`${server.url}/signalen/nieuw`);
  await page.selectOption("#veld-bron", "inwoner");
  await page.fill("#veld-omschrijving", "Loods aan de Weeresteinstraat: 's nachts busjes, ramen afgeplakt.");
  await page.check("#fenomeen-hennep");
  await page.fill("#veld-persoon_bsn", "999900006");
  await page.fill("#veld-persoon_achternaam", "Verzonnen");
  await page.click("form[action='/signalen/nieuw'] button[type=submit]");
  const dossier = page.url();
  assert.match(dossier, /\/signalen\/[0-9a-f-]{36}$/);
  const nummer = (await page.textContent("h1")).match(/S-\d{4}-\d{4}/)[0];

  // Intake, then weighing 1 and 2 by criterion; a missing answer shows at its own question.
  await page.selectOption("#veld-status", "intake");
  await page.click("form[action$='/status'] button[type=submit]");
  await page.selectOption("#veld-status", "weging");
  await answerCriteria(page, [[1, "ja", "Afgeplakte ramen en nachtelijk verkeer."], [3, "ja"]]);
  await page.fill("#veld-motivering", "Past bij hennepteelt; eigen bevoegdheid (Opiumwet art. 13b).");
  await page.click("form[action$='/status'] button[type=submit]");
  assert.match(await page.textContent("#fout-wegingsantwoorden_2_antwoord"), /Beantwoord dit criterium/);
  assert.equal(await page.isChecked("#wegingsantwoorden_1_antwoord-ja"), true, "the answers given are kept");
  await look(page, "weging-fout");
  await answerCriteria(page, [[2, "ja"]]);
  await page.click("form[action$='/status'] button[type=submit]");
  assert.match(await page.textContent("main"), /De status is gewijzigd/);
  assert.match(await page.textContent("#journaal"), /Weging 1 en 2: ondermijning, taak en grondgebied — Is het ondermijning \(indicatoren\): ja \(Afgeplakte ramen en nachtelijk verkeer\)/);

  // Request privacy check 1 from the dossier.
  await page.selectOption("#veld-toets", "1");
  await page.fill("#veld-toelichting", "BRP en WOZ, eerst hit/no-hit: wie staat er ingeschreven en wie is eigenaar?");
  await page.click("form[action$='/toetsaanvragen'] button[type=submit]");
  assert.match(await page.textContent("main"), /De privacytoets is aangevraagd/);
  assert.match(await page.textContent("section[aria-labelledby=kop-toetsen]"), /Wacht op besluit/);
  await look(page, "dossier-aangevraagd");

  // The privacy officer sees it on her start page and decides.
  const pien = await signIn("pien@example.nl");
  const waiting = await pien.page.textContent("#wachtende-toetsen");
  assert.match(waiting, new RegExp(`${nummer} \\(Hillegom\\)`));
  assert.match(waiting, /Privacytoets 1[\s\S]*Tessa Teamlid[\s\S]*wie staat er ingeschreven/);
  await look(pien.page, "privacy-start");
  await pien.page.click(`#wachtende-toetsen a:has-text('${nummer}')`);
  await pien.page.click("summary:has-text('Privacytoets 1 beslissen')");
  await pien.page.check("#\\31 -goed");
  for (const aspect of ["grondslag", "verenigbaarheid", "noodzaak", "proportionaliteit", "subsidiariteit"]) {
    await pien.page.fill(`#veld-1-${aspect}`, `Vastgelegd: ${aspect}.`);
  }
  await pien.page.check("#\\31 -bron-brp");
  await pien.page.click("button:has-text('Besluit over privacytoets 1 vastleggen')");
  assert.match(await pien.page.textContent("main"), /Het besluit over de privacytoets is vastgelegd/);
  await pien.page.goto(`${server.url}/`);
  assert.match(await pien.page.textContent("main"), /Er wacht niets op u/);

  // The requester sees the decision.
  await page.goto(`${server.url}/`);
  assert.match(await page.textContent("#mijn-aanvragen"), /Goedgekeurd op/);
  await look(page, "team-start");

  // Weighing 3 by criterion: monitoring, to be weighed again in three days.
  await page.goto(dossier);
  await page.selectOption("#veld-status", "monitoren");
  await answerCriteria(page, [[1, "nee", "Nog geen adres van de kweek zelf."], [2, "ja"], [3, "onbekend", "Geen fenomeenanalyse van dit gebied."]]);
  await page.fill("#veld-motivering", "Vinger aan de pols: opnieuw wegen na de volgende melding of over drie dagen.");
  const due = new Date(Date.now() + 3 * 86400000);
  const iso = due.toISOString().slice(0, 10);
  await page.fill("#veld-herbeoordelen_op", iso);
  await page.click("form[action$='/status'] button[type=submit]");
  assert.match(await page.textContent("main"), /De status is gewijzigd/);
  const [y, m, d] = iso.split("-");
  assert.match(await page.textContent("main"), new RegExp(`Opnieuw wegen op\\s*${d}-${m}-${y}`));
  assert.match(await page.textContent("#journaal"), /Weging 3: zwaarte van het signaal — Voldoende concreet: nee \(Nog geen adres van de kweek zelf\); Van recente datum: ja; Onderwerp van een trend- of fenomeenanalyse: niet vast te stellen/);
  await look(page, "dossier-monitoren");

  // Before the date the signal waits quietly; on the date it is at the top of the queue.
  const cor = await signIn("cor@example.nl");
  await cor.page.goto(`${server.url}/signalen/triage`);
  assert.doesNotMatch(await cor.page.textContent("main"), /Opnieuw wegen sinds/);
  await server.stop();
  server = await startServer(database, { BAKEN_CORE__MFA_REQUIRED: "false", BAKEN_TEST_KLOK_DAGEN: "3" });
  const later = await signIn("cor@example.nl");
  await later.page.goto(`${server.url}/signalen/triage`);
  const firstLine = await later.page.textContent("tr[id^=signaal-]");
  assert.match(firstLine, new RegExp(nummer));
  assert.match(firstLine, /Opnieuw wegen sinds/);
  await look(later.page, "triage-opnieuw-wegen");
  await later.page.goto(`${server.url}${new URL(dossier).pathname}`);
  assert.match(await later.page.textContent("main"), /nu opnieuw wegen/);

  assert.deepEqual([...tessa.errors, ...pien.errors, ...cor.errors, ...later.errors], [], "no console errors or CSP violations");
});
