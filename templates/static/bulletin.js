// The bulletin's print button (no inline script: the pages' CSP forbids it).
"use strict";
for (const b of document.querySelectorAll("button[data-print]")) {
  b.addEventListener("click", () => window.print());
}
