//! The legal pages every site gets (issue #5): mentions légales (LCEN), données personnelles
//! (RGPD art. 13), déclaration d'accessibilité (official model); missing mandatory data is an
//! error naming the key, an audit over 3 years old a warning.

use std::cell::RefCell;
use std::fs;
use std::path::Path;

use lol_html::{RewriteStrSettings, element, rewrite_str, text};

use super::support::{Workspace, code, edit, stderr};

/// The headings of a page (`h1`–`h3`) with their text, and the visible text of `main`.
fn read_page(path: &Path) -> (Vec<(String, String)>, String) {
    let html = fs::read_to_string(path).unwrap_or_else(|_| panic!("{}", path.display()));
    let headings = RefCell::new(Vec::<(String, String)>::new());
    let body = RefCell::new(String::new());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("h1, h2, h3", |el| {
            headings.borrow_mut().push((el.tag_name(), String::new()));
            Ok(())
        }))
        .append_element_content_handler(text!("h1, h2, h3", |t| {
            if let Some((_, text)) = headings.borrow_mut().last_mut() {
                text.push_str(t.as_str());
            }
            Ok(())
        }))
        .append_element_content_handler(text!("main", |t| {
            body.borrow_mut().push_str(t.as_str());
            body.borrow_mut().push(' ');
            Ok(())
        }));
    rewrite_str(&html, settings).unwrap();
    let text = body
        .into_inner()
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let headings = headings
        .into_inner()
        .into_iter()
        .map(|(tag, text)| (tag, text.replace("&#39;", "'").trim().to_owned()))
        .collect();
    (headings, text)
}

fn h2s(headings: &[(String, String)]) -> Vec<&str> {
    headings
        .iter()
        .filter(|(tag, _)| tag == "h2")
        .map(|(_, text)| text.as_str())
        .collect()
}

fn build_ok(ws: &Workspace) -> std::path::PathBuf {
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    ws.path().join("public/ville")
}

#[test]
fn legal_notice_names_publisher_director_and_host() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let site = build_ok(&ws);
    let (headings, text) = read_page(&site.join("mentions-legales/index.html"));
    assert_eq!(
        h2s(&headings),
        vec![
            "Éditeur du site",
            "Directeur ou directrice de la publication",
            "Hébergeur",
            "Données personnelles et cookies",
            "Accessibilité"
        ]
    );
    for expected in [
        "Commune de Modèle-sur-Test",
        "Adresse : 1 place de la Mairie, 99001 Modèle-sur-Test",
        "Téléphone : 01 23 45 67 89",
        "SIRET : 21990001000017",
        "Claude Exemple, Maire de Modèle-sur-Test",
        "Métropole Adresse : 2 rue de la Métropole, 99000 Métropole Téléphone : 01 00 00 00 00",
        "loi n° 2004-575 du 21 juin 2004",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
}

#[test]
fn host_comes_from_the_metropole_when_the_commune_has_none() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    edit(
        &commune.join("commune.toml"),
        "[hebergeur]\nnom = \"Métropole\"\nadresse = \"2 rue de la Métropole, 99000 Métropole\"\ntelephone = \"01 00 00 00 00\"\n",
        "",
    );
    fs::write(
        ws.path().join("communes/_metropole.toml"),
        "[hebergeur]\nnom = \"Direction du numérique\"\nadresse = \"1 quai Central, 99000 Métropole\"\ntelephone = \"01 99 99 99 99\"\n",
    )
    .unwrap();
    let site = build_ok(&ws);
    let (_, text) = read_page(&site.join("mentions-legales/index.html"));
    assert!(
        text.contains("Direction du numérique Adresse : 1 quai Central, 99000 Métropole Téléphone : 01 99 99 99 99"),
        "{text}"
    );

    // An empty phone in the metropole's file stops the run, naming the key and its line.
    edit(
        &ws.path().join("communes/_metropole.toml"),
        "telephone = \"01 99 99 99 99\"",
        "telephone = \"\"",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("la clé « hebergeur.telephone » est vide"),
        "{err}"
    );
    assert!(err.contains("communes/_metropole.toml:4"), "{err}");
}

#[test]
fn missing_mandatory_legal_data_is_an_error_naming_the_key() {
    let cases: [(&str, &str, &str); 4] = [
        // No host phone at all: serde names the missing key.
        (
            "telephone = \"01 00 00 00 00\"\n",
            "",
            "la clé obligatoire « telephone » manque",
        ),
        // An empty host phone.
        (
            "telephone = \"01 00 00 00 00\"",
            "telephone = \"  \"",
            "la clé « hebergeur.telephone » est vide",
        ),
        // No DPO.
        (
            "[dpo]\nnom = \"DPO mutualisé\"\ncourriel = \"dpo@metropole.example\"\n",
            "",
            "la clé obligatoire « dpo » manque",
        ),
        // An unnamed DPO.
        (
            "nom = \"DPO mutualisé\"",
            "nom = \"\"",
            "la clé « dpo.nom » est vide",
        ),
    ];
    for (from, to, expected) in cases {
        let ws = Workspace::new();
        let commune = ws.add_commune("ville");
        edit(&commune.join("commune.toml"), from, to);
        let output = ws.usine(&["build"]);
        let err = stderr(&output);
        assert_eq!(code(&output), 1, "{expected}: {err}");
        assert!(err.contains(expected), "{expected:?} not in:\n{err}");
        assert!(err.contains("communes/ville/commune.toml"), "{err}");
    }
}

#[test]
fn privacy_page_gives_every_article_13_item() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let site = build_ok(&ws);
    let (headings, text) = read_page(&site.join("donnees-personnelles/index.html"));
    assert_eq!(
        h2s(&headings),
        vec![
            "Responsable des traitements",
            "Délégué à la protection des données",
            "Traitements de données",
            "Vos droits",
            "Réclamation auprès de la CNIL",
            "Cookies et traceurs"
        ]
    );
    // By default: server logs and e-mails, nothing else.
    let processings: Vec<&str> = headings
        .iter()
        .filter(|(tag, _)| tag == "h3")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        processings,
        vec![
            "Journaux techniques du serveur (toute visite)",
            "Messages envoyés à la mairie"
        ]
    );
    for item in [
        "Finalité",
        "Base légale",
        "Données traitées",
        "Destinataires",
        "Durée de conservation",
        "Transfert hors de l'Union européenne",
    ] {
        assert_eq!(text.matches(item).count(), 2, "{item} per processing");
    }
    for expected in [
        // a) controller
        "Commune de Modèle-sur-Test, représentée par Claude Exemple, Maire",
        // b) DPO
        "DPO mutualisé Courriel : dpo@metropole.example",
        // c) purposes and legal bases
        "article 6.1.e du RGPD",
        // e) recipients: the host
        "Métropole, hébergeur du site",
        // 2 a) retention
        "1 an",
        // 2 b) rights
        "droit d'accès",
        "rectification",
        "effacement",
        "limitation du traitement",
        "opposition",
        "portabilité",
        // 2 d) complaint
        "Commission nationale de l'informatique et des libertés (CNIL)",
        "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07",
        // 2 e), f)
        "ni une obligation légale ni une obligation contractuelle",
        "Aucune décision automatisée ni aucun profilage",
        "Ce site ne dépose aucun cookie et ne charge aucune ressource depuis un autre site",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    assert!(!text.contains("Mesure d'audience"));
}

#[test]
fn accessibility_page_follows_the_official_declaration_model() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    edit(
        &commune.join("commune.toml"),
        "etat = \"non\"\n",
        "etat = \"partiellement\"\ndate_audit = 2026-03-02\ntaux = 72.5\nauditeur = \"Cabinet Exemple\"\nnon_conformites = [\"Le plan de la ville n'a pas d'alternative textuelle.\"]\nderogations = [\"Vidéos des conseils antérieurs à 2024.\"]\ncontenus_non_soumis = [\"Documents bureautiques publiés avant le 23 septembre 2018.\"]\nenvironnement_test = [\"NVDA 2024.1 et Firefox 128\"]\noutils = [\"Colour Contrast Analyser\"]\npages_verifiees = [\"Accueil\", \"Mentions légales\"]\n",
    );
    let site = build_ok(&ws);
    let (headings, text) = read_page(&site.join("accessibilite/index.html"));
    assert_eq!(
        h2s(&headings),
        vec![
            "État de conformité",
            "Résultats des tests",
            "Contenus non accessibles",
            "Établissement de cette déclaration d'accessibilité",
            "Retour d'information et contact",
            "Voies de recours"
        ]
    );
    let h3: Vec<&str> = headings
        .iter()
        .filter(|(tag, _)| tag == "h3")
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        &h3[..3],
        &[
            "Non-conformité",
            "Dérogations pour charge disproportionnée",
            "Contenus non soumis à l'obligation d'accessibilité"
        ]
    );
    for expected in [
        "s'engage à rendre son site internet accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005",
        "Schéma pluriannuel de mise en accessibilité",
        "Plan d'actions 2026",
        "est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.2, en raison des non-conformités énumérées ci-dessous",
        "L'audit de conformité réalisé par Cabinet Exemple le 2 mars 2026 révèle que 72,5 % des critères du RGAA version 4.1.2 sont respectés",
        "Le plan de la ville n'a pas d'alternative textuelle.",
        "Vidéos des conseils antérieurs à 2024.",
        "Documents bureautiques publiés avant le 23 septembre 2018.",
        "Cette déclaration a été établie le 2 mars 2026",
        "NVDA 2024.1 et Firefox 128",
        "mairie@modele.example",
        "Défenseur des droits",
        "délégué du Défenseur des droits dans votre région",
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    let html = fs::read_to_string(site.join("accessibilite/index.html")).unwrap();
    assert!(html.contains("https://modele.example/documents/schema-pluriannuel.pdf"));
    assert!(html.contains("https://modele.example/documents/plan-2026.pdf"));
}

#[test]
fn an_audit_over_three_years_old_is_a_warning() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    edit(
        &commune.join("commune.toml"),
        "etat = \"non\"\n",
        "etat = \"partiellement\"\ndate_audit = 2023-05-10\ntaux = 61\nnon_conformites = [\"Contrastes insuffisants.\"]\n",
    );
    let output = ws.usine(&["build"]);
    let err = stderr(&output);
    assert_eq!(code(&output), 0, "{err}");
    assert!(
        err.contains("avertissement[accessibilite.audit-ancien]: l'audit d'accessibilité du 10 mai 2023 a plus de 3 ans"),
        "{err}"
    );
    assert!(err.contains("communes/ville/commune.toml:26"), "{err}");
    assert!(
        ws.path()
            .join("public/ville/accessibilite/index.html")
            .is_file()
    );
}

#[test]
fn a_content_page_adds_its_text_below_the_generated_part() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    for (file, title, body) in [
        (
            "mentions-legales.md",
            "Mentions légales",
            "## Crédits\n\nPhotographies : service communication.",
        ),
        (
            "donnees-personnelles.md",
            "Données personnelles",
            "## Registre\n\nLe registre des traitements est consultable en mairie.",
        ),
        (
            "accessibilite.md",
            "Accessibilité",
            "## Amélioration\n\nLe site sera audité de nouveau en 2027.",
        ),
    ] {
        fs::write(
            commune.join("contenu").join(file),
            format!("+++\ntitre = \"{title}\"\n+++\n\n{body}\n"),
        )
        .unwrap();
    }
    let site = build_ok(&ws);
    for (page, generated, added) in [
        (
            "mentions-legales",
            "Hébergeur",
            "Photographies : service communication.",
        ),
        (
            "donnees-personnelles",
            "Réclamation auprès de la CNIL",
            "Le registre des traitements est consultable en mairie.",
        ),
        (
            "accessibilite",
            "Voies de recours",
            "Le site sera audité de nouveau en 2027.",
        ),
    ] {
        let (_, text) = read_page(&site.join(page).join("index.html"));
        let generated_at = text
            .find(generated)
            .unwrap_or_else(|| panic!("{page}: {generated}"));
        let added_at = text
            .find(added)
            .unwrap_or_else(|| panic!("{page}: {added}"));
        assert!(
            generated_at < added_at,
            "{page}: the addition comes after the generated part"
        );
    }
}
