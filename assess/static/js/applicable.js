// Which questions of an area page apply now: shown, the others hidden, and each area's count of
// answered / applicable questions. Used after each save (autosave.js) and as a preview's values
// change (preview.js); the server decides what applies, this only draws it.
window.assessApplicable = (function () {
  "use strict";

  function show(form, applicable) {
    var shown = {};
    applicable.forEach(function (qid) { shown[qid] = true; });
    form.querySelectorAll("fieldset.question").forEach(function (block) {
      var yes = Boolean(shown[block.getAttribute("data-question")]);
      // A block saying why its answer was not saved stays in view until that is put right.
      var telling = block.querySelector("[data-error-for]:not([hidden])");
      block.hidden = !yes && !telling;
      block.setAttribute("data-applicable", yes ? "true" : "false");
    });
  }

  function progress(counts) {
    Object.keys(counts || {}).forEach(function (area) {
      var counter = document.querySelector("[data-progress-area='" + area + "']");
      if (counter) {
        counter.setAttribute("data-answered", String(counts[area][0]));
        counter.setAttribute("data-applicable", String(counts[area][1]));
        counter.textContent = counts[area][0] + " / " + counts[area][1];
      }
    });
  }

  return {show: show, progress: progress};
}());
