// Posts to the application with the page's CSRF token in a header, and answers with the reply read
// as JSON. A token refused as expired is renewed from the form's data-csrf-url once and the request
// sent again. Loaded before autosave.js and evidence.js, which use it through the one global
// assessCsrf. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";

  function tokenInput(form) {
    return form.querySelector("input[name=csrf_token]");
  }

  function refreshToken(form) {
    return fetch(form.getAttribute("data-csrf-url"), {
      credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("token " + response.status);
      }
      return response.json();
    }).then(function (body) {
      tokenInput(form).value = body.token;
    });
  }

  function readJson(response) {
    // A signed-out session is sent to the sign-in page: a redirect, or anything but JSON.
    var type = response.headers.get("Content-Type") || "";
    if (response.redirected || type.indexOf("application/json") === -1) {
      return Promise.resolve({ status: response.ok ? 401 : response.status, body: {} });
    }
    return response.json().then(function (body) {
      return { status: response.status, body: body };
    });
  }

  function post(form, url, body, contentType, tokenRefreshed) {
    var headers = { Accept: "application/json", "X-CSRFToken": tokenInput(form).value };
    if (contentType) {
      headers["Content-Type"] = contentType;
    }
    return fetch(url, {
      method: "POST", credentials: "same-origin", headers: headers, body: body
    }).then(readJson).then(function (reply) {
      if (reply.status === 400 && reply.body.error === "csrf" && !tokenRefreshed) {
        return refreshToken(form).then(function () {
          return post(form, url, body, contentType, true);
        });
      }
      return reply;
    });
  }

  window.assessCsrf = {
    // Resolves to { status, body }; a signed-out session reads as status 401.
    post: function (form, url, body, contentType) {
      return post(form, url, body, contentType, false);
    }
  };
}());
