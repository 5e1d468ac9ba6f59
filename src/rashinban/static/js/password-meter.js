// Live strength meter of the password check page. Everything is computed here, in the browser: the typed
// password is never sent anywhere (no request, no storage). The field has no name, so no form can post it.
// The rule and its texts come from the page (data-* attributes, from the facts registry and the catalogue):
// length first (data-min-length for a password used alone, data-mfa-length at least), no mix of kinds required.
(function () {
  "use strict";
  var meter = document.getElementById("password-meter");
  var input = document.getElementById("meter-input");
  if (!meter || !input) {
    return;
  }
  var bar = document.getElementById("meter-bar");
  var label = document.getElementById("meter-label");
  var findings = document.getElementById("meter-findings");
  var minLength = parseInt(meter.getAttribute("data-min-length"), 10) || 15;
  var mfaLength = parseInt(meter.getAttribute("data-mfa-length"), 10) || 8;
  var text = function (name) { return meter.getAttribute("data-text-" + name) || name; };
  // The passwords attackers try first (a short list: the server-side check knows many more).
  var COMMON = ["password", "passw0rd", "123456", "12345678", "123456789", "1234567890", "qwerty", "qwertyuiop",
    "111111", "abc123", "iloveyou", "admin", "welcome", "letmein", "monkey", "dragon", "sakura", "tanaka",
    "tokyo", "pokemon", "doraemon", "p@ssw0rd", "password1", "password123", "asdfghjkl", "zxcvbnm"];
  var ROWS = ["1234567890-^", "qwertyuiop@[", "asdfghjkl;:]", "zxcvbnm,./", "1qaz2wsx3edc4rfv5tgb6yhn"];

  function pool(value) {
    var size = 0;
    if (/[a-z]/.test(value)) { size += 26; }
    if (/[A-Z]/.test(value)) { size += 26; }
    if (/[0-9]/.test(value)) { size += 10; }
    if (/[^a-zA-Z0-9]/.test(value)) { size += 33; }
    return size || 1;
  }

  function keyboardWalk(value) {
    var lower = value.toLowerCase();
    for (var r = 0; r < ROWS.length; r++) {
      for (var i = 0; i + 4 <= ROWS[r].length; i++) {
        var run = ROWS[r].substr(i, 4);
        if (lower.indexOf(run) >= 0 || lower.indexOf(run.split("").reverse().join("")) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  function assess(value) {
    var lower = value.toLowerCase();
    var common = COMMON.indexOf(lower) >= 0;
    // Repeated characters and runs add little: count the distinct-ish length.
    var effective = value.replace(/(.)\1{2,}/g, "$1$1").length;
    var bits = effective * Math.log(pool(value)) / Math.LN2;
    var walk = keyboardWalk(value);
    if (walk) { bits -= 12; }
    var score = common ? 0 : bits < 28 ? 0 : bits < 40 ? 1 : bits < 55 ? 2 : bits < 70 ? 3 : 4;
    if (value.length < mfaLength) { score = Math.min(score, 1); }
    var found = [];
    if (common) { found.push({ text: text("common"), severity: "critical" }); }
    if (value.length < minLength) {
      found.push({ text: text("short"), severity: value.length < mfaLength ? "medium" : "low" });
    }
    if (walk) { found.push({ text: text("keyboard"), severity: "medium" }); }
    return { score: score, findings: found };
  }

  function fill(items) {
    while (findings.firstChild) {
      findings.removeChild(findings.firstChild);
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.text;
      li.className = "finding severity-" + item.severity;
      findings.appendChild(li);
    });
  }

  function show() {
    var value = input.value;
    if (!value) {
      bar.value = 0;
      label.textContent = "–";
      fill([]);
      return;
    }
    var result = assess(value);
    bar.value = result.score;
    label.textContent = text("score-" + result.score);
    fill(result.findings);
  }

  meter.hidden = false;
  input.addEventListener("input", show);
})();
