// The dashboard's folds ("everything else"): a closed fold holds only a link to its own page. When it is
// opened, that page is fetched and its body shown inside the fold, so the dashboard does not pay for panels
// nobody opens. Without this script the link still leads to the same content.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("details.fold[data-fold]").forEach(function (fold) {
    fold.addEventListener("toggle", function () {
      if (!fold.open || fold.dataset.state) return;
      fold.dataset.state = "loading";
      fetch(fold.dataset.fold, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          var body = new DOMParser().parseFromString(html, "text/html").getElementById("fold-body");
          var placeholder = fold.querySelector(".fold-load");
          if (!body || !placeholder) throw new Error("no fold body");
          placeholder.replaceWith.apply(placeholder, Array.from(body.childNodes));
          fold.dataset.state = "loaded";
        })
        .catch(function () {
          fold.dataset.state = "";  // the link stays; opening the fold again tries again
        });
    });
  });
});
