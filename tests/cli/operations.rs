//! Metropole operations (issue #8): incremental builds, shards and the merge of their
//! reports, the JSON-lines log, export/import, and the steering report.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Output;

use super::support::{Workspace, code, edit, repo, stderr, tree};

/// `usine <args>` in the workspace with the repo's theme for `build`, and no implied date.
fn usine(ws: &Workspace, args: &[&str]) -> Output {
    let mut command = ws.command();
    command.args(args);
    if args.first() == Some(&"build") {
        command.arg("--theme").arg(repo().join("themes/commun"));
    }
    command.output().expect("run usine")
}

fn build_json(ws: &Workspace, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["build", "--format", "json"];
    all.extend_from_slice(args);
    let output = usine(ws, &all);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("json report")
}

/// (outcome, reason) of each commune in a JSON report, by slug.
fn decisions(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["communes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["slug"].as_str().unwrap().to_owned(),
                c["outcome"].as_str().unwrap().to_owned(),
                c["incremental"]["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn decision(slug: &str, outcome: &str, reason: &str) -> (String, String, String) {
    (slug.to_owned(), outcome.to_owned(), reason.to_owned())
}

/// An agenda with one event ending on 30 November 2026: "à venir" until then, past after.
fn add_agenda(commune: &Path) {
    let agenda = commune.join("contenu/agenda");
    fs::create_dir_all(&agenda).unwrap();
    fs::write(
        agenda.join("_index.md"),
        "+++\ntitre = \"Agenda\"\n+++\n\nLes rendez-vous.\n",
    )
    .unwrap();
    fs::write(
        agenda.join("marche.md"),
        "+++\ntitre = \"Marché d'automne\"\n\n[evenement]\ndebut = 2026-11-28T09:00:00\n\
         fin = 2026-11-30T12:00:00\nlieu = \"Place de la Mairie\"\n+++\n\nProducteurs locaux.\n",
    )
    .unwrap();
}

/// A linked PDF: an RGAA 13.3.1 finding to review, located in the page.
fn add_pdf_link(commune: &Path) {
    fs::write(commune.join("contenu/mairie/budget.pdf"), "%PDF-1.4\n").unwrap();
    edit(
        &commune.join("contenu/mairie/horaires.md"),
        "+++\n\n",
        "+++\n\n[Budget 2026](budget.pdf)\n\n",
    );
}

#[test]
fn unchanged_communes_are_skipped_and_changed_ones_rebuilt() {
    let ws = Workspace::new();
    let aval = ws.add_commune("aval");
    ws.add_commune("amont");
    add_pdf_link(&aval);
    let date = ["--date", "2026-11-23"];
    let first = build_json(&ws, &date);
    assert_eq!(
        decisions(&first),
        [
            decision("amont", "published", "no-manifest"),
            decision("aval", "published", "no-manifest")
        ]
    );
    assert!(
        ws.path()
            .join("public/.usine/manifestes/aval.json")
            .is_file()
    );
    let page = ws.path().join("public/aval/index.html");
    let written = fs::metadata(&page).unwrap().modified().unwrap();

    // Nothing changed: both skipped, sites kept as they are, diagnostics replayed.
    let second = build_json(&ws, &date);
    assert_eq!(
        decisions(&second),
        [
            decision("amont", "unchanged", "unchanged"),
            decision("aval", "unchanged", "unchanged")
        ]
    );
    assert_eq!(fs::metadata(&page).unwrap().modified().unwrap(), written);
    assert_eq!(
        first["communes"][0]["diagnostics"],
        second["communes"][0]["diagnostics"]
    );
    assert_eq!(
        first["communes"][0]["pages"],
        second["communes"][0]["pages"]
    );
    // Replayed diagnostics name the files the way this run names the communes folder.
    let spelled = build_json(&ws, &["--date", "2026-11-23", "--communes", "./communes"]);
    let files: Vec<&str> = spelled["communes"][1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["location"]["file"].as_str())
        .filter(|f| f.contains("contenu"))
        .collect();
    assert!(
        !files.is_empty() && files.iter().all(|f| f.starts_with("./communes/aval/")),
        "{files:?}"
    );
    let human = usine(&ws, &["build", "--date", "2026-11-23"]);
    let text = stderr(&human);
    assert!(text.contains("inchangée, site conservé"), "{text}");
    assert!(
        text.contains("0 commune(s) publiée(s), 2 inchangée(s) sur 2"),
        "{text}"
    );

    // One page of one commune: that commune only.
    edit(
        &ws.commune("aval").join("contenu/_index.md"),
        "Bienvenue",
        "Bonjour",
    );
    let third = build_json(&ws, &date);
    assert_eq!(
        decisions(&third),
        [
            decision("amont", "unchanged", "unchanged"),
            decision("aval", "published", "content-changed")
        ]
    );
    assert_eq!(third["communes"][1]["incremental"]["changed_files"], 1);
    assert!(fs::read_to_string(&page).unwrap().contains("Bonjour"));

    // A published folder that disappeared is rebuilt.
    fs::remove_dir_all(ws.path().join("public/amont")).unwrap();
    let fourth = build_json(&ws, &date);
    assert_eq!(
        decisions(&fourth)[0],
        decision("amont", "published", "site-missing")
    );
    // Like a first build, it hashed its inputs while it built: its manifest is complete.
    let rebuilt = build_json(&ws, &date);
    assert_eq!(
        decisions(&rebuilt)[0],
        decision("amont", "unchanged", "unchanged")
    );

    // Shared settings concern every commune; --force rebuilds all.
    fs::write(
        ws.path().join("communes/_metropole.toml"),
        "[hebergeur]\nnom = \"Métropole\"\nadresse = \"2 rue de la Métropole\"\ntelephone = \"01 00 00 00 00\"\n",
    )
    .unwrap();
    let fifth = build_json(&ws, &date);
    assert_eq!(
        decisions(&fifth),
        [
            decision("amont", "published", "shared-inputs-changed"),
            decision("aval", "published", "shared-inputs-changed")
        ]
    );
    let forced = build_json(&ws, &["--date", "2026-11-23", "--force"]);
    assert_eq!(
        decisions(&forced),
        [
            decision("amont", "published", "forced"),
            decision("aval", "published", "forced")
        ]
    );
    // A forced build hashes its inputs while it builds: its manifests are complete, and the
    // next run has nothing to rebuild.
    let after = build_json(&ws, &date);
    assert_eq!(
        decisions(&after),
        [
            decision("amont", "unchanged", "unchanged"),
            decision("aval", "unchanged", "unchanged")
        ]
    );
}

#[test]
fn a_failed_build_is_retried_and_keeps_the_published_site() {
    let ws = Workspace::new();
    let ville = ws.add_commune("ville");
    build_json(&ws, &["--date", "2026-11-23"]);
    let published = tree(&ws.path().join("public/ville"));
    edit(
        &ville.join("contenu/mairie/horaires.md"),
        "ordre = 1",
        "ordre = un",
    );
    for _ in 0..2 {
        let output = usine(&ws, &["build", "--date", "2026-11-23", "--format", "json"]);
        assert_eq!(code(&output), 1);
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(report["communes"][0]["outcome"], "failed");
        assert_eq!(tree(&ws.path().join("public/ville")), published);
    }
    // Back to the published inputs: the old manifest was invalidated, so it is rebuilt.
    edit(
        &ville.join("contenu/mairie/horaires.md"),
        "ordre = un",
        "ordre = 1",
    );
    let report = build_json(&ws, &["--date", "2026-11-23"]);
    assert_eq!(
        decisions(&report),
        [decision("ville", "published", "no-manifest")]
    );
}

/// A commune removed from the communes folder keeps its site, said at each run; once its site
/// folder is deleted, the next run deletes what the build kept for it.
#[test]
fn a_removed_commune_keeps_its_site_until_it_is_deleted() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let partie = ws.add_commune("partie");
    // Twice: the second publication keeps the first site as the spare generation.
    build_json(&ws, &["--date", "2026-11-23"]);
    build_json(&ws, &["--date", "2026-11-23", "--force"]);
    let site = ws.path().join("public/partie");
    let published = tree(&site);
    fs::remove_dir_all(&partie).unwrap();
    let report = build_json(&ws, &["--date", "2026-11-23"]);
    assert_eq!(
        report["sites_without_commune"],
        serde_json::json!(["partie"])
    );
    assert_eq!(tree(&site), published);
    let output = usine(&ws, &["build", "--date", "2026-11-23"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let said = format!("{}{}", super::support::stdout(&output), stderr(&output));
    assert!(
        said.contains("le site « partie » est toujours en ligne"),
        "{said}"
    );
    // Unpublished by hand: the manifest and the spare generation go at the next run.
    fs::remove_dir_all(&site).unwrap();
    let work = ws.path().join("public/.usine");
    assert!(work.join("manifestes/partie.json").exists());
    assert!(work.join("spare-partie").exists());
    let report = build_json(&ws, &["--date", "2026-11-23"]);
    assert_eq!(report["sites_without_commune"], serde_json::json!([]));
    assert!(!work.join("manifestes/partie.json").exists());
    assert!(!work.join("spare-partie").exists());
    assert!(!work.join("sobriete/partie.json").exists());
    assert!(work.join("manifestes/ville.json").exists());
}

/// The nightly question: the build date changes every night. Inside the window the manifest
/// records, skipping gives what a cold build would; past it (the event is over), the
/// commune is rebuilt. Every incremental result is compared with a cold build, byte for byte.
#[test]
fn incremental_builds_are_byte_identical_to_cold_ones() {
    let ws = Workspace::new();
    add_agenda(&ws.add_commune("ville"));
    ws.add_commune("voisine");
    let cold = |date: &str, name: &str| {
        let out = ws.path().join(name);
        let output = usine(
            &ws,
            &["build", "--date", date, "--out", out.to_str().unwrap()],
        );
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        (tree(&out.join("ville")), tree(&out.join("voisine")))
    };
    let incremental = || {
        (
            tree(&ws.path().join("public/ville")),
            tree(&ws.path().join("public/voisine")),
        )
    };

    build_json(&ws, &["--date", "2026-11-23"]);
    let manifest: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(ws.path().join("public/.usine/manifestes/ville.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        manifest["valid_until"], "2026-12-01",
        "the day after the event ends"
    );

    // 27 November: inside the window, skipped, same as a cold build of that day.
    let report = build_json(&ws, &["--date", "2026-11-27"]);
    assert_eq!(
        decisions(&report)[0],
        decision("ville", "unchanged", "unchanged")
    );
    let cold_27 = cold("2026-11-27", "froid-27");
    assert!(
        incremental() == cold_27,
        "skipped site differs from a cold build"
    );

    // 2 December: the event is over, "ville" is rebuilt; "voisine" has no event and stays.
    let report = build_json(&ws, &["--date", "2026-12-02"]);
    assert_eq!(
        decisions(&report),
        [
            decision("ville", "published", "date-changed"),
            decision("voisine", "unchanged", "unchanged")
        ]
    );
    let cold_2 = cold("2026-12-02", "froid-2");
    assert!(
        cold_2.0 != cold_27.0,
        "the event's state should change the site"
    );
    assert!(
        incremental() == cold_2,
        "rebuilt site differs from a cold build"
    );

    // A page changes: rebuilt, still identical to a cold build.
    edit(
        &ws.commune("ville").join("contenu/_index.md"),
        "Bienvenue",
        "Bonjour",
    );
    let report = build_json(&ws, &["--date", "2026-12-02"]);
    assert_eq!(
        decisions(&report)[0],
        decision("ville", "published", "content-changed")
    );
    assert!(
        incremental() == cold("2026-12-02", "froid-edit"),
        "edited site differs from a cold build"
    );

    // A new year changes the footer of every commune.
    let report = build_json(&ws, &["--date", "2027-01-04"]);
    assert_eq!(
        decisions(&report),
        [
            decision("ville", "published", "date-changed"),
            decision("voisine", "published", "date-changed")
        ]
    );
    assert!(incremental() == cold("2027-01-04", "froid-2027"));
}

#[test]
fn shards_partition_the_communes_and_their_reports_merge() {
    let ws = Workspace::new();
    let slugs: BTreeSet<String> = ["arles", "brest", "caen", "dax", "evry", "foix", "gap"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for slug in &slugs {
        ws.add_commune(slug);
    }
    let mut seen = Vec::new();
    let mut reports = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let out = format!("public-{k}");
        let report_file = ws.path().join(format!("rapport-{k}.json"));
        let output = usine(
            &ws,
            &[
                "build",
                "--date",
                "2026-11-23",
                "--shard",
                &shard,
                "--out",
                &out,
                "--format",
                "json",
                "--journal",
                "journal.jsonl",
            ],
        );
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        fs::write(&report_file, &output.stdout).unwrap();
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        for commune in report["communes"].as_array().unwrap() {
            let slug = commune["slug"].as_str().unwrap().to_owned();
            assert!(
                ws.path()
                    .join(&out)
                    .join(&slug)
                    .join("index.html")
                    .is_file()
            );
            seen.push(slug);
        }
        reports.push(report_file);
    }
    seen.sort();
    assert_eq!(
        seen,
        slugs.iter().cloned().collect::<Vec<_>>(),
        "every commune in exactly one shard"
    );

    // The same shard again picks the same communes.
    let again = build_json(
        &ws,
        &[
            "--date",
            "2026-11-23",
            "--shard",
            "2/3",
            "--out",
            "public-2",
        ],
    );
    let first: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&reports[1]).unwrap()).unwrap();
    let slugs_of =
        |r: &serde_json::Value| decisions(r).into_iter().map(|d| d.0).collect::<Vec<_>>();
    assert_eq!(slugs_of(&again), slugs_of(&first));

    // One line per commune and one per run, each a JSON object.
    let journal = fs::read_to_string(ws.path().join("journal.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = journal
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.iter().filter(|l| l["event"] == "commune").count(), 7);
    assert_eq!(lines.iter().filter(|l| l["event"] == "run").count(), 3);
    let line = lines.iter().find(|l| l["event"] == "commune").unwrap();
    for key in [
        "slug",
        "outcome",
        "reason",
        "duration_ms",
        "check_ms",
        "build_ms",
        "pages",
        "shard",
        "time",
    ] {
        assert!(!line[key].is_null(), "{key} missing from {line}");
    }

    // The merge step: one report, every commune once; a commune in two reports is refused.
    let paths: Vec<&str> = reports.iter().map(|p| p.to_str().unwrap()).collect();
    let mut args = vec!["rapport", "fusion", "--sortie", "rapport.json"];
    args.extend(&paths);
    let merged = usine(&ws, &args);
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    let merged: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(ws.path().join("rapport.json")).unwrap()).unwrap();
    assert_eq!(slugs_of(&merged), slugs.iter().cloned().collect::<Vec<_>>());
    let twice = usine(&ws, &["rapport", "fusion", paths[0], paths[1], paths[0]]);
    assert_eq!(code(&twice), 2);
    assert!(
        stderr(&twice).contains("deux tranches l'ont construite"),
        "{}",
        stderr(&twice)
    );

    let bad = usine(&ws, &["build", "--shard", "4/3"]);
    assert_eq!(code(&bad), 2);
    assert!(
        stderr(&bad).contains("tranche invalide"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn export_then_import_into_a_fresh_tree_rebuilds_the_same_site() {
    let source = Workspace::new();
    let ville = source.add_commune("ville");
    fs::write(
        ville.join("exceptions-accessibilite.toml"),
        "[[exception]]\nregle = \"1.1.1\"\nfichier = \"contenu/ancien.md\"\nraison = \"Archive.\"\n",
    )
    .unwrap();
    fs::write(
        source.path().join("communes/_metropole.toml"),
        "[hebergeur]\nnom = \"Métropole\"\nadresse = \"2 rue de la Métropole\"\ntelephone = \"01 00 00 00 00\"\n",
    )
    .unwrap();
    let output = usine(&source, &["build", "--date", "2026-11-23"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let archive = source.path().join("ville.tar.gz");
    let output = usine(
        &source,
        &["export", "ville", "--sortie", archive.to_str().unwrap()],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("archive écrite"),
        "{}",
        stderr(&output)
    );

    let fresh = Workspace::new();
    fs::remove_dir_all(fresh.path().join("communes")).unwrap();
    let output = usine(
        &fresh,
        &[
            "import",
            archive.to_str().unwrap(),
            "--out",
            "archive-publiee",
        ],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(tree(&fresh.commune("ville")), tree(&ville));
    assert_eq!(
        fs::read(fresh.path().join("communes/_metropole.toml")).unwrap(),
        fs::read(source.path().join("communes/_metropole.toml")).unwrap()
    );
    let original = tree(&source.path().join("public/ville"));
    assert_eq!(
        tree(&fresh.path().join("archive-publiee/ville")),
        original,
        "archived site"
    );
    let output = usine(&fresh, &["build", "--date", "2026-11-23"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        tree(&fresh.path().join("public/ville")) == original,
        "rebuilt site differs"
    );

    // Importing again does not overwrite the commune.
    let again = usine(&fresh, &["import", archive.to_str().unwrap()]);
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("existe déjà"), "{}", stderr(&again));
}

#[test]
fn import_refuses_an_altered_archive() {
    let source = Workspace::new();
    source.add_commune("ville");
    assert_eq!(code(&usine(&source, &["build", "--date", "2026-11-23"])), 0);
    let archive = source.path().join("ville.tar.gz");
    assert_eq!(
        code(&usine(
            &source,
            &["export", "ville", "--sortie", archive.to_str().unwrap()]
        )),
        0
    );

    // Change one letter of a page inside the archive (tar headers stay valid).
    let mut tar = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(fs::File::open(&archive).unwrap()),
        &mut tar,
    )
    .unwrap();
    let at = tar
        .windows(9)
        .position(|w| w == b"Bienvenue")
        .expect("page text in the archive");
    tar[at] = b'b';
    let altered = source.path().join("altere.tar.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        fs::File::create(&altered).unwrap(),
        flate2::Compression::fast(),
    );
    std::io::Write::write_all(&mut encoder, &tar).unwrap();
    encoder.finish().unwrap();

    let fresh = Workspace::new();
    let output = usine(&fresh, &["import", altered.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("fichier altéré"),
        "{}",
        stderr(&output)
    );
    assert!(!fresh.commune("ville").exists());
    let leftovers: Vec<_> = fs::read_dir(fresh.path().join("communes"))
        .unwrap()
        .collect();
    assert!(leftovers.is_empty(), "import left files behind");
}

#[test]
fn steering_report_sums_up_the_fleet_and_passes_the_checker() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let bourg = ws.add_commune("bourg");
    edit(
        &bourg.join("commune.toml"),
        "nom = \"Modèle-sur-Test\"",
        "nom = \"Bourg-en-Test\"",
    );
    add_pdf_link(&bourg);
    let built = usine(&ws, &["build", "--date", "2026-11-23"]);
    assert_eq!(code(&built), 0, "{}", stderr(&built));
    fs::create_dir_all(ws.path().join("communes/oubliee")).unwrap();
    fs::copy(
        ws.commune("ville").join("commune.toml"),
        ws.path().join("communes/oubliee/commune.toml"),
    )
    .unwrap();

    let output = usine(&ws, &["rapport", "pilotage", "--sortie", "pilotage"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(ws.path().join("pilotage/pilotage.json")).unwrap(),
    )
    .unwrap();
    let communes = json["communes"].as_array().unwrap();
    assert_eq!(communes.len(), 2);
    assert_eq!(json["totals"]["communes"], 2);
    assert_eq!(json["not_published"], serde_json::json!(["oubliee"]));
    let bourg = communes.iter().find(|c| c["slug"] == "bourg").unwrap();
    assert_eq!(bourg["name"], "Bourg-en-Test");
    let pages = bourg["pages"].as_u64().unwrap();
    let html_files = tree(&ws.path().join("public/bourg"))
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count();
    assert_eq!(pages as usize, html_files);
    assert!(bourg["average_page_bytes"].as_u64().unwrap() > 1000);
    assert!(bourg["build_ms"].as_u64().unwrap() > 0);
    assert_eq!(bourg["content_changed_on"], "2026-11-23");
    let report: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(ws.path().join("public/.usine/sobriete/bourg.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(bourg["ecoindex"], report["summary"]);
    let themes = bourg["by_theme"].as_array().unwrap();
    assert_eq!(themes.len(), 13);
    assert_eq!(themes[12]["name"], "Consultation");
    assert!(themes[12]["to_review"].as_u64().unwrap() >= 1, "{themes:?}");
    assert!(
        json["note"]
            .as_str()
            .unwrap()
            .contains("pas un taux de conformité")
    );

    let html = fs::read_to_string(ws.path().join("pilotage/index.html")).unwrap();
    for expected in [
        "Bourg-en-Test",
        "<svg",
        "Constats par thématique RGAA",
        "13. Consultation",
        "Durée de la dernière construction",
        "EcoIndex estimé médian (pire page)",
    ] {
        assert!(html.contains(expected), "{expected} missing");
    }
    assert!(!html.contains("<script"), "no script in the dashboard");
    assert!(!html.contains("conforme\u{a0}:") && !html.contains("totalement conforme"));

    let checked = usine(&ws, &["check", "--html", "pilotage"]);
    assert_eq!(code(&checked), 0, "{}", super::support::stdout(&checked));
}
