//! The SCDL « Délibérations » 2.1.5 export (schema.data.gouv.fr/scdl/deliberations): one row
//! per délibération of the commune, in `donnees/deliberations.csv` (the 17 columns in the
//! schema's order, UTF-8, comma-separated, every value quoted when needed, missing values
//! empty) and the same rows in `donnees/deliberations.json`.
//!
//! Written for every site with acts, even without a délibération (header only: still a valid
//! file for the schema). A délibération without a matter code is left out (the column is required; the model stage
//! warned about it).

use std::path::PathBuf;

use serde::Serialize;

use super::{PublishedAct, nomenclature};
use crate::minify::OutputFile;
use crate::model::Site;
use crate::parse::ActNature;

/// The CSV file, relative to the site root.
pub const CSV: &str = "donnees/deliberations.csv";
/// The JSON file, relative to the site root.
pub const JSON: &str = "donnees/deliberations.json";

/// The 17 columns, in the schema's order.
pub const COLUMNS: [&str; 17] = [
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
];

/// One row; field names are the schema's column names.
#[derive(Debug, Serialize)]
#[allow(non_snake_case)]
pub struct Row {
    pub COLL_NOM: String,
    pub COLL_SIRET: String,
    pub DELIB_ID: String,
    pub DELIB_DATE: String,
    pub DELIB_MATIERE_CODE: String,
    pub DELIB_MATIERE_NOM: String,
    pub DELIB_OBJET: String,
    pub BUDGET_ANNEE: String,
    pub BUDGET_NOM: String,
    pub PREF_ID: String,
    pub PREF_DATE: String,
    pub VOTE_EFFECTIF: Option<u32>,
    pub VOTE_REEL: Option<u32>,
    pub VOTE_POUR: Option<u32>,
    pub VOTE_CONTRE: Option<u32>,
    pub VOTE_ABSTENTION: Option<u32>,
    pub DELIB_URL: String,
}

impl Row {
    fn values(&self) -> [String; 17] {
        let int = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        [
            self.COLL_NOM.clone(),
            self.COLL_SIRET.clone(),
            self.DELIB_ID.clone(),
            self.DELIB_DATE.clone(),
            self.DELIB_MATIERE_CODE.clone(),
            self.DELIB_MATIERE_NOM.clone(),
            self.DELIB_OBJET.clone(),
            self.BUDGET_ANNEE.clone(),
            self.BUDGET_NOM.clone(),
            self.PREF_ID.clone(),
            self.PREF_DATE.clone(),
            int(self.VOTE_EFFECTIF),
            int(self.VOTE_REEL),
            int(self.VOTE_POUR),
            int(self.VOTE_CONTRE),
            int(self.VOTE_ABSTENTION),
            self.DELIB_URL.clone(),
        ]
    }
}

/// The rows of a site's délibérations, oldest first.
pub fn rows(site: &Site, acts: &[PublishedAct<'_>]) -> Vec<Row> {
    let base = site.config.identity.url.trim_end_matches('/');
    let identity = &site.config.identity;
    let mut rows: Vec<(crate::dates::Date, Row)> = acts
        .iter()
        .filter(|p| p.act.nature == ActNature::Deliberation)
        .filter_map(|p| {
            let act = p.act;
            let code = act.code_matiere.clone()?;
            let name = nomenclature::matter_name(&code)?;
            let votes = act.votes.as_ref();
            Some((
                act.date_adoption,
                Row {
                    COLL_NOM: identity.name.clone(),
                    COLL_SIRET: identity.siret.replace(' ', ""),
                    DELIB_ID: act.number.clone(),
                    DELIB_DATE: act.date_adoption.to_string(),
                    DELIB_MATIERE_CODE: code,
                    DELIB_MATIERE_NOM: name,
                    DELIB_OBJET: act.subject.clone(),
                    BUDGET_ANNEE: act.budget_annee.clone().unwrap_or_default(),
                    BUDGET_NOM: act.budget_nom.clone().unwrap_or_default(),
                    PREF_ID: act.prefecture.clone().unwrap_or_default(),
                    PREF_DATE: act
                        .date_prefecture
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    VOTE_EFFECTIF: votes.and_then(|v| v.effectif),
                    VOTE_REEL: votes
                        .map(|v| v.votants.unwrap_or(v.for_ + v.against + v.abstention)),
                    VOTE_POUR: votes.map(|v| v.for_),
                    VOTE_CONTRE: votes.map(|v| v.against),
                    VOTE_ABSTENTION: votes.map(|v| v.abstention),
                    DELIB_URL: p
                        .document_url
                        .as_ref()
                        .map(|u| format!("{base}{u}"))
                        .unwrap_or_default(),
                },
            ))
        })
        .collect();
    rows.sort_by(|(a, ra), (b, rb)| a.cmp(b).then_with(|| ra.DELIB_ID.cmp(&rb.DELIB_ID)));
    rows.into_iter().map(|(_, row)| row).collect()
}

/// RFC 4180 CSV: header then rows, CRLF line ends, fields quoted when they need it.
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = String::new();
    let mut line = |values: &[String]| {
        let fields: Vec<String> = values.iter().map(|v| quote(v)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    line(&COLUMNS.map(str::to_owned));
    for row in rows {
        line(&row.values());
    }
    out
}

fn quote(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The CSV and JSON files of the export.
pub(crate) fn files(site: &Site, acts: &[PublishedAct<'_>]) -> Vec<OutputFile> {
    // Written even without rows: the acts listing links to it.
    let rows = rows(site, acts);
    vec![
        OutputFile {
            path: PathBuf::from(CSV),
            bytes: to_csv(&rows).into_bytes(),
        },
        OutputFile {
            path: PathBuf::from(JSON),
            bytes: serde_json::to_vec_pretty(&rows).unwrap_or_default(),
        },
    ]
}

/// `^[0-9]{4}(\/[0-9]{4})?$`
pub fn is_budget_year(value: &str) -> bool {
    let year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    match value.split_once('/') {
        Some((a, b)) => year(a) && year(b),
        None => year(value),
    }
}

/// `PREFNNN`, `SPREFNNNM`, `SGARNNN`; NNN the département on 3 characters (`02A`/`02B`).
pub fn is_prefecture_id(value: &str) -> bool {
    let dept = |s: &str| {
        s.len() == 3 && (s.bytes().all(|b| b.is_ascii_digit()) || s == "02A" || s == "02B")
    };
    if let Some(rest) = value.strip_prefix("SPREF") {
        rest.len() == 4 && dept(&rest[..3]) && rest.as_bytes()[3].is_ascii_digit()
    } else if let Some(rest) = value.strip_prefix("PREF") {
        dept(rest)
    } else if let Some(rest) = value.strip_prefix("SGAR") {
        dept(rest)
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(is_budget_year("2017") && is_budget_year("2017/2018"));
        assert!(!is_budget_year("17") && !is_budget_year("2017-2018"));
        assert!(is_prefecture_id("PREF038") && is_prefecture_id("SPREF0381"));
        assert!(is_prefecture_id("SGAR02A"));
        assert!(!is_prefecture_id("PREF38") && !is_prefecture_id("PRF038"));
    }

    #[test]
    fn csv_quotes_only_what_needs_it() {
        assert_eq!(quote("a"), "a");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("dit \"oui\""), "\"dit \"\"oui\"\"\"");
    }
}
