// Query threads: a reply typed and not yet sent is not lost by leaving the page (the browser asks
// first). Answers of an area page still unsaved when a reply is sent are autosave.js's to guard.
(function () {
  "use strict";

  var sending = false;
  var boxes = document.querySelectorAll("textarea[data-query-reply]");
  if (!boxes.length) {
    return;
  }
  function typed() {
    return [].some.call(boxes, function (box) { return box.value.trim() !== ""; });
  }
  document.querySelectorAll("form[data-query-form]").forEach(function (form) {
    form.addEventListener("submit", function () { sending = true; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!sending && typed()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}());
