//! What the build makes of a content image: which widths, which format, which `sizes`.
//! Pure functions, so the policy documented in `themes/README.md` is tested here.
//!
//! - Widths: 480, 800 and 1200 pixels, never more than the source (no upscaling); the source
//!   width itself when it is under 1200; a step within 10 % of the largest is left out.
//! - Photos (JPEG sources): JPEG at quality [`JPEG_QUALITY`]. The `image` crate only writes
//!   lossless WebP, which would make photos several times heavier.
//! - Graphics (PNG and still GIF sources): lossless WebP when it is smaller than the PNG of
//!   the same variant, else PNG.
//! - Over [`MAX_PIXELS`] the source is refused, to bound the memory of a nightly build.

/// The widths offered to browsers, in pixels. 1200 covers the content column (46rem = 736 px)
/// on screens of density up to 1.6, and the 1,200 px display of RGESN 2.5.
pub const WIDTHS: [u32; 3] = [480, 800, 1200];

/// A width this close under the largest variant adds a file and saves nearly nothing.
const NEAR_LARGEST: f64 = 0.9;

/// JPEG quality of photos: the usual compromise of the web (RGESN 5.2: a fixed, documented
/// quality).
pub const JPEG_QUALITY: u8 = 80;

/// Sources over 40 megapixels are refused: decoding one takes 120 MB or more.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The largest width of the content column in the shared theme (`--mesure: 46rem`), and the
/// page padding under it (`1rem` each side): see `themes/commun/static/site.css`.
const COLUMN_PX: u32 = 736;
const PADDING_PX: u32 = 32;

/// What a source image is, from its real format (not its extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG: lossy photos.
    Photo,
    /// PNG or a still GIF: drawings, plans, screenshots, logos.
    Graphic,
}

/// The format of a published variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Jpeg,
    WebpLossless,
    Png,
}

impl Encoding {
    pub fn extension(self) -> &'static str {
        match self {
            Encoding::Jpeg => "jpg",
            Encoding::WebpLossless => "webp",
            Encoding::Png => "png",
        }
    }
}

impl Kind {
    /// The encodings tried for a variant, in order of preference; the smallest result wins,
    /// ties going to the first.
    pub fn encodings(self) -> &'static [Encoding] {
        match self {
            Kind::Photo => &[Encoding::Jpeg],
            Kind::Graphic => &[Encoding::WebpLossless, Encoding::Png],
        }
    }

    /// Everything that changes the bytes of a variant besides its source and width: part of
    /// the cache key, so changing the policy never reuses variants made under another.
    pub fn parameters(self) -> String {
        // Bump when the resizing or encoding code changes its output.
        const CODE_VERSION: u32 = 1;
        match self {
            Kind::Photo => format!("v{CODE_VERSION} photo jpeg q{JPEG_QUALITY}"),
            Kind::Graphic => format!("v{CODE_VERSION} graphique webp-sans-perte|png"),
        }
    }
}

/// The widths to make from a source `width` pixels wide (after orientation), ascending.
pub fn widths(width: u32) -> Vec<u32> {
    let largest = width.min(WIDTHS[WIDTHS.len() - 1]).max(1);
    let mut out: Vec<u32> = WIDTHS
        .iter()
        .copied()
        .filter(|&w| f64::from(w) < f64::from(largest) * NEAR_LARGEST)
        .collect();
    out.push(largest);
    out
}

/// The height of a variant `width` pixels wide, keeping the source's proportions.
pub fn height_for(width: u32, source_width: u32, source_height: u32) -> u32 {
    let height = u64::from(source_height) * u64::from(width) + u64::from(source_width) / 2;
    (height / u64::from(source_width.max(1))).max(1) as u32
}

/// The `sizes` attribute for an image whose largest variant is `largest` pixels wide: the
/// width it is shown at in the theme's content column.
pub fn sizes(largest: u32) -> String {
    if largest >= COLUMN_PX {
        "(max-width: 48rem) calc(100vw - 2rem), 46rem".to_owned()
    } else {
        format!(
            "(max-width: {}px) calc(100vw - 2rem), {largest}px",
            largest + PADDING_PX
        )
    }
}

/// The URL of a variant, beside the source's: `/mairie/facade.png`, 800, `webp` →
/// `/mairie/facade-800w.webp`.
pub fn variant_url(source_url: &str, width: u32, extension: &str) -> String {
    let (folder, name) = source_url.rsplit_once('/').unwrap_or(("", source_url));
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    format!("{folder}/{stem}-{width}w.{extension}")
}

/// Whether an output path names a format the build converts (JPEG, PNG, GIF). Other
/// images (SVG, WebP, AVIF) are published as they are.
pub fn is_convertible(output: &str) -> bool {
    let extension = output.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(extension.as_deref(), Some("jpg" | "jpeg" | "png" | "gif"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale_and_keep_a_smaller_source_whole() {
        assert_eq!(widths(4000), vec![480, 800, 1200]);
        assert_eq!(widths(1200), vec![480, 800, 1200]);
        assert_eq!(widths(1000), vec![480, 800, 1000]);
        assert_eq!(widths(400), vec![400]);
        assert_eq!(widths(1), vec![1]);
    }

    #[test]
    fn widths_skip_a_step_too_close_to_the_largest() {
        // 800 is within 10 % of 850: the browser would gain nothing from it.
        assert_eq!(widths(850), vec![480, 850]);
        assert_eq!(widths(500), vec![500]);
        assert_eq!(widths(1250), vec![480, 800, 1200]);
    }

    #[test]
    fn heights_keep_proportions_rounded() {
        assert_eq!(height_for(800, 4000, 3000), 600);
        assert_eq!(height_for(480, 1000, 333), 160);
        assert_eq!(height_for(1, 4000, 10), 1);
    }

    #[test]
    fn photos_are_jpeg_and_graphics_try_webp_then_png() {
        assert_eq!(Kind::Photo.encodings(), [Encoding::Jpeg]);
        assert_eq!(
            Kind::Graphic.encodings(),
            [Encoding::WebpLossless, Encoding::Png]
        );
        assert_ne!(Kind::Photo.parameters(), Kind::Graphic.parameters());
        assert!(Kind::Photo.parameters().contains("q80"));
    }

    #[test]
    fn sizes_follow_the_content_column() {
        assert_eq!(sizes(1200), "(max-width: 48rem) calc(100vw - 2rem), 46rem");
        assert_eq!(sizes(400), "(max-width: 432px) calc(100vw - 2rem), 400px");
    }

    #[test]
    fn variants_sit_beside_their_source() {
        assert_eq!(
            variant_url("/mairie/facade.png", 800, "webp"),
            "/mairie/facade-800w.webp"
        );
        assert_eq!(variant_url("/photo.jpeg", 480, "jpg"), "/photo-480w.jpg");
    }

    #[test]
    fn only_jpeg_png_and_gif_are_converted() {
        assert!(is_convertible("mairie/facade.jpg"));
        assert!(is_convertible("a.JPEG"));
        assert!(is_convertible("a.gif"));
        assert!(!is_convertible("logo.svg"));
        assert!(!is_convertible("photo.webp"));
        assert!(!is_convertible("budget.pdf"));
    }
}
