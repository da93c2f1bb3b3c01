// A person's use of the ledger page in a real browser (Debian's chromium, driven by
// playwright-core): filter by a unit, then by a light, sort by investment, search a
// Chinese substring, and open a link with the filter in the address.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The demo county the tests read (a copy of the shipped data/, independent of a county's own).
const demo = join(repo, "tests/fixtures/demo");
const bin = process.env.TONGBAO_BIN || join(repo, "target/debug/tongbao");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
let out, browser, page, projects;

before(async () => {
  assert.ok(existsSync(bin), `build the binary first (cargo build): ${bin}`);
  out = mkdtempSync(join(tmpdir(), "tongbao-site-"));
  execFileSync(bin, ["build", "--root", demo, "--out", join(out, "site")], { env: { ...process.env, CI: "1" } });
  projects = JSON.parse(readFileSync(join(out, "site/projects.json"), "utf8"));
  browser = await chromium.launch({
    executablePath: browserPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

const url = (hash = "") => pathToFileURL(join(out, "site/projects/index.html")).href + hash;

// The rows a person sees: [id, unit name, light] of visible rows, in order.
async function visible() {
  return page.$$eval("#ledger tbody tr", (rows) =>
    rows.filter((r) => !r.hidden && r.offsetParent !== null)
      .map((r) => ({ id: r.cells[0].textContent.trim(), unit: r.dataset.unit, light: r.dataset.light,
        invest: parseFloat(r.cells[5].dataset.value), text: r.textContent })));
}

test("filter by unit, then by light", async () => {
  await page.goto(url());
  assert.equal((await visible()).length, projects.length);
  await page.selectOption("select[name=unit]", "kfq");
  let rows = await visible();
  const kfq = projects.filter((p) => p.unit === "kfq");
  assert.deepEqual(rows.map((r) => r.id).sort(), kfq.map((p) => p.id).sort());
  assert.match(await page.textContent("#count"), new RegExp(`显示 ${kfq.length} / ${projects.length}`));
  await page.selectOption("select[name=light]", "red");
  rows = await visible();
  const kfqRed = kfq.filter((p) => p.light === "red");
  assert.ok(kfqRed.length > 0, "the demo has a red project in kfq");
  assert.deepEqual(rows.map((r) => r.id).sort(), kfqRed.map((p) => p.id).sort());
  // The address keeps the filter so it can be forwarded.
  assert.equal(new URL(page.url()).hash, "#unit=kfq&light=red");
});

test("sort by investment, both ways", async () => {
  await page.goto(url());
  await page.click("button[type=reset]");
  await page.click("th:has-text('总投资')");
  let inv = (await visible()).map((r) => r.invest);
  assert.deepEqual(inv, [...inv].sort((a, b) => a - b));
  await page.click("th:has-text('总投资')");
  inv = (await visible()).map((r) => r.invest);
  assert.deepEqual(inv, [...inv].sort((a, b) => b - a));
  assert.equal(inv[0], Math.max(...projects.map((p) => p.investment_wan)));
});

test("search matches Chinese substrings and full-width input", async () => {
  await page.goto(url());
  await page.fill("input[name=q]", "光伏");
  let rows = await visible();
  const expected = projects.filter((p) => [p.name, p.investor, p.unit_name].join(" ").includes("光伏"));
  assert.ok(expected.length > 0);
  assert.deepEqual(rows.map((r) => r.id).sort(), expected.map((p) => p.id).sort());
  // Full-width digits typed by an IME find the half-width id.
  await page.fill("input[name=q]", "２０２６－００２");
  rows = await visible();
  assert.deepEqual(rows.map((r) => r.id), ["2026-002"]);
});

test("a forwarded link opens with its filter", async () => {
  await page.goto(url("#light=yellow"));
  const rows = await visible();
  assert.deepEqual(rows.map((r) => r.id).sort(), projects.filter((p) => p.light === "yellow").map((p) => p.id).sort());
  assert.equal(await page.inputValue("select[name=light]"), "yellow");
});
