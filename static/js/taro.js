// Taro: small progressive enhancements. Every feature works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
})();
