//! Running the Pagefind program on one site folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::{INDEX_DIR, Indexed};
use crate::diagnostic::Diagnostic;

/// Files Pagefind writes for its ready-made interfaces: the theme has its own, so they are
/// not published (about 430 KB per site).
const UNUSED_FILES: [&str; 7] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// At most this many lines of the program's error output go into the diagnostic.
const STDERR_LINES: usize = 30;

/// The program found for this run.
#[derive(Debug, Clone)]
pub struct Pagefind {
    pub program: PathBuf,
    /// The installed program's identity (real path, size, modification time), for incremental
    /// builds: an install or upgrade rewrites the file. Asking `pagefind --version` instead
    /// would start Node.js (the npm wrapper) at every run, a second of CPU even when no commune
    /// has search on.
    pub identity: String,
}

impl Pagefind {
    pub fn new(program: PathBuf) -> Pagefind {
        let identity = std::fs::canonicalize(&program)
            .and_then(|real| {
                let meta = std::fs::metadata(&real)?;
                let modified = meta
                    .modified()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default();
                Ok(format!(
                    "{} {} {}",
                    real.display(),
                    meta.len(),
                    modified.as_nanos()
                ))
            })
            .unwrap_or_else(|_| program.display().to_string());
        Pagefind { program, identity }
    }

    /// What `pagefind --version` prints, asked only to explain a failure.
    fn version(&self) -> String {
        Command::new(&self.program)
            .arg("--version")
            .stdin(Stdio::null())
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
            .filter(|version| !version.is_empty())
            .unwrap_or_else(|| "version inconnue".to_owned())
    }

    /// Indexes the site in `site_dir` into its `recherche/index/`.
    pub(super) fn index(&self, site_dir: &Path) -> Result<Indexed, Diagnostic> {
        let site_dir = std::path::absolute(site_dir).unwrap_or_else(|_| site_dir.to_path_buf());
        let mut command = Command::new(&self.program);
        command
            .arg("--site")
            .arg(&site_dir)
            .args(["--output-subdir", INDEX_DIR])
            // Every page is `lang="fr"`: one index, one stemmer, whatever an editor marks up.
            .args(["--force-language", "fr"])
            .arg("--silent")
            // Pagefind reads a configuration file from its current folder and `PAGEFIND_*`
            // variables: neither may change what the build publishes. The work folder next to
            // the staging folders holds no such file.
            .current_dir(site_dir.parent().unwrap_or(&site_dir))
            .stdin(Stdio::null());
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("PAGEFIND_") {
                command.env_remove(name);
            }
        }
        let started = Instant::now();
        let output = command.output().map_err(|err| {
            self.failure(format!(
                "pagefind n'a pas pu être lancé ({err}) : index de recherche non construit"
            ))
        })?;
        let took = started.elapsed();
        if !output.status.success() {
            let code = output.status.code().map_or_else(
                || "arrêté par un signal".to_owned(),
                |c| format!("code {c}"),
            );
            let stderr = last_lines(&String::from_utf8_lossy(&output.stderr), STDERR_LINES);
            let said = if stderr.is_empty() {
                "sans message d'erreur".to_owned()
            } else {
                format!("il a écrit :\n{stderr}")
            };
            return Err(self.failure(format!(
                "pagefind a échoué ({code}) : index de recherche non construit ; {said}"
            )));
        }
        let index = site_dir.join(INDEX_DIR);
        if !index.join("pagefind.js").is_file() {
            return Err(self.failure(format!(
                "pagefind n'a pas écrit {INDEX_DIR}/pagefind.js : index de recherche incomplet"
            )));
        }
        for unused in UNUSED_FILES {
            let _ = std::fs::remove_file(index.join(unused));
        }
        let (files, bytes) = walkdir::WalkDir::new(&index)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|entry| entry.metadata().ok().filter(|m| m.is_file()))
            .fold((0, 0), |(files, bytes), meta| {
                (files + 1, bytes + meta.len())
            });
        Ok(Indexed { took, files, bytes })
    }

    fn failure(&self, message: String) -> Diagnostic {
        Diagnostic::error("recherche.pagefind", message)
            .in_file(&self.program.display().to_string())
            .with_hint(format!(
                "le site précédent est conservé. Vérifiez l'installation de pagefind ({}) : \
                 npm ci --prefix tools/pagefind",
                self.version()
            ))
    }
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_lines_keeps_the_end() {
        assert_eq!(last_lines("a\nb\nc\n", 2), "b\nc");
        assert_eq!(last_lines("", 2), "");
    }
}
