/*
 * Live character counters for the draft form. This is an enhancement only: without it the form
 * works the same, and the server counts the same way when the form is saved. Rich text is counted
 * without its markup, as the national register counts it.
 */
(function () {
  "use strict";

  var TAG = /<\s*\/?\s*[a-zA-Z][^>]*>/g;
  var decoder = document.createElement("textarea");

  function plainText(value) {
    // A textarea's content is text, so entities are decoded and nothing is run or loaded.
    decoder.innerHTML = value.replace(TAG, " ");
    return decoder.value.replace(/\s+/g, " ").trim();
  }

  function characters(text) {
    return Array.from(text).length;
  }

  function attach(counter) {
    var control = document.getElementById(counter.getAttribute("data-for"));
    if (!control) {
      return;
    }
    var max = Number(counter.getAttribute("data-max"));
    var rich = counter.hasAttribute("data-rich");
    var timer = null;
    function update() {
      var count = characters(rich ? plainText(control.value) : control.value.trim());
      counter.textContent = counter.textContent.replace(/^\d+/, String(count));
      counter.classList.toggle("gs-counter--over", count > max);
    }
    // Wait for a pause in typing, so a screen reader announces the count once, not per key.
    control.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".gs-counter[data-for]"), attach);
})();
