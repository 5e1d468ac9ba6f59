// Practice drill landing page: tell the server a person (not a mail scanner) is here, on the first real
// interaction. Without JavaScript the 「続行」 button does the same. Sends nothing typed.
(function () {
  var page = document.getElementById("lure");
  if (!page || !navigator.sendBeacon) { return; }
  var sent = false;
  function send() {
    if (sent) { return; }
    sent = true;
    navigator.sendBeacon(page.getAttribute("data-beacon"), "");
  }
  ["pointermove", "pointerdown", "touchstart", "keydown", "scroll"].forEach(function (name) {
    window.addEventListener(name, send, { once: true, passive: true });
  });
})();
