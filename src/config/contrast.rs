//! WCAG contrast of a commune's colours, checked when `commune.toml` is read (RGAA 3.2, 3.3).
//!
//! The shared theme uses the primary colour in three ways (see `themes/commun/static/site.css`):
//! as text and borders on white, as text on the tinted surface (`--fond-teinte`, the colour
//! mixed at [`TINT_PERCENT`] % with white), and as background under white text. Each pair must
//! reach 4.5:1, the ratio of normal text; large text and components (3:1) are then covered too.
//! A colour that fails is refused with the nearest darker shade of the same hue that passes.

/// Normal text (WCAG 1.4.3, RGAA 3.2).
pub(crate) const MINIMUM: f64 = 4.5;

/// Share of the primary colour in the theme's tinted surface (`color-mix(in srgb, … 7%, #fff)`).
pub(crate) const TINT_PERCENT: f64 = 7.0;

/// An sRGB colour, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub(crate) [u8; 3]);

pub(crate) const WHITE: Rgb = Rgb([255, 255, 255]);

impl Rgb {
    /// `#1d4f91` (the only form `commune.toml` accepts).
    pub(crate) fn parse(hex: &str) -> Option<Rgb> {
        let digits = hex.strip_prefix('#')?;
        if digits.len() != 6 || !digits.is_ascii() {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok();
        Some(Rgb([channel(0)?, channel(2)?, channel(4)?]))
    }

    pub(crate) fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Relative luminance (WCAG 2.1 definition).
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0;
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    /// `percent` % of `self`, the rest `other`, in gamma-encoded sRGB like CSS `color-mix`.
    fn mix(self, other: Rgb, percent: f64) -> Rgb {
        let p = percent / 100.0;
        let channel =
            |i: usize| (f64::from(self.0[i]) * p + f64::from(other.0[i]) * (1.0 - p)).round() as u8;
        Rgb([channel(0), channel(1), channel(2)])
    }
}

/// Contrast ratio between two colours, from 1 to 21.
pub(crate) fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// The lowest contrast of the primary colour among the pairs the theme uses it in.
pub(crate) fn primary_ratio(primary: Rgb) -> f64 {
    let tint = primary.mix(WHITE, TINT_PERCENT);
    ratio(primary, WHITE).min(ratio(primary, tint))
}

/// The nearest shade of `colour` that passes: the same hue, darkened one step (2 % towards
/// black) at a time.
pub(crate) fn nearest_passing(colour: Rgb) -> Rgb {
    const BLACK: Rgb = Rgb([0, 0, 0]);
    (1..=50)
        .map(|step| BLACK.mix(colour, f64::from(step) * 2.0))
        .find(|shade| primary_ratio(*shade) >= MINIMUM)
        .unwrap_or(BLACK)
}

/// The diagnostic's message and hint when the primary colour is too light, else `None`.
pub(crate) fn check_primary(hex: &str) -> Option<(String, String)> {
    let colour = Rgb::parse(hex)?;
    let lowest = primary_ratio(colour);
    if lowest >= MINIMUM {
        return None;
    }
    let shade = nearest_passing(colour);
    Some((
        format!(
            "la couleur principale {hex} n'est pas assez contrastée : {} contre 4,5:1 exigé \
             (RGAA 3.2), le thème l'utilise pour les liens sur fond blanc et comme fond du \
             texte blanc",
            french_ratio(lowest)
        ),
        format!(
            "essayez couleur_principale = \"{}\", la nuance la plus proche qui atteint 4,5:1 \
             (contraste {}).",
            shade.hex(),
            french_ratio(primary_ratio(shade))
        ),
    ))
}

/// `3,2:1`, rounded down so a displayed 4,5:1 always passes.
fn french_ratio(ratio: f64) -> String {
    let tenths = (ratio * 10.0).floor() as u32;
    format!("{},{}:1", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_the_wcag_examples() {
        assert!((ratio(WHITE, Rgb([0, 0, 0])) - 21.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes on white (4.54:1).
        let grey = Rgb::parse("#767676").unwrap();
        assert!((ratio(grey, WHITE) - 4.54).abs() < 0.01);
    }

    #[test]
    fn demo_colours_pass() {
        for hex in ["#1d4f91", "#1f5c3a", "#7a2e0e"] {
            assert_eq!(check_primary(hex), None, "{hex}");
        }
    }

    #[test]
    fn light_colour_is_refused_with_a_darker_shade_that_passes() {
        let (message, hint) = check_primary("#4a90d9").unwrap();
        assert!(message.contains("#4a90d9"), "{message}");
        let shade = nearest_passing(Rgb::parse("#4a90d9").unwrap());
        assert!(primary_ratio(shade) >= MINIMUM);
        assert!(hint.contains(&shade.hex()), "{hint}");
        // The nearest: every lighter step fails.
        let colour = Rgb::parse("#4a90d9").unwrap();
        let lighter: Vec<Rgb> = (0..50)
            .map(|step| Rgb([0, 0, 0]).mix(colour, f64::from(step) * 2.0))
            .take_while(|s| *s != shade)
            .collect();
        assert!(!lighter.is_empty());
        assert!(lighter.iter().all(|s| primary_ratio(*s) < MINIMUM));
    }

    #[test]
    fn parse_rejects_bad_hex() {
        assert_eq!(Rgb::parse("1d4f91"), None);
        assert_eq!(Rgb::parse("#1d4f9"), None);
        assert_eq!(Rgb::parse("#1d4f9g"), None);
        assert_eq!(
            Rgb::parse("#1d4f91").map(Rgb::hex).as_deref(),
            Some("#1d4f91")
        );
    }
}
