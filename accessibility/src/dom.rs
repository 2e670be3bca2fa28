//! The element model the rules see: start tags with their attributes, and open elements
//! (frames) that collect the text of their content while the page streams by.

/// One attribute of a start tag, name lowercased by the parser.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub(crate) name: String,
    pub(crate) value: String,
}

/// A start tag as the rules see it.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    /// Lowercase tag name.
    pub(crate) name: String,
    pub(crate) attrs: Vec<Attr>,
    /// Byte offset of the `<` of the start tag.
    pub(crate) offset: usize,
}

impl Element {
    /// The value of attribute `name`, if present (first occurrence).
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.attrs.iter().any(|a| a.name == name)
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
    pub(crate) fn has_role(&self, roles: &[&str]) -> bool {
        let Some(first) = self
            .attr("role")
            .and_then(|r| r.split_ascii_whitespace().next())
        else {
            return false;
        };
        roles.iter().any(|r| r.eq_ignore_ascii_case(first))
    }

    /// `aria-hidden="true"`.
    pub(crate) fn aria_hidden(&self) -> bool {
        self.attr_is("aria-hidden", "true")
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
        match self.name.as_str() {
            "a" | "area" => self.has("href"),
            "button" | "select" | "textarea" | "iframe" | "summary" => true,
            "input" => !self.attr_is("type", "hidden"),
            "audio" | "video" => self.has("controls"),
            _ => false,
        }
    }

    /// A form field that needs a label (RGAA "champ de formulaire").
    pub(crate) fn is_labelable_field(&self) -> bool {
        match self.name.as_str() {
            "select" | "textarea" => true,
            "input" => {
                let ty = self
                    .attr("type")
                    .unwrap_or("text")
                    .trim()
                    .to_ascii_lowercase();
                !matches!(
                    ty.as_str(),
                    "hidden" | "submit" | "reset" | "button" | "image"
                )
            }
            _ => false,
        }
    }
}

/// An open element and what was seen inside it so far.
#[derive(Debug)]
pub(crate) struct Frame {
    pub(crate) el: Element,
    /// Serial number, to match the end tag lol_html reports with this frame.
    pub(crate) serial: u32,
    /// Whether this frame collects the text of its content.
    pub(crate) capture: bool,
    /// Text content plus the text alternatives of images inside (raw, entities undecoded).
    pub(crate) text: String,
    /// Number of descendant elements, `<br>` and `<wbr>` excepted.
    pub(crate) descendants: u32,
    /// `true` when its end tag was in the source; `false` when closed implicitly.
    pub(crate) explicit_end: bool,
    /// The element or an ancestor has `aria-hidden="true"`.
    pub(crate) hidden: bool,
    /// `text` normalized, computed once when a rule first asks.
    pub(crate) norm: std::cell::OnceCell<String>,
}

impl Frame {
    pub(crate) fn name(&self) -> &str {
        &self.el.name
    }

    /// The collected text, entities decoded and whitespace collapsed.
    pub(crate) fn norm_text(&self) -> &str {
        self.norm.get_or_init(|| crate::text::normalize(&self.text))
    }
}

/// Elements whose text the walker collects (names, captions, headings, labels).
pub(crate) fn captures(el: &Element) -> bool {
    matches!(
        el.name.as_str(),
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
