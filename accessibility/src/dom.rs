//! The element model the rules see: start tags with their attributes, and open elements
//! (frames) that collect the text of their content while the page streams by.
//!
//! Names and values borrow from the checked HTML (`'h`): the walker slices them out of the
//! source instead of copying every attribute of every element.

use std::borrow::Cow;

/// One attribute of a start tag, name lowercased by the parser.
#[derive(Debug, Clone)]
pub(crate) struct Attr<'h> {
    pub(crate) name: Cow<'h, str>,
    /// The value as written (entities undecoded).
    pub(crate) value: Cow<'h, str>,
}

/// A start tag, as [`crate::check_page_visiting`] shows it.
pub struct StartTag<'a, 'h>(pub(crate) &'a Element<'h>);

impl StartTag<'_, '_> {
    /// The tag name, lowercase.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// Byte offset of the `<` of the tag in the page.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// (lowercase name, value as written: entities undecoded), in source order.
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.attrs.iter().map(|a| (&*a.name, &*a.value))
    }

    /// The value of the first attribute named `name` (lowercase), as written.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.0.attr(name)
    }
}

/// A start tag as the rules see it.
#[derive(Debug, Clone)]
pub(crate) struct Element<'h> {
    /// Lowercase tag name.
    pub(crate) name: Cow<'h, str>,
    /// Index of the name in the registry's table of tags, for dispatch.
    pub(crate) tag: u16,
    pub(crate) attrs: Vec<Attr<'h>>,
    /// Byte offset of the `<` of the start tag.
    pub(crate) offset: usize,
    /// `aria-hidden="true"`, computed once: the walker and many rules ask it of every element.
    pub(crate) hidden_attr: bool,
    /// Where the first token of the `role` attribute lies: (attribute index, byte range in its
    /// value). Computed once, for the same reason.
    role: Option<(usize, std::ops::Range<usize>)>,
}

impl<'h> Element<'h> {
    /// An element; `tag` is its index in the registry's table of tags.
    pub(crate) fn new(name: Cow<'h, str>, tag: u16, attrs: Vec<Attr<'h>>, offset: usize) -> Self {
        let mut el = Element {
            name,
            tag,
            attrs,
            offset,
            hidden_attr: false,
            role: None,
        };
        el.hidden_attr = el.attr_is("aria-hidden", "true");
        el.role = el
            .attrs
            .iter()
            .position(|a| a.name == "role")
            .and_then(|i| {
                let value: &str = &el.attrs[i].value;
                let start = value.find(|c: char| !c.is_ascii_whitespace())?;
                let len = value[start..]
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(value.len() - start);
                Some((i, start..start + len))
            });
        el
    }

    /// The lowercase tag name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The value of attribute `name`, if present (first occurrence).
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| *a.name == *name)
            .map(|a| &*a.value)
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.attrs.iter().any(|a| *a.name == *name)
    }

    /// The attribute's value, trimmed, when present and not blank.
    pub(crate) fn attr_filled(&self, name: &str) -> Option<&str> {
        self.attr(name).map(str::trim).filter(|v| !v.is_empty())
    }

    /// `true` when `attr` equals `value`, ASCII case-insensitively, ignoring surrounding spaces.
    pub(crate) fn attr_is(&self, name: &str, value: &str) -> bool {
        self.attr(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case(value))
    }

    /// The first `role` token is one of `roles` (given in lowercase); allocation-free since
    /// every rule asks this of every element.
    #[inline(always)]
    pub(crate) fn has_role(&self, roles: &[&str]) -> bool {
        match &self.role {
            None => false,
            Some((i, range)) => {
                let first = &self.attrs[*i].value[range.clone()];
                roles.iter().any(|r| r.eq_ignore_ascii_case(first))
            }
        }
    }

    /// `aria-hidden="true"`.
    pub(crate) fn aria_hidden(&self) -> bool {
        self.hidden_attr
    }

    /// A name given by attributes: `aria-label`, `aria-labelledby` or `title`.
    pub(crate) fn has_attr_name(&self) -> bool {
        self.attr_filled("aria-label").is_some()
            || self.attr_filled("aria-labelledby").is_some()
            || self.attr_filled("title").is_some()
    }

    /// `true` when the element takes keyboard focus without script.
    pub(crate) fn is_focusable(&self) -> bool {
        if self.has("disabled") {
            return false;
        }
        if let Some(t) = self.attr("tabindex") {
            return t.trim().parse::<i32>().is_ok_and(|n| n >= 0);
        }
        match self.name() {
            "a" | "area" => self.has("href"),
            "button" | "select" | "textarea" | "iframe" | "summary" => true,
            "input" => !self.attr_is("type", "hidden"),
            "audio" | "video" => self.has("controls"),
            _ => false,
        }
    }

    /// A form field that needs a label (RGAA "champ de formulaire").
    pub(crate) fn is_labelable_field(&self) -> bool {
        match self.name() {
            "select" | "textarea" => true,
            "input" => {
                let ty = self.attr("type").unwrap_or("text").trim();
                !["hidden", "submit", "reset", "button", "image"]
                    .iter()
                    .any(|t| ty.eq_ignore_ascii_case(t))
            }
            _ => false,
        }
    }
}

/// An open element and what was seen inside it so far.
#[derive(Debug)]
pub(crate) struct Frame<'h> {
    pub(crate) el: Element<'h>,
    /// Serial number, to match the end tag lol_html reports (raw-text elements) with this frame.
    pub(crate) serial: u32,
    /// Whether this frame collects the text of its content.
    pub(crate) capture: bool,
    /// Text content plus the text alternatives of images inside (raw, entities undecoded).
    pub(crate) text: String,
    /// Number of descendant elements, `<br>` and `<wbr>` excepted; set when the frame closes.
    pub(crate) descendants: u32,
    /// Elements counted in the page (as for `descendants`) when this one started.
    pub(crate) counted_before: u32,
    /// `true` when its end tag was in the source; `false` when closed implicitly.
    pub(crate) explicit_end: bool,
    /// The element or an ancestor has `aria-hidden="true"`.
    pub(crate) hidden: bool,
    /// `text` normalized, computed once when a rule first asks.
    pub(crate) norm: std::cell::OnceCell<String>,
}

impl Frame<'_> {
    pub(crate) fn name(&self) -> &str {
        &self.el.name
    }

    /// The collected text, entities decoded and whitespace collapsed.
    pub(crate) fn norm_text(&self) -> &str {
        self.norm.get_or_init(|| crate::text::normalize(&self.text))
    }

    /// `!norm_text().is_empty()`, without collapsing the text when no rule has yet: most
    /// texts are told from blank by their first character.
    pub(crate) fn has_text(&self) -> bool {
        match self.norm.get() {
            Some(norm) => !norm.is_empty(),
            None => !crate::text::is_blank(&self.text),
        }
    }
}

/// Elements whose text the walker collects (names, captions, headings, labels).
pub(crate) fn captures(el: &Element<'_>) -> bool {
    matches!(
        el.name(),
        "a" | "button"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "p"
            | "label"
            | "legend"
            | "caption"
            | "figcaption"
            | "title"
            | "th"
            | "td"
            | "li"
            | "option"
            | "summary"
            | "object"
            | "canvas"
            | "svg"
            | "desc"
            | "embed"
            | "figure"
            | "strong"
            | "b"
    ) || el.has_role(&["heading", "button", "link", "img"])
}

/// Void elements never get a frame.
pub(crate) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
    )
}

/// Elements whose end tag may be omitted (HTML "optional tags").
pub(crate) fn end_tag_optional(name: &str) -> bool {
    matches!(
        name,
        "html"
            | "head"
            | "body"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "rt"
            | "rp"
            | "optgroup"
            | "option"
            | "colgroup"
            | "caption"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
    )
}
