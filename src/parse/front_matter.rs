//! The TOML front matter of a page, between two `+++` lines.
//!
//! Keys are French; the usual English names of other generators are accepted as aliases so
//! a page copied from Zola or Hugo still builds.

use serde::{Deserialize, Serialize};

use crate::dates::{Date, DateTime};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(rename = "titre", alias = "title")]
    pub title: String,
    #[serde(default, alias = "summary")]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(rename = "brouillon", alias = "draft", default)]
    pub draft: bool,
    #[serde(rename = "ordre", alias = "weight", default)]
    pub weight: i64,
    /// Template of the theme to use instead of the default one.
    #[serde(rename = "gabarit", alias = "template", default)]
    pub template: Option<String>,
    /// Last part of the URL, instead of the one made from the file name.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(rename = "etiquettes", alias = "tags", default)]
    pub tags: Vec<String>,
    /// Listing pages: items per page (sections only).
    #[serde(rename = "par_page", default)]
    pub per_page: Option<usize>,
    #[serde(rename = "evenement", default)]
    pub event: Option<Event>,
    #[serde(rename = "acte", default)]
    pub act: Option<Act>,
}

/// An agenda event.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    #[serde(rename = "debut")]
    pub start: DateTime,
    #[serde(rename = "fin", default)]
    pub end: Option<DateTime>,
    #[serde(rename = "lieu", default)]
    pub place: Option<String>,
}

/// What kind of administrative act a page publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActNature {
    Deliberation,
    Arrete,
    ProcesVerbal,
    ListeDeliberations,
}

/// A council act (publication required since 1 July 2022).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Act {
    #[serde(rename = "numero")]
    pub number: String,
    pub nature: ActNature,
    pub date_adoption: Date,
    pub date_mise_en_ligne: Date,
    #[serde(rename = "objet")]
    pub subject: String,
    #[serde(default)]
    pub code_matiere: Option<String>,
    /// The signed document, a file beside the page.
    pub document: String,
    #[serde(default)]
    pub votes: Option<Votes>,
    /// Author shown on the act (CGCT R2131-1): first and last name, and title; the mayor of
    /// `commune.toml` when absent.
    #[serde(default)]
    pub signataire: Option<String>,
    #[serde(default)]
    pub qualite: Option<String>,
    /// SCDL « Délibérations » optional columns (BUDGET_ANNEE, BUDGET_NOM, PREF_ID, PREF_DATE).
    #[serde(default)]
    pub budget_annee: Option<String>,
    #[serde(default)]
    pub budget_nom: Option<String>,
    #[serde(default)]
    pub prefecture: Option<String>,
    #[serde(default)]
    pub date_prefecture: Option<Date>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Votes {
    #[serde(rename = "pour")]
    pub for_: u32,
    #[serde(rename = "contre", default)]
    pub against: u32,
    #[serde(rename = "abstention", default)]
    pub abstention: u32,
    /// Members of the council (SCDL VOTE_EFFECTIF) and members who voted (VOTE_REEL).
    #[serde(default)]
    pub effectif: Option<u32>,
    #[serde(default)]
    pub votants: Option<u32>,
}
