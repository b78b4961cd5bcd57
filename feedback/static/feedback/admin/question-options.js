// The form builder: show only the options of the question type chosen in each
// question, and offer the questions above as the ones a condition can use.
(function () {
  function sync(child) {
    const checked = child.querySelector("[data-feedback-type-chooser] input:checked");
    const type = checked ? checked.value : "";
    child.querySelectorAll("[data-feedback-options-for]").forEach(function (group) {
      const hidden = group.dataset.feedbackOptionsFor !== type;
      if (group.hidden !== hidden) group.hidden = hidden;  // (an unchanged write still notifies observers)
    });
  }

  function isDeleted(child) {
    const marker = child.querySelector('input[name$="-DELETE"]');
    return child.classList.contains("deleted") || (marker && marker.value === "1");
  }

  function field(child, suffix) {
    const input = child.querySelector('[name$="-' + suffix + '"]');
    return input ? input.value.trim() : "";
  }

  // Rebuild each condition's list of questions from the questions above it,
  // including those added but not saved yet; the chosen one is always kept.
  function syncConditionPickers() {
    const children = Array.from(document.querySelectorAll("[data-inline-panel-child]")).filter(function (child) {
      return !isDeleted(child);
    });
    children.forEach(function (child, index) {
      const select = child.querySelector("select[data-feedback-condition-question]");
      if (!select) return;
      const choices = [["", select.options.length ? select.options[0].text : ""]];
      children.slice(0, index).forEach(function (earlier) {
        const key = field(earlier, "key");
        if (key) choices.push([key, (field(earlier, "label") || key) + " (" + key + ")"]);
      });
      const current = select.value;
      if (current && !choices.some(function (c) { return c[0] === current; })) choices.push([current, current]);
      const signature = JSON.stringify(choices);
      if (select.dataset.feedbackChoices === signature) return;  // no DOM change, no observer loop
      select.dataset.feedbackChoices = signature;
      select.replaceChildren.apply(select, choices.map(function (c) {
        const option = new Option(c[1], c[0]);
        option.selected = c[0] === current;
        return option;
      }));
    });
  }

  function syncAll() {
    document.querySelectorAll("[data-inline-panel-child]").forEach(sync);
    syncConditionPickers();
  }

  document.addEventListener("change", function (event) {
    if (event.target.closest("[data-feedback-type-chooser]")) {
      const child = event.target.closest("[data-inline-panel-child]");
      if (child) sync(child);
    }
    if (event.target.matches('[name$="-DELETE"]')) syncConditionPickers();  // a question removed
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches('[data-inline-panel-child] [name$="-key"], [data-inline-panel-child] [name$="-label"]')) {
      syncConditionPickers();
    }
  });
  document.addEventListener("DOMContentLoaded", syncAll);
  // New questions are cloned from a template after load; moving one reorders the DOM.
  new MutationObserver(syncAll).observe(document.documentElement, { childList: true, subtree: true });
})();
