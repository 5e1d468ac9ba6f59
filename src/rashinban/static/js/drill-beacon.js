// Practice drill pages: a short summary of how the page was used, so the server can tell a person from a mail
// scanner's sandbox (drills/classify.py). It goes in the query string of the press (「続行」, the fake form,
// the report button), or in a beacon when someone uses the page and leaves without pressing. Nothing typed, no
// position, no identifier: only timings, counts and the kind of input. Without JavaScript the forms still work.
(function () {
  var start = performance.now();
  var first = null, moves = 0, jumps = 0, last = null, press = null, done = false;

  function now() { return Math.round(performance.now() - start); }
  function seen() { if (first === null) { first = now(); } }

  window.addEventListener("pointermove", function (e) {
    seen();
    if (e.pointerType !== "mouse") { return; }
    moves += 1;
    if (last && Math.abs(e.clientX - last[0]) + Math.abs(e.clientY - last[1]) > 100) { jumps += 1; }
    last = [e.clientX, e.clientY];
  }, { passive: true });
  ["scroll", "wheel", "touchstart"].forEach(function (name) {
    window.addEventListener(name, seen, { passive: true });
  });

  function pressed(e, kind) {
    seen();
    var box = e.currentTarget.getBoundingClientRect();
    var centred = kind !== "key" && Math.abs(e.clientX - (box.left + box.width / 2)) <= 1 &&
      Math.abs(e.clientY - (box.top + box.height / 2)) <= 1;
    press = { at: now(), down: performance.now(), ms: null, kind: kind, centred: centred, trusted: e.isTrusted };
  }

  function query(wasPressed) {
    var p = press || { at: now(), ms: null, kind: "", centred: false, trusted: true };
    var parts = ["js=1", "t=" + p.at, "m=" + moves, "j=" + jumps, "c=" + (p.centred ? 1 : 0),
      "i=" + ({ mouse: "m", touch: "t", pen: "p", key: "k" }[p.kind] || ""), "tr=" + (p.trusted ? 1 : 0),
      "wd=" + (navigator.webdriver ? 1 : 0), "p=" + (wasPressed ? 1 : 0)];
    if (first !== null) { parts.push("f=" + first); }
    if (p.ms !== null) { parts.push("d=" + p.ms); }
    return parts.join("&");
  }

  document.querySelectorAll("form[data-signals]").forEach(function (form) {
    form.querySelectorAll("button").forEach(function (button) {
      button.addEventListener("pointerdown", function (e) { pressed(e, e.pointerType); });
      button.addEventListener("pointerup", function () {
        if (press && press.ms === null) { press.ms = Math.round(performance.now() - press.down); }
      });
      button.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { pressed(e, "key"); }
      });
      button.addEventListener("click", function (e) {
        if (!press) { press = { at: now(), ms: null, kind: "", centred: false, trusted: e.isTrusted }; }
        press.trusted = press.trusted && e.isTrusted;
      });
    });
    form.addEventListener("submit", function () {
      done = true;
      form.action = form.getAttribute("action").split("?")[0] + "?" + query(true);
    });
  });

  var page = document.getElementById("lure");
  function leave() {
    if (done || first === null || !page || !navigator.sendBeacon) { return; }
    done = true;
    navigator.sendBeacon(page.getAttribute("data-beacon") + "?" + query(false), "");
  }
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { leave(); }
  });
})();
