/* Progressive enhancement of the main menu; the site works without it.
   - Sections with pages: the section link becomes a disclosure button (aria-expanded,
     aria-controls) and the section's own link moves to the top of its sub-menu.
   - Small screens: a « Menu » button shows and hides the whole menu.
   - Escape closes what is open and gives focus back to its button; a click or focus
     elsewhere closes an open sub-menu.
   Loaded in <head> without defer so the "js" class is set before the first paint. */
(function () {
  "use strict";
  var root = document.documentElement;
  if (!("querySelector" in document) || !("classList" in root)) {
    return;
  }
  root.classList.add("js");

  var wide = window.matchMedia("(min-width: 62rem)");

  function setExpanded(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function init() {
    var nav = document.getElementById("menu");
    var list = document.getElementById("menu-liste");
    if (!nav || !list) {
      return;
    }
    var toggles = [];

    function closeAll(except) {
      toggles.forEach(function (button) {
        if (button !== except) {
          setExpanded(button, false);
        }
      });
    }

    Array.prototype.forEach.call(list.children, function (item) {
      var link = item.querySelector(".menu-lien");
      var submenu = item.querySelector(".sous-menu");
      if (!link || !submenu) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "menu-bascule";
      button.textContent = link.textContent;
      button.setAttribute("aria-controls", submenu.id);
      setExpanded(button, false);
      if (link.hasAttribute("aria-current")) {
        button.setAttribute("aria-current", "true");
      }
      var overview = document.createElement("li");
      link.className = "sous-menu-rubrique";
      link.textContent = "Toute la rubrique « " + button.textContent + " »";
      overview.appendChild(link);
      submenu.insertBefore(overview, submenu.firstChild);
      item.insertBefore(button, submenu);
      toggles.push(button);

      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        closeAll(button);
        setExpanded(button, open);
      });
      item.addEventListener("focusout", function (event) {
        if (wide.matches && !item.contains(event.relatedTarget)) {
          setExpanded(button, false);
        }
      });
    });

    var menuButton = document.createElement("button");
    menuButton.type = "button";
    menuButton.className = "menu-ouvrir";
    menuButton.textContent = "Menu";
    menuButton.setAttribute("aria-controls", list.id);
    setExpanded(menuButton, false);
    list.parentNode.insertBefore(menuButton, list);
    menuButton.addEventListener("click", function () {
      setExpanded(menuButton, menuButton.getAttribute("aria-expanded") !== "true");
    });

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") {
        return;
      }
      var open = toggles.filter(function (b) {
        return b.getAttribute("aria-expanded") === "true";
      })[0];
      if (open) {
        setExpanded(open, false);
        open.focus();
      } else if (!wide.matches && menuButton.getAttribute("aria-expanded") === "true") {
        setExpanded(menuButton, false);
        menuButton.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (wide.matches && !nav.contains(event.target)) {
        closeAll(null);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
