// The report page's Print button: shown only when this script runs, so a page without
// JavaScript has no dead button (the browser's own print command still works).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
