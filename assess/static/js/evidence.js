// Sends evidence files of an area page as soon as they are chosen, and removes a file as soon as
// its "remove" box is ticked; csrf.js puts the CSRF token in a header. Without this script the
// area's save button (or a question's Attach button) posts the files with the whole form.
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }

  function message(name) {
    return form.getAttribute("data-msg-" + name) || "";
  }

  function fileError(block, text) {
    var line = block.querySelector("[data-file-error-for]");
    line.textContent = text || "";
    line.hidden = !text;
  }

  function addFile(block, file) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    var size = document.createElement("span");
    var remove = document.createElement("span");
    var box = document.createElement("input");
    var label = document.createElement("label");
    var boxId = block.id + "-remove-" + file.id;
    item.setAttribute("data-file-id", String(file.id));
    link.href = file.url;
    link.setAttribute("download", "");
    link.textContent = file.name;
    size.className = "file-size";
    size.textContent = "(" + file.size + ")";
    remove.className = "remove-file";
    box.type = "checkbox";
    box.name = "remove-file";
    box.value = String(file.id);
    box.id = boxId;
    box.setAttribute("data-remove-url", file.remove_url);
    label.htmlFor = boxId;
    label.textContent = message("remove") + " " + file.name;
    remove.append(box, " ", label);
    item.append(link, " ", size, " ", remove);
    block.querySelector("[data-files-for]").appendChild(item);
  }

  function upload(block, input) {
    var body = new FormData();
    body.append("file", input.files[0]);
    input.value = "";  // sent now: the area's save button must not send it again
    fileError(block, "");
    var line = document.getElementById(block.id + "-status");
    line.textContent = message("uploading");
    var url = input.getAttribute("data-upload-url");
    window.assessCsrf.post(form, url, body).then(function (reply) {
      line.textContent = "";
      if (reply.status === 201) {
        addFile(block, reply.body.file);
      } else {
        fileError(block, reply.body.message || message("upload-failed"));
      }
    }).catch(function () {
      line.textContent = "";
      fileError(block, message("upload-failed"));
    });
  }

  function removeFile(block, box) {
    var url = box.getAttribute("data-remove-url");
    window.assessCsrf.post(form, url, null).then(function (reply) {
      if (reply.status === 200) {
        box.closest("li").remove();
      } else {
        box.checked = false;
        fileError(block, reply.body.message || message("upload-failed"));
      }
    }).catch(function () {
      box.checked = false;
      fileError(block, message("upload-failed"));
    });
  }

  function fileChange(block, target) {
    if (target.type === "file" && target.files.length) {
      upload(block, target);
    } else if (target.name === "remove-file" && target.checked) {
      removeFile(block, target);
    }
  }

  form.addEventListener("change", function (event) {
    var block = event.target.closest("fieldset.question[data-save-url]");
    if (block) {
      fileChange(block, event.target);
    }
  });
  form.setAttribute("data-evidence-ready", "true");
}());
