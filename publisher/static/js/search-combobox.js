/*
 * Type-ahead for the search box, following the WAI-ARIA 1.2 combobox pattern (list autocomplete,
 * nothing chosen until the user moves to a suggestion). An enhancement only: without it the form
 * searches as before, and the input gets the combobox roles only here, once the listbox they point
 * to exists. Suggestions come from /api/v1/suggest; the page gives the words (data-suggest-*).
 *
 * Keys: Down and Up move through the suggestions (Down also opens the list), Enter goes to the
 * chosen suggestion or else searches, Escape closes the list or else empties the box.
 */
(function () {
  "use strict";

  var DELAY = 150; // ms after the last key before asking, so fast typing sends one request
  var MIN_CHARS = 2;
  var LIMIT = 8;

  function attach(input) {
    var url = input.getAttribute("data-suggest-url");
    var listId = input.id + "-suggesties";
    var suggestions = [];
    var active = -1;
    var shownFor = null;
    var timer = null;
    var pending = null;

    var wrapper = document.createElement("div");
    wrapper.className = "gs-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var listbox = document.createElement("ul");
    listbox.id = listId;
    listbox.className = "gs-combobox__listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", input.getAttribute("data-suggest-label"));
    listbox.hidden = true;
    wrapper.appendChild(listbox);

    // present (and empty) from the start, so screen readers announce what is put in it later
    var status = document.createElement("div");
    status.className = "gs-visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function typed() {
      return input.value.trim();
    }

    function isOpen() {
      return !listbox.hidden;
    }

    function open() {
      if (suggestions.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      choose(-1);
    }

    function choose(index) {
      var options = listbox.children;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (index < 0 || !options[index]) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      options[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function announce(count) {
      var text;
      if (count === 0) {
        text = input.getAttribute("data-suggest-none");
      } else if (count === 1) {
        text = input.getAttribute("data-suggest-one");
      } else {
        text = input.getAttribute("data-suggest-many").replace("{n}", String(count));
      }
      status.textContent = text;
    }

    function option(suggestion, index) {
      var item = document.createElement("li");
      item.id = listId + "-" + index;
      item.className = "gs-combobox__option gs-combobox__option--" + suggestion.kind;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var text = document.createElement("span");
      text.className = "gs-combobox__text";
      text.setAttribute("lang", "nl");
      text.textContent = suggestion.text;
      var kind = document.createElement("span");
      kind.className = "gs-combobox__kind";
      kind.textContent = " " + input.getAttribute("data-suggest-" + suggestion.kind);
      item.appendChild(text);
      item.appendChild(kind);
      item.addEventListener("click", function () {
        go(index);
      });
      return item;
    }

    function show(found, forText) {
      suggestions = found;
      shownFor = forText;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      listbox.textContent = "";
      found.forEach(function (suggestion, index) {
        listbox.appendChild(option(suggestion, index));
      });
      announce(found.length);
      if (found.length && document.activeElement === input) {
        open();
      } else {
        close();
      }
    }

    function fetchSuggestions(then) {
      var text = typed();
      if (pending) {
        pending.abort();
      }
      if (text.length < MIN_CHARS) {
        pending = null;
        suggestions = [];
        shownFor = null;
        listbox.textContent = "";
        close();
        return;
      }
      pending = new AbortController();
      var query = new URLSearchParams({ q: text, limit: String(LIMIT) });
      window
        .fetch(url + "?" + query.toString(), { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (found) {
          // an answer for what was typed before is of no use any more
          if (text === typed()) {
            show(found, text);
            if (then && isOpen()) {
              then();
            }
          }
        })
        .catch(function () {
          // no suggestions (offline, aborted): the search box still works as a plain form
        });
    }

    function go(index) {
      var suggestion = suggestions[index];
      if (!suggestion) {
        return;
      }
      close();
      if (suggestion.kind === "term" && input.form) {
        // searching from the form keeps the filters chosen on the results page
        input.value = suggestion.text;
        input.form.submit();
      } else {
        window.location.assign(suggestion.href);
      }
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        fetchSuggestions(null);
      }, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var count = suggestions.length;
      switch (event.key) {
        case "ArrowDown":
          // Down opens the list on the first suggestion; Alt+Down opens it without choosing one
          event.preventDefault();
          if (isOpen()) {
            choose((active + 1) % count);
          } else if (count && shownFor === typed()) {
            open();
            if (!event.altKey) {
              choose(0);
            }
          } else {
            fetchSuggestions(
              event.altKey
                ? null
                : function () {
                    choose(0);
                  }
            );
          }
          break;
        case "ArrowUp":
          if (isOpen() && count) {
            event.preventDefault();
            choose(active <= 0 ? count - 1 : active - 1);
          }
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            go(active);
          } else {
            close();
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            suggestions = [];
            shownFor = null;
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });

    // a press on a suggestion must not take the focus from the input (which would close the list)
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest-url]"), attach);
})();
