// The inbox without reloading: listens to the server's event stream and, on news, fetches the
// same page again and swaps in its list of items, announcing the change to screen readers.
// Without this script (or without EventSource) the inbox works by reloading.
(function () {
  var hook = document.getElementById("inbox-live");
  if (!hook || !window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var busy = false;
  var again = false;

  function refresh(message) {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".inbox-items");
        var old = document.querySelector(".inbox-items");
        if (fresh && old) { old.replaceWith(fresh); }
        hook.textContent = message;
      })
      .catch(function () { hook.textContent = hook.getAttribute("data-text-reload"); })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(message); }
      });
  }

  function on(kind) {
    return function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (e) { /* an empty message still means news */ }
      var text = hook.getAttribute("data-text-" + kind) || "";
      refresh(text.replace("{0}", data.referentie || ""));
    };
  }

  var source = new EventSource(hook.getAttribute("data-live-url"));
  source.addEventListener("open", function () { hook.setAttribute("data-connected", "ja"); });
  source.addEventListener("nieuw", on("nieuw"));
  source.addEventListener("gewijzigd", on("gewijzigd"));
})();
