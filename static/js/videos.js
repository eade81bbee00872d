// Lesson page: chapter and transcript links seek the player; #t=SECONDS in the address seeks
// on load; a captions button; members' position saved at most every 15 s. Without this script
// the links reload the page at ?t=SECONDS (a media fragment on the video) and nothing breaks.
(function () {
  "use strict";
  var box = document.querySelector("[data-lesson-player]");
  if (!box) return;
  var video = box.querySelector("video");
  var status = box.querySelector("[data-player-status]");
  var SAVE_EVERY_MS = 15000;

  function say(text) { if (status) status.textContent = text; }

  function label(seconds) {
    var s = Math.floor(seconds), m = Math.floor(s / 60);
    return m + ":" + String(s % 60).padStart(2, "0");
  }

  function seek(seconds, play) {
    var go = function () {
      video.currentTime = seconds;
      if (play) { var p = video.play(); if (p && p.catch) p.catch(function () {}); }
    };
    if (video.readyState >= 1) go(); else video.addEventListener("loadedmetadata", go, { once: true });
    say("Playing from " + label(seconds));
  }

  function hashSeconds() {
    var match = /^#t=(\d+(?:\.\d+)?)$/.exec(window.location.hash);
    return match ? parseFloat(match[1]) : null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-seek]");
    if (!link) return;
    event.preventDefault();
    var seconds = parseFloat(link.getAttribute("data-seek"));
    history.replaceState(null, "", "#t=" + Math.floor(seconds));
    seek(seconds, true);
    video.focus();
  });

  var fromHash = hashSeconds();
  if (fromHash !== null) seek(fromHash, false);
  window.addEventListener("hashchange", function () {
    var seconds = hashSeconds();
    if (seconds !== null) seek(seconds, false);
  });

  // While playing, the current chapter and transcript paragraph are marked (aria-current).
  function marker(selector) {
    var links = Array.prototype.slice.call(document.querySelectorAll(selector));
    return function (now) {
      var current = null;
      links.forEach(function (link) {
        if (parseFloat(link.getAttribute("data-seek")) <= now + 0.25) current = link;
      });
      links.forEach(function (link) {
        var on = link === current;
        if (on) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
        if (link.parentElement.tagName === "P") link.parentElement.classList.toggle("is-current", on);
      });
    };
  }
  var markChapter = marker(".lesson-chapters a[data-seek]");
  var markParagraph = marker(".lesson-transcript a[data-seek]");
  video.addEventListener("timeupdate", function () {
    markChapter(video.currentTime);
    markParagraph(video.currentTime);
  });

  // Captions: on by default (the track's `default`); this button mirrors the player's own menu.
  var toggle = box.querySelector("[data-captions-toggle]");
  var track = video.textTracks && video.textTracks[0];
  if (toggle && track) {
    toggle.hidden = false;
    var sync = function () {
      var on = track.mode === "showing";
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      toggle.textContent = on ? "Captions on" : "Captions off";
    };
    toggle.addEventListener("click", function () {
      track.mode = track.mode === "showing" ? "hidden" : "showing";
      sync();
      say(track.mode === "showing" ? "Captions on" : "Captions off");
    });
    video.textTracks.addEventListener("change", sync);
    sync();
  }

  // Members: save the position while playing (at most every 15 s), on pause and on leaving.
  var url = box.getAttribute("data-progress-url");
  if (!url) return;
  var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] ||
    (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var lastSaved = 0;
  var lastSeconds = -1;

  function save(extra) {
    // Watched to the end: next time starts from the beginning.
    var seconds = extra ? 0 : Math.floor(video.currentTime);
    if (!extra && seconds === lastSeconds) return;
    lastSaved = Date.now();
    lastSeconds = seconds;
    var body = new URLSearchParams({ seconds: String(seconds) });
    if (extra) body.set("watched", extra);
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
    }).catch(function () {});
  }

  // Never more than one save per 15 s (the watched mark at the end excepted).
  function due() { return Date.now() - lastSaved >= SAVE_EVERY_MS; }
  video.addEventListener("play", function () { if (!lastSaved) lastSaved = Date.now(); });
  video.addEventListener("timeupdate", function () { if (!video.paused && due()) save(); });
  video.addEventListener("pause", function () { if (!video.ended && due()) save(); });
  video.addEventListener("ended", function () { save("1"); say("Marked as watched"); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && video.currentTime > 0 && !video.ended && due()) save();
  });
})();
