//! The alert banner (`[[bandeau]]` in `commune.toml`, issue #7): a weather alert, a crisis or
//! a mourning, shown at the top of every page while it is active.
//!
//! Sites are static, so "active" is decided at build time, by day: a banner is shown by the
//! builds dated from the day of `debut` to the day of `fin`, both included (the times of day
//! are written for the editors' records and shown, not compared). The nightly build puts it up
//! and takes it down: [`crate::incremental::horizon`] records both days, so an unchanged
//! commune is still rebuilt on those nights. For an alert that must appear at once, editors
//! run a build (or the preview publishes) as soon as they save.

use serde::{Deserialize, Serialize};

use crate::dates::{Date, DateTime};

/// One banner, as editors write it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Banner {
    #[serde(rename = "titre")]
    pub title: String,
    #[serde(rename = "texte")]
    pub text: String,
    #[serde(rename = "niveau", default)]
    pub level: Level,
    #[serde(rename = "debut")]
    pub start: DateTime,
    #[serde(rename = "fin")]
    pub end: DateTime,
    /// A page or address with more information.
    #[serde(rename = "lien", default)]
    pub link: Option<String>,
}

/// How the banner looks: information, alert (weather, crisis), mourning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Info,
    Alerte,
    Deuil,
}

impl Banner {
    /// Shown by a build dated `day`: from the day of `debut` to the day of `fin` included.
    pub fn is_active(&self, day: Date) -> bool {
        self.start.date() <= day && day <= self.end.date()
    }

    /// The first day it appears and the day after its last: when a build's output changes.
    pub fn changes_on(&self) -> [jiff::civil::Date; 2] {
        let start = self.start.date().0;
        let end = self.end.date().0;
        [start, end.tomorrow().unwrap_or(end)]
    }
}

/// What the theme shows: the active banners, in the order of `commune.toml`.
#[derive(Serialize)]
pub(crate) struct BannerView<'a> {
    titre: &'a str,
    texte: &'a str,
    niveau: Level,
    /// `Alerte`, `Information`, `Deuil`: the start of the region's accessible name.
    niveau_fr: &'static str,
    lien: Option<&'a str>,
    /// « du 5 décembre 2026 à 8 h au 7 décembre 2026 à 20 h ».
    periode: String,
}

pub(crate) fn active(banners: &[Banner], day: Date) -> Vec<BannerView<'_>> {
    banners
        .iter()
        .filter(|b| b.is_active(day))
        .map(|b| BannerView {
            titre: &b.title,
            texte: &b.text,
            niveau: b.level,
            niveau_fr: match b.level {
                Level::Info => "Information",
                Level::Alerte => "Alerte",
                Level::Deuil => "Deuil",
            },
            lien: b.link.as_deref(),
            periode: format!("du {} au {}", b.start.french(), b.end.french()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn banner() -> Banner {
        toml::from_str(
            "titre = \"Vigilance orange\"\ntexte = \"Vents violents.\"\nniveau = \"alerte\"\n\
             debut = 2026-11-24T18:00:00\nfin = 2026-11-26T08:00:00",
        )
        .unwrap()
    }

    #[test]
    fn active_from_the_day_of_start_to_the_day_of_end() {
        let b = banner();
        let day = |s: &str| Date(s.parse().unwrap());
        assert!(!b.is_active(day("2026-11-23")));
        assert!(b.is_active(day("2026-11-24")));
        assert!(b.is_active(day("2026-11-26")));
        assert!(!b.is_active(day("2026-11-27")));
        assert_eq!(
            b.changes_on().map(|d| d.to_string()),
            ["2026-11-24", "2026-11-27"]
        );
    }

    #[test]
    fn unknown_keys_and_levels_are_refused() {
        assert!(toml::from_str::<Banner>("titre = \"a\"\ntexte = \"b\"\ndebut = 2026-01-01\nfin = 2026-01-02\ncouleur = \"rouge\"").is_err());
        assert!(toml::from_str::<Banner>("titre = \"a\"\ntexte = \"b\"\nniveau = \"urgent\"\ndebut = 2026-01-01\nfin = 2026-01-02").is_err());
    }
}
