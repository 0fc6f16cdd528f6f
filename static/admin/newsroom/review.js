// Review mode: triage the queue from the keyboard alone (see the key list on the page).
(function () {
  "use strict";

  function ready(callback) {
    if (document.readyState !== "loading") callback();
    else document.addEventListener("DOMContentLoaded", callback);
  }

  function isTyping(target) {
    return target && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));
  }

  ready(function () {
    var root = document.querySelector("[data-review-mode]");
    if (!root) return;
    var rejectForm = root.querySelector('[data-form="reject"]');
    var choosingReason = false;

    function follow(key) {
      var link = root.querySelector('[data-key="' + key + '"]');
      if (!link) return;
      if (link.target === "_blank") window.open(link.href, "_blank", "noopener");
      else window.location.assign(link.href);
    }

    function submit(name) {
      var form = root.querySelector('[data-form="' + name + '"]');
      if (form) form.requestSubmit();
    }

    function startRejecting() {
      if (!rejectForm) return;
      choosingReason = true;
      rejectForm.classList.add("review-choosing");
      var first = rejectForm.querySelector("[data-reason-key]");
      if (first) first.focus();
    }

    function stopRejecting() {
      choosingReason = false;
      if (rejectForm) rejectForm.classList.remove("review-choosing");
    }

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Escape") {
        stopRejecting();
        if (document.activeElement) document.activeElement.blur();
        return;
      }
      if (choosingReason && /^[1-9]$/.test(event.key)) {
        var reason = rejectForm.querySelector('[data-reason-key="' + event.key + '"]');
        if (reason) {
          event.preventDefault();
          reason.checked = true;
          rejectForm.requestSubmit();
        }
        return;
      }
      if (isTyping(event.target)) return;
      var actions = {
        j: function () { follow("next"); },
        ArrowRight: function () { follow("next"); },
        k: function () { follow("previous"); },
        ArrowLeft: function () { follow("previous"); },
        a: function () { submit("approve"); },
        r: startRejecting,
        s: function () {
          var input = root.querySelector("[data-quality-input]");
          if (input) { input.focus(); input.select(); }
        },
        o: function () { follow("original"); },
        p: function () { follow("preview"); }
      };
      var action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    });
  });
})();
