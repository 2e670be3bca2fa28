//! The ACTES nomenclature (matters of the contrôle de légalité), levels 1 and 2, as the SCDL
//! « Délibérations » schema wants them in `DELIB_MATIERE_NOM`: level-1 name, `/`, level-2
//! name, lower case with accents, no comma or parenthesis.

/// (code, level-2 name); the level-1 name comes from the code's first digit.
const MATTERS: &[(&str, &str)] = &[
    ("1.1", "marchés publics"),
    ("1.2", "délégation de service public"),
    ("1.3", "conventions de mandat"),
    ("1.4", "autres types de contrats"),
    ("1.5", "transactions-protocole d'accord transactionnel"),
    ("1.6", "maîtrise d'œuvre"),
    ("1.7", "actes spéciaux et divers"),
    ("2.1", "documents d'urbanisme"),
    (
        "2.2",
        "actes relatifs au droit d'occupation ou d'utilisation des sols",
    ),
    ("2.3", "droit de préemption urbain"),
    ("3.1", "acquisitions"),
    ("3.2", "aliénations"),
    ("3.3", "locations"),
    ("3.4", "limites territoriales"),
    ("3.5", "actes de gestion du domaine public"),
    ("3.6", "actes de gestion du domaine privé"),
    ("4.1", "personnels titulaires et stagiaires de la fpt"),
    ("4.2", "personnels contractuels"),
    ("4.3", "fonction publique hospitalière"),
    ("4.4", "autres catégories de personnels"),
    ("4.5", "régime indemnitaire"),
    ("5.1", "election exécutif"),
    ("5.2", "fonctionnement des assemblées"),
    ("5.3", "désignation de représentants"),
    ("5.4", "délégation de fonctions"),
    ("5.5", "délégation de signature"),
    ("5.6", "exercice des mandats locaux"),
    ("5.7", "intercommunalité"),
    ("5.8", "décision d'ester en justice"),
    ("6.1", "police municipale"),
    ("6.2", "pouvoirs du président du conseil général"),
    ("6.3", "pouvoirs du président du conseil régional"),
    ("6.4", "autres actes réglementaires"),
    ("6.5", "actes pris au nom de l'état"),
    ("7.1", "décisions budgétaires"),
    ("7.2", "fiscalité"),
    ("7.3", "emprunts"),
    ("7.4", "interventions économiques"),
    ("7.5", "subventions"),
    ("7.6", "contributions budgétaires"),
    ("7.7", "avances"),
    ("7.8", "fonds de concours"),
    ("7.9", "prise de participation"),
    ("7.10", "divers"),
    ("8.1", "enseignement"),
    ("8.2", "aide sociale"),
    ("8.3", "voirie"),
    ("8.4", "aménagement du territoire"),
    ("8.5", "politique de la ville-habitat-logement"),
    ("8.6", "emploi-formation professionnelle"),
    ("8.7", "transports"),
    ("8.8", "environnement"),
    ("8.9", "culture"),
    ("9.1", "autres domaines de compétences des communes"),
    ("9.2", "autres domaines de compétences des départements"),
    ("9.3", "autres domaines de compétences des régions"),
    ("9.4", "vœux et motions"),
];

/// Level-1 names, by first digit (1 to 9).
const FAMILIES: [&str; 9] = [
    "commande publique",
    "urbanisme",
    "domaine et patrimoine",
    "fonction publique",
    "institutions et vie politique",
    "libertés publiques et pouvoirs de police",
    "finances locales",
    "domaines de compétences par thèmes",
    "autres domaines de compétences",
];

/// `domaines de compétences par thèmes/aménagement du territoire` for `8.4`; `None` for a
/// code outside the nomenclature.
pub(crate) fn matter_name(code: &str) -> Option<String> {
    let (_, name) = MATTERS.iter().find(|(c, _)| *c == code)?;
    let family = code.split('.').next()?.parse::<usize>().ok()?;
    Some(format!("{}/{name}", FAMILIES[family - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_scdl_example() {
        assert_eq!(
            matter_name("8.4").as_deref(),
            Some("domaines de compétences par thèmes/aménagement du territoire")
        );
        assert_eq!(
            matter_name("7.10").as_deref(),
            Some("finances locales/divers")
        );
        assert_eq!(matter_name("7.11"), None);
        assert_eq!(matter_name("10.1"), None);
    }

    #[test]
    fn every_name_has_one_slash_and_no_comma_or_parenthesis() {
        for (code, _) in MATTERS {
            let name = matter_name(code).unwrap();
            assert_eq!(name.matches('/').count(), 1, "{name}");
            assert!(!name.contains([',', '(', ')']), "{name}");
            assert!(!name.contains(" /") && !name.contains("/ "), "{name}");
        }
    }
}
