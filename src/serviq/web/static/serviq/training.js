// The time left on a test, counted down; at zero the answers are handed in.
(function () {
  var clock = document.getElementById("clock");
  var form = document.getElementById("take-form");
  if (!clock || !form) { return; }
  var left = parseInt(clock.getAttribute("data-seconds"), 10) || 0;
  var shown = document.getElementById("left");
  var timer = setInterval(function () {
    left -= 1;
    if (shown) { shown.textContent = String(Math.max(left, 0)); }
    if (left <= 0) { clearInterval(timer); form.submit(); }
  }, 1000);
})();
