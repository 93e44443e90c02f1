// Suggestions while typing in the catalogue search: fills the search box's <datalist> with
// offer titles from the JSON API. The form works the same without this script.
(function () {
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) { return; }
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    var q = input.value.trim();
    if (q.length < 3 || q === last) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      last = q;
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q) + "&aantal=8", { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { resultaten: [] }; })
        .then(function (data) {
          while (list.firstChild) { list.removeChild(list.firstChild); }
          data.resultaten.forEach(function (offer) {
            var option = document.createElement("option");
            option.value = offer.titel;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are a convenience; the form still works */ });
    }, 250);
  });
})();
