//! The single pass over a page.
//!
//! 1. lol_html tokenizes the page once; one `*` element handler and a doctype handler feed a
//!    [`State`]. Text and end tags are read from the page between those events: a text
//!    handler would make lol_html decode and re-encode every text of the page, and an end-tag
//!    handler on every element made the pass 7 % dearer. End tags are matched to open elements
//!    as lol_html matches them. Only elements whose content lol_html reads as raw text
//!    (`<script>`, `<style>`, `<title>`…) get an end-tag handler: there, lol_html alone knows
//!    where the content ends.
//! 2. The state keeps the stack of open elements (closing the ones HTML closes implicitly,
//!    which lol_html does not report) and the text each element collects for its name.
//! 3. Each event goes only to the rules that asked for that tag and that event (see
//!    [`crate::registry`] and [`crate::rules::Events`]).
//! 4. At the end of the document, every rule decides what needs the whole page.
//! 5. With a site's [`RegionMemo`], the regions met on earlier pages (header, footer) are not
//!    tokenized again: their start tags are replayed to the same state (see [`replay`]).
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

use crate::context::{Cx, DocInfo, Doctype, IdInfo, Out, Page, in_foreign_content};
use crate::dom::{Attr, Element, Frame, StartTag, captures, is_void};
use crate::memo::{Recording, RegionMemo};
use crate::registry::{self, Entry};
use crate::rules::Rule;
use crate::summary::{Parent, SummaryBuilder};
use crate::text::normalize;
use crate::{Finding, PageSummary};

mod replay;

/// End tags of raw-text elements lol_html reported, waiting for the next event: (frame
/// serial, offset of `</`).
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
    /// The frame of the page's `<head>`, once it started.
    head: Option<u32>,
    /// The open element whose content lol_html reads as raw text: no end tag but its own,
    /// which lol_html reports, closes anything inside it.
    raw_text: Option<u32>,
    /// lol_html's stack of open elements (serial and name), which end tags are matched
    /// against: unlike `stack`, it keeps the elements HTML closes implicitly, until an end tag
    /// closes them or one of their ancestors.
    open: Vec<(u32, Cow<'h, str>)>,
    /// The site's regions, when the caller keeps them (see [`crate::memo`]).
    memo: Option<&'v RegionMemo>,
    /// The region being read, while lol_html reads one.
    recording: Option<Recording>,
    /// The regions read, closed by their own end tags.
    recorded: Vec<Recording>,
    /// A region was replayed into this page.
    replayed: bool,
}

/// The `*` selector, parsed once.
fn every_element() -> &'static Selector {
    static EVERY: OnceLock<Selector> = OnceLock::new();
    EVERY.get_or_init(|| "*".parse().expect("valid selector"))
}

/// Runs every page rule over `html` in one pass, showing each start tag to `visit`; with a
/// `memo`, the regions met on the site's earlier pages are not tokenized again.
pub(crate) fn walk(
    html: &str,
    visit: &mut dyn FnMut(&StartTag<'_, '_>),
    memo: Option<&RegionMemo>,
) -> (Vec<Finding>, PageSummary) {
    let plan = memo.map(|m| m.plan(html)).unwrap_or_default();
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
        head: None,
        raw_text: None,
        open: Vec::with_capacity(32),
        memo,
        recording: None,
        recorded: Vec::new(),
        replayed: false,
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
    // A rewriter error means lol_html gave up on an ambiguous start tag: what comes before it
    // is checked, and the page is reported as read in part. `end` must not be called then:
    // lol_html panics on a rewriter that failed.
    let gave_up = match replay::feed(&mut rewriter, html, &plan, &state, &ends) {
        Ok(()) => rewriter.end().is_err(),
        Err(_) => {
            drop(rewriter);
            true
        }
    };
    let mut state = Rc::try_unwrap(state)
        .ok()
        .expect("the rewriter and its handlers are dropped")
        .into_inner();
    state.close_reported(&ends);
    if gave_up {
        // The tag lol_html stopped at is the next start tag: reading the rest finds it as a
        // tag cut by the end of the page, and stops there.
        state.doc.unread_from = Some(state.next_start_tag().unwrap_or(state.read_to));
    }
    state.read_text_to(html.len());
    let recorded = std::mem::take(&mut state.recorded);
    let replayed = state.replayed;
    let result = state.finish();
    if let Some(memo) = memo.filter(|_| !gave_up) {
        memo.offer(html, recorded);
    }
    if cfg!(debug_assertions) && replayed {
        let whole = walk(html, &mut |_| {}, None);
        assert!(
            result == whole,
            "replayed regions changed what the checker found"
        );
    }
    result
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

    /// Closes the raw-text element whose end tag lol_html reported since the last event.
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

    /// Handles a start tag lol_html reported; returns the serial of the new frame when
    /// lol_html must report its end tag: that of a raw-text element.
    fn start(&mut self, el: &LolElement<'_, '_>) -> Option<u32> {
        let location = el.source_location().bytes();
        let offset = location.start;
        self.read_text_to(offset);
        self.passed(location.clone());
        let sourced = match self.html.as_bytes().get(offset) {
            Some(b'<') => self.source_name(offset + 1),
            _ => None,
        };
        let from_source = sourced.is_some();
        let name = sourced.unwrap_or_else(|| Cow::Owned(el.tag_name()));
        debug_assert_eq!(*name, el.tag_name());
        let raw_text = is_raw_text(&name, el);
        // `None` when no region is being recorded, too.
        let tag = (from_source && !raw_text)
            .then(|| self.recorded_tag(el, location.clone(), name.len()))
            .flatten();
        if let Some(recording) = self.recording.as_mut() {
            match tag {
                Some(tag) => recording.tags.push(tag),
                None => recording.unusable = true,
            }
        }
        let mut attrs = self.spare_attrs.pop().unwrap_or_default();
        attrs.extend(el.attributes().iter().map(|a| self.attr_of(a)));
        self.start_tag(location, name, attrs, el.can_have_content(), raw_text)
    }

    /// Handles a start tag, read up to; returns the serial of the new frame when it is a
    /// raw-text element's.
    fn start_tag(
        &mut self,
        location: std::ops::Range<usize>,
        name: Cow<'h, str>,
        attrs: Vec<Attr<'h>>,
        can_have_content: bool,
        raw_text: bool,
    ) -> Option<u32> {
        let (offset, tag_end) = (location.start, location.end);
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
        let parent = self.region_parent();
        if is_void(element.name()) || !can_have_content {
            match parent {
                Some(Parent::Head) => self.summary.region(Parent::Head, Some(offset..tag_end)),
                Some(Parent::Body) => self.summary.not_a_region(Parent::Body),
                None => {}
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
        match element.name() {
            "body" => _ = self.body.get_or_insert(serial),
            "head" => _ = self.head.get_or_insert(serial),
            _ => {}
        }
        if raw_text {
            self.raw_text = Some(serial);
        }
        // A child of `<body>` in HTML whose content lol_html reads as markup, not the page's
        // own `<main>`: a region the next pages may replay (see [`crate::memo`]).
        let region = matches!(parent, Some(Parent::Body))
            && !raw_text
            && self.svg_depth == 0
            && element.name() != "main";
        if region && self.memo.is_some() {
            self.recording = Some(Recording::new(serial, offset, tag_end));
        }
        let capture = captures(&element);
        let text = if capture {
            self.spare_text.pop().unwrap_or_default()
        } else {
            String::new()
        };
        self.open.push((serial, element.name.clone()));
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
        raw_text.then_some(serial)
    }

    /// Which of the page's `<head>` and `<body>` the innermost open element is, if either.
    fn region_parent(&self) -> Option<Parent> {
        let innermost = self.stack.last().map(|f| f.serial)?;
        if Some(innermost) == self.body {
            Some(Parent::Body)
        } else if Some(innermost) == self.head {
            Some(Parent::Head)
        } else {
            None
        }
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

    /// Reads the page between where it was read up to and `to`, where the next event starts:
    /// what lies there is text, comments and end tags (see [`State::end_named`]).
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
        if self.in_raw_text() {
            // Up to its own end tag, everything is text (`<!--`, `</p>` included).
            if self.raw_depth == 0 && !rest.is_empty() {
                self.text(rest, at);
            }
            return;
        }
        while !rest.is_empty() {
            let (text, markup) = split_text(rest, || in_foreign_content(&self.stack));
            if !text.is_empty() && self.raw_depth == 0 {
                self.text(text, at);
            }
            at += text.len();
            let tag = &rest.as_bytes()[text.len()..text.len() + markup];
            // An end tag cut by the end of the page is dropped, as the tokenizer does.
            let end_tag = tag.starts_with(b"</")
                && tag.get(2).is_some_and(u8::is_ascii_alphabetic)
                && tag.ends_with(b">");
            if end_tag {
                self.end_named(at, at + markup);
            }
            at += markup;
            rest = &rest[text.len() + markup..];
        }
    }

    /// Where the first start tag after what was read lies, if any.
    fn next_start_tag(&self) -> Option<usize> {
        let mut at = self.read_to;
        let mut rest = self.html.get(at..)?;
        loop {
            let (text, markup) = split_text(rest, || in_foreign_content(&self.stack));
            at += text.len();
            if rest.as_bytes().get(text.len() + 1)?.is_ascii_alphabetic() {
                return Some(at);
            }
            at += markup;
            rest = &rest[text.len() + markup..];
        }
    }

    /// The innermost open element is read by lol_html as raw text.
    fn in_raw_text(&self) -> bool {
        self.raw_text.is_some() && self.stack.last().map(|f| f.serial) == self.raw_text
    }

    /// The end tag at `at..end` (found between events, not reported by lol_html) closes, as
    /// lol_html matches end tags, the nearest open element of its name and every element
    /// opened since (still open, or already closed implicitly); without an open element of
    /// its name (a stray end tag, that of a void element) it closes nothing.
    fn end_named(&mut self, at: usize, end: usize) {
        let Some(name) = self.source_name(at + 2) else {
            return;
        };
        let Some(pos) = self.open.iter().rposition(|(_, open)| *open == name) else {
            return;
        };
        let matched = self.open[pos].0;
        if pos + 1 < self.open.len() {
            // Elements left open inside a region: lol_html would close them at its end tag.
            if let Some(recording) = self.recording.as_mut().filter(|r| r.serial == matched) {
                recording.unusable = true;
            }
        }
        self.open.truncate(pos);
        self.close_since(matched, Some(end));
    }

    /// Closes the frames opened since frame `serial`, that one included: it counts as closed
    /// by its own end tag, ending at `end`, when there is one.
    fn close_since(&mut self, serial: u32, end: Option<usize>) {
        // Serials grow up the stack.
        let Some(first) = self.stack.iter().position(|f| f.serial >= serial) else {
            return;
        };
        while self.stack.len() > first {
            let mut frame = self.stack.pop().expect("len > first");
            frame.explicit_end = frame.serial == serial && end.is_some();
            let end = end.filter(|_| frame.explicit_end);
            self.close(frame, end);
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
        if let Some(parent) = self.region_parent() {
            self.summary.not_a_region(parent);
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
        if let Some(recording) = self.recording.as_mut() {
            recording.unusable = true;
        }
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

    /// lol_html reached the end tag (at byte `at`) of the raw-text element `serial`: close
    /// it. It counts as closed by its own end tag when the names match.
    fn end(&mut self, serial: u32, at: usize) {
        if let Some(pos) = self.open.iter().rposition(|(open, _)| *open == serial) {
            self.open.truncate(pos);
        }
        let Some(frame) = self.stack.iter().find(|f| f.serial == serial) else {
            return;
        };
        let own = self
            .source_name(at + 2)
            .is_some_and(|name| name == frame.name());
        self.close_since(serial, own.then(|| tag_end(self.html, at)));
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
        let region = self.recording.take_if(|r| r.serial == frame.serial);
        // A region closed otherwise than by its own end tag is not kept.
        if let (Some(mut recording), Some(end)) = (region, end) {
            let start = memchr::memrchr(b'<', &self.html.as_bytes()[..end]).unwrap_or(end);
            recording.end_tag = Some(start..end);
            self.recorded.push(recording);
        }
        if let Some(parent) = self.region_parent() {
            self.summary
                .region(parent, end.map(|end| frame.el.offset..end));
        }
        if is_raw(frame.name()) {
            self.raw_depth -= 1;
        }
        if frame.name() == "svg" {
            self.svg_depth -= 1;
        }
        if self.raw_text == Some(frame.serial) {
            self.raw_text = None;
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

/// The text at the start of `rest` (the page between two events, outside raw text), up to
/// the first markup, and the length of that markup (0 when the text runs to the end): a
/// comment, an end tag, a bogus comment (`<?…>`, `<!…>`, `</ …>`), a CDATA section in SVG or
/// MathML (`foreign` says whether one is open, asked only at `<![CDATA[`). A start tag lies here only when the end of the page cut it (the
/// tokenizer dropped it) or lol_html gave up before it: it runs to the end.
fn split_text(rest: &str, foreign: impl Fn() -> bool) -> (&str, usize) {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[from..]) {
        let lt = from + found;
        let after = &rest[lt..];
        let markup = match bytes.get(lt + 1) {
            Some(b'!') if after.starts_with("<!--") => comment_len(after),
            Some(b'!') if after.starts_with("<![CDATA[") && foreign() => {
                after.find("]]>").map_or(after.len(), |end| end + 3)
            }
            Some(b'!' | b'?') => tag_end(rest, lt) - lt,
            // An end tag, or `</` and anything but a letter: a bogus comment, up to `>`.
            Some(b'/') if bytes.get(lt + 2).is_some() => tag_end(rest, lt) - lt,
            Some(c) if c.is_ascii_alphabetic() => after.len(),
            _ => {
                from = lt + 1;
                continue;
            }
        };
        return (&rest[..lt], markup);
    }
    (rest, 0)
}

/// The length of the comment at the start of `html` (`<!--` there), up to the end of `html`
/// when it is not closed: `<!-->` and `<!--->` are whole comments, `--!>` closes one too.
fn comment_len(html: &str) -> usize {
    let body = &html[4..];
    if body.starts_with('>') {
        return 5;
    }
    if body.starts_with("->") {
        return 6;
    }
    let close = |mark: &str| body.find(mark).map(|at| 4 + at + mark.len());
    match (close("-->"), close("--!>")) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(html.len()),
    }
}

/// The offset just after the `>` that closes the tag at `at` (the end of `html` if none).
fn tag_end(html: &str, at: usize) -> usize {
    let rest = html.as_bytes().get(at..).unwrap_or_default();
    memchr::memchr(b'>', rest).map_or(html.len(), |i| at + i + 1)
}

/// An HTML element named `name` has its content read by lol_html as raw text, up to its
/// own end tag: the text types lol_html's tree builder simulation switches to.
fn is_raw_text(name: &str, el: &LolElement<'_, '_>) -> bool {
    matches!(
        name,
        "textarea"
            | "title"
            | "plaintext"
            | "script"
            | "style"
            | "iframe"
            | "xmp"
            | "noembed"
            | "noframes"
            | "noscript"
    ) && el.namespace_uri() == "http://www.w3.org/1999/xhtml"
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
        walk(html, &mut |_| {}, None)
    }

    #[test]
    fn every_start_tag_is_shown_to_the_visitor_as_written() {
        let html = "<!doctype html><HTML lang=fr><body><p>a<IMG SRC='/a.png' alt=\"x &amp; y\"><br></body>";
        let mut seen = Vec::new();
        walk(
            html,
            &mut |tag| {
                let attributes: Vec<String> =
                    tag.attributes().map(|(n, v)| format!("{n}={v}")).collect();
                seen.push((tag.name().to_owned(), tag.offset(), attributes.join(" ")));
            },
            None,
        );
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
        let html = |rest| split_text(rest, || false);
        assert_eq!(html("a < b et 1<2"), ("a < b et 1<2", 0));
        assert_eq!(html("Lire<!-- note --> la suite"), ("Lire", 13));
        assert_eq!(html("fin</a> reste"), ("fin", 4));
        assert_eq!(html("</br>"), ("", 5));
        assert_eq!(html("x<?php echo ?>y"), ("x", 13));
        let open = "x<!-- jamais fermé";
        assert_eq!(html(open), ("x", open.len() - 1));
        assert_eq!(html("x</ y"), ("x", 4));
        assert_eq!(html("a</<b>c"), ("a", 5));
        assert_eq!(html("x</"), ("x</", 0));
        assert_eq!(html("a<!-->b"), ("a", 5));
        assert_eq!(html("a<!--->b"), ("a", 6));
        assert_eq!(html("a<!-- x --!>b-->"), ("a", 11));
        // A start tag here was cut by the end of the page: the tokenizer dropped it.
        assert_eq!(html("a<td headers=\"x</td>"), ("a", 19));
        let cdata = "<![CDATA[</g>]]>x";
        assert_eq!(split_text(cdata, || true), ("", 16));
        assert_eq!(html(cdata), ("", 13));
    }

    #[test]
    fn regions_are_the_children_of_body_and_head_closed_by_their_own_end_tags() {
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
        let html = "<html><head>\n <meta charset=utf-8>\n<title>T</title><link rel=stylesheet \
                    href=/s.css><script src=/s.js></script></head><body></body></html>";
        let head = walk_page(html).1.head_regions;
        let texts: Vec<&str> = head.iter().map(|r| &html[r.clone()]).collect();
        assert_eq!(
            texts,
            [
                "<meta charset=utf-8>",
                "<title>T</title>",
                "<link rel=stylesheet href=/s.css>",
                "<script src=/s.js></script>"
            ]
        );
        for broken in ["<head><title>T</title>x</head>", "<head><title>T</head>"] {
            assert_eq!(walk_page(broken).1.head_regions, [], "{broken}");
        }
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
    fn a_page_lol_html_gives_up_on_is_checked_up_to_there_and_says_so() {
        // lol_html refuses to guess how `<style>` inside `<select>` is read.
        let html = "<!doctype html><html lang=fr><head><title>T</title></head><body><main>\
                    <img src=a.png><select></option><style>p{}</style></select><img src=b.png>\
                    </main></body></html>";
        let (findings, _) = walk_page(html);
        let at = |rule: &str| -> Vec<usize> {
            let found = findings.iter().filter(|f| f.rule == rule);
            found.map(|f| f.offset).collect()
        };
        assert_eq!(at("1.1.1"), [html.find("<img").unwrap()], "{findings:?}");
        // One error where reading stopped, and no unclosed element after it.
        assert_eq!(at("8.2.1"), [html.find("<style").unwrap()], "{findings:?}");
    }

    #[test]
    fn end_tags_match_the_open_elements_as_lol_html_keeps_them() {
        // `<div>` closes `<p>` when it starts, but lol_html keeps `<p>` open: `</p>` closes the
        // `<div>` opened since, and `</div>` then closes nothing.
        let html = "<!doctype html><html lang=fr><head><title>T</title></head><body>\
                    <main><p>a<div>b</p>c</div></main></body></html>";
        let (findings, summary) = walk_page(html);
        let unclosed = findings.iter().filter(|f| f.rule == "8.2.1");
        let unclosed: Vec<usize> = unclosed.map(|f| f.offset).collect();
        assert_eq!(unclosed, [html.find("<div").unwrap()], "{findings:?}");
        let regions: Vec<&str> = summary.regions.iter().map(|r| &html[r.clone()]).collect();
        assert_eq!(regions, ["<main><p>a<div>b</p>c</div></main>"]);
    }

    #[test]
    fn end_tags_inside_raw_text_close_nothing() {
        let html = "<!doctype html><html lang=fr><head><title>T</div></title>\
                    <script>if (a</main>) {}</script></head><body><main>x</main></body></html>";
        let (findings, summary) = walk_page(html);
        let texts: Vec<&str> = summary.regions.iter().map(|r| &html[r.clone()]).collect();
        assert_eq!(texts, ["<main>x</main>"]);
        assert!(!findings.iter().any(|f| f.rule == "8.2.1"), "{findings:?}");
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
