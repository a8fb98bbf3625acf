// Saves each answer of an area page as it changes: one JSON POST per question, with the version
// the page holds; csrf.js puts the CSRF token in a header. Without this script the page is a
// plain form whose save button posts the whole area. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var TYPING_DELAY = 800;
  var CLICK_DELAY = 150;
  var MAX_RETRY_DELAY = 30000;
  var pageStatus = document.getElementById("save-status");
  var questions = {};
  var submitting = false;

  function message(name) {
    return form.getAttribute("data-msg-" + name) || "";
  }

  function blockOf(element) {
    return element.closest("fieldset.question[data-save-url]");
  }

  function stateOf(qid) {
    if (!questions[qid]) {
      questions[qid] = {
        timer: null, inflight: false, again: false, dirty: false,
        status: "idle", retryDelay: 2000, theirs: null
      };
    }
    return questions[qid];
  }

  function checkedValues(block, name) {
    var inputs = block.querySelectorAll("input[name='" + name + "']:checked");
    return Array.prototype.map.call(inputs, function (input) { return input.value; });
  }

  function fieldValue(block, name) {
    var field = block.querySelector("[name='" + name + "']");
    return field ? field.value : "";
  }

  function collect(block) {
    var qid = block.getAttribute("data-question");
    var prefix = "q-" + qid + "-";
    var widget = block.querySelector("input[name='" + prefix + "value']");
    var value;
    if (widget && widget.type === "checkbox") {
      value = checkedValues(block, prefix + "value");
    } else if (widget && widget.type === "radio") {
      value = checkedValues(block, prefix + "value")[0] || "";
    } else {
      value = fieldValue(block, prefix + "value");
    }
    var state = checkedValues(block, prefix + "state")[0] || "answered";
    var none = block.querySelector("input[name='" + prefix + "none']");
    return {
      state: state,
      value: value,
      none: Boolean(none && none.checked),
      comment: fieldValue(block, prefix + "comment"),
      evidence: fieldValue(block, prefix + "evidence"),
      version: parseInt(fieldValue(block, prefix + "version") || "0", 10)
    };
  }

  function setVersion(block, version) {
    var qid = block.getAttribute("data-question");
    var input = block.querySelector("input[name='q-" + qid + "-version']");
    input.value = String(version);
    block.setAttribute("data-version", String(version));
  }

  function showStatus(block, status, text) {
    var qid = block.getAttribute("data-question");
    stateOf(qid).status = status;
    var line = document.getElementById("q-" + qid + "-status");
    line.setAttribute("data-state", status);
    line.textContent = text;
    showPageStatus();
  }

  function showPageStatus() {
    var counts = { saving: 0, unsaved: 0, conflict: 0 };
    Object.keys(questions).forEach(function (qid) {
      var status = questions[qid].status;
      if (status in counts) {
        counts[status] += 1;
      }
    });
    var state = "saved";
    if (counts.conflict || counts.unsaved) {
      state = "unsaved";
    } else if (counts.saving) {
      state = "saving";
    }
    pageStatus.setAttribute("data-state", state);
    pageStatus.textContent = message("page-" + state);
  }

  function showError(block, text) {
    var line = block.querySelector("[data-error-for]");
    line.textContent = text || "";
    line.hidden = !text;
  }

  function showConflict(block, body) {
    var qid = block.getAttribute("data-question");
    stateOf(qid).theirs = body.theirs;
    var box = document.getElementById("q-" + qid + "-conflict");
    box.querySelector("[data-conflict=yours]").textContent = body.yours.display;
    box.querySelector("[data-conflict=theirs]").textContent = body.theirs.display;
    box.hidden = false;
    showStatus(block, "conflict", message("conflict"));
  }

  function send(block, payload) {
    return window.assessCsrf.post(
      form, block.getAttribute("data-save-url"), JSON.stringify(payload), "application/json"
    );
  }

  function handle(block, reply) {
    var qid = block.getAttribute("data-question");
    var state = stateOf(qid);
    if (reply.status === 200) {
      setVersion(block, reply.body.version);
      // Another answer changed meanwhile and this question stopped applying: the block stays in
      // view and says so, rather than vanishing under the person's hands.
      var applies = reply.body.applicable.indexOf(qid) !== -1;
      showError(block, applies ? "" : message("not-applicable"));
      window.assessApplicable.show(form, reply.body.applicable);
      window.assessApplicable.progress(reply.body.progress);
      state.dirty = state.again;
      state.retryDelay = 2000;
      // A changed answer is no longer carried from last round: the server confirmed it.
      var carried = block.querySelector(".carried-note");
      if (reply.body.changed && carried) {
        carried.remove();
      }
      showStatus(block, state.dirty ? "unsaved" : "saved", message(state.dirty ? "unsaved" : "saved"));
    } else if (reply.status === 409) {
      showConflict(block, reply.body);
    } else if (reply.status === 422) {
      showError(block, reply.body.message);
      showStatus(block, "unsaved", message("invalid"));
    } else if (reply.status === 401) {
      retryLater(block, "signed-out");  // goes through once the person signs in again
    } else if (reply.status === 403 || reply.status === 404) {
      showError(block, reply.body.message || "");
      showStatus(block, "unsaved", message("invalid"));
    } else {
      throw new Error("status " + reply.status);
    }
  }

  function retryLater(block, why) {
    var state = stateOf(block.getAttribute("data-question"));
    showStatus(block, "unsaved", message(why || "retrying"));
    schedule(block, state.retryDelay);
    state.retryDelay = Math.min(state.retryDelay * 2, MAX_RETRY_DELAY);
  }

  function save(block) {
    var state = stateOf(block.getAttribute("data-question"));
    if (submitting) {
      return;  // the whole-area post carries this change
    }
    if (state.inflight) {
      state.again = true;
      return;
    }
    state.inflight = true;
    state.again = false;
    showStatus(block, "saving", message("saving"));
    send(block, collect(block)).then(function (reply) {
      handle(block, reply);
    }).catch(function () {
      retryLater(block);
    }).then(function () {
      state.inflight = false;
      if (state.again && state.status !== "conflict") {
        save(block);
      }
    });
  }

  function schedule(block, delay) {
    var state = stateOf(block.getAttribute("data-question"));
    clearTimeout(state.timer);
    state.timer = setTimeout(function () { save(block); }, delay);
  }

  // "None of these is met" and the checklist's items exclude each other: ticking one clears
  // the other, so what is saved is what the page shows.
  function exclusive(block, target) {
    var prefix = "q-" + block.getAttribute("data-question") + "-";
    if (!target.checked || block.getAttribute("data-type") !== "checklist") {
      return;
    }
    var other = { };
    other[prefix + "none"] = prefix + "value";
    other[prefix + "value"] = prefix + "none";
    if (!other[target.name]) {
      return;
    }
    block.querySelectorAll("input[name='" + other[target.name] + "']").forEach(function (box) {
      box.checked = false;
    });
  }

  // An answer is a value or a state ("not applicable", "don't know"), never both: giving a value
  // chooses "Answer", choosing a state clears the value, so what is saved is what the page shows.
  function coherent(block, target) {
    var prefix = "q-" + block.getAttribute("data-question") + "-";
    if (target.name === prefix + "state") {
      if (target.checked && target.value !== "answered") {
        block.querySelectorAll("[name='" + prefix + "value'], [name='" + prefix + "none']")
          .forEach(function (input) {
            if (input.type === "radio" || input.type === "checkbox") {
              input.checked = false;
            } else {
              input.value = "";
            }
          });
      }
      return;
    }
    if (target.name !== prefix + "value" && target.name !== prefix + "none") {
      return;
    }
    var given = target.type === "radio" || target.type === "checkbox" ? target.checked : target.value !== "";
    var answered = block.querySelector("input[name='" + prefix + "state'][value='answered']");
    if (given && answered && !answered.checked) {
      answered.checked = true;
    }
  }

  function changed(event) {
    var block = blockOf(event.target);
    if (!block || event.target.type === "hidden") {
      return;
    }
    if (event.target.type === "file" || event.target.name === "remove-file") {
      return;  // evidence files: evidence.js sends them on their own
    }
    exclusive(block, event.target);
    coherent(block, event.target);
    var state = stateOf(block.getAttribute("data-question"));
    if (state.status === "conflict") {
      return;
    }
    state.dirty = true;
    showStatus(block, "unsaved", message("unsaved"));
    var typing = event.target.tagName === "TEXTAREA" || event.target.type === "number" ||
      event.target.type === "text";
    schedule(block, typing ? TYPING_DELAY : CLICK_DELAY);
  }

  function setInputs(block, theirs) {
    var qid = block.getAttribute("data-question");
    var prefix = "q-" + qid + "-";
    var values = [].concat(theirs.value === null ? [] : theirs.value).map(String);
    block.querySelectorAll("[name='" + prefix + "value']").forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        input.checked = values.indexOf(input.value) !== -1;
      } else {
        input.value = values[0] || "";
      }
    });
    block.querySelectorAll("[name='" + prefix + "state']").forEach(function (input) {
      input.checked = input.value === theirs.state;
    });
    block.querySelectorAll("[name='" + prefix + "none']").forEach(function (input) {
      input.checked = Boolean(theirs.none);
    });
    ["comment", "evidence"].forEach(function (name) {
      var field = block.querySelector("[name='" + prefix + name + "']");
      if (field) {
        field.value = theirs[name] || "";
      }
    });
  }

  function resolve(event) {
    var action = event.target.getAttribute("data-action");
    var block = blockOf(event.target);
    if (!action || !block) {
      return;
    }
    var state = stateOf(block.getAttribute("data-question"));
    if (!state.theirs) {
      return;  // a conflict drawn by the server: its button and link work without the script
    }
    event.preventDefault();
    setVersion(block, state.theirs.version);
    document.getElementById("q-" + block.getAttribute("data-question") + "-conflict").hidden = true;
    if (action === "keep-mine") {
      state.status = "unsaved";
      save(block);
    } else {
      setInputs(block, state.theirs);
      state.dirty = false;
      showStatus(block, "saved", message("saved"));
    }
  }

  function unsavedWork() {
    return Object.keys(questions).some(function (qid) {
      return questions[qid].dirty || questions[qid].inflight || questions[qid].status === "conflict";
    });
  }

  function anyInflight() {
    return Object.keys(questions).some(function (qid) { return questions[qid].inflight; });
  }

  // The save button posts the whole area, with the versions the page holds: let the saves already
  // on their way come back first, or the post would carry versions they have just moved on.
  function submitWhenQuiet() {
    if (anyInflight()) {
      setTimeout(submitWhenQuiet, 50);
      return;
    }
    window.removeEventListener("beforeunload", warn);
    form.submit();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("click", resolve);
  form.addEventListener("submit", function (event) {
    submitting = true;
    Object.keys(questions).forEach(function (qid) { clearTimeout(questions[qid].timer); });
    if (anyInflight()) {
      event.preventDefault();
      submitWhenQuiet();
      return;
    }
    window.removeEventListener("beforeunload", warn);
  });

  function warn(event) {
    if (unsavedWork()) {
      event.preventDefault();
      event.returnValue = "";
    }
  }
  window.addEventListener("beforeunload", warn);
  form.setAttribute("data-autosave-ready", "true");
}());
