/* Vidéos et cartes de services tiers : rien n'est demandé au service avant le clic du visiteur.
   La page contient, à la place du lecteur, un avertissement, un lien vers le contenu sur le site du
   service (qui suffit sans JavaScript) et un bouton caché que ce fichier affiche ; un clic remplace
   le bouton par le lecteur. Aucun code écrit dans la page : compatible avec la politique de
   sécurité du site (Content-Security-Policy). Ajouté par Usine à sites aux seules pages concernées. */
(function () {
  "use strict";
  var boutons = document.querySelectorAll("button.integration-charger[data-adresse]");
  Array.prototype.forEach.call(boutons, function (bouton) {
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      var cadre = document.createElement("iframe");
      cadre.src = bouton.getAttribute("data-adresse");
      cadre.title = bouton.getAttribute("data-titre");
      cadre.className = "integration-cadre";
      cadre.setAttribute("allow", "fullscreen; picture-in-picture");
      cadre.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      bouton.parentNode.replaceChild(cadre, bouton);
      cadre.focus();
    });
  });
})();
