// 项目台账：筛选与排序。纯本地脚本，不联网；没有脚本时表格照常显示全部项目。
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("ledger");
  if (!form || !table) return;
  var tbody = table.tBodies[0];
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
      n++;
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
