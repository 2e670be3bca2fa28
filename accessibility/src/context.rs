//! What a rule can see while the page streams by ([`Cx`]), what it sees at the end
//! ([`Page`]), and where it writes findings ([`Out`]).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::dom::Frame;
use crate::{Finding, Severity};

/// The doctype, as declared.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doctype {
    pub(crate) name: Option<String>,
    pub(crate) public_id: Option<String>,
    pub(crate) offset: usize,
    /// An element start tag came before the doctype.
    pub(crate) after_element: bool,
}

/// Facts about the document known from its start.
#[derive(Debug, Default)]
pub(crate) struct DocInfo {
    pub(crate) doctype: Option<Doctype>,
    /// Offset of the first element seen, if any.
    pub(crate) first_element: Option<usize>,
    /// Where lol_html gave up reading the page (a start tag it cannot read without doubt),
    /// if it did: nothing from there on was checked.
    pub(crate) unread_from: Option<usize>,
}

impl DocInfo {
    /// HTML5 doctype (or none at all, which browsers treat in quirks mode but rules treat as
    /// HTML5 for what is allowed).
    pub(crate) fn is_html5(&self) -> bool {
        self.doctype
            .as_ref()
            .is_none_or(|d| d.public_id.as_deref().is_none_or(str::is_empty))
    }
}

/// Read-only view of the walk for a rule: the ancestors of the current element.
pub(crate) struct Cx<'a> {
    pub(crate) stack: &'a [Frame<'a>],
    pub(crate) doc: &'a DocInfo,
    /// The ids declared so far, the current element's included.
    pub(crate) ids: &'a Ids<'a>,
}

impl<'a> Cx<'a> {
    pub(crate) fn parent(&self) -> Option<&'a Frame<'a>> {
        self.stack.last()
    }

    /// The nearest open ancestor named `name`.
    pub(crate) fn ancestor(&self, name: &str) -> Option<&'a Frame<'a>> {
        self.stack.iter().rev().find(|f| f.name() == name)
    }

    pub(crate) fn inside(&self, name: &str) -> bool {
        self.ancestor(name).is_some()
    }

    /// Inside an `aria-hidden="true"` subtree.
    pub(crate) fn hidden(&self) -> bool {
        self.stack.last().is_some_and(|f| f.hidden)
    }

    /// Inside SVG or MathML, where HTML presentation rules do not apply.
    pub(crate) fn foreign(&self) -> bool {
        in_foreign_content(self.stack)
    }
}

/// An `<svg>` or `<math>` element is open in `stack`.
pub(crate) fn in_foreign_content(stack: &[Frame<'_>]) -> bool {
    stack
        .iter()
        .any(|f| f.name() == "svg" || f.name() == "math")
}

/// Where an `id` was declared.
#[derive(Debug, Clone)]
pub(crate) struct IdInfo<'h> {
    pub(crate) count: u32,
    pub(crate) tag: Cow<'h, str>,
    /// The element is `<main>` or inside it.
    pub(crate) in_main: bool,
}

/// Every `id` of a page, as written, and where it was first declared.
pub(crate) type Ids<'h> = HashMap<Cow<'h, str>, IdInfo<'h>>;

/// Facts about the whole page, available to rules when it ends.
#[derive(Debug, Default)]
pub(crate) struct Page<'h> {
    pub(crate) ids: Ids<'h>,
    /// Text of the document `<title>` (not SVG titles) and its offset.
    pub(crate) title: Option<(String, usize)>,
    /// Offset of the `<html>` start tag and its attributes.
    pub(crate) html: Option<crate::dom::Element<'h>>,
    pub(crate) body_offset: Option<usize>,
}

impl Page<'_> {
    pub(crate) fn has_id(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// `true` when at least one of the space-separated ids exists.
    pub(crate) fn any_id(&self, ids: &str) -> bool {
        ids.split_ascii_whitespace().any(|id| self.has_id(id))
    }

    /// Where to point findings about the page as a whole.
    pub(crate) fn top_offset(&self) -> usize {
        self.html.as_ref().map_or(0, |h| h.offset)
    }
}

/// Collects the findings of one rule.
pub(crate) struct Out<'a> {
    pub(crate) rule: &'static str,
    pub(crate) axe: Option<&'static str>,
    pub(crate) findings: &'a mut Vec<Finding>,
}

impl Out<'_> {
    pub(crate) fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.push(Severity::Error, offset, message.into(), self.axe);
    }

    pub(crate) fn review(&mut self, offset: usize, message: impl Into<String>) {
        self.push(Severity::Review, offset, message.into(), self.axe);
    }

    /// A finding whose axe-core rule differs from the rule's default one.
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        offset: usize,
        message: String,
        axe: Option<&'static str>,
    ) {
        self.findings.push(Finding {
            rule: self.rule,
            axe,
            severity,
            message,
            offset,
            line: 0,
            column: 0,
        });
    }
}
