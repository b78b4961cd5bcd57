/*
 * Feedback widget: progressive enhancement of the plain HTML form.
 *
 * Without this script the form posts normally and the server answers with a
 * redirect (thank-you) or the page with errors. With it: follow-up questions
 * appear only after the answer they depend on, the form is sent with fetch()
 * to the JSON API, errors are shown inline, the thank-you text replaces the
 * form, and an aria-live region announces the result. No framework, no
 * third-party requests.
 */
(function () {
    "use strict";

    var PREFIX = "q-";

    function questions(form) {
        return Array.prototype.slice.call(form.querySelectorAll("[data-feedback-question]"));
    }

    function controlsOf(form, key) {
        // Django names a field "q-<key>", and the parts of a multi-widget "q-<key>_<n>".
        var name = PREFIX + key;
        return Array.prototype.filter.call(form.elements, function (el) {
            return el.name === name || (el.name.indexOf(name + "_") === 0 && /^\d+$/.test(el.name.slice(name.length + 1)));
        });
    }

    function valueOf(el) {
        if (el.type === "radio" || el.type === "checkbox") {
            return el.checked ? el.value : null;
        }
        return el.value;
    }

    function answerOf(form, wrapper) {
        var key = wrapper.getAttribute("data-feedback-question");
        var name = PREFIX + key;
        var controls = controlsOf(form, key);
        var parts = controls.filter(function (el) { return el.name !== name; });
        if (parts.length) {
            var list = [];
            parts.forEach(function (el) {
                var index = parseInt(el.name.slice(name.length + 1), 10);
                var value = valueOf(el);
                if (list[index] === undefined || list[index] === null) { list[index] = value; }
            });
            for (var i = 0; i < list.length; i++) { if (list[i] === undefined) { list[i] = null; } }
            return list;
        }
        var values = controls.map(valueOf).filter(function (v) { return v !== null; });
        if (wrapper.hasAttribute("data-feedback-list")) { return values; }
        return values.length ? values[0] : null;
    }

    function selectedValues(form, key) {
        return controlsOf(form, key).map(valueOf).filter(function (v) { return v !== null && v !== ""; });
    }

    // --- conditional questions ------------------------------------------------
    // The same rules as feedback/conditions.py: "in" (one of the keys), "lte"/"gte" (numbers).
    function conditionHolds(wrapper, values) {
        var operator = wrapper.getAttribute("data-condition-operator") || "in";
        var wanted = (wrapper.getAttribute("data-condition-value") || "").split(",")
            .map(function (v) { return v.trim(); }).filter(function (v) { return v !== ""; });
        if (!wanted.length) { return false; }
        if (operator === "lte" || operator === "gte") {
            var limit = parseFloat(wanted[0]);
            return values.some(function (v) {
                var n = parseFloat(v);
                return !isNaN(n) && (operator === "lte" ? n <= limit : n >= limit);
            });
        }
        return values.some(function (v) { return wanted.indexOf(v) !== -1; });
    }

    function updateConditions(form) {
        var shown = {};
        questions(form).forEach(function (wrapper) {
            var key = wrapper.getAttribute("data-feedback-question");
            var parentKey = wrapper.getAttribute("data-condition-key");
            var visible = true;
            if (parentKey) {
                visible = shown[parentKey] !== false && conditionHolds(wrapper, selectedValues(form, parentKey));
            }
            shown[key] = visible;
            wrapper.hidden = !visible;
        });
    }

    // --- errors ------------------------------------------------------------------
    function describedTarget(wrapper) {
        return wrapper.querySelector("fieldset") || wrapper.querySelector("input, textarea, select");
    }

    function setDescribedBy(el, id, add) {
        if (!el) { return; }
        var ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (x) { return x && x !== id; });
        if (add) { ids.push(id); }
        if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); } else { el.removeAttribute("aria-describedby"); }
    }

    // GOV.UK's error pattern: the page title starts with "Error:" while a form shows errors.
    function markTitle(form, hasErrors) {
        var prefix = form.getAttribute("data-error-prefix");
        if (!prefix) { return; }
        prefix += " ";
        var clean = document.title.indexOf(prefix) === 0 ? document.title.slice(prefix.length) : document.title;
        document.title = hasErrors ? prefix + clean : clean;
    }

    function clearErrors(form) {
        markTitle(form, false);
        var summary = form.querySelector("[data-feedback-summary]");
        if (summary) { summary.parentNode.removeChild(summary); }
        questions(form).forEach(function (wrapper) {
            wrapper.classList.remove("feedback-question--error");
            var box = wrapper.querySelector("[data-feedback-error]");
            if (box) {
                box.hidden = true;
                box.textContent = "";
                setDescribedBy(describedTarget(wrapper), box.id, false);
            }
            Array.prototype.forEach.call(wrapper.querySelectorAll("[aria-invalid]"), function (el) {
                el.removeAttribute("aria-invalid");
            });
        });
    }

    function firstControl(wrapper) {
        return wrapper.querySelector("input:not([type=hidden]), textarea, select");
    }

    function showErrors(form, errors) {
        clearErrors(form);
        markTitle(form, true);
        var widget = form.closest("[data-feedback-widget]");
        var summary = document.createElement("div");
        summary.className = "feedback-error-summary";
        summary.setAttribute("role", "alert");
        summary.setAttribute("tabindex", "-1");
        summary.setAttribute("data-feedback-summary", "");
        var title = document.createElement("h3");
        title.className = "feedback-error-summary__title";
        title.id = widget.id + "-error-title";
        title.textContent = form.getAttribute("data-error-title");
        summary.setAttribute("aria-labelledby", title.id);
        var list = document.createElement("ul");
        list.className = "feedback-error-summary__list";
        summary.appendChild(title);
        summary.appendChild(list);

        Object.keys(errors).forEach(function (key) {
            var messages = errors[key] || [];
            var wrapper = form.querySelector('[data-feedback-question="' + (window.CSS && CSS.escape ? CSS.escape(key) : key) + '"]');
            messages.forEach(function (message) {
                var item = document.createElement("li");
                var control = wrapper && firstControl(wrapper);
                if (control && control.id) {
                    var link = document.createElement("a");
                    link.href = "#" + control.id;
                    link.textContent = message;
                    link.addEventListener("click", function (event) {
                        event.preventDefault();
                        control.focus();
                    });
                    item.appendChild(link);
                } else {
                    item.textContent = message;
                }
                list.appendChild(item);
            });
            if (!wrapper) { return; }
            wrapper.classList.add("feedback-question--error");
            var box = wrapper.querySelector("[data-feedback-error]");
            if (box) {
                box.textContent = "";
                messages.forEach(function (message, i) {
                    if (i) { box.appendChild(document.createElement("br")); }
                    var prefix = document.createElement("span");
                    prefix.className = "feedback-visually-hidden";
                    prefix.textContent = form.getAttribute("data-error-prefix");
                    box.appendChild(prefix);
                    box.appendChild(document.createTextNode(" " + message));
                });
                box.hidden = false;
                setDescribedBy(describedTarget(wrapper), box.id, true);
            }
            controlsOf(form, key).forEach(function (el) {
                if (el.type !== "radio" && el.type !== "checkbox") { el.setAttribute("aria-invalid", "true"); }
            });
        });
        form.insertBefore(summary, form.firstChild);
        summary.focus();
    }

    function showThanks(form, message) {
        markTitle(form, false);
        var widget = form.closest("[data-feedback-widget]");
        var thanks = document.createElement("p");
        thanks.className = "feedback-widget__thanks";
        thanks.setAttribute("tabindex", "-1");
        thanks.setAttribute("data-feedback-thanks", "");
        thanks.textContent = message || form.getAttribute("data-thank-you");
        form.parentNode.replaceChild(thanks, form);
        var intro = widget.querySelector(".feedback-widget__intro");
        if (intro) { intro.parentNode.removeChild(intro); }
        thanks.focus();
        announce(widget, thanks.textContent);
    }

    function announce(widget, text) {
        var live = widget.querySelector("[data-feedback-live]");
        if (!live) { return; }
        live.textContent = "";
        // A short delay makes screen readers notice the change.
        window.setTimeout(function () { live.textContent = text; }, 50);
    }

    // --- sending ---------------------------------------------------------------------
    function payload(form) {
        var answers = {};
        questions(form).forEach(function (wrapper) {
            if (wrapper.hidden) { return; }
            var value = answerOf(form, wrapper);
            if (value !== null && !(Array.isArray(value) && value.length === 0)) {
                answers[wrapper.getAttribute("data-feedback-question")] = value;
            }
        });
        return {
            page: parseInt(form.elements.page.value, 10),
            form: parseInt(form.elements.form.value, 10),
            token: form.elements.token.value,
            website: form.elements.website ? form.elements.website.value : "",
            answers: answers
        };
    }

    function onSubmit(event) {
        var form = event.currentTarget;
        if (form.hasAttribute("data-feedback-preview")) { event.preventDefault(); return; }  // admin preview
        if (!window.fetch || !window.JSON) { return; }  // the plain form post still works
        event.preventDefault();
        if (form.getAttribute("aria-busy") === "true") { return; }
        form.setAttribute("aria-busy", "true");
        var button = form.querySelector("[type=submit]");
        if (button) { button.disabled = true; }
        var widget = form.closest("[data-feedback-widget]");

        window.fetch(form.action, {
            method: "POST",
            headers: { "Content-Type": "application/json", "Accept": "application/json" },
            body: JSON.stringify(payload(form)),
            credentials: "same-origin"
        }).then(function (response) {
            return response.json().then(function (data) { return { status: response.status, data: data }; });
        }).then(function (result) {
            if (result.status >= 200 && result.status < 300) {
                showThanks(form, result.data.message);
                return;
            }
            var errors = (result.data && result.data.errors) || { __all__: [form.getAttribute("data-network-error")] };
            showErrors(form, errors);
            var count = Object.keys(errors).reduce(function (n, k) { return n + errors[k].length; }, 0);
            announce(widget, form.getAttribute("data-error-title") + " (" + count + ")");
        }).catch(function () {
            showErrors(form, { __all__: [form.getAttribute("data-network-error")] });
        }).then(function () {
            form.removeAttribute("aria-busy");
            if (button) { button.disabled = false; }
        });
    }

    // One impression per page view, when a widget first scrolls into view: the
    // widget's signed (page, form) token and nothing else; no cookie.
    var impressionSent = false;

    function countImpression(form) {
        var url = form.getAttribute("data-feedback-impression");
        var token = form.elements.token;
        if (!url || !token || !("IntersectionObserver" in window) || !navigator.sendBeacon) { return; }
        var observer = new IntersectionObserver(function (entries) {
            entries.forEach(function (entry) {
                if (!entry.isIntersecting || impressionSent) { return; }
                impressionSent = true;
                observer.disconnect();
                var data = new FormData();
                data.append("token", token.value);
                navigator.sendBeacon(url, data);
            });
        });
        observer.observe(form);
    }

    function init(form) {
        if (form.hasAttribute("data-feedback-ready")) { return; }
        form.setAttribute("data-feedback-ready", "");
        form.classList.add("feedback-widget__form--enhanced");
        // With the script, follow-ups appear when relevant: the "answer this if" notes are not needed.
        Array.prototype.forEach.call(form.querySelectorAll("[data-feedback-condition-note]"), function (note) {
            note.hidden = true;
        });
        updateConditions(form);
        form.addEventListener("change", function () { updateConditions(form); });
        form.addEventListener("submit", onSubmit);
        if (!form.hasAttribute("data-feedback-preview")) { countImpression(form); }
        var summary = form.querySelector("[data-feedback-summary]");
        if (summary) { summary.focus(); }
    }

    function initAll() {
        Array.prototype.forEach.call(document.querySelectorAll("[data-feedback-form]"), init);
        var thanks = document.querySelector("[data-feedback-thanks]");
        if (thanks && /[?&]feedback=thanks-/.test(window.location.search)) { thanks.focus(); }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", initAll);
    } else {
        initAll();
    }
})();
