//! Markdown body → HTML fragment, with links resolved and source lines marked.
//!
//! - Links to `.md` files become the target page's URL; a missing target is an error.
//! - Images and files referenced relatively are recorded as assets to publish; a missing
//!   file, or a path leaving the commune folder, is an error. Images the build converts
//!   (JPEG, PNG, GIF) are recorded apart, with their line (see [`crate::images`]).
//! - An image needs an alternative text, unless its title marks it decorative,
//!   `![](fleur.png "décorative")`: it then gets `alt=""` and no title (RGAA 1.2).
//! - Before each block the fragment carries a `<!--l:N-->` marker (N = line in the .md file)
//!   so the check stage can point accessibility findings at the Markdown source; the check
//!   stage removes the markers.
//! - Headings get stable ids (for anchors).
//! - Raw HTML is sanitised (see [`super::sanitize`]): what is removed is a warning on its
//!   line. Links and images with a scheme other than http(s), mailto or tel (`javascript:`,
//!   `data:`...) are removed the same way, their text kept.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Location, line_column};
use crate::images::{self, ImageRef};
use crate::model::sanitize;
use crate::model::url::{asset_output_path, resolve_relative, slugify};
use crate::parse::ParsedPage;

/// Marker before each block, `<!--l:12-->`; `<!--l:0-->` ends the Markdown region.
pub const LINE_MARKER_PREFIX: &str = "l:";

/// What the site knows when converting one page.
pub struct LinkContext<'a> {
    /// Page URL by source path relative to the commune folder (`contenu/a/b.md`).
    pub pages: &'a HashMap<PathBuf, String>,
    /// Non-Markdown files of the commune, relative to its folder.
    pub files: &'a BTreeSet<PathBuf>,
}

/// The HTML of one page body and what it needs.
#[derive(Debug, Default)]
pub struct MarkdownOutput {
    pub html: String,
    /// (source path relative to the commune folder, output path relative to the site root).
    pub assets: Vec<(PathBuf, String)>,
    /// Images the build converts, instead of copying them.
    pub images: Vec<ImageRef>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Converts the body of `page`.
pub fn to_html(page: &ParsedPage, links: &LinkContext<'_>) -> MarkdownOutput {
    let body = page.body();
    let lines = LineIndex::new(&page.text, page.body_start);
    let base = page.rel.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut out = MarkdownOutput::default();
    let mut warnings = Vec::new();
    let mut problem = |offset: usize, code: &str, message: String, hint: &str| {
        out.diagnostics.push(
            Diagnostic::error(code, message)
                .at_offset(&page.display, &page.text, page.body_start + offset)
                .with_hint(hint),
        );
    };
    let mut assets = Vec::new();
    let mut images = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_ids: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(usize, Vec<Event<'_>>)> = None;
    let mut image: Option<ImageInProgress> = None;
    // Runs of consecutive raw HTML events: (text, [(offset in text, offset in body)]).
    let mut raw_runs: Vec<(String, Vec<(usize, usize)>)> = Vec::new();
    let mut last_was_raw = false;
    // A link or image removed for its scheme: its end tag goes too.
    let mut dropped: Option<TagEnd> = None;
    let refused = |offset: usize, what: &str, scheme: &str, warnings: &mut Vec<Diagnostic>| {
        warnings.push(
            Diagnostic::warning(
                "contenu.html-retire",
                format!("{what} vers une adresse « {scheme}: », son texte est conservé"),
            )
            .at_offset(&page.display, &page.text, page.body_start + offset)
            .with_hint("seules les adresses web (https://), de courriel (mailto:), de téléphone (tel:) et les fichiers ou pages du site sont acceptés."),
        );
    };

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let is_raw = matches!(event, Event::Html(_) | Event::InlineHtml(_));
        if let Event::Html(html) | Event::InlineHtml(html) = &event {
            match raw_runs.last_mut() {
                Some((text, segments)) if last_was_raw => {
                    segments.push((text.len(), range.start));
                    text.push_str(html);
                }
                _ => raw_runs.push((html.to_string(), vec![(0, range.start)])),
            }
        }
        last_was_raw = is_raw;
        match &event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(scheme) = sanitize::refused_scheme(dest_url) {
                    refused(range.start, "lien retiré", &scheme, &mut warnings);
                    dropped = Some(TagEnd::Link);
                    continue;
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some(scheme) = sanitize::refused_scheme(dest_url) {
                    refused(range.start, "image retirée", &scheme, &mut warnings);
                    dropped = Some(TagEnd::Image);
                    continue;
                }
            }
            Event::End(end) if dropped.as_ref() == Some(end) => {
                dropped = None;
                continue;
            }
            _ => {}
        }
        let event = match event {
            Event::Start(tag) => {
                if is_block(&tag) {
                    events.push(Event::Html(
                        format!("<!--{LINE_MARKER_PREFIX}{}-->", lines.line_of(range.start)).into(),
                    ));
                }
                match tag {
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    } => {
                        let dest_url = match resolve_link(&dest_url, &base, links) {
                            Resolved::Keep => dest_url,
                            Resolved::To(url) => url.into(),
                            Resolved::Asset(src, output) => {
                                let url = format!("/{output}");
                                assets.push((src, output));
                                url.into()
                            }
                            Resolved::Error(message, hint) => {
                                problem(range.start, "contenu.lien", message, hint);
                                dest_url
                            }
                        };
                        Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })
                    }
                    Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    } => {
                        let decorative = marks_decorative(&title);
                        image = Some(ImageInProgress {
                            start: range.start,
                            alt: String::new(),
                            decorative,
                        });
                        // A decorative image has no title: the marker is for the build only.
                        let title = if decorative { CowStr::from("") } else { title };
                        let dest_url = match resolve_link(&dest_url, &base, links) {
                            Resolved::Asset(source, output)
                                if images::policy::is_convertible(&output) =>
                            {
                                let url = format!("/{output}");
                                let offset = page.body_start + range.start;
                                images.push(image_ref(page, offset, source, url.clone()));
                                url.into()
                            }
                            Resolved::Asset(src, output) => {
                                let url = format!("/{output}");
                                assets.push((src, output));
                                url.into()
                            }
                            Resolved::Error(message, hint) => {
                                problem(range.start, "contenu.image", message, hint);
                                dest_url
                            }
                            Resolved::Keep | Resolved::To(_) => dest_url,
                        };
                        Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })
                    }
                    Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    } => {
                        heading = Some((range.start, Vec::new()));
                        Event::Start(Tag::Heading {
                            level,
                            id,
                            classes,
                            attrs,
                        })
                    }
                    other => Event::Start(other),
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(done) = image.take() {
                    let alt = done.alt.trim();
                    if done.decorative && !alt.is_empty() {
                        warnings.push(
                            Diagnostic::warning(
                                "contenu.image-decorative",
                                format!("image marquée « décorative » : son texte alternatif « {alt} » est ignoré"),
                            )
                            .at_offset(&page.display, &page.text, page.body_start + done.start)
                            .with_hint("une image décorative n'a pas de texte alternatif : videz les crochets ; si l'image apporte une information, retirez « décorative » et gardez le texte."),
                        );
                    } else if alt.is_empty() && !done.decorative {
                        problem(
                            done.start,
                            "contenu.image-sans-alternative",
                            "image sans texte alternatif".to_owned(),
                            "décrivez l'image entre les crochets : ![Façade de la mairie](mairie.jpg) ; si elle est purement décorative, marquez-la ainsi : ![](mairie.jpg \"décorative\")",
                        );
                    }
                }
                Event::End(TagEnd::Image)
            }
            other => other,
        };
        if let Some(current) = &mut image {
            if let Event::Text(text) | Event::Code(text) = &event {
                current.alt.push_str(text);
            }
            // The text of a decorative image is left out: its alt stays empty.
            if current.decorative && !matches!(event, Event::Start(Tag::Image { .. })) {
                continue;
            }
        }
        // Buffer heading events so the id can be made from the heading text.
        if let Some((_, buffered)) = &mut heading {
            if let Event::End(TagEnd::Heading(_)) = event {
                let (_, mut buffered) = heading.take().unwrap_or_default();
                buffered.push(event);
                add_heading_id(&mut buffered, &mut heading_ids);
                events.extend(buffered);
            } else {
                buffered.push(event);
            }
            continue;
        }
        events.push(event);
    }
    events.push(Event::Html(format!("<!--{LINE_MARKER_PREFIX}0-->").into()));
    for (text, segments) in &raw_runs {
        for removal in sanitize::inspect(text) {
            let index = segments.partition_point(|&(at, _)| at <= removal.offset);
            let (at, body_offset) = segments[index.saturating_sub(1)];
            let offset = body_offset + (removal.offset - at);
            warnings.push(
                Diagnostic::warning("contenu.html-retire", removal.message)
                    .at_offset(&page.display, &page.text, page.body_start + offset)
                    .with_hint(removal.hint),
            );
        }
    }
    out.diagnostics.extend(warnings);
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    if !raw_runs.is_empty() {
        out.html = sanitize::clean(&out.html);
    }
    out.assets = assets;
    out.images = images;
    out
}

/// The Markdown image being read.
struct ImageInProgress {
    /// Offset of `![` in the body.
    start: usize,
    /// Its text so far: the alternative text.
    alt: String,
    decorative: bool,
}

/// Whether an image's title is the decorative marker: `décorative` (or `décoratif`, with or
/// without accent, in any case).
fn marks_decorative(title: &str) -> bool {
    let folded = deunicode::deunicode(title.trim()).to_lowercase();
    folded == "decorative" || folded == "decoratif"
}

/// A converted image of the page, with the place that shows it (`offset` in the page text).
fn image_ref(page: &ParsedPage, offset: usize, source: PathBuf, url: String) -> ImageRef {
    let (line, column) = line_column(&page.text, offset);
    let source_line = page.text.lines().nth(line as usize - 1).unwrap_or_default();
    ImageRef {
        source,
        url,
        location: Location {
            file: page.display.clone(),
            line,
            column,
        },
        source_line: source_line.to_owned(),
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock
    )
}

/// Gives the heading (first event of `events`) an id made from its text, unique in the page.
fn add_heading_id(events: &mut [Event<'_>], used: &mut HashMap<String, usize>) {
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Some(Event::Start(Tag::Heading { level, id, .. })) = events.first_mut() {
        if id.is_some() || *level == HeadingLevel::H1 {
            return;
        }
        let base = match slugify(&text) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        let count = used.entry(base.clone()).or_insert(0);
        *count += 1;
        let unique = if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        };
        *id = Some(CowStr::from(unique));
    }
}

enum Resolved {
    /// External URL, absolute site path, anchor, e-mail: left as written.
    Keep,
    /// A page's URL.
    To(String),
    /// A file to publish: (source, output path).
    Asset(PathBuf, String),
    Error(String, &'static str),
}

fn resolve_link(dest: &str, base: &Path, links: &LinkContext<'_>) -> Resolved {
    if dest.is_empty()
        || dest.starts_with('#')
        || dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
    {
        return Resolved::Keep;
    }
    if dest.split(':').next().is_some_and(|scheme| {
        !scheme.contains('/')
            && scheme.len() < dest.len()
            && scheme.chars().all(|c| c.is_ascii_alphabetic())
    }) {
        // Other schemes: `mailto:`/`tel:` above; `javascript:`, `data:`... were removed before.
        return Resolved::Keep;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let resolved = if let Some(absolute) = path.strip_prefix('/') {
        // A site path: a file of the commune if one matches, else a page URL, checked later.
        let in_content = Path::new(crate::load::CONTENT_DIR).join(absolute);
        if links.files.contains(&in_content) {
            in_content
        } else if links.files.contains(Path::new(absolute)) {
            PathBuf::from(absolute)
        } else {
            return Resolved::Keep;
        }
    } else {
        match resolve_relative(base, path) {
            Some(resolved) => resolved,
            None => {
                return Resolved::Error(
                    format!("le chemin « {dest} » sort du dossier de la commune"),
                    "un lien ou une image ne peut désigner qu'un fichier du dossier de la commune.",
                );
            }
        }
    };
    if resolved.extension().is_some_and(|e| e == "md") {
        return match links.pages.get(&resolved) {
            Some(url) => Resolved::To(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url.clone(),
            }),
            None => Resolved::Error(
                format!("la page liée « {dest} » n'existe pas (ou est un brouillon)"),
                "vérifiez le nom du fichier et le dossier ; le chemin part du dossier de cette page.",
            ),
        };
    }
    if links.files.contains(&resolved) {
        let output = asset_output_path(&resolved);
        return Resolved::Asset(resolved, output);
    }
    if path.ends_with('/') || resolved.extension().is_none() {
        // A relative link to a page URL (`../elus/`): left as written, checked on the site.
        return Resolved::Keep;
    }
    Resolved::Error(
        format!("fichier introuvable : « {dest} »"),
        "vérifiez le nom du fichier (majuscules, accents, extension) et qu'il est bien dans le dossier indiqué.",
    )
}

/// Line numbers of body offsets.
struct LineIndex {
    /// Line (1-based, in the whole file) of the body's first character.
    first_line: u32,
    /// Byte offsets in the body where each line after the first starts.
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str, body_start: usize) -> Self {
        let first_line = text[..body_start].matches('\n').count() as u32 + 1;
        let starts = text[body_start..]
            .match_indices('\n')
            .map(|(i, _)| i + 1)
            .collect();
        LineIndex { first_line, starts }
    }

    fn line_of(&self, offset: usize) -> u32 {
        self.first_line + self.starts.partition_point(|&s| s <= offset) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    fn convert(body: &str, files: &[&str], pages: &[(&str, &str)]) -> MarkdownOutput {
        let text = format!("+++\ntitre = \"T\"\n+++\n{body}");
        let page = crate::parse::parse_page(SourceFile {
            rel: PathBuf::from("contenu/mairie/page.md"),
            display: "communes/x/contenu/mairie/page.md".into(),
            text,
        })
        .unwrap();
        let files: BTreeSet<PathBuf> = files.iter().map(PathBuf::from).collect();
        let pages: HashMap<PathBuf, String> = pages
            .iter()
            .map(|(p, u)| (PathBuf::from(p), u.to_string()))
            .collect();
        to_html(
            &page,
            &LinkContext {
                pages: &pages,
                files: &files,
            },
        )
    }

    #[test]
    fn marks_block_lines_and_ids_headings() {
        let out = convert("\n## Horaires d'été\n\nTexte.\n", &[], &[]);
        assert!(
            out.html.contains("<!--l:5-->\n<h2 id=\"horaires-d-ete\">"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<!--l:7-->\n<p>Texte.</p>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn resolves_page_links_and_assets() {
        let out = convert(
            "[Élus](elus.md#maire) ![Façade](../photos/Façade.JPG)\n",
            &["contenu/photos/Façade.JPG"],
            &[("contenu/mairie/elus.md", "/mairie/elus/")],
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(out.html.contains("href=\"/mairie/elus/#maire\""));
        assert!(out.html.contains("src=\"/photos/facade.jpg\""));
        // A photo is converted by the image step, not copied.
        assert!(out.assets.is_empty());
        assert_eq!(out.images.len(), 1);
        let image = &out.images[0];
        assert_eq!(image.source, PathBuf::from("contenu/photos/Façade.JPG"));
        assert_eq!(image.url, "/photos/facade.jpg");
        assert_eq!((image.location.line, image.location.column), (4, 23));
    }

    #[test]
    fn linked_files_and_other_images_stay_assets() {
        let out = convert(
            "[Plan en PDF](plan.pdf) ![Logo](logo.svg) [Photo en grand](photo.jpg)\n",
            &[
                "contenu/mairie/plan.pdf",
                "contenu/mairie/logo.svg",
                "contenu/mairie/photo.jpg",
            ],
            &[],
        );
        assert!(out.images.is_empty());
        assert_eq!(out.assets.len(), 3);
    }

    #[test]
    fn decorative_images_get_an_empty_alt_and_no_title() {
        let out = convert(
            "![](fleur.png \"décorative\")\n\n![](feuille.png \"Decoratif\")\n",
            &["contenu/mairie/fleur.png", "contenu/mairie/feuille.png"],
            &[],
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
        assert!(
            out.html
                .contains("<img src=\"/mairie/fleur.png\" alt=\"\" />"),
            "{}",
            out.html
        );
        assert!(!out.html.contains("title"), "{}", out.html);
    }

    #[test]
    fn a_decorative_image_with_a_text_loses_it_with_a_warning() {
        let out = convert(
            "![Une fleur](fleur.png \"décorative\")\n",
            &["contenu/mairie/fleur.png"],
            &[],
        );
        assert_eq!(out.diagnostics.len(), 1);
        assert_eq!(out.diagnostics[0].code, "contenu.image-decorative");
        assert!(!out.diagnostics[0].is_error());
        assert!(out.html.contains("alt=\"\""), "{}", out.html);
    }

    #[test]
    fn missing_image_and_escape_are_errors_with_lines() {
        let out = convert(
            "![Plan](plan.png)\n\n[x](../../../../etc/passwd)\n",
            &[],
            &[],
        );
        let lines: Vec<u32> = out
            .diagnostics
            .iter()
            .map(|d| d.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, vec![4, 6]);
        assert!(out.diagnostics[1].message.contains("sort du dossier"));
    }

    #[test]
    fn image_without_alt_is_an_error() {
        // Another title than the marker does not make an image decorative.
        let out = convert(
            "![](photo.jpg)\n\n![](photo.jpg \"Fleur\")\n",
            &["contenu/mairie/photo.jpg"],
            &[],
        );
        assert_eq!(out.diagnostics.len(), 2);
        assert!(
            out.diagnostics
                .iter()
                .all(|d| d.code == "contenu.image-sans-alternative")
        );
        assert!(
            out.diagnostics[0]
                .hint
                .as_ref()
                .unwrap()
                .contains("\"décorative\"")
        );
    }

    #[test]
    fn raw_html_is_sanitised_and_each_removal_is_a_warning() {
        let out = convert(
            "Texte <abbr title=\"Centre communal d'action sociale\">CCAS</abbr>.\n\n<div>\n<img src=\"x\" alt=\"\"\n  onerror=\"alert(1)\">\n</div>\n\n[clic](javascript:alert(1))\n",
            &[],
            &[],
        );
        assert!(
            out.html
                .contains("<abbr title=\"Centre communal d'action sociale\">CCAS</abbr>"),
            "{}",
            out.html
        );
        assert!(!out.html.contains("onerror"), "{}", out.html);
        assert!(!out.html.contains("javascript"), "{}", out.html);
        assert!(out.html.contains("<p>clic</p>"), "{}", out.html);
        assert!(out.html.contains("<!--l:6-->"), "{}", out.html);
        let mut found: Vec<(u32, &str)> = out
            .diagnostics
            .iter()
            .map(|d| (d.location.as_ref().unwrap().line, d.code.as_str()))
            .collect();
        found.sort();
        assert_eq!(
            found,
            vec![(7, "contenu.html-retire"), (11, "contenu.html-retire")]
        );
        assert!(out.diagnostics.iter().all(|d| !d.is_error()));
    }
}
