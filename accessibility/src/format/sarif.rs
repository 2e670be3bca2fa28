//! SARIF 2.1.0, for code-scanning tools: one run, the rules used, one result per finding
//! (`error` for errors, `note` for reviews).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::Finding;
use crate::Severity;

pub fn sarif(files: &[(&str, &[Finding])]) -> String {
    let used: BTreeSet<&str> = files
        .iter()
        .flat_map(|(_, f)| f.iter().map(|f| f.rule))
        .collect();
    let rules: Vec<Value> = used
        .iter()
        .map(|id| {
            let doc = crate::explain(id);
            let title = doc
                .as_ref()
                .and_then(|d| d.criterion_title.clone())
                .unwrap_or_else(|| (*id).to_owned());
            json!({
                "id": id,
                "name": doc.as_ref().map_or("", |d| d.name),
                "shortDescription": { "text": title },
                "helpUri": format!("https://accessibilite.numerique.gouv.fr/methode/criteres-et-tests/#{}", id.rsplit_once('.').map_or(*id, |(c, _)| c)),
            })
        })
        .collect();
    let results: Vec<Value> = files
        .iter()
        .flat_map(|(path, findings)| {
            findings.iter().map(move |f| {
                json!({
                    "ruleId": f.rule,
                    "level": match f.severity { Severity::Error => "error", Severity::Review => "note" },
                    "message": { "text": f.message },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": path },
                            "region": { "startLine": f.line, "startColumn": f.column }
                        }
                    }]
                })
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "usine-rgaa",
                "informationUri": "https://accessibilite.numerique.gouv.fr/",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "results": results
        }]
    });
    serde_json::to_string_pretty(&log).expect("SARIF serializes")
}
