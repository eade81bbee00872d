// Taro: small progressive enhancements. Every feature works without this file:
// forms post and redirect, "Show more" is a link, previews have a server-side step.
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  // Live preview: the server renders with the same pipeline the saved post uses.
  function setUpPreview(form) {
    var textarea = form.querySelector("textarea[name=body]");
    var box = form.querySelector("[data-preview]");
    var target = form.querySelector("[data-preview-body]");
    if (!textarea || !box || !target) { return; }
    var update = debounce(function () {
      if (textarea.value.trim().length === 0) { box.hidden = true; return; }
      var data = new FormData();
      data.append("body", textarea.value);
      fetch("/questions/preview/", { method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (json) {
          if (!json) { return; }
          target.innerHTML = json.html; // sanitized by the server's nh3 allow-list
          box.hidden = false;
        })
        .catch(function () { /* the Preview button still works */ });
    }, 400);
    textarea.addEventListener("input", update);
    // Sent back with errors (or after Preview): the preview shows what is already typed.
    if (box.hidden && textarea.value.trim().length > 0) { update(); }
  }

  // A refused form comes back with its error summary: move focus there, where the eye is.
  function focusErrors() {
    var summary = document.querySelector(".form-errors");
    if (!summary) { return; }
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  // Similar questions and relevant guide sections while typing a title.
  function fillList(list, items, render) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url; a.target = "_blank"; a.rel = "noopener";
      render(li, a, item);
      list.appendChild(li);
    });
    list.parentNode.hidden = items.length === 0;
  }

  function setUpSimilar(form) {
    var url = form.getAttribute("data-similar-url");
    var title = form.querySelector("input[name=title]");
    var box = form.querySelector("[data-similar]");
    if (!url || !title || !box) { return; }
    var questions = form.querySelector("[data-similar-list]");
    var sections = form.querySelector("[data-sections-list]");
    var lookup = debounce(function () {
      if (title.value.trim().length < 8) { box.hidden = true; return; }
      fetch(url + "?title=" + encodeURIComponent(title.value), { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { questions: [], sections: [] }; })
        .then(function (json) {
          fillList(questions, json.questions, function (li, a, q) {
            a.textContent = q.title;
            li.appendChild(a);
            var meta = document.createElement("span");
            meta.className = "muted small";
            meta.textContent = " · " + q.answers + (q.answers === 1 ? " answer" : " answers");
            li.appendChild(meta);
          });
          fillList(sections, json.sections || [], function (li, a, s) {
            a.textContent = s.section ? s.guide + " \u203a " + s.section : s.guide;
            li.appendChild(a);
          });
          box.hidden = json.questions.length === 0 && (json.sections || []).length === 0;
        })
        .catch(function () { box.hidden = true; });
    }, 350);
    title.addEventListener("input", lookup);
  }

  // Votes update in place; without JavaScript the form posts and redirects.
  function setUpVote(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      var action = form.querySelector("input[name=action]");
      // form.action would return the <input name="action">, not the URL.
      var url = form.getAttribute("action");
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken(form) } })
        .then(function (r) {
          if (r.redirected || !r.ok) { window.location.href = r.url || url; return null; }
          return r.json();
        })
        .then(function (json) {
          if (!json) { return; }
          form.querySelector("[data-score]").textContent = json.score;
          button.setAttribute("aria-pressed", json.voted ? "true" : "false");
          action.value = json.voted ? "undo" : "up";
          button.querySelector(".visually-hidden").textContent = json.voted ? "Remove your upvote" : "Upvote";
        })
        .catch(function () { form.submit(); });
    });
  }

  // "Show more" expands a clamped excerpt in place instead of navigating.
  function setUpShowMore(link) {
    var excerpt = document.getElementById(link.getAttribute("data-expand"));
    if (!excerpt) { return; }
    link.addEventListener("click", function (event) {
      if (excerpt.classList.contains("excerpt--open")) { return; } // second click follows the link
      event.preventDefault();
      excerpt.classList.add("excerpt--open");
      link.firstChild.textContent = "Read the thread";
    });
  }

  // Share copies the link when the clipboard is available.
  function setUpShare(link) {
    link.addEventListener("click", function (event) {
      if (!navigator.clipboard) { return; }
      event.preventDefault();
      var url = new URL(link.getAttribute("href"), window.location.href).href;
      navigator.clipboard.writeText(url).then(function () {
        link.textContent = "Link copied";
        setTimeout(function () { link.textContent = "Share"; }, 2000);
      }, function () { window.location.href = url; });
    });
  }

  function setUpConfirm(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  }

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.classList.add("js");
    each("form[data-editor]", function (f) { setUpPreview(f); setUpSimilar(f); });
    each("form[data-vote]", setUpVote);
    each("a[data-expand]", setUpShowMore);
    each("a[data-share]", setUpShare);
    each("form[data-confirm]", setUpConfirm);
    focusErrors();
  });
})();
