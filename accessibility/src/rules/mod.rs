//! The rules, one file per RGAA test.
//!
//! Each file starts with its documentation in French under fixed headings (`## Ce que la règle
//! vérifie`, `## Pourquoi`, `## Exemple en échec`, `## Correction`, `## Référence RGAA`): that
//! `//!` text is the only copy, read back at run time by [`crate::explain`]. Then comes the
//! rule's struct and its [`Rule`] implementation. Rules never register themselves: the table
//! in [`crate::registry`] lists them.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::{Element, Frame};

pub(crate) mod alt_too_long;
pub(crate) mod area_alt;
pub(crate) mod aria_validity;
pub(crate) mod autocomplete;
pub(crate) mod autoplay_sound;
pub(crate) mod blink;
pub(crate) mod button_name;
pub(crate) mod canvas_alt;
pub(crate) mod click_without_keyboard;
pub(crate) mod complex_table_summary;
pub(crate) mod decorative_canvas;
pub(crate) mod decorative_embed;
pub(crate) mod decorative_img;
pub(crate) mod decorative_object;
pub(crate) mod decorative_svg;
pub(crate) mod description_list;
pub(crate) mod dir_value;
pub(crate) mod doctype_position;
pub(crate) mod doctype_present;
pub(crate) mod doctype_valid;
pub(crate) mod document_structure;
pub(crate) mod embed_img_alt;
pub(crate) mod fake_heading;
pub(crate) mod field_grouping;
pub(crate) mod field_label;
pub(crate) mod fieldset_legend;
pub(crate) mod figure_caption;
pub(crate) mod focus_removal;
pub(crate) mod frame_title;
pub(crate) mod frame_title_relevance;
pub(crate) mod heading_content;
pub(crate) mod heading_hierarchy;
pub(crate) mod hidden_focusable;
pub(crate) mod html_lang;
pub(crate) mod html_lang_valid;
pub(crate) mod img_alt;
pub(crate) mod img_alt_relevance;
pub(crate) mod input_image_alt;
pub(crate) mod label_for;
pub(crate) mod lang_change_missing;
pub(crate) mod lang_change_valid;
pub(crate) mod layout_table;
pub(crate) mod layout_table_markup;
pub(crate) mod link_label_in_name;
pub(crate) mod link_name;
pub(crate) mod link_text_explicit;
pub(crate) mod marquee;
pub(crate) mod media_audio_transcript;
pub(crate) mod media_controls;
pub(crate) mod media_video_transcript;
pub(crate) mod meta_redirect;
pub(crate) mod meta_refresh;
pub(crate) mod multiple_labels;
pub(crate) mod new_window;
pub(crate) mod object_img_alt;
pub(crate) mod office_documents;
pub(crate) mod optgroup_label;
pub(crate) mod ordered_list;
pub(crate) mod page_title;
pub(crate) mod page_title_relevance;
pub(crate) mod presentational_attributes;
pub(crate) mod presentational_elements;
pub(crate) mod presentational_tags;
pub(crate) mod rtl_text_dir;
pub(crate) mod search_landmark;
pub(crate) mod server_side_image_map;
pub(crate) mod site_accessibility_page;
pub(crate) mod site_internal_links;
pub(crate) mod site_navigation_systems;
pub(crate) mod site_sitemap_link;
pub(crate) mod skip_link;
pub(crate) mod spacing_with_spaces;
pub(crate) mod svg_img_alt;
pub(crate) mod tabindex_positive;
pub(crate) mod table_headers;
pub(crate) mod table_title;
pub(crate) mod td_headers;
pub(crate) mod th_scope_required;
pub(crate) mod th_scope_value;
pub(crate) mod track_kind;
pub(crate) mod unordered_list;
pub(crate) mod valid_markup;
pub(crate) mod video_captions;
pub(crate) mod viewport_zoom;

/// The element events a rule handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Events {
    pub(crate) start: bool,
    pub(crate) end: bool,
    /// `start` looks only at attributes: elements without any are not passed to it.
    pub(crate) start_needs_attributes: bool,
}

impl Events {
    pub(crate) const START: Events = Events {
        start: true,
        end: false,
        start_needs_attributes: false,
    };
    /// `start` only, for elements that have attributes.
    pub(crate) const START_WITH_ATTRIBUTES: Events = Events {
        start: true,
        end: false,
        start_needs_attributes: true,
    };
    pub(crate) const END: Events = Events {
        start: false,
        end: true,
        start_needs_attributes: false,
    };
    pub(crate) const BOTH: Events = Events {
        start: true,
        end: true,
        start_needs_attributes: false,
    };
}

/// A page rule. The walker calls `start` and `end` only for the tags listed by `tags`
/// (`["*"]` for every element) and the events listed by `events`, `text` only when
/// `wants_text` is `true` and for text that is not only ASCII whitespace, and `finish` once.
pub(crate) trait Rule {
    /// The tags this rule looks at; `["*"]` for all.
    fn tags(&self) -> &'static [&'static str];

    /// Which of `start` and `end` the rule implements: a rule that looks at every element
    /// would otherwise be called twice per element for nothing.
    fn events(&self) -> Events {
        Events::BOTH
    }

    fn wants_text(&self) -> bool {
        false
    }

    fn start(&mut self, _cx: &Cx<'_>, _el: &Element, _out: &mut Out<'_>) {}

    fn end(&mut self, _cx: &Cx<'_>, _frame: &Frame, _out: &mut Out<'_>) {}

    fn text(&mut self, _cx: &Cx<'_>, _text: &str, _offset: usize, _out: &mut Out<'_>) {}

    fn finish(&mut self, _page: &Page, _doc: &DocInfo, _out: &mut Out<'_>) {}
}

/// Names given only through `aria-labelledby`: the ids must exist, checked at the end.
#[derive(Debug, Default)]
pub(crate) struct LabelledBy {
    pending: Vec<(usize, String, String)>,
}

impl LabelledBy {
    /// Remembers `ids` for the element at `offset`; `message` is reported if none exists.
    pub(crate) fn expect(&mut self, offset: usize, ids: &str, message: String) {
        self.pending.push((offset, ids.to_owned(), message));
    }

    pub(crate) fn finish(&mut self, page: &Page, out: &mut Out<'_>) {
        for (offset, ids, message) in self.pending.drain(..) {
            if !page.any_id(&ids) {
                out.error(offset, message);
            }
        }
    }
}

/// What a rule tracks for each open `<table>`, innermost last: nested tables each get their own.
pub(crate) struct OpenTables<T>(Vec<T>);

impl<T> Default for OpenTables<T> {
    fn default() -> Self {
        OpenTables(Vec::new())
    }
}

impl<T: Default> OpenTables<T> {
    /// Opens a table on `<table>` (and returns `None`); for any other element, the innermost
    /// open table, if any.
    pub(crate) fn start(&mut self, el: &Element) -> Option<&mut T> {
        if el.name == "table" {
            self.0.push(T::default());
            return None;
        }
        self.0.last_mut()
    }

    /// The innermost open table.
    pub(crate) fn innermost(&mut self) -> Option<&mut T> {
        self.0.last_mut()
    }

    /// The table that `frame` closes, if it is a `</table>`.
    pub(crate) fn end(&mut self, frame: &Frame) -> Option<T> {
        if frame.name() != "table" {
            return None;
        }
        self.0.pop()
    }
}

/// `<ul>` or `<ol>` (`list`) holding something else than `<li>` (tests 9.3.1 and 9.3.2): an
/// element directly in the list, or text.
///
/// These list helpers run for every element or text of a page. Inlined, `list` is a constant
/// and the name comparisons fold: called, they cost 9 M more instructions for 1,000 pages.
#[inline(always)]
pub(crate) fn list_child(list: &str, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
    if cx.parent().is_some_and(|p| p.name() == list)
        && !matches!(el.name(), "li" | "script" | "template")
    {
        out.error(
            el.offset,
            format!(
                "<{}> directement dans <{list}> : une liste ne contient que des <li>.",
                el.name
            ),
        );
    }
}

/// Text directly in `list` (`ul` or `ol`).
#[inline(always)]
pub(crate) fn list_text(list: &str, cx: &Cx<'_>, text: &str, offset: usize, out: &mut Out<'_>) {
    if cx.parent().is_some_and(|p| p.name() == list) && !crate::text::is_blank(text) {
        out.error(
            offset,
            format!("Texte directement dans <{list}> : placez-le dans un <li>."),
        );
    }
}

/// Paragraphs that follow each other and start like items of a `list` (`ul` or `ol`), one of
/// `markers`: reported once, at the first, when the second comes.
#[derive(Default)]
pub(crate) struct ListLikeParagraphs {
    run: u32,
    first: usize,
}

impl ListLikeParagraphs {
    #[inline(always)]
    pub(crate) fn end(&mut self, list: &str, markers: &[&str], frame: &Frame, out: &mut Out<'_>) {
        if frame.name() != "p" {
            return;
        }
        let text = frame.norm_text();
        if !markers.iter().any(|m| text.starts_with(m)) {
            self.run = 0;
            return;
        }
        if self.run == 0 {
            self.first = frame.el.offset;
        }
        self.run += 1;
        if self.run == 2 {
            out.review(
                self.first,
                format!(
                    "Paragraphes qui commencent comme des éléments de liste : utilisez <{list}> et <li>."
                ),
            );
        }
    }
}

/// The `type` attribute of an `<input>`, lowercased (`text` by default).
pub(crate) fn input_type(el: &Element) -> String {
    el.attr("type")
        .unwrap_or("text")
        .trim()
        .to_ascii_lowercase()
}

/// `<object>` or `<embed>` showing an image (`type="image/…"`).
pub(crate) fn is_image_type(el: &Element) -> bool {
    el.attr("type")
        .is_some_and(|t| t.trim().to_ascii_lowercase().starts_with("image/"))
}

/// A shown `<object>` or `<embed>` image that lacks `role="img"` or a name (tests 1.1.6 and
/// 1.1.7): assistive technologies do not announce it as an image.
pub(crate) fn unnamed_shown_image(cx: &Cx<'_>, el: &Element) -> bool {
    let announced = el.has_role(&["img"]) && el.has_attr_name();
    is_image_type(el) && !el.aria_hidden() && !cx.hidden() && !announced
}
