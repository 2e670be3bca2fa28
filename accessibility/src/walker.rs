//! The single pass over a page.
//!
//! 1. lol_html tokenizes the page once; one `*` element handler, one end-tag handler per open
//!    element and a doctype handler feed a [`State`]. Text is read from the page between
//!    those events (comments and end tags left out): a text handler would make lol_html
//!    decode and re-encode every text of the page, about a fifth of the pass.
//! 2. The state keeps the stack of open elements (closing the ones HTML closes implicitly,
//!    which lol_html does not report) and the text each element collects for its name.
//! 3. Each event goes only to the rules that asked for that tag and that event (see
//!    [`crate::registry`] and [`crate::rules::Events`]).
//! 4. At the end of the document, every rule decides what needs the whole page.
//!
//! Every page costs this pass, so it avoids copies: tag and attribute names and values are
//! slices of the page (lol_html reports where each one lies), and the buffers of closed
//! elements are reused by the next ones.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

use lol_html::html_content::{Doctype as LolDoctype, Element as LolElement};
use lol_html::{ElementContentHandlers, HtmlRewriter, Selector, Settings, doctype};

use crate::context::{Cx, DocInfo, Doctype, IdInfo, Out, Page};
use crate::dom::{Attr, Element, Frame, StartTag, captures, is_void};
use crate::registry::{self, Entry};
use crate::rules::Rule;
use crate::summary::SummaryBuilder;
use crate::text::normalize;
use crate::{Finding, PageSummary};

/// End tags lol_html reported, waiting for the next event: (frame serial, offset of `</`).
///
/// lol_html wants end-tag handlers that own everything they touch, so they only queue the
/// end here; the state closes the frames before it handles the next event.
type Ends = Rc<RefCell<Vec<(u32, usize)>>>;

/// A rule and what its findings carry.
struct Slot {
    id: &'static str,
    axe: Option<&'static str>,
    rule: Box<dyn Rule>,
}

impl Slot {
    fn new((entry, rule): (&'static Entry, Box<dyn Rule>)) -> Self {
        Slot {
            id: entry.id,
            axe: entry.axe,
            rule,
        }
    }

    /// The rule, and where its findings go.
    fn parts<'a>(&'a mut self, findings: &'a mut Vec<Finding>) -> (&'a mut dyn Rule, Out<'a>) {
        let out = Out {
            rule: self.id,
            axe: self.axe,
            findings,
        };
        (&mut *self.rule, out)
    }
}

struct State<'h, 'v> {
    html: &'h str,
    /// The caller's own look at every start tag.
    visit: &'v mut dyn FnMut(&StartTag<'_, '_>),
    rules: Vec<Slot>,
    stack: Vec<Frame<'h>>,
    doc: DocInfo,
    page: Page<'h>,
    findings: Vec<Finding>,
    summary: SummaryBuilder,
    serial: u32,
    /// Elements seen so far, `<br>` and `<wbr>` excepted (see [`Frame::descendants`]).
    counted: u32,
    /// Open `<script>`, `<style>` and `<template>` elements: text inside is not content.
    raw_depth: u32,
    /// Open `<svg>` elements: what starts inside is not counted as a page element by the
    /// summary (see [`PageSummary::elements_in_svg`]).
    svg_depth: u32,
    /// Buffers of closed frames, reused by the next ones.
    spare_attrs: Vec<Vec<Attr<'h>>>,
    spare_text: Vec<String>,
    /// Where the page has been read up to: text starts here.
    read_to: usize,
    /// The frame of the page's `<body>`, once it started.
    body: Option<u32>,
}

/// The `*` selector, parsed once.
fn every_element() -> &'static Selector {
    static EVERY: OnceLock<Selector> = OnceLock::new();
    EVERY.get_or_init(|| "*".parse().expect("valid selector"))
}

/// Runs every page rule over `html` in one pass, showing each start tag to `visit`.
pub(crate) fn walk(
    html: &str,
    visit: &mut dyn FnMut(&StartTag<'_, '_>),
) -> (Vec<Finding>, PageSummary) {
    let state = Rc::new(RefCell::new(State {
        html,
        visit,
        rules: registry::page_rules().into_iter().map(Slot::new).collect(),
        stack: Vec::with_capacity(32),
        doc: DocInfo::default(),
        page: Page::default(),
        findings: Vec::new(),
        summary: SummaryBuilder::default(),
        serial: 0,
        counted: 0,
        raw_depth: 0,
        svg_depth: 0,
        spare_attrs: Vec::new(),
        spare_text: Vec::new(),
        read_to: 0,
        body: None,
    }));
    let ends: Ends = Rc::new(RefCell::new(Vec::new()));
    let (on_element, on_doctype) = (Rc::clone(&state), Rc::clone(&state));
    let (ends_e, ends_d) = (Rc::clone(&ends), Rc::clone(&ends));
    let elements = ElementContentHandlers::default().element(move |el: &mut LolElement| {
        let mut state = on_element.borrow_mut();
        state.close_reported(&ends_e);
        if let Some(serial) = state.start(el) {
            let queue = Rc::clone(&ends_e);
            el.on_end_tag(Box::new(move |end| {
                queue
                    .borrow_mut()
                    .push((serial, end.source_location().bytes().start));
                Ok(())
            }))?;
        }
        Ok(())
    });
    let settings = Settings::new()
        .append_element_content_handler((Cow::Borrowed(every_element()), elements))
        .append_document_content_handler(doctype!(move |d: &mut LolDoctype| {
            let mut state = on_doctype.borrow_mut();
            state.close_reported(&ends_d);
            state.doctype(d);
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    // A rewriter error means lol_html gave up on malformed input: report what was seen so far.
    let _ = rewriter.write(html.as_bytes());
    let _ = rewriter.end();
    let mut state = Rc::try_unwrap(state)
        .ok()
        .expect("the rewriter and its handlers are dropped")
        .into_inner();
    state.close_reported(&ends);
    state.read_text_to(html.len());
    state.finish()
}

/// `name` in lowercase, borrowed when it already is.
fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

impl<'h> State<'h, '_> {
    /// The tag name that starts at byte `from` of the page, as the tokenizer reads it.
    fn source_name(&self, from: usize) -> Option<Cow<'h, str>> {
        let html: &'h str = self.html;
        let rest = html.as_bytes().get(from..)?;
        let len = rest
            .iter()
            .position(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0C' | b'/' | b'>'))
            .unwrap_or(rest.len());
        html.get(from..from + len)
            .filter(|n| !n.is_empty())
            .map(lowercase)
    }

    /// The part of the page at `range`, if lol_html's position is usable.
    fn source(&self, range: std::ops::Range<usize>) -> Option<&'h str> {
        let html: &'h str = self.html;
        // A leading BOM is dropped by lol_html's decoding: keep its copy then.
        html.get(range).filter(|s| !s.starts_with('\u{feff}'))
    }

    fn attr_of(&self, a: &lol_html::html_content::Attribute<'_>) -> Attr<'h> {
        let name = a
            .name_source_location()
            .and_then(|l| self.source(l.bytes()))
            .map_or_else(|| Cow::Owned(a.name()), lowercase);
        let value = match a.value_source_location() {
            Some(l) => self
                .source(l.bytes())
                .map_or_else(|| Cow::Owned(a.value()), Cow::Borrowed),
            None if a.name_source_location().is_some() => Cow::Borrowed(""),
            None => Cow::Owned(a.value()),
        };
        debug_assert_eq!(*name, a.name());
        debug_assert_eq!(*value, a.value());
        Attr { name, value }
    }

    /// Closes the frames whose end tags lol_html reported since the last event.
    fn close_reported(&mut self, ends: &Ends) {
        if ends.borrow().is_empty() {
            return;
        }
        let reported = std::mem::take(&mut *ends.borrow_mut());
        for &(serial, at) in &reported {
            self.read_text_to(at);
            self.end(serial, at);
            self.passed(at..tag_end(self.html, at));
        }
        // Give the queue its buffer back.
        let mut queue = ends.borrow_mut();
        if queue.is_empty() {
            let mut reported = reported;
            reported.clear();
            *queue = reported;
        }
    }

    /// Handles a start tag; returns the serial of the new frame when the element has content.
    fn start(&mut self, el: &LolElement<'_, '_>) -> Option<u32> {
        let location = el.source_location().bytes();
        let offset = location.start;
        self.read_text_to(offset);
        self.passed(location);
        let name = match self.html.as_bytes().get(offset) {
            Some(b'<') => self.source_name(offset + 1),
            _ => None,
        }
        .unwrap_or_else(|| Cow::Owned(el.tag_name()));
        debug_assert_eq!(*name, el.tag_name());
        let mut attrs = self.spare_attrs.pop().unwrap_or_default();
        attrs.extend(el.attributes().iter().map(|a| self.attr_of(a)));
        let tag = registry::tag_id(&name);
        let element = Element::new(name, tag, attrs, offset);
        self.doc.first_element.get_or_insert(offset);
        (self.visit)(&StartTag(&element));
        self.close_implied(element.name());
        self.record(&element);
        let cx = Cx {
            stack: &self.stack,
            doc: &self.doc,
            ids: &self.page.ids,
        };
        for &i in registry::on_start(element.tag, !element.attrs.is_empty()) {
            let (rule, mut out) = self.rules[i].parts(&mut self.findings);
            rule.start(&cx, &element, &mut out);
        }
        self.contribute_name(&element);
        self.summary.started(&element, self.svg_depth > 0);
        if !matches!(element.name(), "br" | "wbr") {
            self.counted += 1;
        }
        if is_void(element.name()) || !el.can_have_content() {
            if self.at_body_level() {
                self.summary.body_content();
            }
            self.recycle_attrs(element.attrs);
            return None;
        }
        self.serial += 1;
        let serial = self.serial;
        let hidden = element.aria_hidden() || self.stack.last().is_some_and(|f| f.hidden);
        if is_raw(element.name()) {
            self.raw_depth += 1;
        }
        if element.name() == "svg" {
            self.svg_depth += 1;
        }
        if element.name() == "body" {
            self.body.get_or_insert(serial);
        }
        let capture = captures(&element);
        let text = if capture {
            self.spare_text.pop().unwrap_or_default()
        } else {
            String::new()
        };
        self.stack.push(Frame {
            hidden,
            norm: std::cell::OnceCell::new(),
            capture,
            el: element,
            serial,
            text,
            descendants: 0,
            counted_before: self.counted,
            explicit_end: false,
        });
        Some(serial)
    }

    /// The innermost open element is the page's `<body>`.
    fn at_body_level(&self) -> bool {
        self.body.is_some() && self.stack.last().map(|f| f.serial) == self.body
    }

    fn recycle_attrs(&mut self, mut attrs: Vec<Attr<'h>>) {
        if attrs.capacity() > 0 && self.spare_attrs.len() < 64 {
            attrs.clear();
            self.spare_attrs.push(attrs);
        }
    }

    /// Ids, `<html>`, `<body>`: page facts every rule may need at the end.
    fn record(&mut self, el: &Element<'h>) {
        match el.name() {
            "html" if self.page.html.is_none() => self.page.html = Some(el.clone()),
            "body" => {
                self.page.body_offset.get_or_insert(el.offset);
            }
            _ => {}
        }
        let Some(id) = el.attrs.iter().find(|a| a.name == "id") else {
            return;
        };
        if id.value.is_empty() {
            return;
        }
        if let Some(info) = self.page.ids.get_mut(&*id.value) {
            info.count += 1;
            return;
        }
        let in_main = el.name == "main" || self.stack.iter().any(|f| f.name() == "main");
        self.page.ids.insert(
            id.value.clone(),
            IdInfo {
                count: 1,
                tag: el.name.clone(),
                in_main,
            },
        );
    }

    /// Images inside a link or a button give it their text alternative.
    fn contribute_name(&mut self, el: &Element<'_>) {
        let name = match el.name() {
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
            self.append_text(" ");
            self.append_text(name);
            self.append_text(" ");
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

    /// Reads the text between where the page was read up to and `to`, where the next event
    /// starts: what lies there is text, comments and end tags lol_html reported to nobody
    /// (stray ones, or those of void elements).
    fn read_text_to(&mut self, to: usize) {
        let html: &'h str = self.html;
        let Some(mut rest) = html.get(self.read_to..to) else {
            self.read_to = self.read_to.max(to);
            return;
        };
        let mut at = self.read_to;
        self.read_to = to;
        if at == 0 {
            // lol_html drops a leading BOM.
            if let Some(after) = rest.strip_prefix('\u{feff}') {
                at += rest.len() - after.len();
                rest = after;
            }
        }
        if self.raw_depth > 0 {
            return;
        }
        while !rest.is_empty() {
            let (text, markup) = split_text(rest);
            if !text.is_empty() {
                self.text(text, at);
            }
            at += text.len() + markup;
            rest = &rest[text.len() + markup..];
        }
    }

    /// The markup at `range` (a tag, a doctype) is not text: reading goes on after it.
    fn passed(&mut self, range: std::ops::Range<usize>) {
        self.read_to = self.read_to.max(range.end);
    }

    fn text(&mut self, text: &str, offset: usize) {
        self.append_text(text);
        // Indentation between tags is most of the text of a page: no rule reads it.
        if text.bytes().all(|b| b.is_ascii_whitespace()) {
            return;
        }
        if self.at_body_level() {
            self.summary.body_content();
        }
        let cx = Cx {
            stack: &self.stack,
            doc: &self.doc,
            ids: &self.page.ids,
        };
        for &i in registry::text_rules() {
            let (rule, mut out) = self.rules[i].parts(&mut self.findings);
            rule.text(&cx, text, offset, &mut out);
        }
    }

    fn doctype(&mut self, d: &LolDoctype<'_>) {
        let location = d.source_location().bytes();
        self.read_text_to(location.start);
        self.passed(location);
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

    /// lol_html reached an end tag (at byte `at`) that closes frame `serial`: close it and
    /// whatever is still open in it. lol_html also runs the handlers of the elements an end
    /// tag closes implicitly, so the frame counts as explicitly closed only when the names
    /// match.
    fn end(&mut self, serial: u32, at: usize) {
        let Some(pos) = self.stack.iter().rposition(|f| f.serial == serial) else {
            return;
        };
        let end_name = self.source_name(at + 2).unwrap_or_default();
        while self.stack.len() > pos {
            let mut frame = self.stack.pop().expect("len > pos");
            frame.explicit_end = self.stack.len() == pos && frame.name() == end_name;
            let end = frame.explicit_end.then(|| tag_end(self.html, at));
            self.close(frame, end);
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
                self.close(frame, None);
            }
        }
    }

    /// Closes `frame`; `end` is where its own end tag ends, if it had one.
    fn close(&mut self, mut frame: Frame<'h>, end: Option<usize>) {
        frame.descendants = self.counted - frame.counted_before;
        if self.at_body_level() {
            self.summary.body_child(end.map(|end| frame.el.offset..end));
        }
        if is_raw(frame.name()) {
            self.raw_depth -= 1;
        }
        if frame.name() == "svg" {
            self.svg_depth -= 1;
        }
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
            ids: &self.page.ids,
        };
        for &i in registry::on_end(frame.el.tag) {
            let (rule, mut out) = self.rules[i].parts(&mut self.findings);
            rule.end(&cx, &frame, &mut out);
        }
        if frame.text.capacity() > 0 && self.spare_text.len() < 64 {
            let mut text = std::mem::take(&mut frame.text);
            text.clear();
            self.spare_text.push(text);
        }
        self.recycle_attrs(std::mem::take(&mut frame.el.attrs));
    }

    fn finish(mut self) -> (Vec<Finding>, PageSummary) {
        while let Some(frame) = self.stack.pop() {
            self.close(frame, None);
        }
        for slot in &mut self.rules {
            let (rule, mut out) = slot.parts(&mut self.findings);
            rule.finish(&self.page, &self.doc, &mut out);
        }
        let html = self.html;
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

/// The text at the start of `rest`, up to the first comment or end tag, and the length of
/// that markup (0 when the text runs to the end). Start tags never lie here: each is an event.
fn split_text(rest: &str) -> (&str, usize) {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[from..]) {
        let lt = from + found;
        let markup = match bytes.get(lt + 1) {
            Some(b'!') if rest[lt..].starts_with("<!--") => rest[lt + 4..]
                .find("-->")
                .map_or(rest.len() - lt, |end| end + 7),
            Some(b'!' | b'?') => tag_end(rest, lt) - lt,
            Some(b'/') if bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                tag_end(rest, lt) - lt
            }
            _ => {
                from = lt + 1;
                continue;
            }
        };
        return (&rest[..lt], markup);
    }
    (rest, 0)
}

/// The offset just after the `>` that closes the tag at `at` (the end of `html` if none).
fn tag_end(html: &str, at: usize) -> usize {
    let rest = html.as_bytes().get(at..).unwrap_or_default();
    memchr::memchr(b'>', rest).map_or(html.len(), |i| at + i + 1)
}

/// Elements whose text is not page content.
fn is_raw(name: &str) -> bool {
    matches!(name, "script" | "style" | "template")
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
fn find_open(stack: &[Frame<'_>], names: &[&str], boundary: &[&str]) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn walk_page(html: &str) -> (Vec<Finding>, PageSummary) {
        walk(html, &mut |_| {})
    }

    #[test]
    fn every_start_tag_is_shown_to_the_visitor_as_written() {
        let html = "<!doctype html><HTML lang=fr><body><p>a<IMG SRC='/a.png' alt=\"x &amp; y\"><br></body>";
        let mut seen = Vec::new();
        walk(html, &mut |tag| {
            let attributes: Vec<String> =
                tag.attributes().map(|(n, v)| format!("{n}={v}")).collect();
            seen.push((tag.name().to_owned(), tag.offset(), attributes.join(" ")));
        });
        let expected = [
            ("html", "<HTML", "lang=fr"),
            ("body", "<body", ""),
            ("p", "<p", ""),
            ("img", "<IMG", "src=/a.png alt=x &amp; y"),
            ("br", "<br", ""),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(n, at, a)| (n.to_string(), html.find(at).unwrap(), a.to_string()))
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn text_stops_at_comments_and_end_tags_but_not_at_a_lone_chevron() {
        assert_eq!(split_text("a < b et c<d"), ("a < b et c<d", 0));
        assert_eq!(split_text("Lire<!-- note --> la suite"), ("Lire", 13));
        assert_eq!(split_text("fin</a> reste"), ("fin", 4));
        assert_eq!(split_text("</br>"), ("", 5));
        assert_eq!(split_text("x<?php echo ?>y"), ("x", 13));
        let open = "x<!-- jamais fermé";
        assert_eq!(split_text(open), ("x", open.len() - 1));
        assert_eq!(split_text("x</ y"), ("x</ y", 0));
    }

    #[test]
    fn regions_are_the_children_of_body_closed_by_their_own_end_tags() {
        let html = "<!doctype html><html><head><title>T</title></head><body>\n<header><p>a</header>\n \
                    <main><p>b</p><hr></main><footer>c</footer><script src=/s.js></script>\n</body></html>";
        let regions = walk_page(html).1.regions;
        let texts: Vec<&str> = regions.iter().map(|r| &html[r.clone()]).collect();
        assert_eq!(
            texts,
            [
                "<header><p>a</header>",
                "<main><p>b</p><hr></main>",
                "<footer>c</footer>",
                "<script src=/s.js></script>"
            ]
        );
        for broken in [
            "<body><header>a</header> texte</body>",
            "<body><hr><main></main></body>",
            "<body><p>a<main></main></body>",
            "<body><main>a</body>",
            "<body><main>a</main><div>b",
        ] {
            assert_eq!(walk_page(broken).1.regions, [], "{broken}");
        }
    }

    #[test]
    fn link_text_is_read_around_comments_and_stray_end_tags() {
        let page = |body: &str| {
            format!(
                "<!doctype html><html lang=fr><head><title>T</title></head>\
                 <body><main><h1>T</h1>{body}</main></body></html>"
            )
        };
        let named = walk_page(&page(
            "<p><a href=/a>Lire<!-- c --></br> la suite</a> &amp; <b>ok</b></p>",
        ));
        let empty = walk_page(&page("<p><a href=/a><!-- Lire la suite --></a></p>"));
        let rule = |findings: &[Finding]| findings.iter().any(|f| f.rule == "6.2.1");
        assert!(!rule(&named.0), "{:?}", named.0);
        assert!(rule(&empty.0), "{:?}", empty.0);
    }
}
