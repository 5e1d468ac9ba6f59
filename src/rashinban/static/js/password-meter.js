// Live strength meter of the password check page. The password goes in a POST body to our own JSON endpoint
// (never in a URL), debounced; the page works without this file through the form's normal POST.
(function () {
  "use strict";
  var meter = document.getElementById("password-meter");
  var form = document.getElementById("check-form");
  var input = form && form.querySelector('input[name="password"]');
  var token = form && form.querySelector('input[name="csrfmiddlewaretoken"]');
  if (!meter || !input || !token || !window.fetch || !window.FormData) {
    return;
  }
  var bar = document.getElementById("meter-bar");
  var label = document.getElementById("meter-label");
  var time = document.getElementById("meter-time");
  var findings = document.getElementById("meter-findings");
  var feedback = document.getElementById("meter-feedback");
  var timer = null;
  var controller = null;

  function fill(list, items, className) {
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.text;
      if (item.severity) {
        li.className = className + " severity-" + item.severity;
      }
      list.appendChild(li);
    });
  }

  function show(data) {
    if (!data || data.empty || data.error) {
      bar.value = 0;
      label.textContent = data && data.error ? data.error : "–";
      time.textContent = "";
      fill(findings, [], "");
      fill(feedback, [], "");
      return;
    }
    bar.value = data.score;
    label.textContent = data.label;
    time.textContent = data.crack_time_label;
    fill(findings, data.findings.map(function (f) { return { text: f.title, severity: f.severity }; }), "finding");
    var tips = data.feedback.warning ? [data.feedback.warning] : [];
    fill(feedback, tips.concat(data.feedback.suggestions).map(function (t) { return { text: t }; }), "");
  }

  function check() {
    if (controller) {
      controller.abort();
    }
    if (!input.value) {
      show(null);
      return;
    }
    controller = window.AbortController ? new AbortController() : null;
    var body = new FormData();
    body.append("password", input.value);
    fetch(meter.getAttribute("data-url"), {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": token.value, "Accept": "application/json" },
      credentials: "same-origin",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json();
    }).then(show).catch(function () { /* aborted or offline: the form still works */ });
  }

  meter.hidden = false;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 250);
  });
})();
