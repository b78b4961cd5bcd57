// Show only the options of the question type chosen in each question.
(function () {
  function sync(child) {
    const checked = child.querySelector("[data-feedback-type-chooser] input:checked");
    const type = checked ? checked.value : "";
    child.querySelectorAll("[data-feedback-options-for]").forEach(function (group) {
      group.hidden = group.dataset.feedbackOptionsFor !== type;
    });
  }
  function syncAll() {
    document.querySelectorAll("[data-inline-panel-child]").forEach(sync);
  }
  document.addEventListener("change", function (event) {
    if (event.target.closest("[data-feedback-type-chooser]")) {
      const child = event.target.closest("[data-inline-panel-child]");
      if (child) sync(child);
    }
  });
  document.addEventListener("DOMContentLoaded", syncAll);
  // New questions are cloned from a template after load.
  new MutationObserver(syncAll).observe(document.documentElement, { childList: true, subtree: true });
})();
