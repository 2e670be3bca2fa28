//! Accessibility exceptions of a commune (`exceptions-accessibilite.toml`): legacy content
//! whose RGAA errors are accepted for a stated reason. Accepted errors no longer fail the
//! build; they stay visible as warnings and the summary counts them. An exception that no
//! longer matches anything is reported, so the list shrinks as content is fixed.
//!
//! ```toml
//! [[exception]]
//! regle = "1.1.1"
//! fichier = "contenu/actualites/2019-kermesse.md"
//! raison = "Article importé de l'ancien site ; photos sans description connue."
//! ```

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::toml_error;

/// The file name, in the commune folder.
pub const BASELINE_FILE: &str = "exceptions-accessibilite.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    #[serde(rename = "exception", default)]
    exceptions: Vec<Exception>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exception {
    #[serde(rename = "regle")]
    rule: String,
    /// Path relative to the commune folder.
    #[serde(rename = "fichier")]
    file: String,
    #[serde(rename = "ligne", default)]
    line: Option<u32>,
    #[serde(rename = "raison")]
    reason: String,
}

/// Parsed exceptions; empty when the commune has no file.
#[derive(Debug, Default)]
pub struct Baseline {
    exceptions: Vec<Exception>,
    display: String,
}

impl Baseline {
    pub fn parse(text: &str, display: &str) -> Result<Baseline, Diagnostic> {
        let file: BaselineFile =
            toml::from_str(text).map_err(|e| toml_error::to_diagnostic(&e, display, text, 0))?;
        for exception in &file.exceptions {
            if exception.reason.trim().is_empty() {
                return Err(Diagnostic::error(
                    "exceptions.raison",
                    format!("l'exception pour la règle {} n'a pas de raison", exception.rule),
                )
                .in_file(display)
                .with_hint("expliquez pourquoi ce contenu ne peut pas être corrigé maintenant : raison = \"…\""));
            }
        }
        Ok(Baseline {
            exceptions: file.exceptions,
            display: display.to_owned(),
        })
    }

    /// Turns accepted RGAA errors into warnings; returns how many were accepted, and adds a
    /// warning for each exception that matched nothing.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>, commune_prefix: &str) -> usize {
        let mut used = vec![false; self.exceptions.len()];
        let mut accepted = 0;
        for diagnostic in diagnostics.iter_mut() {
            if diagnostic.severity != Severity::Error || diagnostic.finding.is_none() {
                continue;
            }
            let Some(location) = &diagnostic.location else {
                continue;
            };
            let matched = self.exceptions.iter().position(|e| {
                e.rule == diagnostic.code
                    && location.file
                        == format!("{commune_prefix}/{}", e.file.trim_start_matches("./"))
                    && e.line.is_none_or(|l| l == location.line)
            });
            if let Some(index) = matched {
                used[index] = true;
                accepted += 1;
                diagnostic.severity = Severity::Warning;
                diagnostic.message = format!(
                    "{} — exception acceptée : {}",
                    diagnostic.message, self.exceptions[index].reason
                );
            }
        }
        for (exception, used) in self.exceptions.iter().zip(used) {
            if !used {
                diagnostics.push(
                    Diagnostic::warning(
                        "exceptions.inutile",
                        format!(
                            "l'exception pour la règle {} dans {} ne correspond plus à aucune erreur",
                            exception.rule, exception.file
                        ),
                    )
                    .in_file(&self.display)
                    .with_hint("le contenu a été corrigé : retirez cette exception."),
                );
            }
        }
        accepted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgaa_error(file: &str, line: u32) -> Diagnostic {
        let mut d =
            Diagnostic::error("1.1.1", "image sans alternative").at(file, "x\ny\n", line, 1);
        d.finding = Some(Box::new(
            accessibility::check_page(
                "<!DOCTYPE html><html lang=fr><title>t</title><img src=a.png>",
            )
            .into_iter()
            .find(|f| f.rule == "1.1.1")
            .expect("1.1.1 finding"),
        ));
        d
    }

    #[test]
    fn accepted_errors_become_warnings_and_unused_ones_are_reported() {
        let baseline = Baseline::parse(
            "[[exception]]\nregle = \"1.1.1\"\nfichier = \"contenu/a.md\"\nraison = \"ancien\"\n\
             [[exception]]\nregle = \"6.2.1\"\nfichier = \"contenu/b.md\"\nraison = \"ancien\"\n",
            "communes/v/exceptions-accessibilite.toml",
        )
        .unwrap();
        let mut diagnostics = vec![
            rgaa_error("communes/v/contenu/a.md", 2),
            rgaa_error("communes/v/contenu/c.md", 1),
        ];
        assert_eq!(baseline.apply(&mut diagnostics, "communes/v"), 1);
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert!(
            diagnostics[0]
                .message
                .ends_with("exception acceptée : ancien")
        );
        assert_eq!(diagnostics[1].severity, Severity::Error);
        assert_eq!(diagnostics[2].code, "exceptions.inutile");
    }

    #[test]
    fn an_exception_needs_a_reason() {
        let err = Baseline::parse(
            "[[exception]]\nregle = \"1.1.1\"\nfichier = \"a.md\"\nraison = \" \"\n",
            "f",
        )
        .unwrap_err();
        assert_eq!(err.code, "exceptions.raison");
    }
}
