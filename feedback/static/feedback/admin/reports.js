// Export status page: poll the small JSON status view every second and update
// the progress bar; show the download link or the error when finished.
// Without JavaScript the page refreshes itself (meta refresh in <noscript>).
(function () {
  "use strict";

  function start(root) {
    var url = root.getAttribute("data-status-url");
    var bar = root.querySelector("[data-feedback-export-progress]");
    var percent = root.querySelector("[data-feedback-export-percent]");
    var status = root.querySelector("[data-feedback-export-status]");
    var download = root.querySelector("[data-feedback-export-download]");
    var link = root.querySelector("[data-feedback-export-link]");
    var failed = root.querySelector("[data-feedback-export-failed]");
    var error = root.querySelector("[data-feedback-export-error]");
    var reload = root.querySelector("[data-feedback-export-reload]");
    if (reload) reload.hidden = true;

    function update(state) {
      bar.value = state.progress;
      bar.textContent = state.progress + " %";
      percent.textContent = state.progress + " %";
      status.textContent = state.status_display;
      if (state.done) {
        link.href = state.download_url;
        download.hidden = false;
      }
      if (state.status === "failed") {
        error.textContent = state.error;
        failed.hidden = false;
      }
      return state.finished;
    }

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (state) {
          if (!update(state)) window.setTimeout(poll, 1000);
        })
        .catch(function () {
          // A network hiccup: try again a little later.
          window.setTimeout(poll, 3000);
        });
    }

    if (root.getAttribute("data-finished") !== "true") window.setTimeout(poll, 1000);
  }

  function init() {
    document.querySelectorAll("[data-feedback-export]").forEach(start);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
