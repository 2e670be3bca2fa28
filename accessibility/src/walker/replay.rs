//! Regions replayed from the site's memo (see [`crate::memo`]): lol_html reads a region's
//! start tag, the walker replays the start tags of its content as lol_html reported them on
//! an earlier page, and lol_html reads blanks in their place, then the region's end tag.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

use lol_html::errors::RewritingError;
use lol_html::html_content::Element as LolElement;
use lol_html::{HtmlRewriter, OutputSink};

use super::{Ends, State, lowercase};
use crate::dom::Attr;
use crate::memo::{Region, Tag};

/// Gives `html` to lol_html; the content of each region of `plan` the walker confirms is
/// replayed instead, and lol_html reads blanks in its place.
pub(super) fn feed(
    rewriter: &mut HtmlRewriter<'_, impl OutputSink>,
    html: &str,
    plan: &[(usize, Arc<Region>)],
    state: &RefCell<State<'_, '_>>,
    ends: &Ends,
) -> Result<(), RewritingError> {
    let bytes = html.as_bytes();
    let mut fed = 0;
    for (at, region) in plan {
        if *at < fed {
            continue;
        }
        // Up to the end of the region's start tag: lol_html reports it before it returns.
        let start_tag_end = at + region.start_tag;
        rewriter.write(&bytes[fed..start_tag_end])?;
        fed = start_tag_end;
        let mut state = state.borrow_mut();
        state.close_reported(ends);
        if !state.confirms(*at) {
            continue;
        }
        state.replay(region, *at);
        drop(state);
        let end_tag = at + region.end_tag;
        write_blanks(rewriter, end_tag - fed)?;
        fed = end_tag;
    }
    rewriter.write(&bytes[fed..])
}

/// Spaces where a region's content was: lol_html's positions stay those of the page.
fn write_blanks(
    rewriter: &mut HtmlRewriter<'_, impl OutputSink>,
    mut len: usize,
) -> Result<(), RewritingError> {
    const BLANKS: [u8; 1024] = [b' '; 1024];
    while len > 0 {
        let chunk = len.min(BLANKS.len());
        rewriter.write(&BLANKS[..chunk])?;
        len -= chunk;
    }
    Ok(())
}

impl<'h> State<'h, '_> {
    /// The start tag at `location` as the region being recorded replays it; `None` when
    /// lol_html read part of it other than from the page.
    pub(super) fn recorded_tag(
        &self,
        el: &LolElement<'_, '_>,
        location: Range<usize>,
        name_len: usize,
    ) -> Option<Tag> {
        let base = self.recording.as_ref()?.at;
        let local = |range: Range<usize>| {
            self.source(range.clone())?;
            Some(range.start - base..range.end - base)
        };
        let mut attrs = Vec::with_capacity(el.attributes().len());
        for a in el.attributes() {
            let name = local(a.name_source_location()?.bytes())?;
            let value = match a.value_source_location() {
                Some(l) => Some(local(l.bytes())?),
                None => None,
            };
            attrs.push((name, value));
        }
        let name_start = location.start + 1;
        Some(Tag {
            at: location.start - base,
            end: location.end - base,
            name: local(name_start..name_start + name_len)?,
            attrs,
            can_have_content: el.can_have_content(),
        })
    }

    /// lol_html just reported the start tag of a region at `at`, as a child of `<body>`: the
    /// walker began recording it there, and nothing started since.
    fn confirms(&self, at: usize) -> bool {
        self.recording.as_ref().is_some_and(|r| r.at == at)
            && self.stack.last().is_some_and(|f| f.el.offset == at)
    }

    /// Replays the start tags of `region`'s content, the region starting at `at`: lol_html
    /// reported its start tag, and the walker confirmed the region there.
    fn replay(&mut self, region: &Region, at: usize) {
        self.recording = None;
        self.replayed = true;
        if let Some(memo) = self.memo {
            memo.replayed();
        }
        let html: &'h str = self.html;
        let slice = |range: &Range<usize>| &html[at + range.start..at + range.end];
        for tag in &region.tags {
            let location = at + tag.at..at + tag.end;
            self.read_text_to(location.start);
            self.passed(location.clone());
            let mut attrs = self.spare_attrs.pop().unwrap_or_default();
            attrs.extend(tag.attrs.iter().map(|(name, value)| Attr {
                name: lowercase(slice(name)),
                value: Cow::Borrowed(value.as_ref().map_or("", slice)),
            }));
            let name = lowercase(slice(&tag.name));
            self.start_tag(location, name, attrs, tag.can_have_content, false);
        }
    }
}
