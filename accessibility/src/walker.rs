//! The single pass over a page.
//!
//! 1. lol_html tokenizes the page once; one `*` element handler, one end-tag handler per open
//!    element, and document-level text and doctype handlers feed a [`State`].
//! 2. The state keeps the stack of open elements (closing the ones HTML closes implicitly,
//!    which lol_html does not report) and the text each element collects for its name.
//! 3. Each event goes only to the rules that asked for that tag (see [`crate::registry`]).
//! 4. At the end of the document, every rule decides what needs the whole page.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{Doctype as LolDoctype, Element as LolElement, TextChunk};
use lol_html::{HtmlRewriter, Settings, doc_text, doctype, element};

use crate::context::{Cx, DocInfo, Doctype, IdInfo, Out, Page};
use crate::dom::{Attr, Element, Frame, captures, is_void};
use crate::registry::{self, Entry};
use crate::rules::Rule;
use crate::summary::SummaryBuilder;
use crate::text::normalize;
use crate::{Finding, PageSummary};

struct State {
    rules: Vec<(&'static Entry, Box<dyn Rule>)>,
    stack: Vec<Frame>,
    doc: DocInfo,
    page: Page,
    findings: Vec<Finding>,
    summary: SummaryBuilder,
    serial: u32,
}

/// Runs every page rule over `html` in one pass.
pub(crate) fn walk(html: &str) -> (Vec<Finding>, PageSummary) {
    let state = Rc::new(RefCell::new(State {
        rules: registry::page_rules(),
        stack: Vec::with_capacity(32),
        doc: DocInfo::default(),
        page: Page::default(),
        findings: Vec::new(),
        summary: SummaryBuilder::default(),
        serial: 0,
    }));
    let on_element = Rc::clone(&state);
    let on_text = Rc::clone(&state);
    let on_doctype = Rc::clone(&state);
    let settings = Settings::new()
        .append_element_content_handler(element!("*", move |el: &mut LolElement| {
            let serial = on_element.borrow_mut().start(el);
            if let Some(serial) = serial {
                let on_end = Rc::clone(&on_element);
                el.on_end_tag(Box::new(move |end| {
                    on_end.borrow_mut().end(serial, &end.name());
                    Ok(())
                }))?;
            }
            Ok(())
        }))
        .append_document_content_handler(doctype!(move |d: &mut LolDoctype| {
            on_doctype.borrow_mut().doctype(d);
            Ok(())
        }))
        .append_document_content_handler(doc_text!(move |t: &mut TextChunk| {
            on_text.borrow_mut().text(t);
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // A rewriter error means lol_html gave up on malformed input: report what was seen so far.
    let _ = rewriter.write(html.as_bytes());
    let _ = rewriter.end();
    let state = Rc::try_unwrap(state)
        .ok()
        .expect("the rewriter and its handlers are dropped")
        .into_inner();
    state.finish(html)
}

impl State {
    /// Handles a start tag; returns the serial of the new frame when the element has content.
    fn start(&mut self, el: &LolElement) -> Option<u32> {
        let offset = el.source_location().bytes().start;
        let element = Element {
            name: el.tag_name(),
            attrs: el
                .attributes()
                .iter()
                .map(|a| Attr {
                    name: a.name(),
                    value: a.value(),
                })
                .collect(),
            offset,
        };
        self.doc.first_element.get_or_insert(offset);
        self.close_implied(&element.name);
        self.record(&element);
        let cx = Cx {
            stack: &self.stack,
            doc: &self.doc,
        };
        for &i in registry::interested(&element.name) {
            let (entry, rule) = &mut self.rules[i];
            let mut out = Out {
                rule: entry.id,
                axe: entry.axe,
                findings: &mut self.findings,
            };
            rule.start(&cx, &element, &mut out);
        }
        self.contribute_name(&element);
        let counts = !matches!(element.name.as_str(), "br" | "wbr");
        if counts {
            for f in &mut self.stack {
                f.descendants += 1;
            }
        }
        if is_void(&element.name) || !el.can_have_content() {
            return None;
        }
        self.serial += 1;
        let serial = self.serial;
        let hidden = element.aria_hidden() || self.stack.last().is_some_and(|f| f.hidden);
        self.stack.push(Frame {
            hidden,
            norm: std::cell::OnceCell::new(),
            capture: captures(&element),
            el: element,
            serial,
            text: String::new(),
            descendants: 0,
            explicit_end: false,
        });
        Some(serial)
    }

    /// Ids, `<html>`, `<body>`: page facts every rule may need at the end.
    fn record(&mut self, el: &Element) {
        match el.name.as_str() {
            "html" if self.page.html.is_none() => self.page.html = Some(el.clone()),
            "body" => {
                self.page.body_offset.get_or_insert(el.offset);
            }
            _ => {}
        }
        if let Some(id) = el.attr("id").filter(|id| !id.is_empty()) {
            let in_main = el.name == "main" || self.stack.iter().any(|f| f.name() == "main");
            self.page
                .ids
                .entry(id.to_owned())
                .and_modify(|i| i.count += 1)
                .or_insert_with(|| IdInfo {
                    count: 1,
                    tag: el.name.clone(),
                    in_main,
                });
        }
    }

    /// Images inside a link or a button give it their text alternative.
    fn contribute_name(&mut self, el: &Element) {
        let name = match el.name.as_str() {
            "img" | "area" => el.attr("aria-label").or(el.attr("alt")),
            "input" if el.attr_is("type", "image") => el.attr("aria-label").or(el.attr("alt")),
            "svg" | "object" | "canvas" | "embed" => el.attr("aria-label"),
            _ if el.has_role(&["img"]) => el.attr("aria-label"),
            _ => None,
        };
        if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
            if el.aria_hidden() {
                return;
            }
            let name = format!(" {name} ");
            self.append_text(&name);
        }
    }

    fn append_text(&mut self, text: &str) {
        let from = self
            .stack
            .iter()
            .position(|f| f.el.aria_hidden())
            .unwrap_or(0);
        for f in &mut self.stack[from..] {
            if f.capture {
                f.text.push_str(text);
            }
        }
    }

    fn text(&mut self, chunk: &TextChunk) {
        let raw = self
            .stack
            .iter()
            .any(|f| matches!(f.name(), "script" | "style" | "template"));
        if raw || chunk.as_str().is_empty() {
            return;
        }
        let text = chunk.as_str();
        self.append_text(text);
        let offset = chunk.source_location().bytes().start;
        let cx = Cx {
            stack: &self.stack,
            doc: &self.doc,
        };
        for &i in registry::text_rules() {
            let (entry, rule) = &mut self.rules[i];
            {
                let mut out = Out {
                    rule: entry.id,
                    axe: entry.axe,
                    findings: &mut self.findings,
                };
                rule.text(&cx, text, offset, &mut out);
            }
        }
    }

    fn doctype(&mut self, d: &LolDoctype) {
        if self.doc.doctype.is_some() {
            return;
        }
        self.doc.doctype = Some(Doctype {
            name: d.name(),
            public_id: d.public_id(),
            offset: d.source_location().bytes().start,
            after_element: self.doc.first_element.is_some(),
        });
    }

    /// lol_html reached an end tag that closes frame `serial`: close it and whatever is still
    /// open in it. lol_html also runs the handlers of the elements an end tag closes
    /// implicitly, so the frame counts as explicitly closed only when the names match.
    fn end(&mut self, serial: u32, end_name: &str) {
        let Some(pos) = self.stack.iter().rposition(|f| f.serial == serial) else {
            return;
        };
        while self.stack.len() > pos {
            let mut frame = self.stack.pop().expect("len > pos");
            frame.explicit_end =
                self.stack.len() == pos && frame.name().eq_ignore_ascii_case(end_name);
            self.close(frame);
        }
    }

    /// HTML closes some elements when another one starts (`<p>` before a `<div>`, `<li>`
    /// before the next `<li>`…); lol_html reports no end tag for them.
    fn close_implied(&mut self, starting: &str) {
        let target = match starting {
            "li" => find_open(&self.stack, &["li"], &["ul", "ol", "menu"]),
            "dt" | "dd" => find_open(&self.stack, &["dt", "dd"], &["dl"]),
            "tr" => find_open(&self.stack, &["tr"], &["table"]),
            "td" | "th" => find_open(&self.stack, &["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => {
                find_open(&self.stack, &["thead", "tbody", "tfoot"], &["table"])
            }
            "option" | "optgroup" => {
                let names: &[&str] = if starting == "option" {
                    &["option"]
                } else {
                    &["option", "optgroup"]
                };
                find_open(&self.stack, names, &["select", "datalist"])
            }
            "body" => find_open(&self.stack, &["head"], &["html"]),
            _ if closes_p(starting) => find_open(&self.stack, &["p"], P_SCOPE),
            _ => None,
        };
        let target = target.or_else(|| {
            let head_content = matches!(
                starting,
                "title"
                    | "meta"
                    | "link"
                    | "style"
                    | "script"
                    | "base"
                    | "noscript"
                    | "template"
                    | "html"
                    | "head"
            );
            let top_is_head = self.stack.last().is_some_and(|f| f.name() == "head");
            (!head_content && top_is_head).then(|| self.stack.len() - 1)
        });
        if let Some(pos) = target {
            while self.stack.len() > pos {
                let frame = self.stack.pop().expect("len > pos");
                self.close(frame);
            }
        }
    }

    fn close(&mut self, frame: Frame) {
        if frame.name() == "title"
            && self.page.title.is_none()
            && !self.stack.iter().any(|f| f.name() == "svg")
        {
            self.page.title = Some((normalize(&frame.text), frame.el.offset));
        }
        self.summary.closed(&frame, &self.stack);
        let cx = Cx {
            stack: &self.stack,
            doc: &self.doc,
        };
        for &i in registry::interested(frame.name()) {
            let (entry, rule) = &mut self.rules[i];
            let mut out = Out {
                rule: entry.id,
                axe: entry.axe,
                findings: &mut self.findings,
            };
            rule.end(&cx, &frame, &mut out);
        }
    }

    fn finish(mut self, html: &str) -> (Vec<Finding>, PageSummary) {
        while let Some(frame) = self.stack.pop() {
            self.close(frame);
        }
        for (entry, rule) in self.rules.iter_mut() {
            let mut out = Out {
                rule: entry.id,
                axe: entry.axe,
                findings: &mut self.findings,
            };
            rule.finish(&self.page, &self.doc, &mut out);
        }
        let mut findings = self.findings;
        findings.sort_by(|a, b| a.offset.cmp(&b.offset).then(a.rule.cmp(b.rule)));
        let summary = self.summary.build(&self.page, html);
        let offsets: Vec<usize> = findings.iter().map(|f| f.offset).collect();
        for (f, (line, column)) in findings
            .iter_mut()
            .zip(crate::position::line_columns(html, &offsets))
        {
            f.line = line;
            f.column = column;
        }
        (findings, summary)
    }
}

/// Elements that stop the search for an open `<p>` ("button scope").
const P_SCOPE: &[&str] = &[
    "button", "table", "td", "th", "caption", "html", "marquee", "object", "template", "svg",
    "math", "applet",
];

fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
    )
}

/// Index of the nearest open element named in `names`, unless a `boundary` comes first.
fn find_open(stack: &[Frame], names: &[&str], boundary: &[&str]) -> Option<usize> {
    for (i, f) in stack.iter().enumerate().rev() {
        if names.contains(&f.name()) {
            return Some(i);
        }
        if boundary.contains(&f.name()) {
            return None;
        }
    }
    None
}
