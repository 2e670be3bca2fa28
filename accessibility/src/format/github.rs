//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
//! Reviews are `::notice`.

use std::fmt::Write;

use crate::{Finding, Severity};

/// Escapes data per the workflow command rules (`%`, CR, LF; plus `:` and `,` in properties).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(files: &[(&str, &[Finding])]) -> String {
    let mut out = String::new();
    for (path, findings) in files {
        for f in *findings {
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Review => "notice",
            };
            let _ = writeln!(
                out,
                "::{level} file={},line={},col={},title={}::{}",
                escape_property(path),
                f.line,
                f.column,
                escape_property(&format!("RGAA {}", f.rule)),
                escape_data(&f.message)
            );
        }
    }
    out
}
