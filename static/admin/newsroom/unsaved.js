// The article change page: a decision (approve, reject, publish...) is its own form and
// does not save edits typed into the article's form, so ask before it throws them away.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var articleForm = document.getElementById("article_form");
    if (!articleForm) return;
    var edited = false;
    articleForm.addEventListener("input", function () { edited = true; });
    articleForm.addEventListener("change", function () { edited = true; });

    document.querySelectorAll("form.review-decision").forEach(function (decision) {
      decision.addEventListener("submit", function (event) {
        var question = "You have edited this article without saving. A decision does not save those edits: " +
          "make the decision and lose them?";
        if (edited && !window.confirm(question)) event.preventDefault();
      });
    });
  });
})();
