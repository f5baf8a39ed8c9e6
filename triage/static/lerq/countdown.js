// Live count-downs: every element with data-due (an ISO 8601 time) shows the time left until
// it, or "overdue by …" in red once it has passed. Elements swapped in by htmx are found on
// the next tick, so nothing needs re-binding.
(function () {
  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60), sec = s % 60;
    var mmss = String(m).padStart(2, "0") + ":" + String(sec).padStart(2, "0");
    if (d > 0) return d + "d " + h + "h " + String(m).padStart(2, "0") + "m";
    return (h > 0 ? h + ":" : "") + mmss;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-due]").forEach(function (el) {
      var left = Date.parse(el.dataset.due) - now;
      if (isNaN(left)) return;
      el.textContent = left >= 0 ? span(left) + " left" : "overdue by " + span(left);
      el.classList.toggle("overdue", left < 0);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
