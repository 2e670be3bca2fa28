//! The table of rules: RGAA test id → rule. Rules never register themselves; adding a rule
//! means adding its file under `rules/` and one row here.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::rules::{self, Events, Rule};

/// Whether a rule looks at one page or at the whole site.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Page(fn() -> Box<dyn Rule>),
    Site,
}

/// One row of the table.
pub(crate) struct Entry {
    /// RGAA test id (or a product rule id for site obligations outside RGAA).
    pub(crate) id: &'static str,
    /// The rule's file name, also its short English name.
    pub(crate) name: &'static str,
    /// The matching axe-core rule, where one maps.
    pub(crate) axe: Option<&'static str>,
    pub(crate) kind: Kind,
    /// Source of the rule's file, whose `//!` lines are its documentation.
    pub(crate) source: &'static str,
}

macro_rules! page_rule {
    ($id:literal, $module:ident, $ty:ident, $axe:expr) => {
        Entry {
            id: $id,
            name: stringify!($module),
            axe: $axe,
            kind: Kind::Page(|| Box::new(rules::$module::$ty::default())),
            source: include_str!(concat!("rules/", stringify!($module), ".rs")),
        }
    };
}

macro_rules! site_rule {
    ($id:literal, $module:ident, $axe:expr) => {
        Entry {
            id: $id,
            name: stringify!($module),
            axe: $axe,
            kind: Kind::Site,
            source: include_str!(concat!("rules/", stringify!($module), ".rs")),
        }
    };
}

/// Every rule, in RGAA order.
pub(crate) static RULES: &[Entry] = &[
    page_rule!("1.1.1", img_alt, ImgAlt, Some("image-alt")),
    page_rule!("1.1.2", area_alt, AreaAlt, Some("area-alt")),
    page_rule!(
        "1.1.3",
        input_image_alt,
        InputImageAlt,
        Some("input-image-alt")
    ),
    page_rule!(
        "1.1.4",
        server_side_image_map,
        ServerSideImageMap,
        Some("server-side-image-map")
    ),
    page_rule!("1.1.5", svg_img_alt, SvgImgAlt, Some("svg-img-alt")),
    page_rule!("1.1.6", object_img_alt, ObjectImgAlt, Some("object-alt")),
    page_rule!("1.1.7", embed_img_alt, EmbedImgAlt, None),
    page_rule!("1.1.8", canvas_alt, CanvasAlt, None),
    page_rule!("1.2.1", decorative_img, DecorativeImg, None),
    page_rule!("1.2.3", decorative_object, DecorativeObject, None),
    page_rule!("1.2.4", decorative_svg, DecorativeSvg, None),
    page_rule!("1.2.5", decorative_canvas, DecorativeCanvas, None),
    page_rule!("1.2.6", decorative_embed, DecorativeEmbed, None),
    page_rule!("1.3.1", img_alt_relevance, ImgAltRelevance, None),
    page_rule!("1.3.9", alt_too_long, AltTooLong, None),
    page_rule!("1.9.1", figure_caption, FigureCaption, None),
    page_rule!("2.1.1", frame_title, FrameTitle, Some("frame-title")),
    page_rule!(
        "2.2.1",
        frame_title_relevance,
        FrameTitleRelevance,
        Some("frame-title-unique")
    ),
    page_rule!("4.1.1", media_audio_transcript, MediaAudioTranscript, None),
    page_rule!("4.1.3", media_video_transcript, MediaVideoTranscript, None),
    page_rule!(
        "4.3.1",
        video_captions,
        VideoCaptions,
        Some("video-caption")
    ),
    page_rule!("4.3.2", track_kind, TrackKind, None),
    page_rule!(
        "4.10.1",
        autoplay_sound,
        AutoplaySound,
        Some("no-autoplay-audio")
    ),
    page_rule!("4.11.1", media_controls, MediaControls, None),
    page_rule!("5.1.1", complex_table_summary, ComplexTableSummary, None),
    page_rule!("5.3.1", layout_table, LayoutTable, None),
    page_rule!("5.4.1", table_title, TableTitle, Some("table-fake-caption")),
    page_rule!("5.6.1", table_headers, TableHeaders, None),
    page_rule!("5.7.1", th_scope_required, ThScopeRequired, None),
    page_rule!("5.7.2", th_scope_value, ThScopeValue, None),
    page_rule!("5.7.4", td_headers, TdHeaders, Some("td-headers-attr")),
    page_rule!("5.8.1", layout_table_markup, LayoutTableMarkup, None),
    page_rule!("6.1.1", link_text_explicit, LinkTextExplicit, None),
    page_rule!(
        "6.1.5",
        link_label_in_name,
        LinkLabelInName,
        Some("label-content-name-mismatch")
    ),
    page_rule!("6.2.1", link_name, LinkName, Some("link-name")),
    page_rule!("7.1.1", aria_validity, AriaValidity, Some("aria-roles")),
    page_rule!("7.3.1", click_without_keyboard, ClickWithoutKeyboard, None),
    page_rule!("7.3.2", focus_removal, FocusRemoval, None),
    page_rule!("8.1.1", doctype_present, DoctypePresent, None),
    page_rule!("8.1.2", doctype_valid, DoctypeValid, None),
    page_rule!("8.1.3", doctype_position, DoctypePosition, None),
    page_rule!("8.2.1", valid_markup, ValidMarkup, None),
    page_rule!("8.3.1", html_lang, HtmlLang, Some("html-has-lang")),
    page_rule!(
        "8.4.1",
        html_lang_valid,
        HtmlLangValid,
        Some("html-lang-valid")
    ),
    page_rule!("8.5.1", page_title, PageTitle, Some("document-title")),
    page_rule!("8.6.1", page_title_relevance, PageTitleRelevance, None),
    page_rule!("8.7.1", lang_change_missing, LangChangeMissing, None),
    page_rule!(
        "8.8.1",
        lang_change_valid,
        LangChangeValid,
        Some("valid-lang")
    ),
    page_rule!("8.9.1", presentational_tags, PresentationalTags, None),
    page_rule!("8.10.1", rtl_text_dir, RtlTextDir, None),
    page_rule!("8.10.2", dir_value, DirValue, None),
    page_rule!("9.1.1", heading_hierarchy, HeadingHierarchy, None),
    page_rule!("9.1.2", heading_content, HeadingContent, None),
    page_rule!("9.1.3", fake_heading, FakeHeading, Some("p-as-heading")),
    page_rule!(
        "9.2.1",
        document_structure,
        DocumentStructure,
        Some("region")
    ),
    page_rule!("9.3.1", unordered_list, UnorderedList, Some("list")),
    page_rule!("9.3.2", ordered_list, OrderedList, Some("list")),
    page_rule!(
        "9.3.3",
        description_list,
        DescriptionList,
        Some("definition-list")
    ),
    page_rule!(
        "10.1.1",
        presentational_elements,
        PresentationalElements,
        None
    ),
    page_rule!(
        "10.1.2",
        presentational_attributes,
        PresentationalAttributes,
        None
    ),
    page_rule!("10.1.3", spacing_with_spaces, SpacingWithSpaces, None),
    page_rule!("10.4.2", viewport_zoom, ViewportZoom, Some("meta-viewport")),
    page_rule!(
        "10.8.1",
        hidden_focusable,
        HiddenFocusable,
        Some("aria-hidden-focus")
    ),
    page_rule!("11.1.1", field_label, FieldLabel, Some("label")),
    page_rule!("11.1.2", label_for, LabelFor, None),
    page_rule!(
        "11.2.1",
        multiple_labels,
        MultipleLabels,
        Some("form-field-multiple-labels")
    ),
    page_rule!("11.5.1", field_grouping, FieldGrouping, None),
    page_rule!("11.6.1", fieldset_legend, FieldsetLegend, None),
    page_rule!("11.8.2", optgroup_label, OptgroupLabel, None),
    page_rule!("11.9.1", button_name, ButtonName, Some("button-name")),
    page_rule!(
        "11.13.1",
        autocomplete,
        Autocomplete,
        Some("autocomplete-valid")
    ),
    page_rule!("12.6.1", search_landmark, SearchLandmark, None),
    page_rule!("12.7.1", skip_link, SkipLink, Some("bypass")),
    page_rule!(
        "12.8.1",
        tabindex_positive,
        TabindexPositive,
        Some("tabindex")
    ),
    page_rule!("13.1.1", meta_refresh, MetaRefresh, Some("meta-refresh")),
    page_rule!("13.1.2", meta_redirect, MetaRedirect, Some("meta-refresh")),
    page_rule!("13.2.1", new_window, NewWindow, None),
    page_rule!("13.3.1", office_documents, OfficeDocuments, None),
    page_rule!("13.8.1", marquee, Marquee, Some("marquee")),
    page_rule!("13.8.2", blink, Blink, Some("blink")),
    site_rule!("12.1.1", site_navigation_systems, None),
    site_rule!("12.4.1", site_sitemap_link, None),
    site_rule!("liens-internes", site_internal_links, None),
    site_rule!("page-accessibilite", site_accessibility_page, None),
];

/// The entry of a rule id.
pub(crate) fn entry(id: &str) -> Option<&'static Entry> {
    RULES.iter().find(|e| e.id == id)
}

/// Fresh instances of every page rule, in table order.
pub(crate) fn page_rules() -> Vec<(&'static Entry, Box<dyn Rule>)> {
    let mut rules = Vec::with_capacity(RULES.len());
    rules.extend(RULES.iter().filter_map(|e| match e.kind {
        Kind::Page(new) => Some((e, new())),
        Kind::Site => None,
    }));
    rules
}

/// FNV-1a: tag names are a few ASCII bytes, looked up once per element.
#[derive(Default)]
struct TagHasher(u64);

impl Hasher for TagHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

struct Index {
    /// Tag name → tag id, for the tags some rule names.
    tags: HashMap<&'static str, u16, BuildHasherDefault<TagHasher>>,
    /// For each tag id, the rules interested in it that handle start tags (the last row, for
    /// every other tag, holds the rules that look at all elements), the same for elements
    /// without attributes, and the rules that handle end tags.
    starts: Vec<Vec<usize>>,
    bare_starts: Vec<Vec<usize>>,
    ends: Vec<Vec<usize>>,
    text: Vec<usize>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let rules = page_rules();
        let every: Vec<usize> = (0..rules.len())
            .filter(|&i| rules[i].1.tags().first() == Some(&"*"))
            .collect();
        let mut tags: HashMap<&'static str, u16, BuildHasherDefault<TagHasher>> =
            HashMap::default();
        let mut by_tag: Vec<Vec<usize>> = Vec::new();
        for (i, (_, rule)) in rules.iter().enumerate() {
            for tag in rule.tags().iter().filter(|t| **t != "*") {
                let id = *tags.entry(tag).or_insert_with(|| {
                    by_tag.push(every.clone());
                    u16::try_from(by_tag.len() - 1).expect("fewer than 65,535 tags")
                });
                by_tag[usize::from(id)].push(i);
            }
        }
        for list in &mut by_tag {
            list.sort_unstable();
            list.dedup();
        }
        by_tag.push(every);
        let split = |wanted: fn(Events) -> bool| -> Vec<Vec<usize>> {
            by_tag
                .iter()
                .map(|row| {
                    let handles = |i: &&usize| wanted(rules[**i].1.events());
                    row.iter().filter(handles).copied().collect()
                })
                .collect()
        };
        let (starts, ends) = (split(|e| e.start), split(|e| e.end));
        let bare_starts = split(|e| e.start && !e.start_needs_attributes);
        let text = (0..rules.len())
            .filter(|&i| rules[i].1.wants_text())
            .collect();
        Index {
            tags,
            starts,
            bare_starts,
            ends,
            text,
        }
    })
}

/// The tag id of a lowercase tag name, for [`on_start`] and [`on_end`].
pub(crate) fn tag_id(name: &str) -> u16 {
    let index = index();
    match index.tags.get(name) {
        Some(&id) => id,
        None => u16::try_from(index.starts.len() - 1).expect("fewer than 65,535 tags"),
    }
}

/// Indices (into [`page_rules`]) of the rules to call for a start tag of tag id `tag`, with
/// or without attributes.
pub(crate) fn on_start(tag: u16, has_attributes: bool) -> &'static [usize] {
    let index = index();
    let rows = if has_attributes {
        &index.starts
    } else {
        &index.bare_starts
    };
    &rows[usize::from(tag)]
}

/// Indices of the rules to call for an end tag of tag id `tag`.
pub(crate) fn on_end(tag: u16) -> &'static [usize] {
    &index().ends[usize::from(tag)]
}

/// Indices of the rules that read text.
pub(crate) fn text_rules() -> &'static [usize] {
    &index().text
}

/// The `//!` documentation of a rule file.
pub(crate) fn doc_of(source: &str) -> String {
    source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            l.strip_prefix("//! ")
                .unwrap_or(l.trim_start_matches("//!"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<_> = RULES.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        let len = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), len);
    }

    #[test]
    fn declared_events_match_the_methods() {
        // The walker calls only the events a rule declares: a rule that gains `start` or `end`
        // must say so in `events`.
        for (entry, rule) in page_rules() {
            if rule.tags().is_empty() {
                continue;
            }
            let events = rule.events();
            assert_eq!(
                events.start,
                entry.source.contains("fn start("),
                "{}",
                entry.id
            );
            assert_eq!(events.end, entry.source.contains("fn end("), "{}", entry.id);
        }
    }

    #[test]
    fn every_rule_has_the_fixed_headings() {
        for e in RULES {
            let doc = doc_of(e.source);
            for heading in [
                "## Ce que la règle vérifie",
                "## Pourquoi",
                "## Exemple en échec",
                "## Correction",
                "## Référence RGAA",
            ] {
                assert!(doc.contains(heading), "{} lacks {heading}", e.id);
            }
        }
    }
}
