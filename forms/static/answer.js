// Cluster pages: follow-ups shown at once, autosave a few seconds after typing stops, a warning before
// leaving with unsaved changes, and changes saved before the reply's language changes (that reloads the
// page). Without this script the Save button does everything, and the language's button saves as it does.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form || !form.getAttribute("data-autosave-url")) { return; }
  var status = document.getElementById("save-status");
  var DELAY = 2500;
  var RETRY = 10000;
  var timer = null;
  var dirty = false;
  var saving = false;
  var changedWhileSaving = false;
  var languageButton = document.querySelector(".reply-language button[form='answer-form'][formaction]");
  var languageWaits = false;  // the reply's language changes once the changes typed so far are saved

  function text(name, time) {
    return (status.getAttribute("data-" + name) || name).replace("{time}", time || "");
  }
  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("is-error", !!isError);
  }

  // Follow-ups: the same rule as the server (questionnaire.answering.visible_keys), for parents on this page.
  function parentValues(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && input.checked) { values.push(input.value); }
    });
    return values;
  }
  function updateFollowUps() {
    form.querySelectorAll("[data-show-if-parent]").forEach(function (block) {
      var parentName = block.getAttribute("data-show-if-parent");
      var wanted = block.getAttribute("data-show-if-in").split(" ");
      var parentInput = form.querySelector("[name='" + parentName + "']");
      var parentBlock = parentInput ? parentInput.closest(".question") : null;
      var parentShown = !parentBlock || !parentBlock.hidden;
      var shown = parentShown && parentValues(parentName).some(function (v) { return wanted.indexOf(v) >= 0; });
      block.hidden = !shown;  // hidden text is kept and still saved
    });
  }

  function updateBases(bases) {
    Object.keys(bases || {}).forEach(function (name) {
      var input = form.querySelector("input[name='base_" + name.slice(2) + "']");
      if (input) { input.value = bases[name]; }
    });
  }

  function showPageVersion() {
    // Conflicts and expired sessions are handled by the page itself: post the form the ordinary way.
    window.removeEventListener("beforeunload", warn);
    HTMLFormElement.prototype.submit.call(form);
  }

  function save() {
    timer = null;
    if (saving) { changedWhileSaving = true; return; }
    saving = true;
    changedWhileSaving = false;
    say(text("saving"));
    fetch(form.getAttribute("data-autosave-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 400) { showPageVersion(); return null; }
      if (!response.ok && response.status !== 409) { throw new Error(String(response.status)); }
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (reply) {
      saving = false;
      if (!reply) { return; }
      if (reply.data.error) { languageWaits = false; say(reply.data.error, true); dirty = false; return; }
      updateBases(reply.data.bases);
      if (reply.data.conflicts && reply.data.conflicts.length) { showPageVersion(); return; }
      var problems = Object.keys(reply.data.errors || {}).length;
      if (!changedWhileSaving) { dirty = problems > 0; }
      if (problems) {
        say(text("problems", reply.data.saved_at), true);
      } else {
        say(text("saved", reply.data.saved_at));
      }
      if (changedWhileSaving) {
        if (languageWaits) { dirty = true; save(); } else { schedule(); }
        return;
      }
      if (languageWaits) {
        if (problems) { keepLanguage(); } else { changeLanguage(); }
      }
    }).catch(function () {
      saving = false;
      say(text("retrying"), true);
      if (languageWaits) { keepLanguage(); }
      timer = window.setTimeout(save, RETRY);
    });
  }

  function schedule() {
    dirty = true;
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, DELAY);
  }

  function warn(event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; return ""; }
    return undefined;
  }

  // The reply's language: its button posts the answer form to the address that saves the answers and then
  // changes the language (without this script too), and the page reloads in the new language. What is typed
  // and not yet saved is saved here first, so that the language changes only when everything is saved, else it
  // stays and the status line says why (nothing typed is lost either way). A browser that does not tell which
  // button submitted the form posts it at once: the server then saves first and keeps the language the same way.
  function changeLanguage() {
    languageWaits = false;
    if (form.requestSubmit) { form.requestSubmit(languageButton); } else { languageButton.click(); }
  }
  function keepLanguage() {
    languageWaits = false;
    say(text("language-kept"), true);
  }
  function submitted(event) {
    if (languageButton && event.submitter === languageButton && (dirty || saving)) {
      event.preventDefault();
      languageWaits = true;
      if (timer) { window.clearTimeout(timer); timer = null; }
      if (!saving) { save(); }
      return;
    }
    dirty = false;
    window.removeEventListener("beforeunload", warn);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", function () { updateFollowUps(); schedule(); });
  form.addEventListener("submit", submitted);
  window.addEventListener("beforeunload", warn);
  updateFollowUps();
})();
