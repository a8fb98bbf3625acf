// The report job page follows its job without reloading: every 2 s it reads the page again and
// takes over the status (a live region, so the change is announced), the progress bar and what
// follows them (the download link, or why the report failed). Without scripts the page's
// "Check again" link does the same by hand. No reload, no meta refresh (WCAG 2.2.1).
(function () {
  "use strict";
  var status = document.getElementById("job-status");
  if (!status) {
    return;
  }
  var WAITING = ["queued", "running"];
  var EVERY = 2000;

  function waiting(element) {
    return WAITING.indexOf(element.getAttribute("data-status")) !== -1;
  }

  function takeOver(fresh) {
    var newStatus = fresh.getElementById("job-status");
    if (!newStatus) {
      return false;
    }
    if (newStatus.textContent !== status.textContent) {
      status.textContent = newStatus.textContent;
    }
    status.setAttribute("data-status", newStatus.getAttribute("data-status"));
    var progress = document.getElementById("job-progress");
    var newProgress = fresh.getElementById("job-progress");
    if (progress && newProgress) {
      progress.value = newProgress.value;
      progress.textContent = newProgress.textContent;
    }
    var after = document.getElementById("job-after");
    var newAfter = fresh.getElementById("job-after");
    if (after && newAfter) {
      after.replaceChildren.apply(after, Array.prototype.slice.call(newAfter.childNodes));
    }
    return true;
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        if (takeOver(fresh) && waiting(status)) {
          window.setTimeout(poll, EVERY);
        }
      })
      .catch(function () {
        // A lost connection: try again a little later; the link still works by hand.
        window.setTimeout(poll, EVERY * 2);
      });
  }

  if (waiting(status)) {
    window.setTimeout(poll, EVERY);
  }
})();
