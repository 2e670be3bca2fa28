//! The theme: tera templates and static files (CSS, icons), loaded once for the whole fleet.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostic::{Diagnostic, display_path};

/// A loaded theme. Read-only and shared by every commune's build.
pub struct Theme {
    pub dir: PathBuf,
    pub(crate) tera: Tera,
    /// (file on disk, output path relative to a site's root, e.g. `theme/site.css`).
    pub static_files: Vec<(PathBuf, String)>,
}

/// Where a theme's static files are published in each site.
pub const STATIC_PREFIX: &str = "theme";

impl Theme {
    /// Loads `dir/templates/**/*.html` and lists `dir/static/**`.
    pub fn load(dir: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let templates_dir = dir.join("templates");
        if !templates_dir.is_dir() {
            return Err(vec![
                Diagnostic::error(
                    "theme.introuvable",
                    "le dossier des gabarits du thème est introuvable",
                )
                .in_file(&templates_dir.display().to_string())
                .with_hint(
                    "lancez la commande depuis la racine du projet, ou indiquez --theme DOSSIER.",
                ),
            ]);
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        super::filters::register(&mut tera);
        let mut problems = Vec::new();
        let mut templates = Vec::new();
        for entry in walkdir::WalkDir::new(&templates_dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    problems.push(
                        Diagnostic::error("theme.illisible", err.to_string())
                            .in_file(&templates_dir.display().to_string()),
                    );
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let name = display_path(entry.path(), &templates_dir);
            let shown = entry.path().display().to_string();
            match crate::load::read_text(entry.path(), &shown) {
                Ok(text) => templates.push((name, text)),
                Err(problem) => problems.push(problem),
            }
        }
        if let Err(err) = tera.add_raw_templates(templates) {
            problems.push(template_error(&err, &templates_dir));
        }
        let static_files = list_static(&dir.join("static"));
        if problems.is_empty() {
            Ok(Theme {
                dir: dir.to_path_buf(),
                tera,
                static_files,
            })
        } else {
            Err(problems)
        }
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.dir.join("templates")
    }
}

fn list_static(dir: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = display_path(e.path(), dir);
            (e.path().to_path_buf(), format!("{STATIC_PREFIX}/{rel}"))
        })
        .collect()
}

/// A tera error as a diagnostic on the template file and line.
pub(crate) fn template_error(err: &tera::Error, templates_dir: &Path) -> Diagnostic {
    use std::error::Error as _;
    let (report, message) = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (Some(r), r.message().to_owned())
        }
        other => (None, other.to_string()),
    };
    let mut message = format!("erreur dans un gabarit du thème : {message}");
    let mut cause = err.source();
    while let Some(inner) = cause {
        message.push_str(&format!(" ({inner})"));
        cause = inner.source();
    }
    let diagnostic = Diagnostic::error("theme.gabarit", message).with_hint(
        "corrigez le gabarit indiqué ; les communes ne peuvent pas être construites sans lui.",
    );
    match report {
        Some(r) if !r.filename().is_empty() => {
            let path = templates_dir.join(r.filename());
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let span = r.span();
            diagnostic.at(
                &path.display().to_string(),
                &text,
                span.start_line as u32,
                span.start_col as u32 + 1,
            )
        }
        _ => diagnostic.in_file(&templates_dir.display().to_string()),
    }
}
