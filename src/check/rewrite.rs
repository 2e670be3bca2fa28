//! The lol_html rewrite of every page, before it is checked: what the build injects or
//! removes lives here, never in the `accessibility` crate (which only reads). The privacy and
//! security rules read the result ([`super::policy`]).
//!
//! Only the elements that may change have handlers, so lol_html skims over the rest of the
//! page instead of building every element; a page where no handler can fire (no `target` or
//! `style` attribute, no document link, no Markdown image, no script to add) is not read at
//! all.
//!
//! 1. Links that open a new window get `rel="noopener noreferrer"`.
//! 2. A video or map image (`![titre](https://youtu.be/…)`) of a provider the commune allows
//!    becomes a click-to-load placeholder ([`crate::privacy::embed`]).
//! 3. Table-cell alignment, the one inline style Markdown produces, becomes a class
//!    (`alignement-gauche|centre|droite`): the site's Content-Security-Policy forbids inline
//!    styles.
//! 4. Links to a document of the site (PDF, office files) get its format and size appended to
//!    their text, « (PDF, 245 Ko) », unless the text already says them ([`crate::downloads`],
//!    RGAA 6.1 and 13.3).
//! 5. The scripts a page needs are added: the Matomo loader on every page when audience
//!    measurement is on, the embed loader and its stylesheet on pages with a placeholder.
//! 6. Images of the Markdown that the build converted ([`crate::images`]) get their
//!    published widths: `src`, `srcset`, `sizes`, `width`, `height`, lazy loading (RGESN
//!    6.4). Only the images of a page body: the `<!--l:N-->` markers, still present here,
//!    tell where it lies.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element, EndTag};
use lol_html::{RewriteStrSettings, element, rewrite_str, text};

use crate::downloads::{self, Download, Downloads};
use crate::images::Rendition;
use crate::privacy::embed;
use crate::privacy::{ANALYTICS_SCRIPT, EMBED_SCRIPT, EMBED_STYLESHEET, Policy, decode_entities};

/// Rewrites one rendered page under `policy`; `downloads` are the site's documents,
/// `images` its converted images by source URL.
pub(crate) fn rewrite(
    html: &str,
    policy: &Policy,
    downloads: &Downloads,
    images: &HashMap<String, Rendition>,
) -> Result<String, lol_html::errors::RewritingError> {
    // Only the Markdown's images get widths: a template's (the logo) has its own sizes.
    let markers = if images.is_empty() {
        Vec::new()
    } else {
        markers(html)
    };
    let may_embed = !policy.embeds.is_empty() && embed::mentions_provider(html);
    let changes = policy.analytics.is_some()
        || may_embed
        || has_attribute_named(html, "target")
        || has_attribute_named(html, "style")
        || may_link_a_document(html, downloads)
        || (!images.is_empty() && has_markdown_image(html, &markers));
    if !changes {
        // lol_html would read the whole page and hand it back as it was.
        return Ok(html.to_owned());
    }
    // The download link being read, and its text so far (links do not nest).
    let link: Rc<RefCell<Option<(Download, String)>>> = Rc::new(RefCell::new(None));
    let has_placeholder = Rc::new(Cell::new(false));
    let mut settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[target=_blank]", |el| {
            el.set_attribute("rel", "noopener noreferrer")?;
            Ok(())
        }))
        .append_element_content_handler(element!("td[style], th[style]", |el| { align_cell(el) }));
    if policy.analytics.is_some() || may_embed {
        settings = settings.append_element_content_handler(element!("head", |el| {
            if let Some(analytics) = &policy.analytics {
                el.append(
                    &format!(
                        r#"<script src="{ANALYTICS_SCRIPT}" data-matomo="{}" data-site="{}" defer></script>"#,
                        crate::escape::html(&analytics.base),
                        analytics.site_id
                    ),
                    ContentType::Html,
                );
            }
            if may_embed {
                el.append(
                    &format!(r#"<link rel="stylesheet" href="{EMBED_STYLESHEET}">"#),
                    ContentType::Html,
                );
            }
            Ok(())
        }));
    }
    if may_embed {
        settings = settings.append_element_content_handler(element!("body", |el| {
            embed_script_at_end(el, &has_placeholder)
        }));
    }
    if !downloads.is_empty() {
        settings = settings
            .append_element_content_handler(element!("a[href]", |el| {
                download_link(el, downloads, &link)
            }))
            .append_element_content_handler(text!("a[href]", |chunk| {
                if let Some((_, text)) = link.borrow_mut().as_mut() {
                    text.push_str(chunk.as_str());
                }
                Ok(())
            }));
    }
    if may_embed || !images.is_empty() {
        settings = settings.append_element_content_handler(element!("img[src]", |el| {
            if may_embed && embed_placeholder(el, policy) {
                has_placeholder.set(true);
            } else if super::markdown_line(&markers, el.source_location().bytes().start).is_some() {
                responsive_image(el, images)?;
            }
            Ok(())
        }));
    }
    rewrite_str(html, settings)
}

/// Whether `name` (lowercase) may stand as an attribute name somewhere in `html`: written in
/// any case and followed by what ends a name. Text that merely says it only costs a rewrite.
fn has_attribute_named(html: &str, name: &str) -> bool {
    let (bytes, name) = (html.as_bytes(), name.as_bytes());
    // The search stops at each occurrence of a letter of the name that is rare in French
    // text (the `g` of `target`, the `y` of `style`), not of its first one: `t` and `s`
    // stand every few bytes of a page.
    let anchor = name
        .iter()
        .position(|b| b"kwzyxjqgbvhfp".contains(b))
        .unwrap_or(0);
    let letter = name[anchor];
    memchr::memchr2_iter(letter, letter.to_ascii_uppercase(), bytes).any(|at| {
        let Some(start) = at.checked_sub(anchor) else {
            return false;
        };
        bytes
            .get(start..start + name.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(name))
            && bytes
                .get(start + name.len())
                .is_none_or(|&b| b.is_ascii_whitespace() || matches!(b, b'=' | b'/' | b'>'))
    })
}

/// Whether `html` may link one of the site's documents: a link's path is written in the
/// page as it is, so the page then holds its extension (`.pdf`).
fn may_link_a_document(html: &str, downloads: &Downloads) -> bool {
    let mut extensions: Vec<&str> = Vec::new();
    for path in downloads.keys() {
        match path.rfind('.') {
            Some(dot) if !extensions.contains(&&path[dot..]) => extensions.push(&path[dot..]),
            Some(_) => {}
            None => return true,
        }
    }
    extensions.iter().any(|extension| html.contains(extension))
}

/// Whether an `<img` tag lies in the page's Markdown.
fn has_markdown_image(html: &str, markers: &[(usize, u32)]) -> bool {
    let bytes = html.as_bytes();
    memchr::memchr_iter(b'<', bytes)
        .filter(|&at| {
            bytes
                .get(at + 1..at + 4)
                .is_some_and(|name| name.eq_ignore_ascii_case(b"img"))
        })
        .any(|at| super::markdown_line(markers, at).is_some())
}

/// Where each `<!--l:N-->` marker of `html` starts, with its N.
fn markers(html: &str) -> Vec<(usize, u32)> {
    super::line_markers(html)
        .map(|(span, line)| (span.start, line))
        .collect()
}

/// An embed of a provider the commune allows becomes its click-to-load placeholder; `true` if
/// it did.
fn embed_placeholder(el: &mut Element<'_, '_>, policy: &Policy) -> bool {
    let Some(found) = el
        .get_attribute("src")
        .and_then(|src| embed::recognise(&src))
    else {
        return false;
    };
    if !policy.allows_embed(found.provider) {
        return false;
    }
    let alt = el.get_attribute("alt").unwrap_or_default();
    let title = decode_entities(&alt);
    el.replace(&embed::placeholder(&found, &title), ContentType::Html);
    true
}

/// A table cell aligned by Markdown: its inline style becomes a class.
fn align_cell(el: &mut Element<'_, '_>) -> lol_html::HandlerResult {
    let style = el.get_attribute("style").unwrap_or_default();
    let class = match style.trim().trim_end_matches(';') {
        "text-align: left" => "alignement-gauche",
        "text-align: center" => "alignement-centre",
        "text-align: right" => "alignement-droite",
        // Reported by the security rules.
        _ => return Ok(()),
    };
    el.remove_attribute("style");
    let classes = match el.get_attribute("class") {
        Some(existing) => format!("{existing} {class}"),
        None => class.to_owned(),
    };
    el.set_attribute("class", &classes)?;
    Ok(())
}

/// A link to one of the site's documents: its format and size go at the end of its text,
/// unless the editor wrote them already.
fn download_link(
    el: &mut Element<'_, '_>,
    downloads: &Downloads,
    link: &Rc<RefCell<Option<(Download, String)>>>,
) -> lol_html::HandlerResult {
    let Some(download) = el
        .get_attribute("href")
        .and_then(|href| downloads::lookup(downloads, &href).copied())
    else {
        return Ok(());
    };
    *link.borrow_mut() = Some((download, String::new()));
    let link = Rc::clone(link);
    el.on_end_tag(Box::new(move |end: &mut EndTag<'_>| {
        if let Some((download, text)) = link.borrow_mut().take() {
            if !downloads::already_described(&decode_entities(&text), download) {
                end.before(&format!(" ({})", download.details()), ContentType::Text);
            }
        }
        Ok(())
    }))?;
    Ok(())
}

/// An image the build converted: its largest variant as `src`, every width in `srcset`, the
/// size it is shown at in `sizes`, its proportions (no layout shift), lazy loading.
fn responsive_image(
    el: &mut Element<'_, '_>,
    images: &HashMap<String, Rendition>,
) -> lol_html::HandlerResult {
    let Some(rendition) = el.get_attribute("src").and_then(|src| images.get(&src)) else {
        return Ok(());
    };
    let largest = rendition.largest();
    el.set_attribute("src", &largest.url)?;
    if rendition.variants.len() > 1 {
        el.set_attribute("srcset", &rendition.srcset())?;
        el.set_attribute("sizes", &rendition.sizes())?;
    }
    el.set_attribute("width", &largest.width.to_string())?;
    el.set_attribute("height", &largest.height.to_string())?;
    for (name, value) in [("loading", "lazy"), ("decoding", "async")] {
        if !el.has_attribute(name) {
            el.set_attribute(name, value)?;
        }
    }
    Ok(())
}

/// Adds the embed loader before `</body>` if the page turned out to have a placeholder.
fn embed_script_at_end(
    el: &mut Element<'_, '_>,
    has_placeholder: &Rc<Cell<bool>>,
) -> lol_html::HandlerResult {
    let needed = Rc::clone(has_placeholder);
    el.on_end_tag(Box::new(move |end: &mut EndTag<'_>| {
        if needed.get() {
            end.before(
                &format!(r#"<script src="{EMBED_SCRIPT}" defer></script>"#),
                ContentType::Html,
            );
        }
        Ok(())
    }))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EmbedProvider;

    fn run(html: &str, policy: &Policy) -> String {
        rewrite(html, policy, &Downloads::new(), &HashMap::new()).unwrap()
    }

    #[test]
    fn download_links_tell_format_and_size_once() {
        let table: Downloads = [(
            "/actes/d.pdf".to_owned(),
            Download {
                format: "PDF",
                bytes: 250_000,
            },
        )]
        .into();
        let html = concat!(
            r#"<p><a href="/actes/d.pdf">Délibération du <em>11 juillet</em> 2024</a> "#,
            r#"<a href="/actes/d.pdf">Délibération (PDF, 245 Ko)</a> "#,
            r#"<a href="/actes/autre.pdf">Autre</a> <a href="/page/">Page</a></p>"#
        );
        let out = rewrite(html, &Policy::default(), &table, &HashMap::new()).unwrap();
        assert_eq!(
            out,
            concat!(
                r#"<p><a href="/actes/d.pdf">Délibération du <em>11 juillet</em> 2024 (PDF, 245 Ko)</a> "#,
                r#"<a href="/actes/d.pdf">Délibération (PDF, 245 Ko)</a> "#,
                r#"<a href="/actes/autre.pdf">Autre</a> <a href="/page/">Page</a></p>"#
            )
        );
    }

    #[test]
    fn converted_images_of_the_markdown_get_their_widths() {
        use crate::images::{Rendition, Stored, Variant};
        let variant = |width: u32, height: u32| Variant {
            width,
            height,
            url: format!("/m/photo-{width}w.jpg"),
            file: format!("x-{width}.jpg"),
            stored: Stored::Bytes(std::sync::Arc::from(&b""[..])),
        };
        let rendition = Rendition {
            variants: vec![variant(480, 320), variant(1200, 800)],
        };
        let images = HashMap::from([("/m/photo.jpg".to_owned(), rendition)]);
        let html = concat!(
            r#"<header><img src="/m/photo.jpg" alt=""></header><main><!--l:4-->"#,
            r#"<p><img src="/m/photo.jpg" alt="Port" /></p><!--l:0--></main>"#
        );
        let out = rewrite(html, &Policy::default(), &Downloads::new(), &images).unwrap();
        assert_eq!(
            out,
            concat!(
                r#"<header><img src="/m/photo.jpg" alt=""></header><main><!--l:4-->"#,
                r#"<p><img src="/m/photo-1200w.jpg" alt="Port" "#,
                r#"srcset="/m/photo-480w.jpg 480w, /m/photo-1200w.jpg 1200w" "#,
                r#"sizes="(max-width: 48rem) calc(100vw - 2rem), 46rem" width="1200" "#,
                r#"height="800" loading="lazy" decoding="async" /></p><!--l:0--></main>"#
            )
        );
    }

    #[test]
    fn pages_no_handler_can_change_are_not_rewritten() {
        assert!(has_attribute_named(r#"<a TARGET = "_blank">"#, "target"));
        assert!(has_attribute_named("<td style>", "style"));
        assert!(has_attribute_named("<td\nSTYLE=x>", "style"));
        assert!(!has_attribute_named(
            r#"<link rel="stylesheet"><p>Ciblé</p>"#,
            "style"
        ));
        assert!(!has_attribute_named("<p>targets</p>", "target"));
        // At either end of the page, and its letters around it.
        assert!(has_attribute_named("target", "target"));
        assert!(has_attribute_named("style>", "style"));
        assert!(!has_attribute_named("gy", "style"));
        assert!(!has_attribute_named("<p>sty", "style"));
        assert!(has_attribute_named("<p class=g>y</p><i tarGET>", "target"));
        let table: Downloads = [(
            "/actes/d.pdf".to_owned(),
            Download {
                format: "PDF",
                bytes: 1,
            },
        )]
        .into();
        assert!(may_link_a_document(r#"<a href="/actes/d.pdf">"#, &table));
        assert!(!may_link_a_document(r#"<a href="/actes/">"#, &table));
        assert!(!may_link_a_document(
            r#"<a href="/actes/">"#,
            &Downloads::new()
        ));
        let html =
            r#"<header><img src="/logo.png"></header><!--l:3--><p><IMG src="/a.png"><!--l:0-->"#;
        let markers = markers(html);
        assert!(has_markdown_image(html, &markers));
        assert!(!has_markdown_image(html, &markers[1..]));
        let plain =
            r#"<html><head><link rel="stylesheet" href="/s.css"></head><body></body></html>"#;
        assert_eq!(run(plain, &Policy::default()), plain);
    }

    #[test]
    fn new_window_links_get_noopener() {
        let out = run(
            r#"<a href="https://x.example" target="_blank">x</a>"#,
            &Policy::default(),
        );
        assert!(out.contains(r#"rel="noopener noreferrer""#));
    }

    #[test]
    fn embeds_become_placeholders_only_when_allowed() {
        let html = r#"<html><head></head><body><p><img src="https://www.youtube.com/watch?v=M7lc1UVf-VE" alt="Conseil &amp; vote"></p></body></html>"#;
        assert_eq!(run(html, &Policy::default()), html);
        let policy = Policy {
            embeds: vec![EmbedProvider::Youtube],
            ..Policy::for_tests()
        };
        let out = run(html, &policy);
        assert!(!out.contains("<img"));
        assert!(out.contains("Conseil &amp; vote"), "{out}");
        assert!(out.contains(EMBED_STYLESHEET));
        assert!(out.contains(&format!(
            r#"<script src="{EMBED_SCRIPT}" defer></script></body>"#
        )));
    }

    #[test]
    fn alignment_of_table_cells_becomes_a_class_and_other_styles_stay() {
        let out = run(
            r#"<p style="color:red"><td style="text-align: center">1</td><th class="n" style="text-align: right;">2</th>"#,
            &Policy::default(),
        );
        assert_eq!(
            out,
            r#"<p style="color:red"><td class="alignement-centre">1</td><th class="n alignement-droite">2</th>"#
        );
    }

    #[test]
    fn analytics_loader_goes_in_the_head() {
        let policy = Policy {
            analytics: Some(crate::privacy::AnalyticsSetup {
                origin: "https://stats.example".into(),
                base: "https://stats.example/".into(),
                site_id: 7,
            }),
            ..Policy::for_tests()
        };
        let out = run(
            "<html><head><title>t</title></head><body></body></html>",
            &policy,
        );
        assert!(out.contains(r#"<script src="/theme/mesure-audience.js" data-matomo="https://stats.example/" data-site="7" defer></script></head>"#), "{out}");
    }
}
