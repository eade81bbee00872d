/* The workbench's enhancements: live word counters, one-click copy, confirmations on buttons.
   Everything works without them (the server counts words; the text to copy is on the page). */
(function () {
  "use strict";

  function words(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function setUpCounter(counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) { return; }
    var limit = parseInt(field.getAttribute("data-word-limit"), 10);
    function update() {
      var count = words(field.value);
      var left = limit - count;
      counter.textContent = count + " / " + limit + " words" +
        (left < 0 ? ": " + (-left) + " over the limit" : "");
      counter.classList.toggle("wb-counter--over", left < 0);
    }
    counter.hidden = false;
    field.addEventListener("input", update);
    update();
    // Over the limit: say so here rather than send a form the server will refuse.
    if (field.form) {
      field.form.addEventListener("submit", function (event) {
        if (words(field.value) > limit) {
          event.preventDefault();
          update();
          field.focus();
        }
      });
    }
  }

  function setUpCopy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }, function () { source.select(); });
    });
  }

  function setUpConfirmButton(button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  }

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  document.addEventListener("DOMContentLoaded", function () {
    each("[data-counter-for]", setUpCounter);
    each("button[data-copy]", setUpCopy);
    each("button[data-confirm]", setUpConfirmButton);
  });
})();
