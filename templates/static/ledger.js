// 项目台账：筛选与排序。纯本地脚本，不联网；没有脚本时表格照常显示页面自带的行。
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("ledger");
  if (!form || !table) return;
  var tbody = table.tBodies[0];

  // 全部行在 projects/ledger-data.js（window.TONGBAO_LEDGER）：页面本身只带前若干行。
  // 名称等文字只放进 textContent，不当作 HTML 解析。
  var data = window.TONGBAO_LEDGER;
  var LIGHT_ORDER = { red: 0, yellow: 1, green: 2 };
  function cell(tr, text, value, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (value !== undefined) td.setAttribute("data-value", value);
    if (text !== null) td.textContent = text;
    tr.appendChild(td);
    return td;
  }
  function link(td, href, text) {
    var a = document.createElement("a");
    a.setAttribute("href", href);
    a.textContent = text;
    td.appendChild(a);
  }
  // One row of the data file: [id, name, unit (index into u), 招引单位, category, sector,
  // tracking, investment (万元), investment as shown, land (亩), land as shown, stage,
  // stage order, next deadline's rule (string index; or the whole label), next due,
  // light, light label, investor, and only for a 增资 record the original's id]; string
  // fields but id, name, the shown figures, the due date, investor and the original's
  // id are indexes into the string table s.
  function row(d) {
    var s = data.s, unit = data.u[d[2]];
    var tr = document.createElement("tr");
    tr.className = d[15];
    tr.setAttribute("data-unit", unit[0]);
    tr.setAttribute("data-stage", s[d[11]]);
    tr.setAttribute("data-category", s[d[4]]);
    tr.setAttribute("data-light", d[15]);
    if (d[18]) tr.setAttribute("data-expands", d[18]);
    tr.setAttribute("data-text", [d[0], d[1], d[17], unit[1], s[d[3]], s[d[4]], s[d[5]]].join(" "));
    cell(tr, d[0]);
    var name = cell(tr, null);
    link(name, d[0] + ".html", d[1]);
    if (d[18]) {
      var tag = document.createElement("span");
      tag.className = "tag expands";
      tag.title = "增资（原项目 " + d[18] + "）";
      tag.textContent = "增资";
      name.appendChild(document.createTextNode(" "));
      name.appendChild(tag);
    }
    link(cell(tr, null), "../units/" + unit[0] + ".html", unit[1]);
    cell(tr, s[d[4]]);
    cell(tr, s[d[6]]);
    cell(tr, d[8], String(d[7]), "n");
    cell(tr, d[10], d[9] > 0 ? String(d[9]) : "", "n");
    cell(tr, s[d[11]], String(d[12]));
    cell(tr, typeof d[13] === "number" ? s[d[13]] + d[14] : d[13], d[14]);
    var light = cell(tr, null, String(d[15] in LIGHT_ORDER ? LIGHT_ORDER[d[15]] : 3));
    var dot = document.createElement("span");
    dot.className = "dot " + d[15];
    light.appendChild(dot);
    light.appendChild(document.createTextNode(s[d[16]]));
    return tr;
  }
  if (data && data.rows) {
    var all = document.createDocumentFragment();
    data.rows.forEach(function (d) { all.appendChild(row(d)); });
    tbody.textContent = "";
    tbody.appendChild(all);
    var partial = document.getElementById("partial");
    if (partial) partial.hidden = true;
  }
  var rows = Array.prototype.slice.call(tbody.rows);
  var count = document.getElementById("count");
  form.hidden = false;

  // 全角转半角、统一大小写，去掉空白：中文子串直接用 indexOf 匹配。
  function norm(s) {
    return (s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }
  rows.forEach(function (r) { r._text = norm(r.getAttribute("data-text")); });

  function state() {
    var s = {};
    ["unit", "stage", "category", "light", "q"].forEach(function (k) { s[k] = form.elements[k].value; });
    return s;
  }

  function apply() {
    var s = state();
    var q = norm(s.q);
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!s.unit || r.getAttribute("data-unit") === s.unit) &&
               (!s.stage || r.getAttribute("data-stage") === s.stage) &&
               (!s.category || r.getAttribute("data-category") === s.category) &&
               (!s.light || r.getAttribute("data-light") === s.light) &&
               (!q || r._text.indexOf(q) !== -1);
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 个项目";
    total();
    var empty = document.getElementById("empty");
    if (empty) empty.hidden = shown > 0;
    var parts = [];
    Object.keys(s).forEach(function (k) { if (s[k]) parts.push(k + "=" + encodeURIComponent(s[k])); });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }

  // The address defines the whole filter state (a forwarded link shows the same rows).
  function load() {
    ["unit", "stage", "category", "light", "q"].forEach(function (k) { form.elements[k].value = ""; });
    var h = location.hash.replace(/^#/, "");
    if (!h) return;
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      var k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1));
      if (form.elements[k]) form.elements[k].value = v;
    });
  }

  // 合计行：筛选出的、未终止项目的总投资（万元）与供地（亩）。
  function group(x, places) {
    var s = x.toFixed(places);
    if (places > 0) s = s.replace(/0+$/, "").replace(/\.$/, "");
    var parts = s.split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }
  function total() {
    var n = 0, inv = 0, land = 0;
    rows.forEach(function (r) {
      if (r.hidden || r.getAttribute("data-light") === "terminated") return;
      // 增资：只计投资额，不计项目个数。
      if (!r.hasAttribute("data-expands")) n++;
      inv += parseFloat(r.cells[5].getAttribute("data-value")) || 0;
      land += parseFloat(r.cells[6].getAttribute("data-value")) || 0;
    });
    var set = function (id, text) { var el = document.getElementById(id); if (el) el.textContent = text; };
    set("total-count", String(n));
    set("total-investment", inv ? group(inv, 0) : "—");
    set("total-land", group(land, 3));
  }

  var collator = new Intl.Collator("zh-Hans-CN", { numeric: true });
  function key(row, col, type) {
    var cell = row.cells[col];
    var v = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (type === "num") { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return v;
  }
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    var type = th.getAttribute("data-sort");
    if (!type) return;
    th.tabIndex = 0;
    th.title = "点击排序";
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var sorted = rows.slice().sort(function (a, b) {
        var x = key(a, col, type), y = key(b, col, type);
        // 空值（无下一期限、无供地等）无论升序降序都排在最后。
        var bx = x === "" || x === -Infinity, by = y === "" || y === -Infinity;
        if (bx || by) return bx === by ? 0 : bx ? 1 : -1;
        var c = type === "num" ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y);
        return asc ? c : -c;
      });
      sorted.forEach(function (r) { tbody.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("hashchange", function () { load(); apply(); });
  load();
  apply();
})();
