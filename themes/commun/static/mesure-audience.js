/* Mesure d'audience exemptée de consentement (critères de la CNIL) : Matomo hébergé pour la
   commune, sans aucun cookie, sans identifiant partagé entre sites, en respectant « Ne pas me
   pister » (Do Not Track, Global Privacy Control) et le refus enregistré depuis la page Données
   personnelles. L'adresse du serveur et le numéro du site sont portés par la balise <script>
   (data-matomo, data-site) : aucun code écrit dans la page. Ajouté par Usine à sites à toutes les
   pages quand [vie_privee.mesure_audience] est renseigné. */
(function () {
  "use strict";
  var script = document.currentScript;
  var CLE = "usine-mesure-audience-refus";

  function refuse() {
    try {
      return window.localStorage.getItem(CLE) === "1";
    } catch (e) {
      return false;
    }
  }

  function brancherOpposition() {
    var bloc = document.getElementById("mesure-audience-opposition");
    var bouton = document.getElementById("mesure-audience-bouton");
    var etat = document.getElementById("mesure-audience-etat");
    if (!bloc || !bouton || !etat) {
      return;
    }
    function afficher() {
      if (refuse()) {
        etat.textContent = "Vos visites ne sont pas comptées dans les statistiques de ce site.";
        bouton.textContent = "Accepter d'être compté dans les statistiques de fréquentation";
      } else {
        etat.textContent = "Vos visites sont comptées, de façon anonyme, dans les statistiques de ce site.";
        bouton.textContent = "Ne plus être compté dans les statistiques de fréquentation";
      }
    }
    bouton.addEventListener("click", function () {
      try {
        if (refuse()) {
          window.localStorage.removeItem(CLE);
        } else {
          window.localStorage.setItem(CLE, "1");
        }
      } catch (e) {
        etat.textContent = "Votre navigateur ne permet pas d'enregistrer ce choix.";
        return;
      }
      afficher();
    });
    bloc.hidden = false;
    afficher();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", brancherOpposition);
  } else {
    brancherOpposition();
  }

  var pisteRefusee = navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl === true;
  if (!script || refuse() || pisteRefusee) {
    return;
  }
  var base = script.getAttribute("data-matomo");
  var site = script.getAttribute("data-site");
  if (!base || !site) {
    return;
  }
  var _paq = (window._paq = window._paq || []);
  _paq.push(["disableCookies"]);
  _paq.push(["setDoNotTrack", true]);
  _paq.push(["setTrackerUrl", base + "matomo.php"]);
  _paq.push(["setSiteId", site]);
  _paq.push(["trackPageView"]);
  _paq.push(["enableLinkTracking"]);
  var matomo = document.createElement("script");
  matomo.async = true;
  matomo.src = base + "matomo.js";
  document.head.appendChild(matomo);
})();
