// Every page of the demo, as each role sees it, reads as words: no municipality code where a
// person expects a name (Lisse, not GM0553), no date as a `[year,day]` pair, no API path or route
// template, no internal key or dotted event name. The PDFs the pages link to are read back with
// pdftotext and held to the same rule. At 390 px no page scrolls sideways, and axe-core finds no
// WCAG 2.1 AA violation on any kind of page.

import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axeViolations, freshDatabase, launchBrowser, startDemo } from "./helpers.js";

const PASSWORD = "demo-baken-2026!";
const ACCOUNTS = ["teamlid", "analist", "coordinator", "privacy", "jurist", "burgemeester", "beheerder"];
const MAX_PAGES = 70;

// What a person should never have to read. Each pattern names what it catches.
const RAW = [
  [/\bGM\d{4}\b/, "a municipality code"],
  [/\[\s*\d{4}\s*,\s*\d{1,3}\s*\]/, "a date as [year,day]"],
  [/\/api\/v1|\{id\}|\b(GET|POST|PATCH|DELETE) \//, "an API path or route"],
  [/\b(kvkNummer|bagId|toegewezenAan|ontvangstDatum|invalidParams|betrokkeneType|gemeenteCode)\b/, "a field key"],
  [/\b(signaal|verzoek|dossier|bron|journaal|bijlage|entiteit|aanmelden|sessie|gebruiker|gemeente|protocol|privacytoets)\.[a-z][a-z-]+\b/, "a dotted event name"],
  [/\bnaar naar\b/, "a broken sentence"],
];

// The administrator's list of municipalities is where the official code is entered and shown,
// beside the name.
const CODES_ALLOWED = new Set(["/beheer/gemeenten"]);

function rawFindings(text, path = "") {
  return RAW.filter(([, what]) => !(what === "a municipality code" && CODES_ALLOWED.has(path)))
    .filter(([pattern]) => pattern.test(text)).map(([pattern, what]) => `${what}: “${text.match(pattern)[0]}”`);
}

let server;
let browser;
const pdfDir = mkdtempSync(join(tmpdir(), "baken-pdf-"));

before(async () => {
  server = await startDemo(freshDatabase());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Same-origin GET links a person can follow (not sign-out, not attachment downloads). */
async function links(page) {
  const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")));
  return hrefs.filter((h) => h.startsWith("/") && !h.startsWith("//") && !h.includes("/bijlagen/") && !h.startsWith("/afmelden"));
}

/** A pattern for "the same kind of page": ids replaced, so one dossier stands for all. */
const shape = (path) => path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id").replace(/\?.*$/, "");

test("every page and PDF of the demo reads as words, for every role; nothing scrolls sideways at 390 px; axe-core finds no violations", async () => {
  const problems = [];
  let pagesSeen = 0;
  let pdfsRead = 0;
  const pdfKinds = new Set();
  const axeShapes = new Set();
  for (const account of ACCOUNTS) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/aanmelden`);
    await page.fill("#veld-email", `${account}@demo.baken.nl`);
    await page.fill("#veld-wachtwoord", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL(`${server.url}/`);
    const queue = ["/"];
    const seen = new Set();
    const shapes = new Map();
    let visited = 0;
    while (queue.length && visited < MAX_PAGES) {
      const path = queue.shift();
      if (seen.has(path)) continue;
      seen.add(path);
      // At most three pages of one shape (three dossiers tell what all dossiers do).
      const kind = shape(path);
      shapes.set(kind, (shapes.get(kind) ?? 0) + 1);
      if (shapes.get(kind) > 3) continue;
      visited += 1;
      if (path.includes(".pdf") || path.includes("/pdf")) {
        const response = await page.request.get(`${server.url}${path}`);
        if (response.status() !== 200 || !(response.headers()["content-type"] ?? "").includes("pdf")) continue;
        const file = join(pdfDir, `${pdfsRead}.pdf`);
        writeFileSync(file, await response.body());
        const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
        pdfsRead += 1;
        pdfKinds.add(kind);
        for (const finding of rawFindings(text)) problems.push(`${account} ${path} (PDF): ${finding}`);
        continue;
      }
      const response = await page.goto(`${server.url}${path}`);
      if (!response || !(response.headers()["content-type"] ?? "").includes("text/html")) continue;
      pagesSeen += 1;
      const text = await page.innerText("body");
      for (const finding of rawFindings(text, path)) problems.push(`${account} ${path}: ${finding}`);
      // axe-core (WCAG 2.1 AA) on the first page of every shape, once over all roles.
      if (!axeShapes.has(kind)) {
        axeShapes.add(kind);
        for (const v of await axeViolations(page)) problems.push(`${account} ${path}: axe ${v}`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) problems.push(`${account} ${path}: scrolls sideways by ${overflow} px at 390 px`);
      // Text that does not fit its box runs into what follows (a stacked table cell of fixed height).
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll("td, th, dd, p, li")].filter((e) => e.scrollHeight > e.clientHeight + 2 && getComputedStyle(e).overflowY === "visible").length,
      );
      if (clipped > 0) problems.push(`${account} ${path}: ${clipped} cell(s) or paragraph(s) overflow their height at 390 px`);
      for (const link of await links(page)) if (!seen.has(link)) queue.push(link);
    }
    await context.close();
  }
  assert.ok(pagesSeen > 60, `the crawl reached ${pagesSeen} pages`);
  assert.ok(axeShapes.size >= 20, `axe-core checked ${axeShapes.size} kinds of page`);
  // The casework pages (issue 13) are among them.
  for (const kind of ["/termijnen", "/maatregelen/:id", "/maatregelen/catalogus", "/overdracht", "/signalen/:id/maatregelen/nieuw", "/casussen", "/casussen/:id", "/taken",
    "/overleggen", "/overleggen/:id", "/overleggen/:id/verslag", "/overleggen/:id/agendapunten/:id"]) {
    assert.ok(axeShapes.has(kind), `axe-core checked ${kind} (checked: ${[...axeShapes].join(", ")})`);
  }
  for (const kind of ["/protocol.pdf", "/privacy/verzoeken/:id/antwoord.pdf"]) {
    assert.ok(pdfKinds.has(kind), `the crawl read ${kind} (read: ${[...pdfKinds].join(", ")})`);
  }
  assert.deepEqual(problems, [], problems.join("\n"));
});
