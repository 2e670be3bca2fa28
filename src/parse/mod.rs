//! Stage 2, parse: splits each Markdown source into its front matter and body.
//!
//! The body stays Markdown here: turning it into HTML needs the site's URLs, which only the
//! model stage knows. Every parsed page remembers where its body starts so later diagnostics
//! can name the right line.

mod front_matter;

pub use front_matter::*;

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::toml_error;

/// A page source, split.
#[derive(Debug, Clone)]
pub struct ParsedPage {
    /// Relative to the commune folder: `contenu/mairie/_index.md`.
    pub rel: PathBuf,
    pub display: String,
    pub front: FrontMatter,
    /// The whole file, for diagnostics and the body.
    pub text: String,
    /// Byte offset where the Markdown body starts in `text`.
    pub body_start: usize,
}

impl ParsedPage {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// `_index.md` files describe a folder (a section), others a single page.
    pub fn is_section(&self) -> bool {
        self.rel.file_name().is_some_and(|n| n == "_index.md")
    }
}

const DELIMITER: &str = "+++";

/// Parses one page source.
pub fn parse_page(source: SourceFile) -> Result<ParsedPage, Diagnostic> {
    let text = &source.text;
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != DELIMITER {
        return Err(Diagnostic::error(
            "page.entete-manquant",
            "la page ne commence pas par un en-tête entre deux lignes +++",
        )
        .at(&source.display, text, 1, 1)
        .with_hint("commencez le fichier par :\n+++\ntitre = \"Titre de la page\"\n+++"));
    }
    let header_start = first_line.len() + 1;
    let Some((header_len, body_start)) = find_closing(&text[header_start.min(text.len())..]) else {
        return Err(Diagnostic::error(
            "page.entete-non-ferme",
            "l'en-tête de la page n'est pas fermé par une ligne +++",
        )
        .at(&source.display, text, 1, 1)
        .with_hint("ajoutez une ligne +++ seule après la dernière clé de l'en-tête."));
    };
    let header = &text[header_start..header_start + header_len];
    let front: FrontMatter = toml::from_str(header)
        .map_err(|err| toml_error::to_diagnostic(&err, &source.display, text, header_start))?;
    if front.title.trim().is_empty() {
        let line = 1 + text[..header_start].matches('\n').count() as u32;
        return Err(
            Diagnostic::error("page.titre-vide", "le titre de la page est vide")
                .at(&source.display, text, line, 1)
                .with_hint("donnez un titre qui dit ce que contient la page : titre = \"…\""),
        );
    }
    Ok(ParsedPage {
        rel: source.rel,
        display: source.display,
        front,
        body_start: header_start + body_start,
        text: source.text,
    })
}

/// In the text after the opening line: (length of the header, offset of the body).
fn find_closing(rest: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == DELIMITER {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile {
            rel: PathBuf::from("contenu/page.md"),
            display: "communes/x/contenu/page.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn splits_front_matter_and_body() {
        let page = parse_page(source("+++\ntitre = \"Bonjour\"\n+++\n\nCorps\n")).unwrap();
        assert_eq!(page.front.title, "Bonjour");
        assert_eq!(page.body(), "\nCorps\n");
    }

    #[test]
    fn front_matter_error_points_at_the_md_line() {
        let err = parse_page(source("+++\ntitre = \"A\"\ndate = 12/03\n+++\n")).unwrap_err();
        let location = err.location.unwrap();
        assert_eq!(location.file, "communes/x/contenu/page.md");
        assert_eq!(location.line, 3);
    }

    #[test]
    fn unknown_key_suggests_a_fix() {
        let err = parse_page(source("+++\ntitre = \"A\"\ndescripion = \"x\"\n+++\n")).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, 3);
        assert_eq!(
            err.hint.as_deref(),
            Some("vouliez-vous dire « description » ?")
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(parse_page(source("+++\ntitre = \"A\"\n")).is_err());
    }
}
