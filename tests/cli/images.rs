//! Content images (issue #7): variants in a few widths with `srcset`, `sizes`, `width` and
//! `height`; photos in JPEG, graphics in lossless WebP or PNG; a cache by content, so that a
//! rebuild converts nothing; alternative text required unless the image is marked decorative.
//!
//! The fixture `images` is laid over `modele`: a section `galerie` with a photo (JPEG,
//! 1600 × 1000), a plan (PNG, 640 × 400) shown with a text and as a decorative image, and a
//! second page showing the same photo.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use regex::Regex;

use super::support::{Workspace, code, copy_dir, repo, stable_stderr, stderr, stdout};

fn workspace() -> Workspace {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    copy_dir(&repo().join("tests/fixtures/images"), &commune);
    ws
}

fn gallery(ws: &Workspace) -> PathBuf {
    ws.commune("ville").join("contenu/galerie")
}

/// Builds with the JSON report; returns the commune's `images` counts.
fn build(ws: &Workspace, extra: &[&str]) -> serde_json::Value {
    let output = ws.usine(&[&["build", "--format", "json"], extra].concat());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["communes"][0]["images"].clone()
}

/// The attributes of every `<img>` of a page, minified or not (`alt` without value is `""`).
fn images(page: &Path) -> Vec<HashMap<String, String>> {
    let html = fs::read_to_string(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let tag = Regex::new(r"<img\b([^>]*)>").unwrap();
    let attribute = Regex::new(r#"([a-z-]+)(?:=(?:"([^"]*)"|([^\s"'>]+)))?"#).unwrap();
    tag.captures_iter(&html)
        .map(|img| {
            attribute
                .captures_iter(&img[1])
                .map(|a| {
                    let value = a.get(2).or(a.get(3)).map_or("", |v| v.as_str());
                    (a[1].to_owned(), value.to_owned())
                })
                .collect()
        })
        .filter(|img: &HashMap<String, String>| !img["src"].starts_with("/medias/"))
        .collect()
}

fn dimensions(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn photos_and_graphics_are_published_in_a_few_widths() {
    let ws = workspace();
    let counts = build(&ws, &[]);
    // The photo is shown on two pages and the plan twice: each converted once (and the
    // façade of `modele`).
    assert_eq!(counts, serde_json::json!({"converted": 3, "from_cache": 0}));
    let site = ws.path().join("public/ville");
    let shown = images(&site.join("galerie/index.html"));
    assert_eq!(shown.len(), 3, "{shown:?}");

    let photo = &shown[0];
    assert_eq!(photo["src"], "/galerie/port-1200w.jpg");
    assert_eq!(
        photo["srcset"],
        "/galerie/port-480w.jpg 480w, /galerie/port-800w.jpg 800w, /galerie/port-1200w.jpg 1200w"
    );
    assert_eq!(
        photo["sizes"],
        "(max-width: 48rem) calc(100vw - 2rem), 46rem"
    );
    assert_eq!((&*photo["width"], &*photo["height"]), ("1200", "750"));
    assert_eq!((&*photo["loading"], &*photo["decoding"]), ("lazy", "async"));
    assert_eq!(photo["alt"], "Voiliers sur l’estuaire au lever du soleil");
    for (width, height) in [(480, 300), (800, 500), (1200, 750)] {
        let file = site.join(format!("galerie/port-{width}w.jpg"));
        assert_eq!(dimensions(&file), (width, height));
        assert_eq!(fs::read(&file).unwrap()[..3], [0xFF, 0xD8, 0xFF], "a JPEG");
    }
    // The original is not published: only its variants are.
    assert!(!site.join("galerie/port.jpg").exists());

    // The plan is narrower than 800 px: 480 and its own width, WebP or PNG (the smaller).
    let plan = &shown[1];
    let extension = plan["src"].rsplit('.').next().unwrap().to_owned();
    assert!(["webp", "png"].contains(&&*extension), "{plan:?}");
    assert_eq!(plan["src"], format!("/galerie/plan-640w.{extension}"));
    assert_eq!((&*plan["width"], &*plan["height"]), ("640", "400"));
    assert_eq!(
        plan["sizes"],
        "(max-width: 672px) calc(100vw - 2rem), 640px"
    );
    for (width, height) in [(480, 300), (640, 400)] {
        let srcset = &plan["srcset"];
        assert!(srcset.contains(&format!(" {width}w")), "{srcset}");
        let file = srcset
            .split(", ")
            .find(|entry| entry.ends_with(&format!(" {width}w")))
            .and_then(|entry| entry.split(' ').next())
            .unwrap();
        assert_eq!(dimensions(&site.join(&file[1..])), (width, height));
    }

    // Decorative: an empty alternative and no title; the same variants.
    let decorative = &shown[2];
    assert_eq!(decorative["alt"], "");
    assert!(!decorative.contains_key("title"), "{decorative:?}");
    assert_eq!(decorative["src"], plan["src"]);

    let other = images(&site.join("galerie/vue-du-quai/index.html"));
    assert_eq!(other[0]["srcset"], photo["srcset"]);
}

#[test]
fn a_rebuild_takes_every_image_from_the_cache() {
    let ws = workspace();
    assert_eq!(build(&ws, &[])["converted"], 3);
    let cache = ws.path().join("public/.usine/images");
    let before = modified(&cache);
    assert_eq!(
        before.len(),
        6,
        "3 widths of the photo, 2 of the plan, 1 of the façade"
    );
    let published = super::support::tree(&ws.path().join("public/ville"));

    // `--force` rebuilds the commune, but decodes and encodes no image.
    let counts = build(&ws, &["--force"]);
    assert_eq!(counts, serde_json::json!({"converted": 0, "from_cache": 3}));
    assert_eq!(modified(&cache), before, "the cache was not rewritten");
    assert_eq!(
        super::support::tree(&ws.path().join("public/ville")),
        published
    );

    // A replaced photo is converted again; the plan still comes from the cache.
    let photo = gallery(&ws).join("port.jpg");
    let mut bytes = fs::read(&photo).unwrap();
    bytes.extend_from_slice(b"autre contenu");
    fs::write(&photo, bytes).unwrap();
    let counts = build(&ws, &[]);
    assert_eq!(counts, serde_json::json!({"converted": 1, "from_cache": 2}));
}

#[test]
fn variants_no_published_site_uses_leave_the_cache_after_a_week() {
    let ws = workspace();
    build(&ws, &[]);
    let cache = ws.path().join("public/.usine/images");
    let photo = gallery(&ws).join("port.jpg");
    let mut bytes = fs::read(&photo).unwrap();
    bytes.extend_from_slice(b"autre contenu");
    fs::write(&photo, bytes).unwrap();
    build(&ws, &[]);
    assert_eq!(
        modified(&cache).len(),
        9,
        "the old photo's 3 variants are still there"
    );

    // A week later, the old photo's variants are linked by no published site any more.
    let week_ago = SystemTime::now() - std::time::Duration::from_secs(8 * 24 * 3600);
    for name in modified(&cache).keys() {
        let file = fs::File::options()
            .write(true)
            .open(cache.join(name))
            .unwrap();
        file.set_modified(week_ago).unwrap();
    }
    let output = ws.usine(&["build", "--force"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let out = stderr(&output);
    assert!(
        out.contains("Cache d'images : 3 version(s) inutilisée(s) depuis 7 jours supprimée(s)"),
        "{out}"
    );
    assert_eq!(modified(&cache).len(), 6);
    let counts = build(&ws, &["--force"]);
    assert_eq!(counts, serde_json::json!({"converted": 0, "from_cache": 3}));
}

#[test]
fn check_converts_images_once_and_keeps_them_in_the_user_cache() {
    let ws = workspace();
    let first = ws.usine(&["check"]);
    let cache = ws.path().join("cache-utilisateur/usine-a-sites/images");
    let converted = modified(&cache);
    assert_eq!(converted.len(), 6, "{}", stderr(&first));

    let second = ws.usine(&["check"]);
    assert_eq!(code(&second), code(&first));
    assert_eq!(stdout(&second), stdout(&first));
    assert_eq!(modified(&cache), converted, "nothing converted again");
    assert!(
        !ws.path().join("public").exists(),
        "check publishes nothing"
    );
}

/// Every file of the cache with its modification time.
fn modified(dir: &Path) -> BTreeMap<String, SystemTime> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let time = entry.metadata().unwrap().modified().unwrap();
            (entry.file_name().to_string_lossy().into_owned(), time)
        })
        .collect()
}

/// A GIF header announcing 8000 × 6000 pixels, with one empty frame: too big to decode.
fn huge_gif() -> Vec<u8> {
    let mut gif = b"GIF89a".to_vec();
    let (width, height) = (8000u16.to_le_bytes(), 6000u16.to_le_bytes());
    gif.extend_from_slice(&width);
    gif.extend_from_slice(&height);
    gif.extend_from_slice(&[0, 0, 0]);
    gif.push(0x2C);
    gif.extend_from_slice(&[0, 0, 0, 0]);
    gif.extend_from_slice(&width);
    gif.extend_from_slice(&height);
    gif.extend_from_slice(&[0, 2, 0, 0x3B]);
    gif
}

#[test]
fn missing_text_and_broken_or_huge_images_are_errors_on_their_markdown_line() {
    let ws = workspace();
    let gallery = gallery(&ws);
    fs::write(gallery.join("abime.png"), "ceci n'est pas une image").unwrap();
    let plan = fs::read(gallery.join("plan.png")).unwrap();
    fs::write(gallery.join("tronque.png"), &plan[..plan.len() / 2]).unwrap();
    fs::write(gallery.join("affiche.gif"), huge_gif()).unwrap();
    fs::write(
        gallery.join("erreurs.md"),
        "+++\ntitre = \"Erreurs\"\n+++\n\n![](port.jpg)\n\n![Plan abîmé](abime.png)\n\n\
         ![Plan coupé](tronque.png)\n\n![Affiche du festival](affiche.gif)\n",
    )
    .unwrap();
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(
        !ws.path().join("public/ville").exists(),
        "nothing published"
    );
    // The decoder's own words may change with its version.
    let detail = Regex::new(r"\(détail technique : [^\n]*\)").unwrap();
    let shown = stable_stderr(&output);
    insta::assert_snapshot!(detail.replace_all(&shown, "(détail technique : …)"));
}

#[test]
fn animated_gifs_and_other_formats_are_published_as_they_are() {
    let ws = workspace();
    let gallery = gallery(&ws);
    // Two frames of 1 × 1 pixel.
    let frame = [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0];
    let mut gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
    gif.extend_from_slice(&frame);
    gif.extend_from_slice(&frame);
    gif.push(0x3B);
    fs::write(gallery.join("anime.gif"), &gif).unwrap();
    let svg =
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M0 0h4v4z"/></svg>"#;
    fs::write(gallery.join("trace.svg"), svg).unwrap();
    fs::write(
        gallery.join("formats.md"),
        "+++\ntitre = \"Formats\"\n+++\n\n![Petite animation](anime.gif)\n\n\
         ![Tracé du sentier](trace.svg)\n",
    )
    .unwrap();
    let counts = build(&ws, &[]);
    assert_eq!(
        counts["converted"], 3,
        "the photo, the plan and the façade only"
    );
    let site = ws.path().join("public/ville");
    assert_eq!(fs::read(site.join("galerie/anime.gif")).unwrap(), gif);
    assert_eq!(
        fs::read_to_string(site.join("galerie/trace.svg")).unwrap(),
        svg
    );
    let page = fs::read_to_string(site.join("galerie/formats/index.html")).unwrap();
    assert!(page.contains("/galerie/anime.gif"), "{page}");
    assert!(!page.contains("srcset"), "{page}");
}
