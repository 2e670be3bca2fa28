//! # 8.7.1 — Changement de langue non indiqué
//!
//! ## Ce que la règle vérifie
//!
//! Dans le contenu principal (`<main>`) d’une page en français, signale chaque bloc de texte
//! (paragraphe, élément de liste, cellule, titre, légende, citation…) qui semble écrit en anglais, en allemand, en espagnol ou
//! en italien sans qu’un attribut `lang` l’indique sur lui ou sur un parent. Le bloc semble
//! étranger quand il compte au moins six mots, dont au moins trois mots courants de cette
//! langue (« the », « und », « los », « della »…) et plus que de mots courants du français. Le
//! texte d’un élément qui porte déjà une langue autre que le français, le code (`<code>`,
//! `<pre>`…) et le texte masqué (`aria-hidden="true"`) ne comptent pas. Une personne vérifie
//! la langue du passage.
//!
//! ## Pourquoi
//!
//! Sans indication de langue, une synthèse vocale lit le passage avec la prononciation du
//! français : une citation en anglais ou la devise d’une ville jumelle devient incompréhensible.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p>Le message de notre ville jumelle : Our friends from the town of Stratford are happy to welcome you this summer.</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p>Le message de notre ville jumelle : <span lang="en">Our friends from the town of Stratford are happy to welcome you this summer.</span></p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.7, test 8.7.1 (pas de règle axe-core). À vérifier : la détection repose sur les
//! mots courants de quatre langues ; les noms propres et les mots passés dans l’usage n’ont pas
//! à être signalés, et les autres langues (breton, occitan…) ne sont pas détectées.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::lang::primary_subtag;
use crate::rules::Rule;

/// The languages told apart from French: code and French name.
const LANGUAGES: [(&str, &str); 4] = [
    ("en", "anglais"),
    ("de", "allemand"),
    ("es", "espagnol"),
    ("it", "italien"),
];

/// Fewer words than this make too little text to guess its language.
const MIN_WORDS: u32 = 6;
/// Common words of one language a block needs before it is reported.
const MIN_FOREIGN: u32 = 3;

/// What a word says of the language of its text.
#[derive(Clone, Copy)]
enum Hint {
    French,
    /// Index in [`LANGUAGES`].
    Foreign(usize),
}

/// Frequent short words of French.
const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "est", "pour", "dans", "avec", "une", "un", "sur",
    "qui", "au", "aux", "par", "que", "ne", "pas", "sont", "ce", "cette", "elle", "nous", "vous",
    "en", "à",
];

/// Frequent short words of each language of [`LANGUAGES`], leaving out those that are also
/// French words (`on`, `an`, `or`, `y`, `su`, `las`, `il`, `non`, `ma`…).
const FOREIGN: [&[&str]; LANGUAGES.len()] = [
    &[
        "the", "and", "of", "with", "you", "your", "are", "this", "that", "from", "is", "will",
        "have", "has", "our", "we", "for", "to", "by", "was", "were", "be", "it", "at", "its",
        "their", "they", "which", "would", "can",
    ],
    &[
        "der", "die", "das", "und", "ist", "nicht", "mit", "ein", "eine", "einen", "zu", "den",
        "dem", "von", "auf", "für", "wir", "sich", "auch", "im", "sind", "wird", "werden", "bei",
        "nach", "aus", "oder", "zum", "zur", "wie",
    ],
    &[
        "el", "los", "por", "para", "del", "al", "muy", "pero", "como", "está", "esta", "este",
        "nuestro", "nuestra", "lo",
    ],
    &[
        "gli", "della", "delle", "dei", "degli", "di", "che", "sono", "nel", "nella", "alla",
        "questo", "questa", "anche", "per", "è", "ed",
    ],
];

/// A word of at most 8 bytes, lowercased ASCII-wise, packed into an integer (first byte
/// lowest): words compare as one integer each.
fn pack(word: &[u8]) -> u64 {
    word.iter().enumerate().fold(0, |packed, (i, b)| {
        packed | u64::from(b.to_ascii_lowercase()) << (8 * i)
    })
}

/// Every word of [`FRENCH`] and [`FOREIGN`], packed: looked up for every word of a page's
/// content, most of them missing.
fn hints() -> &'static Hints {
    static TABLE: OnceLock<Hints> = OnceLock::new();
    TABLE.get_or_init(|| {
        let french = FRENCH.iter().map(|w| (pack(w.as_bytes()), Hint::French));
        let foreign = FOREIGN.iter().enumerate().flat_map(|(language, words)| {
            words
                .iter()
                .map(move |w| (pack(w.as_bytes()), Hint::Foreign(language)))
        });
        french.chain(foreign).collect()
    })
}

type Hints = HashMap<u64, Hint, BuildHasherDefault<WordHasher>>;

/// Hashes a packed word with one wide multiplication, folded so that every bit of the word
/// reaches both ends of the hash (the table's slot and its tag): the default hasher costs
/// more than the rest of the lookup.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let product = u128::from(self.0 ^ n) * 0x9e37_79b9_7f4a_7c15;
        self.0 = (product >> 64) as u64 ^ product as u64;
    }
}

/// For each byte of a text: `0` where it separates words (ASCII but not a letter), else the
/// byte lowercased ASCII-wise (the bytes of accented letters as they are).
const WORD_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphabetic() {
            byte.to_ascii_lowercase()
        } else if byte.is_ascii() {
            0
        } else {
            byte
        };
        b += 1;
    }
    table
};

/// Calls `each` for every word of `text` (runs of ASCII letters and of non-ASCII bytes, that
/// is accented letters), packed as by [`pack`], or `None` when longer than 8 bytes: no
/// common word is. One pass over the bytes: every text of a page's content comes here.
fn words(text: &str, mut each: impl FnMut(Option<u64>)) {
    let (mut packed, mut len) = (0u64, 0u32);
    for &b in text.as_bytes() {
        let byte = WORD_BYTES[usize::from(b)];
        if byte == 0 {
            if len > 0 {
                each((len <= 8).then_some(packed));
                (packed, len) = (0, 0);
            }
            continue;
        }
        if len < 8 {
            packed |= u64::from(byte) << (8 * len);
        }
        len += 1;
    }
    if len > 0 {
        each((len <= 8).then_some(packed));
    }
}

/// Whether text read at this point does not count: its language is given by an element and
/// is not French, the page has no language (8.3.1 reports it), it is code, or it is hidden.
fn not_counted(cx: &Cx<'_>) -> bool {
    if cx.hidden() {
        return true;
    }
    for frame in cx.stack.iter().rev() {
        if matches!(frame.name(), "code" | "pre" | "kbd" | "samp" | "var") {
            return true;
        }
        let lang = frame.el.attr_filled("lang");
        if let Some(lang) = lang.or_else(|| frame.el.attr_filled("xml:lang")) {
            return !primary_subtag(lang).eq_ignore_ascii_case("fr");
        }
    }
    true
}

/// The words counted in one open block.
struct Block {
    offset: usize,
    words: u32,
    french: u32,
    foreign: [u32; LANGUAGES.len()],
}

#[derive(Default)]
pub(crate) struct LangChangeMissing {
    /// Open `<main>` elements: only the page's own content is looked at (the header, menus
    /// and footer are the theme's, the same on every page).
    mains: u32,
    /// Open blocks inside `<main>`, innermost last: text counts for the innermost.
    open: Vec<Block>,
}

impl Rule for LangChangeMissing {
    fn tags(&self) -> &'static [&'static str] {
        &[
            "main",
            "p",
            "li",
            "dt",
            "dd",
            "td",
            "th",
            "caption",
            "figcaption",
            "blockquote",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "summary",
            "legend",
        ]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if el.name == "main" {
            self.mains += 1;
            return;
        }
        if self.mains == 0 {
            return;
        }
        self.open.push(Block {
            offset: el.offset,
            words: 0,
            french: 0,
            foreign: [0; LANGUAGES.len()],
        });
    }

    fn text(&mut self, cx: &Cx<'_>, text: &str, _offset: usize, _out: &mut Out<'_>) {
        let Some(block) = self.open.last_mut() else {
            return;
        };
        let hints = hints();
        let mut foreign = [0; LANGUAGES.len()];
        words(text, |word| {
            block.words += 1;
            match word.and_then(|w| hints.get(&w)) {
                Some(Hint::French) => block.french += 1,
                Some(&Hint::Foreign(language)) => foreign[language] += 1,
                None => {}
            }
        });
        // Most text has no foreign word: only then is the context looked at.
        if foreign.iter().any(|&n| n > 0) && !not_counted(cx) {
            for (total, n) in block.foreign.iter_mut().zip(foreign) {
                *total += n;
            }
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() == "main" {
            self.mains = self.mains.saturating_sub(1);
            return;
        }
        // A stray end tag closes no block of ours.
        if self.open.last().is_none_or(|b| b.offset != frame.el.offset) {
            return;
        }
        let Some(block) = self.open.pop() else {
            return;
        };
        let Some((language, &count)) = block.foreign.iter().enumerate().max_by_key(|(_, n)| **n)
        else {
            return;
        };
        if block.words >= MIN_WORDS && count >= MIN_FOREIGN && count > block.french {
            let (code, name) = LANGUAGES[language];
            out.review(
                block.offset,
                format!(
                    "Passage qui semble écrit en {name} sans attribut lang : s’il l’est, ajoutez lang=\"{code}\" à l’élément qui le contient."
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<Option<u64>> {
        let mut found = Vec::new();
        words(text, |w| found.push(w));
        found
    }

    #[test]
    fn words_are_cut_at_ascii_non_letters_and_lowercased() {
        let expected: Vec<Option<u64>> = ["the", "wi", "fi", "plus", "à"]
            .iter()
            .map(|w| Some(pack(w.as_bytes())))
            .chain([None])
            .collect();
        assert_eq!(words_of("The Wi-Fi, PLUS : à\nintercommunalité."), expected);
    }

    #[test]
    fn each_listed_word_gives_its_language() {
        let hints = hints();
        let language = |w: &str| match hints.get(&pack(w.as_bytes())) {
            Some(Hint::French) => Some("fr"),
            Some(&Hint::Foreign(i)) => Some(LANGUAGES[i].0),
            None => None,
        };
        assert_eq!(language("The"), Some("en"));
        assert_eq!(language("für"), Some("de"));
        assert_eq!(language("está"), Some("es"));
        assert_eq!(language("è"), Some("it"));
        assert_eq!(language("à"), Some("fr"));
        assert_eq!(language("mairie"), None);
        // Every word is in one list only, and short enough to be packed whole.
        let listed = FRENCH.len() + FOREIGN.iter().map(|l| l.len()).sum::<usize>();
        assert_eq!(hints.len(), listed);
        assert!(
            FRENCH
                .iter()
                .chain(FOREIGN.iter().flat_map(|l| l.iter()))
                .all(|w| w.len() <= 8)
        );
    }
}
