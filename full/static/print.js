// 通报页的“打印 / 存为 PDF”按钮。放在单独文件里，因为网页的内容安全策略（CSP）
// 不允许内联脚本；没有脚本时按钮保持隐藏，可用浏览器菜单打印。
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
