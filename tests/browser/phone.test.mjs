// The pages a county leader reads on a phone (issue 9): in Debian's chromium at
// 390 px, no page is wider than the screen (tables scroll in their own box), and
// chart text renders at 11 px or more there and on a desktop.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The demo county the tests read (a copy of the shipped data/, independent of a county's own).
const demo = join(repo, "tests/fixtures/demo");
const bin = process.env.TONGBAO_BIN || join(repo, "target/debug/tongbao");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
let out, site, browser, pages;

function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith(".html") ? [join(dir, e.name)] : []);
}

before(async () => {
  assert.ok(existsSync(bin), `build the binary first (cargo build): ${bin}`);
  out = mkdtempSync(join(tmpdir(), "tongbao-phone-"));
  site = join(out, "site");
  execFileSync(bin, ["build", "--root", demo, "--out", site], { env: { ...process.env, CI: "1" } });
  pages = htmlFiles(site).sort();
  browser = await chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

// Page width, and the smallest rendered chart text (CSS px) with its text.
async function measure(page) {
  return page.evaluate(() => {
    let min = Infinity, where = "";
    for (const t of document.querySelectorAll("svg text")) {
      if (!t.textContent.trim() || t.getBoundingClientRect().height === 0) continue;
      const m = t.ownerSVGElement.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
      if (px < min) { min = px; where = t.textContent.trim(); }
    }
    return { width: document.documentElement.scrollWidth, min, where };
  });
}

for (const width of [390, 700, 1366]) {
  test(`every page at ${width} px: no wider than the screen, chart text ≥ 11 px`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const kinds = new Set();
    let charts = 0;
    for (const file of pages) {
      const name = relative(site, file);
      await page.goto(pathToFileURL(file).href);
      const m = await measure(page);
      assert.ok(m.width <= width, `${name} is ${m.width} px wide at ${width} px`);
      if (m.min !== Infinity) {
        charts++;
        assert.ok(m.min >= 11, `${name}: chart text “${m.where}” renders at ${m.min.toFixed(1)} px`);
      }
      kinds.add(name.split("/")[0]);
    }
    // Every kind of page was looked at, and charts were found.
    for (const k of ["index.html", "rankings.html", "projects", "units", "bulletins"]) assert.ok(kinds.has(k), k);
    assert.ok(charts > 10, `${charts} pages with charts`);
    await page.close();
  });
}

test("on a phone the bulletin reflows: 16 px margins, 17 px body, dates whole", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(pathToFileURL(join(site, "bulletins/2026-10.html")).href);
  const r = await page.evaluate(() => {
    const gw = document.querySelector(".gw");
    const s = getComputedStyle(gw);
    const p = getComputedStyle(gw.querySelector(".gw-body p"));
    return { left: parseFloat(s.paddingLeft), right: parseFloat(s.paddingRight), size: parseFloat(p.fontSize),
      textWidth: gw.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight),
      nowrapHeights: [...gw.querySelectorAll(".nowrap")].map((e) => e.getClientRects().length) };
  });
  assert.equal(r.left, 16);
  assert.equal(r.right, 16);
  assert.ok(r.size >= 17 && r.size <= 18, `body ${r.size} px`);
  assert.ok(r.textWidth >= 340, `text column ${r.textWidth} px`);
  assert.ok(r.nowrapHeights.every((n) => n === 1), "a date broken across lines");
  await page.close();
});

test("on a phone the ledger rows are cards, light, name, unit and amount first", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(pathToFileURL(join(site, "projects/index.html")).href);
  const r = await page.evaluate(() => {
    const row = document.querySelector("#ledger tbody tr");
    const box = (i) => row.cells[i].getBoundingClientRect();
    return { display: getComputedStyle(row).display, light: box(9), name: box(1), amount: box(5), unit: box(2), id: box(0) };
  });
  assert.equal(r.display, "flex");
  assert.ok(r.light.top === r.name.top && r.light.left < r.name.left, "light before the name");
  assert.ok(r.amount.left > r.name.left && Math.abs(r.amount.top - r.name.top) < 8, "amount beside the name");
  assert.ok(r.unit.top > r.name.top && r.id.top > r.unit.top, "unit under the name, details after");
  // Filtering still hides rows (a card's display must not override [hidden]).
  await page.selectOption("select[name=light]", "red");
  const shown = await page.$$eval("#ledger tbody tr", (rows) => rows.filter((x) => x.offsetParent !== null).length);
  const red = await page.$$eval("#ledger tbody tr[data-light=red]", (rows) => rows.length);
  assert.equal(shown, red);
  await page.close();
});

test("the printed bulletin uses FangSong/Song faces and a real (not thickened) title face", async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(pathToFileURL(join(site, "bulletins/2026-10.html")).href);
  await page.emulateMedia({ media: "print" });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const faces = async (selector) => {
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return fonts.map((f) => `${f.familyName} ${f.postScriptName}`);
  };
  const serif = /FangSong|仿宋|Song|宋|Serif|Ming/i;
  for (const selector of [".gw-body p", ".gw-title", ".gw-mark", ".gw-colophon p"]) {
    const used = await faces(selector);
    assert.ok(used.length > 0 && used.every((f) => serif.test(f) && !/Sans/.test(f)), `${selector}: ${used}`);
  }
  // The title is set at the weight its face has: the browser does not thicken it.
  const weight = await page.$eval(".gw-title", (e) => getComputedStyle(e).fontWeight);
  assert.equal(weight, "400");
  await page.close();
});

test("printed, no bulletin is wider than the type area (Chromium would shrink every page)", async () => {
  // 156 mm = 589.6 CSS px: the type area's width in print.
  const page = await browser.newPage({ viewport: { width: 589, height: 850 } });
  await page.emulateMedia({ media: "print" });
  for (const file of pages.filter((f) => /bulletins\/\d{4}-\d{2}\.html$/.test(f))) {
    await page.goto(pathToFileURL(file).href);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 589, `${relative(site, file)} is ${w} px wide in print`);
  }
  await page.close();
});

// The lines of each page of a PDF, blanks removed, by poppler's pdftotext (.ci/run
// installs it).
function pdfPages(pdf) {
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  return text.split("\f").map((p) => p.split("\n").map((l) => l.replace(/\s+/g, "")));
}

test("printed, a bulletin's 附件说明, 发文机关署名 and 成文日期 share one page with body text", async () => {
  const page = await browser.newPage();
  const monthly = pages.filter((f) => /bulletins\/\d{4}-\d{2}\.html$/.test(f));
  assert.ok(monthly.length > 5, `${monthly.length} monthly bulletins`);
  for (const file of monthly) {
    await page.goto(pathToFileURL(file).href);
    const [attach, name, date] = await page.$$eval(
      [".gw-end .gw-attach", ".gw-sign-name", ".gw-sign-date"].join(","),
      (els) => els.map((e) => e.textContent.replace(/\s+/g, "")));
    const pdf = join(out, "bulletin.pdf");
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    const text = pdfPages(pdf);
    // The lines that are the 署名 and the date alone (the body names both in passing).
    const at = text.findIndex((p) => p.includes(date) && p.includes(name));
    assert.ok(at >= 0, `${relative(site, file)}: 署名 and 日期 on different pages`);
    assert.ok(text[at].includes(attach), `${relative(site, file)}: 附件说明 not on the 落款's page ${at + 1}`);
    // GB/T 9704: the 落款's page carries body text, not the 附件说明 and 落款 alone.
    const body = text[at].filter((l) => l && ![attach, name, date].includes(l) && !/^—\d+—$/.test(l));
    assert.ok(body.length > 0, `${relative(site, file)}: page ${at + 1} has no body text: ${text[at].join(" | ")}`);
  }
  await page.close();
});

test("printed, every quarterly 赛拼 shows each table whole (none scrolls or runs off the paper)", async () => {
  // A4 less Chromium's default 1 cm margins: 190 mm ≈ 718 CSS px.
  const page = await browser.newPage({ viewport: { width: 718, height: 1000 } });
  await page.emulateMedia({ media: "print" });
  const quarters = pages.filter((f) => /bulletins\/\d{4}-Q\d\.html$/.test(f));
  assert.ok(quarters.length > 2, `${quarters.length} quarterly pages`);
  for (const file of quarters) {
    await page.goto(pathToFileURL(file).href);
    const r = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      cut: [...document.querySelectorAll(".table-wrap")]
        .filter((w) => w.scrollWidth > w.clientWidth + 1)
        .map((w) => w.querySelector("th")?.textContent),
      tables: document.querySelectorAll("table.data").length,
      nav: getComputedStyle(document.querySelector("header.top nav")).display,
    }));
    assert.equal(r.nav, "none", `${relative(site, file)}: the site's navigation is printed`);
    assert.ok(r.tables > 0, `${relative(site, file)}: no table`);
    assert.ok(r.page <= 718, `${relative(site, file)} is ${r.page} px wide in print`);
    assert.deepEqual(r.cut, [], `${relative(site, file)}: tables cut in print`);
  }
  await page.close();
});
