// The ledger page of a county with more projects than the page carries itself
// (FIRST_PAGE = 200 in src/site/pages/ledger.rs): without JavaScript a reader sees the
// first 200 rows, told how many there are and where all of them are (Excel, CSV);
// with it, filters, search, sorting and forwarded links work on every row, loaded
// from projects/ledger-data.js (a script file: the site is opened from file:// too).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const demo = join(repo, "tests/fixtures/demo");
const bin = process.env.TONGBAO_BIN || join(repo, "target/debug/tongbao");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const FIRST_PAGE = 200;
let out, browser, projects;

before(async () => {
  assert.ok(existsSync(bin), `build the binary first (cargo build): ${bin}`);
  out = mkdtempSync(join(tmpdir(), "tongbao-big-"));
  const root = join(out, "ledger");
  cpSync(demo, root, { recursive: true });
  // Six times the demo: each project again under the ids YYYY-1NN … YYYY-5NN.
  const dir = join(root, "data/projects");
  for (const unit of readdirSync(dir)) {
    for (const f of readdirSync(join(dir, unit)).filter((f) => f.endsWith(".toml"))) {
      const id = f.slice(0, -5);
      const text = readFileSync(join(dir, unit, f), "utf8");
      for (let k = 1; k <= 5; k++) {
        const copy = `${id.slice(0, 5)}${k}${id.slice(6)}`;
        writeFileSync(join(dir, unit, `${copy}.toml`), text.replace(`id = "${id}"`, `id = "${copy}"`));
      }
    }
  }
  execFileSync(bin, ["build", "--root", root, "--out", join(out, "site")], { env: { ...process.env, CI: "1" } });
  projects = JSON.parse(readFileSync(join(out, "site/projects.json"), "utf8"));
  assert.ok(projects.length > FIRST_PAGE + 50, `${projects.length} projects`);
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

const url = (hash = "") => pathToFileURL(join(out, "site/projects/index.html")).href + hash;

async function visible(page) {
  return page.$$eval("#ledger tbody tr", (rows) =>
    rows.filter((r) => !r.hidden && r.offsetParent !== null)
      .map((r) => ({ id: r.cells[0].textContent.trim(), invest: parseFloat(r.cells[5].dataset.value),
        href: r.cells[1].querySelector("a").getAttribute("href"), text: r.textContent })));
}

test("without JavaScript: the first 200 rows, how many there are, and where all are", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(url());
  const rows = await visible(page);
  assert.equal(rows.length, FIRST_PAGE);
  // In ledger order: the same first rows as projects.json.
  assert.deepEqual(rows.map((r) => r.id), projects.slice(0, FIRST_PAGE).map((p) => p.id));
  const note = await page.textContent("#partial");
  assert.match(note, new RegExp(`前 ${FIRST_PAGE} 个项目（共 ${projects.length} 个）`));
  assert.ok(await page.isVisible("#partial a[href='../projects.xlsx']"));
  assert.ok(await page.isVisible("#partial a[href='../projects.csv']"));
  await ctx.close();
});

test("with JavaScript: every row, filtered, searched, sorted and linked", async () => {
  const page = await browser.newPage();
  await page.goto(url());
  let rows = await visible(page);
  assert.deepEqual(rows.map((r) => r.id), projects.map((p) => p.id), "all rows, ledger order");
  assert.ok(!(await page.isVisible("#partial")), "the partial-page note goes once all rows are in");
  assert.match(await page.textContent("#count"), new RegExp(`显示 ${projects.length} / ${projects.length}`));
  // A row from beyond the first page is built like the others.
  const last = projects[projects.length - 1];
  const lastRow = rows[rows.length - 1];
  assert.equal(lastRow.href, `${last.id}.html`);
  assert.ok(lastRow.text.includes(last.name) && lastRow.text.includes(last.unit_name), lastRow.text);
  // Filter by unit and light over all rows (the last row's: beyond the first page).
  await page.selectOption("select[name=unit]", last.unit);
  await page.selectOption("select[name=light]", last.light);
  rows = await visible(page);
  const want = projects.filter((p) => p.unit === last.unit && p.light === last.light).map((p) => p.id).sort();
  assert.ok(want.includes(last.id));
  assert.deepEqual(rows.map((r) => r.id).sort(), want);
  assert.equal(new URL(page.url()).hash, `#unit=${last.unit}&light=${last.light}`);
  // Search by full-width id finds a row beyond the first page.
  await page.click("button[type=reset]");
  const fw = last.id.replace(/[0-9-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  await page.fill("input[name=q]", fw);
  assert.deepEqual((await visible(page)).map((r) => r.id), [last.id]);
  // Sorting covers every row.
  await page.fill("input[name=q]", "");
  await page.click("th:has-text('总投资')");
  await page.click("th:has-text('总投资')");
  const inv = (await visible(page)).map((r) => r.invest);
  assert.equal(inv.length, projects.length);
  assert.deepEqual(inv, [...inv].sort((a, b) => b - a));
  // A forwarded link opens with its filter, over all rows.
  await page.goto(url("#light=yellow"));
  assert.deepEqual((await visible(page)).map((r) => r.id).sort(),
    projects.filter((p) => p.light === "yellow").map((p) => p.id).sort());
  await page.close();
});
