//! The typed shape of `commune.toml` (keys in French, fields in English).
//!
//! `deny_unknown_fields` everywhere: a typo is an error with a suggestion, never a silent default.
//! The commented reference is `docs/commune.exemple.toml`.

use serde::{Deserialize, Serialize};

use crate::dates::Date;

/// Everything a commune declares about itself.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommuneConfig {
    #[serde(rename = "commune")]
    pub identity: Identity,
    #[serde(rename = "maire")]
    pub mayor: Mayor,
    pub dpo: Dpo,
    /// Falls back to `_metropole.toml` when absent.
    #[serde(rename = "hebergeur", default)]
    pub host: Option<Host>,
    #[serde(rename = "identite_visuelle", default)]
    pub branding: Branding,
    #[serde(default)]
    pub menu: Vec<MenuEntry>,
    #[serde(rename = "accessibilite")]
    pub accessibility: AccessibilityAudit,
    #[serde(rename = "fonctionnalites", default)]
    pub features: Features,
    /// Third parties the site may call on; nothing by default.
    #[serde(rename = "vie_privee", default)]
    pub privacy: Privacy,
    /// Alert banners shown on every page while active (issue #7, [`crate::banner`]).
    #[serde(rename = "bandeau", default)]
    pub banners: Vec<crate::banner::Banner>,
    /// The budget every page is held to (issue #7, [`crate::sobriety`]).
    #[serde(rename = "sobriete", default)]
    pub sobriety: SobrietyBudget,
}

/// `[sobriete]`: the EcoIndex grade, weight and request count no page may pass. Defaults: grade
/// C, and the EcoIndex reference's targets (1,024 KB, 40 requests).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SobrietyBudget {
    #[serde(rename = "note_minimale", default = "default_min_grade")]
    pub min_grade: crate::sobriety::Grade,
    #[serde(rename = "poids_max_ko", default = "default_max_weight_kb")]
    pub max_weight_kb: u32,
    #[serde(rename = "requetes_max", default = "default_max_requests")]
    pub max_requests: u32,
    /// A page over budget is an error (the site is not published) instead of a warning.
    #[serde(rename = "bloquant", default)]
    pub blocking: bool,
}

impl Default for SobrietyBudget {
    fn default() -> Self {
        SobrietyBudget {
            min_grade: default_min_grade(),
            max_weight_kb: default_max_weight_kb(),
            max_requests: default_max_requests(),
            blocking: false,
        }
    }
}

fn default_min_grade() -> crate::sobriety::Grade {
    crate::sobriety::Grade::C
}

fn default_max_weight_kb() -> u32 {
    crate::sobriety::ecoindex::TARGET_SIZE_KB
}

fn default_max_requests() -> u32 {
    crate::sobriety::ecoindex::TARGET_REQUESTS
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "code_insee")]
    pub insee_code: String,
    pub siret: String,
    pub population: u32,
    #[serde(rename = "adresse")]
    pub address: String,
    #[serde(rename = "telephone")]
    pub phone: String,
    #[serde(rename = "courriel")]
    pub email: String,
    /// Public base URL, without trailing slash.
    pub url: String,
    #[serde(rename = "horaires", default)]
    pub opening_hours: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mayor {
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "titre", default = "default_mayor_title")]
    pub title: String,
}

fn default_mayor_title() -> String {
    "Maire".to_owned()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dpo {
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "courriel")]
    pub email: String,
    #[serde(rename = "adresse", default)]
    pub address: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "adresse")]
    pub address: String,
    #[serde(rename = "telephone")]
    pub phone: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// Path relative to the commune folder.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(rename = "couleur_principale", default = "default_primary_colour")]
    pub primary_colour: String,
}

impl Default for Branding {
    fn default() -> Self {
        Branding {
            logo: None,
            primary_colour: default_primary_colour(),
        }
    }
}

fn default_primary_colour() -> String {
    "#1d4f91".to_owned()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    #[serde(rename = "titre")]
    pub title: String,
    #[serde(rename = "lien")]
    pub link: String,
    #[serde(rename = "sous_menu", default)]
    pub children: Vec<MenuLeaf>,
}

/// Second level of the menu: no further nesting (RGAA-friendly, two levels at most).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuLeaf {
    #[serde(rename = "titre")]
    pub title: String,
    #[serde(rename = "lien")]
    pub link: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConformityState {
    Non,
    Partiellement,
    Totalement,
}

impl ConformityState {
    /// The legal footer mention (décret 2019-768).
    pub fn mention(self) -> &'static str {
        match self {
            ConformityState::Non => "Accessibilité : non conforme",
            ConformityState::Partiellement => "Accessibilité : partiellement conforme",
            ConformityState::Totalement => "Accessibilité : totalement conforme",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityAudit {
    #[serde(rename = "etat")]
    pub state: ConformityState,
    #[serde(rename = "date_audit", default)]
    pub audit_date: Option<Date>,
    #[serde(rename = "taux", default)]
    pub rate: Option<f64>,
    #[serde(rename = "auditeur", default)]
    pub auditor: Option<String>,
    /// Mean of the per-page rates (optional in the official model).
    #[serde(rename = "taux_moyen", default)]
    pub average_rate: Option<f64>,
    /// When the declaration was established; the audit date when absent.
    #[serde(rename = "date_declaration", default)]
    pub declaration_date: Option<Date>,
    #[serde(rename = "date_mise_a_jour", default)]
    pub update_date: Option<Date>,
    /// Link to the schéma pluriannuel (site path or https URL).
    #[serde(rename = "schema_pluriannuel", default)]
    pub multi_year_scheme: Option<String>,
    #[serde(rename = "plan_actions", default)]
    pub action_plan: Option<ActionPlan>,
    #[serde(rename = "non_conformites", default)]
    pub non_conformities: Vec<String>,
    /// Dérogations pour charge disproportionnée, each with its justification.
    #[serde(rename = "derogations", default)]
    pub disproportionate_burden: Vec<String>,
    /// Contents exempted from the obligation (décret 2019-768 art. 3).
    #[serde(rename = "contenus_non_soumis", default)]
    pub exempted: Vec<String>,
    #[serde(rename = "environnement_test", default)]
    pub test_environment: Vec<String>,
    #[serde(rename = "outils", default)]
    pub tools: Vec<String>,
    #[serde(rename = "pages_verifiees", default)]
    pub pages_tested: Vec<String>,
    /// Where to report an accessibility problem, when not the commune's e-mail.
    #[serde(rename = "contact", default)]
    pub contact: Option<String>,
}

/// The yearly plan d'actions of the schéma pluriannuel.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActionPlan {
    #[serde(rename = "annee")]
    pub year: i16,
    /// Site path or https URL.
    #[serde(rename = "lien")]
    pub link: String,
}

/// `[vie_privee]`: by default the site sets no cookie and calls no other origin; each
/// exception is declared here and listed on the Données personnelles page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Video and map services whose embeds are shown behind a click-to-load placeholder.
    #[serde(rename = "integrations", default)]
    pub embeds: Vec<EmbedProvider>,
    /// Other origins pages may load resources from.
    #[serde(rename = "tiers", default)]
    pub third_parties: Vec<ThirdParty>,
    /// Self-hosted Matomo, in the configuration exempt from consent.
    #[serde(rename = "mesure_audience", default)]
    pub analytics: Option<Analytics>,
    /// How long the host keeps the server logs (décret 2021-1362: one year).
    #[serde(
        rename = "conservation_journaux_mois",
        default = "default_log_retention"
    )]
    pub log_retention_months: u32,
    /// How long e-mails sent to the mairie are kept, in words.
    #[serde(rename = "conservation_courriels", default = "default_email_retention")]
    pub email_retention: String,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            embeds: Vec::new(),
            third_parties: Vec::new(),
            analytics: None,
            log_retention_months: default_log_retention(),
            email_retention: default_email_retention(),
        }
    }
}

fn default_log_retention() -> u32 {
    12
}

fn default_email_retention() -> String {
    "le temps nécessaire au traitement de votre demande, puis selon les règles d'archivage des collectivités territoriales".to_owned()
}

/// A service whose players or maps can be embedded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EmbedProvider {
    Youtube,
    Dailymotion,
    Vimeo,
    Openstreetmap,
}

/// An origin the commune allows pages to load resources from (images, media, ...).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThirdParty {
    /// `https://host` (with a port if needed), no path.
    #[serde(rename = "origine")]
    pub origin: String,
    /// Who runs it (recipient of the visitors' IP addresses).
    #[serde(rename = "nom")]
    pub name: String,
    /// What it is used for on the site.
    #[serde(rename = "finalite")]
    pub purpose: String,
    /// Link to its privacy policy.
    #[serde(rename = "politique", default)]
    pub policy: Option<String>,
    #[serde(rename = "transfert_hors_ue", default)]
    pub outside_eu: bool,
}

/// Self-hosted Matomo: cookieless, IP addresses masked, data kept 25 months at most.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Analytics {
    /// Address of the Matomo server, e.g. `https://statistiques.metropole.fr/`.
    pub matomo: String,
    #[serde(rename = "identifiant_site")]
    pub site_id: u32,
    /// Bytes of the IP address masked by Matomo (CNIL: at least 2).
    #[serde(rename = "anonymisation_ip_octets")]
    pub ip_bytes_masked: u8,
    #[serde(rename = "conservation_mois", default = "default_analytics_retention")]
    pub retention_months: u32,
    /// Who runs the Matomo server; the site's host when absent.
    #[serde(rename = "hebergeur", default)]
    pub host: Option<String>,
}

fn default_analytics_retention() -> u32 {
    25
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Features {
    #[serde(rename = "actualites", default = "yes")]
    pub news: bool,
    #[serde(default = "yes")]
    pub agenda: bool,
    #[serde(rename = "actes", default = "yes")]
    pub acts: bool,
    #[serde(rename = "recherche", default = "yes")]
    pub search: bool,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            news: true,
            agenda: true,
            acts: true,
            search: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// `communes/_metropole.toml`: defaults shared by every commune.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetropoleConfig {
    #[serde(rename = "hebergeur", default)]
    pub host: Option<Host>,
}
