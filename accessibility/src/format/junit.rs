//! JUnit XML: one test suite, one test case per file; each error is a failure, reviews are
//! listed in `system-out` and never fail.

use std::fmt::Write;

use super::xml_escape;
use crate::{Finding, Severity};

pub fn junit(files: &[(&str, &[Finding])]) -> String {
    let failures = files
        .iter()
        .filter(|(_, f)| f.iter().any(|f| f.severity == Severity::Error))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"rgaa\" tests=\"{}\" failures=\"{failures}\">",
        files.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"RGAA 4.1.2\" tests=\"{}\" failures=\"{failures}\">",
        files.len()
    );
    for (path, findings) in files {
        let path = xml_escape(path);
        let _ = write!(out, "    <testcase classname=\"rgaa\" name=\"{path}\"");
        if findings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for f in findings.iter().filter(|f| f.severity == Severity::Error) {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{path}:{}:{} {}</failure>",
                f.rule,
                xml_escape(&f.message),
                f.line,
                f.column,
                xml_escape(&f.message)
            );
        }
        let reviews: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == Severity::Review)
            .map(|f| {
                format!(
                    "{path}:{}:{} [{}] à vérifier : {}",
                    f.line,
                    f.column,
                    f.rule,
                    xml_escape(&f.message)
                )
            })
            .collect();
        if !reviews.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", reviews.join("\n"));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
