//! JSON: every checked file with its findings.

use serde::Serialize;

use crate::Finding;

#[derive(Serialize)]
struct File<'a> {
    file: &'a str,
    findings: &'a [Finding],
}

/// `[{"file": "...", "findings": [{"rule", "axe"?, "severity", "message", "line", "column"}]}]`.
pub fn json(files: &[(&str, &[Finding])]) -> String {
    let files: Vec<File<'_>> = files
        .iter()
        .map(|(file, findings)| File { file, findings })
        .collect();
    serde_json::to_string_pretty(&files).expect("findings serialize")
}
