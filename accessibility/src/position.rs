//! Byte offsets to 1-based lines and columns (columns count characters, not bytes).

/// Fills `line` and `column` for every offset in `offsets`, which must be sorted.
/// One forward scan over the page, whatever the number of findings: columns are counted from
/// the previous offset when it is on the same line (a minified page is one long line).
pub(crate) fn line_columns(html: &str, offsets: &[usize]) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut line = 1u32;
    let mut line_start = 0usize;
    let mut scanned = 0usize;
    // Characters between `line_start` and `counted_to`.
    let mut counted_to = 0usize;
    let mut chars = 0u32;
    for &offset in offsets {
        let offset = floor_char_boundary(html, offset.min(html.len()));
        if offset > scanned {
            let passed = &html.as_bytes()[scanned..offset];
            if let Some(last) = memchr::memrchr(b'\n', passed) {
                line += memchr::memchr_iter(b'\n', passed).count() as u32;
                line_start = scanned + last + 1;
            }
            scanned = offset;
        }
        if line_start > counted_to || offset < counted_to {
            counted_to = line_start;
            chars = 0;
        }
        chars += html[counted_to..offset].chars().count() as u32;
        counted_to = offset;
        out.push((line, chars + 1));
    }
    out
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Line and column of one offset.
#[cfg(test)]
pub(crate) fn line_column(html: &str, offset: usize) -> (u32, u32) {
    line_columns(html, &[offset])[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_byte_is_line_one_column_one() {
        assert_eq!(line_column("abc", 0), (1, 1));
    }

    #[test]
    fn counts_lines_and_characters() {
        let html = "é\n<p>\n  <img>";
        assert_eq!(line_columns(html, &[0, 3, 9]), vec![(1, 1), (2, 1), (3, 3)]);
    }

    #[test]
    fn repeated_and_end_offsets() {
        let html = "a\nb";
        assert_eq!(line_columns(html, &[2, 2, 3]), vec![(2, 1), (2, 1), (2, 2)]);
    }
}
