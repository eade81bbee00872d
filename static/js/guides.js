// Guide pages: small enhancements; the page works fully without this file.
// 1. Clicking a heading's "#" still jumps to it (the address bar shows the permalink) and
//    also copies the link. 2. The side contents marks the section being read.
(function () {
  "use strict";
  var body = document.querySelector(".guide-body");
  if (!body) return;
  var status = document.querySelector("[data-guide-status]");

  body.addEventListener("click", function (event) {
    var anchor = event.target.closest("a.anchor");
    if (!anchor || !navigator.clipboard) return;
    navigator.clipboard.writeText(anchor.href).then(function () {
      anchor.classList.add("anchor--copied");
      if (status) status.textContent = "Link to this section copied.";
      window.setTimeout(function () {
        anchor.classList.remove("anchor--copied");
        if (status) status.textContent = "";
      }, 2000);
    }, function () { /* Clipboard refused: the jump and the address bar still work. */ });
  });

  var links = document.querySelectorAll(".guide-toc-side a[href^='#']");
  if (!links.length || !("IntersectionObserver" in window)) return;
  var byId = {};
  links.forEach(function (link) { byId[decodeURIComponent(link.hash.slice(1))] = link; });
  var current = null;
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting || !byId[entry.target.id]) return;
      if (current) current.removeAttribute("aria-current");
      current = byId[entry.target.id];
      current.setAttribute("aria-current", "location");
    });
  }, { rootMargin: "0px 0px -70% 0px" });
  body.querySelectorAll("h2[id], h3[id]").forEach(function (heading) { observer.observe(heading); });
})();
