// The article change page: a decision (approve, reject, publish...) and a suggested topic
// are forms of their own (data-discards-edits) that do not save edits typed into the
// article's form, so ask before they throw them away.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var articleForm = document.getElementById("article_form");
    if (!articleForm) return;
    var edited = false;
    articleForm.addEventListener("input", function () { edited = true; });
    articleForm.addEventListener("change", function () { edited = true; });

    document.querySelectorAll("form[data-discards-edits]").forEach(function (other) {
      other.addEventListener("submit", function (event) {
        var question = "You have edited this article without saving. This does not save those edits: " +
          "go on and lose them?";
        if (edited && !window.confirm(question)) event.preventDefault();
      });
    });
  });
})();
