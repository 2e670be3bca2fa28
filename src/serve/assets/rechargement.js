// Aperçu Usine à sites : recharge la page dès que le site a été reconstruit.
// Servi comme fichier à part (jamais en ligne) pour respecter la politique de sécurité
// du site ; injecté seulement dans l'aperçu, jamais dans les fichiers publiés.
(function () {
  "use strict";
  var script = document.currentScript;
  var served = script ? script.getAttribute("data-generation") : null;
  var events = new EventSource("/_usine/evenements");
  function compare(event) {
    // « bonjour » donne la version actuelle à la connexion, « rechargement » chaque nouvelle.
    if (event.data !== served) {
      events.close();
      window.location.reload();
    }
  }
  events.addEventListener("bonjour", compare);
  events.addEventListener("rechargement", compare);
})();
