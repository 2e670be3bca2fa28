//! Reading, resizing and encoding with the `image` crate (feature `images`).
//!
//! [`open`] reads only what a header says (format, size, EXIF orientation, colour profile):
//! enough to plan the variants and look them up in the cache. Pixels are decoded by
//! [`Source::decode`] only when a variant is missing.

use std::borrow::Cow;
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

use super::convert::Problem;
use super::policy::{Encoding, JPEG_QUALITY, Kind};

/// A source image whose header has been read.
pub(super) struct Source<'a> {
    pub(super) kind: Kind,
    /// Size as displayed, after the EXIF orientation.
    pub(super) width: u32,
    pub(super) height: u32,
    /// An animated GIF: published as it is, a still frame would change its meaning.
    pub(super) animated: bool,
    orientation: Orientation,
    icc_profile: Option<Vec<u8>>,
    decoder: Box<dyn ImageDecoder + 'a>,
}

/// Reads the header of `bytes`. The format comes from the content, not the file name.
pub(super) fn open(bytes: &[u8]) -> Result<Source<'_>, Problem> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|err| Problem::Unreadable(err.to_string()))?;
    let format = reader.format();
    let kind = match format {
        Some(ImageFormat::Jpeg) => Kind::Photo,
        Some(ImageFormat::Png | ImageFormat::Gif) => Kind::Graphic,
        _ => return Err(Problem::NotAnImage),
    };
    let mut decoder: Box<dyn ImageDecoder> = Box::new(reader.into_decoder().map_err(unreadable)?);
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc_profile = decoder.icc_profile().ok().flatten();
    let (width, height) = decoder.dimensions();
    let (width, height) = match orientation {
        Orientation::Rotate90
        | Orientation::Rotate270
        | Orientation::Rotate90FlipH
        | Orientation::Rotate270FlipH => (height, width),
        _ => (width, height),
    };
    let animated = format == Some(ImageFormat::Gif) && gif_frames(bytes) > 1;
    Ok(Source {
        kind,
        width,
        height,
        animated,
        orientation,
        icc_profile,
        decoder,
    })
}

impl Source<'_> {
    /// Decodes the pixels, turned the way the EXIF orientation says.
    pub(super) fn decode(self) -> Result<Decoded, Problem> {
        let mut image = DynamicImage::from_decoder(self.decoder).map_err(unreadable)?;
        image.apply_orientation(self.orientation);
        Ok(Decoded {
            image,
            kind: self.kind,
            icc_profile: self.icc_profile,
        })
    }
}

/// The pixels of a source.
pub(super) struct Decoded {
    image: DynamicImage,
    kind: Kind,
    icc_profile: Option<Vec<u8>>,
}

impl Decoded {
    /// The pixels reduced by area averaging to twice the largest variant, `width` ×
    /// `height`, if the source is larger: every variant is made from them, so a camera photo
    /// is read in full once, and its memory freed early.
    pub(super) fn reduced(self, width: u32, height: u32) -> Decoded {
        if self.image.width() <= 2 * width {
            return self;
        }
        Decoded {
            image: self.image.thumbnail_exact(2 * width, 2 * height),
            ..self
        }
    }

    /// The variant `width` × `height`: area averaging down to twice that size, then
    /// Lanczos; close to Lanczos from the source, several times faster on camera photos.
    pub(super) fn resized(&self, width: u32, height: u32) -> DynamicImage {
        let source = &self.image;
        if source.width() == width && source.height() == height {
            return source.clone();
        }
        let base = if source.width() > 2 * width {
            Cow::Owned(source.thumbnail_exact(2 * width, 2 * height))
        } else {
            Cow::Borrowed(source)
        };
        base.resize_exact(width, height, FilterType::Lanczos3)
    }

    /// The smallest encoding of `variant` among those of the source's kind, with its bytes.
    pub(super) fn encode(&self, variant: &DynamicImage) -> Result<(Encoding, Vec<u8>), Problem> {
        let mut best: Option<(Encoding, Vec<u8>)> = None;
        for &encoding in self.kind.encodings() {
            let bytes = encode(variant, encoding, self.icc_profile.clone())?;
            if best.as_ref().is_none_or(|(_, b)| bytes.len() < b.len()) {
                best = Some((encoding, bytes));
            }
        }
        best.ok_or(Problem::NotAnImage)
    }
}

fn encode(
    image: &DynamicImage,
    encoding: Encoding,
    icc: Option<Vec<u8>>,
) -> Result<Vec<u8>, Problem> {
    let mut out = Vec::new();
    let result = match encoding {
        Encoding::Jpeg => {
            let mut encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            with_profile(&mut encoder, icc);
            image.write_with_encoder(encoder)
        }
        Encoding::WebpLossless => {
            let mut encoder = WebPEncoder::new_lossless(&mut out);
            with_profile(&mut encoder, icc);
            image.write_with_encoder(encoder)
        }
        Encoding::Png => {
            let mut encoder = PngEncoder::new_with_quality(
                &mut out,
                CompressionType::Default,
                PngFilter::Adaptive,
            );
            with_profile(&mut encoder, icc);
            image.write_with_encoder(encoder)
        }
    };
    result.map_err(unreadable)?;
    Ok(out)
}

/// Keeps the source's colour profile (phones take photos in Display P3): without it, colours
/// would be shown duller. Every other metadata (EXIF, GPS position) is left out.
fn with_profile(encoder: &mut impl ImageEncoder, icc: Option<Vec<u8>>) {
    if let Some(icc) = icc {
        let _ = encoder.set_icc_profile(icc);
    }
}

/// The number of frames of a GIF, up to 2, without decompressing them.
fn gif_frames(bytes: &[u8]) -> usize {
    let mut options = gif::DecodeOptions::new();
    options.skip_frame_decoding(true);
    let Ok(mut decoder) = options.read_info(bytes) else {
        return 0;
    };
    let mut frames = 0;
    while frames < 2 && matches!(decoder.read_next_frame(), Ok(Some(_))) {
        frames += 1;
    }
    frames
}

fn unreadable(err: image::ImageError) -> Problem {
    Problem::Unreadable(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb, Rgba};

    fn png(image: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image.write_with_encoder(PngEncoder::new(&mut out)).unwrap();
        out
    }

    #[test]
    fn a_header_gives_kind_and_size_without_decoding() {
        let image = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(30, 20, Rgb([9, 9, 9])));
        let bytes = png(&image);
        let source = open(&bytes).unwrap();
        assert_eq!(
            (source.kind, source.width, source.height),
            (Kind::Graphic, 30, 20)
        );
        assert!(!source.animated);
        let mut jpeg = Vec::new();
        image
            .write_with_encoder(JpegEncoder::new_with_quality(&mut jpeg, 90))
            .unwrap();
        assert_eq!(open(&jpeg).unwrap().kind, Kind::Photo);
    }

    #[test]
    fn a_photo_taken_sideways_is_turned_by_its_exif_orientation() {
        // TIFF data (little-endian) with one entry: Orientation (0x0112) = 6, turn 90°.
        let exif = [
            b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0,
            0,
        ];
        let image = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(40, 20, Rgb([9, 9, 9])));
        let mut jpeg = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut jpeg, 90);
        encoder.set_exif_metadata(exif.to_vec()).unwrap();
        image.write_with_encoder(encoder).unwrap();
        let source = open(&jpeg).unwrap();
        assert_eq!((source.width, source.height), (20, 40));
        let decoded = source.decode().unwrap();
        let variant = decoded.resized(10, 20);
        let (encoding, bytes) = decoded.encode(&variant).unwrap();
        assert_eq!(encoding, Encoding::Jpeg);
        // Published upright, without the EXIF block (no position nor camera data).
        let again = open(&bytes).unwrap();
        assert_eq!((again.width, again.height), (10, 20));
        assert!(!bytes.windows(4).any(|w| w == b"Exif"));
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        assert!(matches!(
            open(b"<html>pas une image</html>"),
            Err(Problem::NotAnImage)
        ));
        let image = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(30, 20, Rgb([9, 9, 9])));
        let mut truncated = png(&image);
        truncated.truncate(truncated.len() / 2);
        let failed = open(&truncated).and_then(Source::decode);
        assert!(matches!(failed, Err(Problem::Unreadable(_))));
    }

    #[test]
    fn graphics_keep_transparency_and_take_the_smaller_encoding() {
        let image = DynamicImage::ImageRgba8(ImageBuffer::from_fn(64, 64, |x, _| {
            Rgba([200, 0, 0, if x < 32 { 0 } else { 255 }])
        }));
        let bytes = png(&image);
        let decoded = open(&bytes).unwrap().decode().unwrap();
        let variant = decoded.resized(32, 32);
        assert_eq!((variant.width(), variant.height()), (32, 32));
        let (encoding, out) = decoded.encode(&variant).unwrap();
        let again = image::load_from_memory(&out).unwrap();
        assert!(again.color().has_alpha());
        let other = match encoding {
            Encoding::WebpLossless => Encoding::Png,
            _ => Encoding::WebpLossless,
        };
        assert!(out.len() <= encode(&variant, other, None).unwrap().len());
    }
}
