//! Raw HTML in Markdown: kept when harmless, removed otherwise, and every removal reported.
//!
//! Two passes with one allowlist:
//! - [`clean`] gives the HTML of a page body to ammonia (html5ever parser, allowlist of tags,
//!   attributes and URL schemes). This is what makes the output safe: no script, no event
//!   handler, no `javascript:` URL, no style, no frame, no form sending elsewhere.
//! - [`inspect`] reads each run of raw HTML as the editor wrote it (lol_html, with source
//!   offsets) and lists what [`clean`] will remove, so that each removal becomes a warning
//!   naming the Markdown file and line.
//!
//! The line markers of the body (`<!--l:N-->`) survive [`clean`]; other comments do not.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::OnceLock;

use lol_html::html_content::{Element, EndTag};
use lol_html::{RewriteStrSettings, doc_comments, element, rewrite_str};

use super::markdown::LINE_MARKER_PREFIX;
use crate::privacy::{Target, classify};

/// Tags kept as they are.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "button",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "mark",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Tags removed with everything inside them; other unknown tags are removed, their text kept.
const REMOVED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noembed",
    "noframes", "noscript", "template", "svg", "math", "title", "xmp",
];

/// Attributes allowed on every kept tag; `aria-*` too.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "hidden", "id", "lang", "role", "title"];

const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("audio", &["controls", "loop", "muted", "preload", "src"]),
    ("blockquote", &["cite"]),
    ("button", &["disabled", "name", "type", "value"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("fieldset", &["disabled", "name"]),
    ("form", &["action", "method"]),
    ("img", &["alt", "height", "loading", "src", "width"]),
    (
        "input",
        &[
            "autocomplete",
            "checked",
            "disabled",
            "max",
            "maxlength",
            "min",
            "minlength",
            "multiple",
            "name",
            "pattern",
            "placeholder",
            "readonly",
            "required",
            "size",
            "step",
            "type",
            "value",
        ],
    ),
    ("ins", &["cite", "datetime"]),
    ("label", &["for"]),
    ("li", &["value"]),
    ("ol", &["reversed", "start", "type"]),
    ("optgroup", &["disabled", "label"]),
    ("option", &["disabled", "label", "selected", "value"]),
    ("q", &["cite"]),
    (
        "select",
        &[
            "autocomplete",
            "disabled",
            "multiple",
            "name",
            "required",
            "size",
        ],
    ),
    ("source", &["src", "type"]),
    ("td", &["colspan", "headers", "rowspan", "style"]),
    (
        "textarea",
        &[
            "autocomplete",
            "cols",
            "disabled",
            "maxlength",
            "minlength",
            "name",
            "placeholder",
            "readonly",
            "required",
            "rows",
        ],
    ),
    (
        "th",
        &["abbr", "colspan", "headers", "rowspan", "scope", "style"],
    ),
    ("time", &["datetime"]),
    ("track", &["default", "kind", "label", "src", "srclang"]),
    (
        "video",
        &[
            "controls",
            "height",
            "loop",
            "muted",
            "playsinline",
            "poster",
            "preload",
            "src",
            "width",
        ],
    ),
];

/// Schemes links and sources may use; relative URLs are always kept.
pub(crate) const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Attributes holding a URL (as ammonia checks them).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "cite",
    "action",
    "data",
    "formaction",
    "ping",
    "poster",
    "xlink:href",
];

/// The scheme of `url` if a link or image may not use it (`javascript`, `data`...).
pub(crate) fn refused_scheme(url: &str) -> Option<String> {
    match classify(url) {
        Target::Scheme(scheme) if !URL_SCHEMES.contains(&scheme.as_str()) => Some(scheme),
        _ => None,
    }
}

/// The only inline style kept: table cell alignment, as Markdown tables produce it (the check
/// stage turns it into a class, since the site's CSP forbids inline styles).
fn is_alignment(tag: &str, value: &str) -> bool {
    matches!(tag, "td" | "th")
        && matches!(
            value.trim().trim_end_matches(';'),
            "text-align: left" | "text-align: center" | "text-align: right"
        )
}

/// Where forms may send: the site itself.
fn is_local_action(value: &str) -> bool {
    classify(value) == Target::Local
}

fn make_sanitizer(strip_comments: bool) -> ammonia::Builder<'static> {
    let tag_attributes: HashMap<&str, HashSet<&str>> = TAG_ATTRIBUTES
        .iter()
        .map(|(tag, attributes)| (*tag, attributes.iter().copied().collect()))
        .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .generic_attribute_prefixes(["aria-"].into_iter().collect())
        .tag_attributes(tag_attributes)
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(strip_comments)
        .attribute_filter(|tag, attribute, value| match attribute {
            "style" if !is_alignment(tag, value) => None,
            "action" if !is_local_action(value) => None,
            _ => Some(Cow::Borrowed(value)),
        });
    builder
}

/// Sanitizes the HTML of a page body that contains raw HTML.
pub(crate) fn clean(html: &str) -> String {
    static KEEPING_COMMENTS: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaned = KEEPING_COMMENTS
        .get_or_init(|| make_sanitizer(false))
        .clean(html)
        .to_string();
    // ammonia keeps comments so that the line markers survive; the editors' go.
    let settings =
        RewriteStrSettings::new().append_document_content_handler(doc_comments!(|comment| {
            let text = comment.text();
            let is_marker = text
                .strip_prefix(LINE_MARKER_PREFIX)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !is_marker {
                comment.remove();
            }
            Ok(())
        }));
    // ammonia's output is well-formed, so this cannot fail; should it ever, drop every
    // comment (markers included) rather than publish anything unchecked.
    rewrite_str(&cleaned, settings).unwrap_or_else(|_| make_sanitizer(true).clean(html).to_string())
}

/// Something [`clean`] removes from raw HTML, at a byte offset of the inspected text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removal {
    pub(crate) offset: usize,
    pub(crate) message: String,
    pub(crate) hint: &'static str,
}

/// Lists what [`clean`] will remove from `raw`, a run of raw HTML as written in Markdown.
pub(crate) fn inspect(raw: &str) -> Vec<Removal> {
    let removals = RefCell::new(Vec::new());
    // Depth inside an element removed with its content: its descendants go unreported.
    let inside_removed = Rc::new(Cell::new(0usize));
    let settings = RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
            if inside_removed.get() > 0 {
                return enter(el, &inside_removed);
            }
            let offset = el.source_location().bytes().start;
            let tag = el.tag_name();
            let report = |message: String, hint: &'static str| {
                removals.borrow_mut().push(Removal {
                    offset,
                    message,
                    hint,
                });
            };
            if REMOVED_WITH_CONTENT.contains(&tag.as_str()) {
                let (message, hint) = removed_element(&tag);
                report(message, hint);
                return enter(el, &inside_removed);
            }
            if !TAGS.contains(&tag.as_str()) {
                let kept = if el.can_have_content() { " (son texte est conservé)" } else { "" };
                report(
                    format!("balise <{tag}> retirée{kept}"),
                    "seules les balises courantes de mise en forme du texte sont acceptées ; préférez la syntaxe Markdown.",
                );
                return Ok(());
            }
            for (message, hint) in removed_attributes(&tag, el) {
                report(message, hint);
            }
            Ok(())
        }));
    // A fragment that lol_html cannot read is still cleaned by ammonia; only the warning
    // detail is lost, so report it as a whole.
    if rewrite_str(raw, settings).is_err() {
        return vec![Removal {
            offset: 0,
            message: "code HTML illisible : il a été nettoyé".to_owned(),
            hint: "vérifiez ce code HTML, ou remplacez-le par la syntaxe Markdown.",
        }];
    }
    removals.into_inner()
}

/// Counts `el` as one more level inside a removed element, until its end tag.
fn enter(el: &mut Element<'_, '_>, depth: &Rc<Cell<usize>>) -> lol_html::HandlerResult {
    if el.can_have_content() {
        let depth = Rc::clone(depth);
        depth.set(depth.get() + 1);
        el.on_end_tag(Box::new(move |_: &mut EndTag<'_>| {
            depth.set(depth.get().saturating_sub(1));
            Ok(())
        }))?;
    }
    Ok(())
}

fn removed_element(tag: &str) -> (String, &'static str) {
    match tag {
        "script" | "noscript" => (
            format!(
                "balise <{tag}> retirée avec son contenu : les pages ne peuvent pas contenir de script"
            ),
            "le site n'exécute aucun script venu des pages ; pour une vidéo ou une carte, écrivez ![titre](adresse de la vidéo ou de la carte).",
        ),
        "style" => (
            "balise <style> retirée avec son contenu : la mise en forme vient du thème commun"
                .to_owned(),
            "utilisez la syntaxe Markdown (titres ##, gras **, listes -) ; le thème s'occupe de l'apparence.",
        ),
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" => (
            format!("balise <{tag}> retirée : un contenu d'un autre site ne s'intègre pas en HTML"),
            "pour une vidéo (YouTube, Dailymotion, Vimeo) ou une carte OpenStreetMap, écrivez ![titre](adresse de la vidéo ou de la carte) : elle s'affichera à la demande du visiteur, si la commune l'autorise dans [vie_privee].",
        ),
        _ => (
            format!("balise <{tag}> retirée avec son contenu"),
            "ce type de contenu n'est pas accepté dans les pages ; utilisez la syntaxe Markdown.",
        ),
    }
}

/// The attributes of a kept element that [`clean`] removes, with their warning.
fn removed_attributes(tag: &str, el: &Element<'_, '_>) -> Vec<(String, &'static str)> {
    let allowed = TAG_ATTRIBUTES
        .iter()
        .find(|(t, _)| *t == tag)
        .map_or(&[][..], |(_, a)| *a);
    let mut removed = Vec::new();
    for attribute in el.attributes() {
        let name = attribute.name();
        let value = attribute.value();
        let entry = if name.starts_with("on") {
            Some((
                format!(
                    "attribut « {name} » retiré de <{tag}> : les gestionnaires d'événements sont des scripts"
                ),
                "les pages ne peuvent pas contenir de script ; retirez cet attribut.",
            ))
        } else if name == "style" && !(allowed.contains(&"style") && is_alignment(tag, &value)) {
            Some((
                format!(
                    "attribut « style » retiré de <{tag}> : la mise en forme vient du thème commun"
                ),
                "retirez cet attribut : la politique de sécurité du site bloque les styles écrits dans les pages.",
            ))
        } else if !GENERIC_ATTRIBUTES.contains(&name.as_str())
            && !name.starts_with("aria-")
            && !allowed.contains(&name.as_str())
        {
            Some((
                format!("attribut « {name} » retiré de <{tag}>"),
                "cet attribut n'est pas accepté dans les pages ; retirez-le.",
            ))
        } else if URL_ATTRIBUTES.contains(&name.as_str()) {
            if let Some(scheme) = refused_scheme(&value) {
                Some((
                    format!("adresse « {scheme}: » retirée de l'attribut « {name} » de <{tag}>"),
                    "seules les adresses web (https://), de courriel (mailto:), de téléphone (tel:) et les pages du site sont acceptées.",
                ))
            } else if name == "action" && !is_local_action(&value) {
                Some((
                    "adresse d'envoi du formulaire retirée : un formulaire ne peut envoyer des données qu'au site lui-même".to_owned(),
                    "écrivez une adresse du site (commençant par /), ou faites un lien vers le formulaire de l'autre site.",
                ))
            } else {
                None
            }
        } else {
            None
        };
        removed.extend(entry);
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_keeps_markers_and_safe_markup() {
        let html = "<!--l:3-->\n<p>Un <abbr title=\"Centre communal\">CCAS</abbr> <!-- note --><a href=\"/x/\">x</a></p>";
        let cleaned = clean(html);
        assert!(cleaned.contains("<!--l:3-->"), "{cleaned}");
        assert!(!cleaned.contains("note"), "{cleaned}");
        assert!(cleaned.contains("<abbr title=\"Centre communal\">CCAS</abbr>"));
        assert!(cleaned.contains("<a href=\"/x/\">x</a>"));
    }

    #[test]
    fn clean_removes_scripts_handlers_and_bad_urls() {
        let cleaned = clean(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:alert(1)\">b</a>\
             <img src=x onerror=alert(1) alt=\"\"><form action=\"https://evil.example/\"><input name=q></form></p>\
             <td style=\"text-align: center\">",
        );
        assert!(!cleaned.contains("onclick"));
        assert!(!cleaned.contains("script"));
        assert!(!cleaned.contains("javascript"));
        assert!(!cleaned.contains("onerror"));
        assert!(!cleaned.contains("evil"));
        assert!(cleaned.contains("<input name=\"q\">"), "{cleaned}");
    }

    #[test]
    fn inspect_reports_each_removal_at_its_offset() {
        let raw = "<p>\n<img src=x onerror=alert(1) alt=\"\">\n<script>alert(1)</script>\n<svg><script>x</script></svg>\n</p>";
        let removals = inspect(raw);
        let offsets: Vec<usize> = removals.iter().map(|r| r.offset).collect();
        assert_eq!(removals.len(), 3, "{removals:?}");
        assert_eq!(offsets[0], raw.find("<img").unwrap());
        assert!(removals[0].message.contains("onerror"));
        assert!(removals[1].message.contains("<script>"));
        assert!(removals[2].message.contains("<svg>"));
    }

    #[test]
    fn inspect_accepts_what_clean_keeps() {
        let raw = "<details><summary>Plus</summary><p lang=\"en\" aria-label=\"x\">Hello <a href=\"mailto:a@b.fr\">a</a></p></details>";
        assert_eq!(inspect(raw), vec![]);
    }

    #[test]
    fn refused_schemes() {
        assert_eq!(
            refused_scheme("javascript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(
            refused_scheme("  JAVASCRIPT:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(refused_scheme("data:text/html,x").as_deref(), Some("data"));
        assert_eq!(refused_scheme("mailto:a@b.fr"), None);
        assert_eq!(refused_scheme("../plan.pdf"), None);
    }
}
