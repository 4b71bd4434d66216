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
  // Move focus to an error summary so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
