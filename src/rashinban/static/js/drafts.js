// Questionnaire drafts (assessments/drafts.py): every change is posted with save_draft, quietly, so that
// answers survive leaving the page. Without JavaScript the form's "Save draft" button does the same.
(function () {
  "use strict";
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var status = document.getElementById(form.id + "-draft-status");
    var timer = null;
    function save() {
      if (!form.hasAttribute("data-draft")) { return; }
      var data = new FormData(form);
      data.set("save_draft", "1");
      fetch(form.getAttribute("action") || window.location.href, {
        method: "POST", body: data, credentials: "same-origin", headers: {"X-Rashinban-Draft": "1"}
      }).then(function (response) {
        if (!response.ok) { return null; }
        return response.json();
      }).then(function (body) {
        if (body && status) { status.textContent = status.dataset.savedText + " (" + body.at + ")"; }
        form.dataset.draftSaved = String(body ? body.saved : "");
      }).catch(function () { /* the button still works */ });
    }
    form.addEventListener("change", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 250);
    });
    // Sending the answers discards the draft on the server: no draft may be saved after it.
    form.addEventListener("submit", function (event) {
      window.clearTimeout(timer);
      if (!event.submitter || event.submitter.name !== "save_draft") { form.removeAttribute("data-draft"); }
    });
  });
})();
