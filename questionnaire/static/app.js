// Small progressive enhancements shared by every page; everything works without them.
(function () {
  "use strict";
  // Confirm before actions marked data-confirm (e.g. deleting a question).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // The builder's question form: show only the options of the chosen answer type (all are shown, grouped
  // and labelled, without this script).
  var kind = document.getElementById("kind");
  var groups = document.querySelectorAll("[data-kinds]");
  if (kind && groups.length) {
    var sync = function () {
      Array.prototype.forEach.call(groups, function (group) {
        group.hidden = group.getAttribute("data-kinds").split(" ").indexOf(kind.value) < 0;
      });
      Array.prototype.forEach.call(document.querySelectorAll("[data-kinds-all]"), function (note) { note.hidden = true; });
    };
    kind.addEventListener("change", sync);
    sync();
  }
  // Move focus to an error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
