/* Search page only: queries, in the browser, the index that `usine build` makes with
   Pagefind in /recherche/index/. The query is the `q` parameter of the address (the forms
   are GET): searched when the page opens and on submit, never while typing. The status
   region announces the count; results come ten at a time. Built as DOM nodes: of
   Pagefind's excerpts (HTML) only the text and the <mark> elements are kept. */
(function () {
  "use strict";
  var form = document.getElementById("recherche-formulaire");
  var field = document.getElementById("recherche-termes");
  var status = document.getElementById("recherche-etat");
  var output = document.getElementById("recherche-resultats");
  if (!form || !field || !status || !output || !window.URLSearchParams) {
    return;
  }
  var index = null;
  var latest = 0; // an answer to an older search is dropped

  function loadIndex() {
    index = index || import("/recherche/index/pagefind.js");
    index.catch(function () {
      index = null;
    });
    return index;
  }

  function node(name, text, className) {
    var el = document.createElement(name);
    el.textContent = text || "";
    if (className) {
      el.className = className;
    }
    return el;
  }

  function result(data) {
    var item = node("li", "", "element");
    var link = node("a", (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    item.appendChild(node("h2", "", "element-titre")).appendChild(link);
    if (!data.excerpt) {
      return item;
    }
    var excerpt = item.appendChild(node("p", "", "element-description"));
    var parsed = new DOMParser().parseFromString(data.excerpt, "text/html");
    Array.prototype.forEach.call(parsed.body.childNodes, function (part) {
      excerpt.appendChild(
        part.nodeName === "MARK"
          ? node("mark", part.textContent)
          : document.createTextNode(part.textContent),
      );
    });
    return item;
  }

  function unavailable() {
    status.textContent = "La recherche n’est pas disponible pour le moment.";
    var help = output.appendChild(node("p", "Consultez "));
    help.appendChild(node("a", "la liste de toutes les pages du site")).href = "/plan-du-site/";
    help.appendChild(document.createTextNode("."));
  }

  function search(query) {
    var number = ++latest;
    var current = function () {
      return number === latest;
    };
    output.textContent = "";
    if (!query) {
      status.textContent = "Saisissez un ou plusieurs mots, puis choisissez « Rechercher ».";
      return;
    }
    status.textContent = "Recherche en cours…";
    loadIndex()
      .then(function (pagefind) {
        return pagefind.search(query);
      })
      .then(function (found) {
        if (current()) {
          show("« " + query + " »", found.results, current);
        }
      })
      .catch(function () {
        if (current()) {
          unavailable();
        }
      });
  }

  function show(quoted, results, current) {
    var total = results.length;
    if (!total) {
      status.textContent =
        "Aucun résultat pour " + quoted + ". Vérifiez l’orthographe, ou essayez d’autres mots.";
      return;
    }
    var list = output.appendChild(node("ol", "", "liste-resultats"));
    var more = node("button", "Afficher plus de résultats", "bouton bouton-plus");
    more.type = "button";
    var shown = 0;
    function next(moveFocus) {
      var batch = results.slice(shown, shown + 10).map(function (r) {
        return r.data();
      });
      return Promise.all(batch).then(function (pages) {
        if (!current()) {
          return;
        }
        var items = pages.map(function (data) {
          return list.appendChild(result(data));
        });
        shown += pages.length;
        status.textContent =
          total + (total > 1 ? " résultats pour " : " résultat pour ") + quoted +
          (shown < total ? " ; " + shown + " affichés." : ".");
        if (shown >= total && more.parentNode) {
          more.parentNode.removeChild(more);
        }
        if (moveFocus) {
          items[0].querySelector("a").focus();
        }
      });
    }
    if (total > 10) {
      output.appendChild(more).addEventListener("click", function () {
        next(true).catch(unavailable);
      });
    }
    next(false).catch(unavailable);
  }

  function queryInAddress() {
    return (new URLSearchParams(window.location.search).get("q") || "").trim();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = field.value.trim();
    // The address keeps the query: results can be bookmarked, and Back works.
    if (query !== queryInAddress()) {
      var address = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "");
      window.history.pushState(null, "", address);
    }
    search(query);
  });
  window.addEventListener("popstate", function () {
    field.value = queryInAddress();
    search(field.value);
  });
  field.value = queryInAddress();
  if (field.value) {
    search(field.value);
  }
})();
