//! `usine rapport fusion`: one JSON report from the shards' JSON reports, with the shape of
//! `usine build --format json` (communes sorted by name; the duration is the longest shard's,
//! since shards run side by side; the image variants pruned add up; the sites without a
//! commune are those any shard named).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

use crate::diagnostic::Diagnostic;

/// The merged report and what the exit code needs.
pub struct Merged {
    pub json: String,
    pub communes: usize,
    pub published: usize,
    pub unchanged: usize,
    pub failed: usize,
    /// Error-level diagnostics in communes that were published or kept.
    pub errors: usize,
}

pub fn merge_reports(paths: &[PathBuf]) -> Result<Merged, Diagnostic> {
    let mut communes: BTreeMap<String, (Value, String)> = BTreeMap::new();
    let mut duration = 0u64;
    let (mut pruned_files, mut pruned_bytes) = (0u64, 0u64);
    let mut without_commune = BTreeSet::new();
    for path in paths {
        let shown = path.display().to_string();
        let bad = |message: String| {
            Diagnostic::error("fusion.rapport", message)
                .in_file(&shown)
                .with_hint("donnez les rapports écrits par « usine build --format json » de chaque tranche.")
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| bad(format!("lecture impossible : {e}")))?;
        let report: Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("JSON invalide : {e}")))?;
        let list = report
            .get("communes")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                bad("pas de liste « communes » : ce n'est pas un rapport de build".to_owned())
            })?;
        duration = duration.max(report.get("duration").and_then(Value::as_u64).unwrap_or(0));
        let pruned = |key: &str| report["images_pruned"][key].as_u64().unwrap_or(0);
        pruned_files += pruned("files");
        pruned_bytes += pruned("bytes");
        let sites = report["sites_without_commune"]
            .as_array()
            .into_iter()
            .flatten();
        without_commune.extend(sites.filter_map(Value::as_str).map(str::to_owned));
        for commune in list {
            let slug = commune
                .get("slug")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("une commune sans « slug »".to_owned()))?
                .to_owned();
            if let Some((_, first)) = communes.get(&slug) {
                return Err(bad(format!(
                    "la commune « {slug} » figure aussi dans {first} : deux tranches l'ont construite"
                ))
                .with_hint("chaque tranche doit avoir le même N et un K différent (--shard K/N)."));
            }
            communes.insert(slug, (commune.clone(), shown.clone()));
        }
    }
    let outcome =
        |c: &Value, wanted: &str| c.get("outcome").and_then(Value::as_str) == Some(wanted);
    let list: Vec<Value> = communes.into_values().map(|(c, _)| c).collect();
    let count = |wanted: &str| list.iter().filter(|c| outcome(c, wanted)).count();
    let errors = list
        .iter()
        .filter_map(|c| c.get("diagnostics").and_then(Value::as_array))
        .flatten()
        .filter(|d| d.get("severity").and_then(Value::as_str) == Some("error"))
        .count();
    let merged = Merged {
        communes: list.len(),
        published: count("published"),
        unchanged: count("unchanged"),
        failed: count("failed"),
        errors,
        json: String::new(),
    };
    let value = serde_json::json!({
        "communes": list,
        "duration": duration,
        "images_pruned": { "files": pruned_files, "bytes": pruned_bytes },
        "sites_without_commune": without_commune,
    });
    let json = serde_json::to_string_pretty(&value).unwrap_or_default();
    Ok(Merged { json, ..merged })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruned_variants_add_up_and_sites_without_commune_are_all_kept() {
        let dir = tempfile::tempdir().unwrap();
        let shards = [
            r#"{"communes": [{"slug": "b", "outcome": "published"}], "duration": 5,
                "images_pruned": {"files": 2, "bytes": 10}, "sites_without_commune": ["x"]}"#,
            r#"{"communes": [{"slug": "a", "outcome": "unchanged"}], "duration": 7,
                "images_pruned": {"files": 1, "bytes": 5}, "sites_without_commune": ["x", "w"]}"#,
        ];
        let paths: Vec<PathBuf> = shards
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = dir.path().join(format!("{i}.json"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let merged = merge_reports(&paths).unwrap();
        let value: Value = serde_json::from_str(&merged.json).unwrap();
        assert_eq!(value["duration"], 7);
        assert_eq!(value["communes"][0]["slug"], "a");
        assert_eq!(
            value["images_pruned"],
            serde_json::json!({"files": 3, "bytes": 15})
        );
        assert_eq!(
            value["sites_without_commune"],
            serde_json::json!(["w", "x"])
        );
    }
}
