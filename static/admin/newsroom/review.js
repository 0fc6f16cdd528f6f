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

  // Where a digit is text (a note, a score) rather than the choice of a rejection reason.
  function isWritingText(target) {
    return isTyping(target) && !["radio", "checkbox", "button", "submit"].includes(target.type);
  }

  ready(function () {
    var root = document.querySelector("[data-review-mode]");
    if (!root) return;
    var rejectForm = root.querySelector('[data-form="reject"]');
    var choosingReason = false;
    var submitted = false; // keys are ignored until the decision's page arrives: no double decisions

    root.addEventListener("submit", function () { submitted = true; });
    window.addEventListener("pageshow", function () { submitted = false; });

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

    // Esc leaves nothing half-done: a reason picked, a note or a score typed are undone.
    function cancel() {
      var focused = document.activeElement;
      if (choosingReason) rejectForm.reset();
      if (focused && focused.form && root.contains(focused.form)) focused.form.reset();
      stopRejecting();
      if (focused) focused.blur();
    }

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (submitted) {
        event.preventDefault();
        return;
      }
      if (event.key === "Escape") {
        cancel();
        return;
      }
      if (choosingReason && !isWritingText(event.target) && /^[1-9]$/.test(event.key)) {
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
