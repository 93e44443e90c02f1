// Who else has this item open: the page says "still here" every 45 seconds and shows the
// names the server answers. Without this script the banner shows who was there at load.
(function () {
  var banner = document.getElementById("presence");
  if (!banner || !window.fetch) { return; }
  var text = banner.getAttribute("data-text") || "{0}";
  function beat() {
    fetch(banner.getAttribute("data-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var names = data.anderen || [];
        banner.hidden = names.length === 0;
        banner.querySelector("p").textContent = names.length === 0 ? "" : text.replace("{0}", names.join(", "));
      })
      .catch(function () { /* a courtesy: the page works without it */ });
  }
  setInterval(beat, 45000);
})();
