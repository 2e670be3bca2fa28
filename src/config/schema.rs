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
