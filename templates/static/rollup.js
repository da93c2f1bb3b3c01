// 分级汇总：按县、灯号筛选，点表头排序。纯本地脚本，不联网；没有脚本时表格照常显示全部项目。
// 名称等文字不当作 HTML 解析：只移动已有的行。
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("tracked");
  if (!form || !table) return;
  form.hidden = false;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var count = document.getElementById("count");
  var empty = document.getElementById("empty");
  function apply() {
    var county = form.elements.county.value;
    var light = form.elements.light.value;
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = (!county || tr.getAttribute("data-county") === county) &&
        (!light || tr.getAttribute("data-light") === light);
      tr.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 个项目";
    if (empty) empty.hidden = shown > 0;
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, i) {
    var kind = th.getAttribute("data-sort");
    if (!kind) return;
    th.tabIndex = 0;
    function key(tr) {
      var td = tr.cells[i];
      var v = td.hasAttribute("data-value") ? td.getAttribute("data-value") : td.textContent;
      return kind === "num" ? (parseFloat(v) || 0) : v;
    }
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var dir = asc ? 1 : -1;
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = kind === "num" ? x - y : String(x).localeCompare(String(y), "zh-CN");
        return c * dir;
      });
      rows.forEach(function (tr) { tbody.appendChild(tr); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
  apply();
})();
