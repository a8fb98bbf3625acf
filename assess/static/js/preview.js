// A questionnaire preview: as values are typed, ask which questions apply and show only those,
// as the area page does after each save. Nothing is saved; without scripts, the form's button
// sends the values and the page comes back drawn for them.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview]");
  if (!form) {
    return;
  }
  var timer = null;
  var asked = 0;

  // The areas' links carry what was typed, so conditions on other areas see it too.
  function carryInLinks(query) {
    document.querySelectorAll(".area-nav a").forEach(function (link) {
      link.href = link.href.split("?")[0] + (query ? "?" + query : "");
    });
  }

  function ask() {
    var mine = ++asked;
    var query = new URLSearchParams(new FormData(form)).toString();
    carryInLinks(query);
    fetch(form.getAttribute("data-applicable-url") + "?" + query, {
      headers: {"Accept": "application/json"},
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (body && mine === asked) {  // an older answer must not undo a newer one
        window.assessApplicable.show(form, body.applicable);
        window.assessApplicable.progress(body.progress);
        form.setAttribute("data-preview-state", "ready");
      }
    }).catch(function () { /* the button still sends the values */ });
  }

  function changed() {
    clearTimeout(timer);
    form.setAttribute("data-preview-state", "asking");
    timer = setTimeout(ask, 250);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.setAttribute("data-preview-ready", "true");
}());
