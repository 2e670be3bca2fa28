//! The processings the Données personnelles page declares (RGPD art. 13).

use serde::Serialize;

use crate::config::CommuneConfig;
use crate::privacy::embed::{self, EmbedKind};

/// The `vie_privee` context of the templates.
#[derive(Debug, Serialize)]
pub struct PrivacyNotice {
    /// One entry per processing the site really does, in a stable order.
    traitements: Vec<Processing>,
    /// Embeds are allowed: a third party may set cookies once a visitor shows one.
    integrations: bool,
    /// Resources are loaded from allowed third parties on display.
    tiers: bool,
    /// Audience measurement is on (the page then offers the opt-out control).
    mesure_audience: bool,
}

/// One processing, with every item RGPD art. 13 asks for.
#[derive(Debug, Serialize)]
pub struct Processing {
    /// Stable anchor of its section (placeholders link to `#integration-youtube`).
    ancre: String,
    titre: String,
    finalite: String,
    base_legale: String,
    donnees: String,
    destinataires: String,
    duree: String,
    transfert: String,
    /// The recipient's own privacy policy.
    politique: Option<String>,
    /// How to withdraw consent, when the processing rests on it.
    retrait: Option<String>,
}

const PUBLIC_TASK: &str = "exécution d'une mission d'intérêt public (article 6.1.e du RGPD) : l'information des habitants";
const NO_TRANSFER: &str = "Aucun transfert hors de l'Union européenne.";

impl PrivacyNotice {
    pub fn new(config: &CommuneConfig) -> PrivacyNotice {
        let commune = &config.identity.name;
        let privacy = &config.privacy;
        let host = config
            .host
            .as_ref()
            .map_or("l'hébergeur du site", |h| h.name.as_str());
        let mut processings = vec![
            Processing {
                ancre: "traitement-journaux".to_owned(),
                titre: "Journaux techniques du serveur (toute visite)".to_owned(),
                finalite: "assurer la sécurité et le bon fonctionnement du site, détecter et analyser les attaques".to_owned(),
                base_legale: format!("{PUBLIC_TASK} et la sécurité de ce service en ligne"),
                donnees: "adresse IP, date et heure, adresse de la page demandée, page de provenance, navigateur et système d'exploitation".to_owned(),
                destinataires: format!("{host}, hébergeur du site, et les agents habilités de {commune}"),
                duree: months(privacy.log_retention_months),
                transfert: NO_TRANSFER.to_owned(),
                politique: None,
                retrait: None,
            },
            Processing {
                ancre: "traitement-courriels".to_owned(),
                titre: "Messages envoyés à la mairie".to_owned(),
                finalite: "répondre à vos demandes et vous orienter vers le service compétent".to_owned(),
                base_legale: PUBLIC_TASK.to_owned(),
                donnees: "votre adresse électronique, votre nom et ce que vous choisissez d'écrire".to_owned(),
                destinataires: format!("les services de {commune} concernés par votre demande"),
                duree: privacy.email_retention.clone(),
                transfert: NO_TRANSFER.to_owned(),
                politique: None,
                retrait: None,
            },
        ];
        if let Some(analytics) = &privacy.analytics {
            let bytes = analytics.ip_bytes_masked;
            processings.push(Processing {
                ancre: "traitement-mesure-audience".to_owned(),
                titre: "Mesure d'audience".to_owned(),
                finalite: "produire des statistiques anonymes de fréquentation (pages vues, problèmes de navigation) pour améliorer le site".to_owned(),
                base_legale: format!(
                    "{PUBLIC_TASK} ; l'outil (Matomo, hébergé pour {commune}) est configuré pour être exempté de consentement selon les critères de la CNIL : aucun cookie, adresse IP tronquée, aucun recoupement avec d'autres traitements, aucune transmission à des tiers"
                ),
                donnees: format!(
                    "adresse IP tronquée de ses {bytes} derniers octets, pages vues, date et heure, page de provenance, navigateur, taille de l'écran"
                ),
                destinataires: format!(
                    "{commune} uniquement ; le serveur Matomo est hébergé par {}",
                    analytics.host.as_deref().unwrap_or(host)
                ),
                duree: format!("{} au plus", months(analytics.retention_months)),
                transfert: NO_TRANSFER.to_owned(),
                politique: None,
                retrait: Some("vous pouvez vous opposer à cette mesure : activez l'option « Ne pas me pister » (Do Not Track) ou « Global Privacy Control » de votre navigateur, ou utilisez le bouton ci-dessous".to_owned()),
            });
        }
        let mut embeds = privacy.embeds.clone();
        embeds.sort();
        embeds.dedup();
        for provider in embeds {
            let facts = embed::facts(provider);
            let (what, button) = match facts.kind {
                EmbedKind::Video => ("des vidéos", "Afficher la vidéo"),
                EmbedKind::Map => ("des cartes", "Afficher la carte"),
            };
            processings.push(Processing {
                ancre: format!("integration-{}", embed::key(provider)),
                titre: format!("Contenus {} intégrés ({what})", facts.name),
                finalite: format!("afficher dans la page, à votre demande, {what} hébergées par {}", facts.name),
                base_legale: format!(
                    "votre consentement (article 6.1.a du RGPD), donné en cliquant sur « {button} » : rien n'est demandé à {} avant ce clic",
                    facts.name
                ),
                donnees: format!(
                    "adresse IP, informations sur votre navigateur ; une fois le contenu affiché, {} peut déposer des cookies et traceurs selon sa propre politique",
                    facts.name
                ),
                destinataires: facts.company.to_owned(),
                duree: format!("selon la politique de confidentialité de {}", facts.company),
                transfert: facts.transfer.to_owned(),
                politique: Some(facts.privacy_policy.to_owned()),
                retrait: Some("votre accord ne vaut que pour la page affichée et n'est pas mémorisé : il suffit de recharger la page pour le retirer".to_owned()),
            });
        }
        for (index, third) in privacy.third_parties.iter().enumerate() {
            processings.push(Processing {
                ancre: format!("tiers-{}", index + 1),
                titre: third.name.clone(),
                finalite: third.purpose.clone(),
                base_legale: PUBLIC_TASK.to_owned(),
                donnees: format!(
                    "adresse IP et informations techniques de votre navigateur, transmises à {} à l'affichage des pages qui utilisent ses ressources",
                    third.origin
                ),
                destinataires: format!("{} ({})", third.name, third.origin),
                duree: match &third.policy {
                    Some(_) => format!("selon la politique de confidentialité de {}", third.name),
                    None => format!("selon les règles de {}", third.name),
                },
                transfert: if third.outside_eu {
                    format!("{} transfère des données hors de l'Union européenne : voir sa politique de confidentialité.", third.name)
                } else {
                    NO_TRANSFER.to_owned()
                },
                politique: third.policy.clone(),
                retrait: None,
            });
        }
        PrivacyNotice {
            traitements: processings,
            integrations: !privacy.embeds.is_empty(),
            tiers: !privacy.third_parties.is_empty(),
            mesure_audience: privacy.analytics.is_some(),
        }
    }
}

fn months(n: u32) -> String {
    match n {
        12 => "1 an".to_owned(),
        24 => "2 ans".to_owned(),
        n => format!("{n} mois"),
    }
}
