//! French text for people, grouped by file:
//!
//! ```text
//! pages/index.html
//!   12:5  erreur      1.1.1  Image sans attribut alt : …
//! ```

use std::fmt::Write;

use crate::{Finding, Severity};

/// Renders findings grouped by file, then a French summary line.
pub fn human(files: &[(&str, &[Finding])]) -> String {
    let mut out = String::new();
    let (mut errors, mut reviews) = (0, 0);
    for (path, findings) in files.iter().filter(|(_, f)| !f.is_empty()) {
        let _ = writeln!(out, "{path}");
        for f in *findings {
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Review => reviews += 1,
            }
            let position = format!("{}:{}", f.line, f.column);
            let _ = writeln!(
                out,
                "  {position:<8} {:<10} {:<7} {}",
                f.severity.label_fr(),
                f.rule,
                f.message
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} fichier(s) vérifié(s) : {errors} erreur(s), {reviews} point(s) à vérifier.",
        files.len()
    );
    out
}
