//! `usine build`: the demo communes, isolation of a broken commune, and clear errors for
//! each kind of bad input (issue #2).

use std::fs;

use super::support::{Workspace, code, edit, repo, stable_stderr, stderr, tree};

#[test]
fn demo_communes_build_and_publish() {
    let ws = Workspace::new();
    let out = ws.path().join("public");
    let communes = repo().join("communes");
    let output = ws.usine(&[
        "build",
        "--communes",
        communes.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let slugs = ["port-lavigne", "saint-aubin-des-bois", "val-de-brenne"];
    for slug in slugs {
        let site = out.join(slug);
        for page in [
            "index.html",
            "plan-du-site/index.html",
            "mentions-legales/index.html",
            "404.html",
        ] {
            assert!(site.join(page).is_file(), "{slug}: {page} missing");
        }
        let home = fs::read_to_string(site.join("index.html")).unwrap();
        // Minified (`lang=fr`) or not (`lang="fr"`, cargo feature `minify` off).
        let lang = home.contains("lang=fr") || home.contains(r#"lang="fr""#);
        assert!(lang, "{slug}: no lang");
        assert!(
            home.contains("Accessibilité : "),
            "{slug}: no accessibility mention"
        );
    }
    let pages = |slug: &str| {
        tree(&out.join(slug))
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .count()
    };
    assert!(pages("saint-aubin-des-bois") >= 20);
    assert!(pages("val-de-brenne") >= 60);
    assert!(pages("port-lavigne") >= 200);
}

#[test]
fn broken_commune_keeps_its_site_and_others_publish() {
    let ws = Workspace::new();
    ws.add_commune("bonne");
    let cassee = ws.add_commune("cassee");
    let first = ws.usine(&["build"]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let published_before = tree(&ws.path().join("public/cassee"));

    edit(
        &cassee.join("contenu/mairie/horaires.md"),
        "ordre = 1",
        "ordre = un",
    );
    edit(
        &ws.commune("bonne").join("contenu/_index.md"),
        "Bienvenue",
        "Bonjour et bienvenue",
    );
    let second = ws.usine(&["build"]);
    assert_eq!(code(&second), 1);
    let err = stderr(&second);
    assert!(
        err.contains("communes/cassee/contenu/mairie/horaires.md:3"),
        "{err}"
    );
    assert_eq!(
        tree(&ws.path().join("public/cassee")),
        published_before,
        "previous site changed"
    );
    let bonne = fs::read_to_string(ws.path().join("public/bonne/index.html")).unwrap();
    assert!(
        bonne.contains("Bonjour et bienvenue"),
        "the other commune was not republished"
    );
    assert!(
        !ws.path()
            .join("public/.usine")
            .read_dir()
            .unwrap()
            // Beside the manifests, the cache of image variants (and its lock file), the
            // sobriety reports and the replaced sites kept for the next build stay.
            .any(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                !["manifestes", "images", "images.verrou", "sobriete"].contains(&&*name)
                    && !name.starts_with("spare-")
            }),
        "staging left behind"
    );
    // The image line depends on the cargo feature `images`, and is tested in `images`.
    let shown = stable_stderr(&second);
    let shown: Vec<&str> = shown
        .lines()
        .filter(|line| !line.starts_with("Images : "))
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    fs::write(
        commune.join("contenu/mairie/horaires.md"),
        b"+++\ntitre = \"Horaires\"\n+++\n\nOuvert le matin, ferm\xe9 l'apr\xe8s-midi.\n",
    )
    .unwrap();
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    assert!(!stderr(&output).contains("panicked"));
    insta::assert_snapshot!(stable_stderr(&output));
}

#[test]
fn bad_front_matter_points_at_the_markdown_line() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    edit(
        &commune.join("contenu/mairie/horaires.md"),
        "ordre = 1",
        "ordre = 1\ndate = \"14/07/2026\"",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    insta::assert_snapshot!(stable_stderr(&output));
}

#[test]
fn unclosed_front_matter_is_reported() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    fs::write(
        commune.join("contenu/mairie/horaires.md"),
        "+++\ntitre = \"Horaires\"\n\nTexte.\n",
    )
    .unwrap();
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("n'est pas fermé"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unknown_config_key_suggests_the_right_one() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    edit(
        &commune.join("commune.toml"),
        "telephone = \"01 23",
        "telefone = \"01 23",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    insta::assert_snapshot!(stable_stderr(&output));
}

#[test]
fn malformed_config_toml_names_the_line() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    edit(
        &commune.join("commune.toml"),
        "population = 1200",
        "population = 1200\nnom = \"sans fin",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("communes/ville/commune.toml:6"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn missing_image_names_file_and_line() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    fs::remove_file(commune.join("contenu/mairie/facade.png")).unwrap();
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    insta::assert_snapshot!(stable_stderr(&output));
}

#[test]
fn paths_escaping_the_commune_are_refused() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    ws.add_commune("voisine");
    edit(
        &commune.join("contenu/mairie/horaires.md"),
        "(facade.png)",
        "(../../../voisine/commune.toml)\n\n[secret](../../../../etc/passwd)",
    );
    let output = ws.usine(&["build", "ville"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert_eq!(
        err.matches("sort du dossier de la commune").count(),
        2,
        "{err}"
    );
    assert!(!ws.path().join("public/ville").exists());
}

#[test]
fn symlinks_are_refused() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    std::os::unix::fs::symlink("/etc/hostname", commune.join("contenu/mairie/hote.txt")).unwrap();
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("liens symboliques"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn broken_page_link_and_menu_link_are_errors() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    edit(
        &commune.join("contenu/mairie/horaires.md"),
        "(_index.md)",
        "(tarifs.md)",
    );
    edit(
        &commune.join("commune.toml"),
        "lien = \"/mairie/\"",
        "lien = \"/mairie-annexe/\"",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 1);
    let err = stderr(&output);
    assert!(err.contains("horaires.md:8:44"), "{err}");
    assert!(err.contains("commune.toml:"), "{err}");
}

#[test]
fn drafts_are_not_published() {
    let ws = Workspace::new();
    let commune = ws.add_commune("ville");
    edit(
        &commune.join("contenu/mairie/horaires.md"),
        "ordre = 1",
        "ordre = 1\nbrouillon = true",
    );
    edit(
        &commune.join("contenu/mairie/horaires.md"),
        "(_index.md)",
        "(../_index.md)",
    );
    let output = ws.usine(&["build"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        !ws.path()
            .join("public/ville/mairie/horaires-d-ouverture")
            .exists()
    );
    assert!(ws.path().join("public/ville/mairie/index.html").exists());
}

#[test]
fn json_report_lists_every_commune() {
    let ws = Workspace::new();
    ws.add_commune("une");
    let deux = ws.add_commune("deux");
    edit(
        &deux.join("commune.toml"),
        "[dpo]\nnom = \"DPO mutualisé\"\ncourriel = \"dpo@metropole.example\"\n",
        "",
    );
    let output = ws.usine(&["build", "--format", "json"]);
    assert_eq!(code(&output), 1);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json on stdout");
    let communes = report["communes"].as_array().unwrap();
    let outcome = |slug: &str| {
        communes
            .iter()
            .find(|c| c["slug"] == slug)
            .map(|c| c["outcome"].as_str().unwrap().to_owned())
    };
    assert_eq!(outcome("une").as_deref(), Some("published"));
    assert_eq!(outcome("deux").as_deref(), Some("failed"));
    let message =
        communes.iter().find(|c| c["slug"] == "deux").unwrap()["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .to_owned();
    assert_eq!(message, "la clé obligatoire « dpo » manque");
}

#[test]
fn unknown_commune_is_a_usage_error() {
    let ws = Workspace::new();
    ws.add_commune("ville");
    let output = ws.usine(&["build", "vile"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("vouliez-vous dire « ville »"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_site_rebuilt_over_the_replaced_one_is_the_site_built_afresh() {
    let ws = Workspace::new();
    let ville = ws.add_commune("ville");
    let temporary = ville.join("contenu/mairie/travaux.md");
    fs::write(
        &temporary,
        "+++\ntitre = \"Travaux\"\n+++\n\nLa mairie est en travaux.\n",
    )
    .unwrap();
    assert_eq!(code(&ws.usine(&["build"])), 0);
    let horaires = ville.join("contenu/mairie/horaires.md");
    edit(&horaires, "ouverte le matin", "ouverte le matin et le soir");
    assert_eq!(code(&ws.usine(&["build"])), 0);
    // The third build writes over the first site, kept aside by the second: a page changed
    // back, a page removed.
    edit(&horaires, "ouverte le matin et le soir", "ouverte le matin");
    fs::remove_file(&temporary).unwrap();
    let third = ws.usine(&["build"]);
    assert_eq!(code(&third), 0, "{}", stderr(&third));
    let spare = ws.path().join("public/.usine/spare-ville");
    assert!(spare.join("mairie/travaux/index.html").is_file());
    let fresh = ws.usine(&["build", "--out", "neuf"]);
    assert_eq!(code(&fresh), 0, "{}", stderr(&fresh));
    let rebuilt = tree(&ws.path().join("public/ville"));
    assert!(!rebuilt.iter().any(|(path, _)| path.contains("travaux")));
    assert_eq!(rebuilt, tree(&ws.path().join("neuf/ville")));
}

#[test]
fn a_build_killed_while_writing_over_the_spare_publishes_nothing_half_written() {
    let ws = Workspace::new();
    let ville = ws.add_commune("ville");
    // Enough pages that the build is still writing them when it is killed.
    for n in 0..300 {
        let page = format!("+++\ntitre = \"Page {n}\"\n+++\n\nTexte de la page {n}.\n");
        fs::write(ville.join(format!("contenu/mairie/page-{n}.md")), page).unwrap();
    }
    let horaires = ville.join("contenu/mairie/horaires.md");
    assert_eq!(code(&ws.usine(&["build"])), 0);
    edit(&horaires, "ouverte le matin", "ouverte le matin et le soir");
    assert_eq!(code(&ws.usine(&["build"])), 0);
    let before = tree(&ws.path().join("public/ville"));
    // The next builds write over the first site, the spare generation now.
    edit(&horaires, "le matin et le soir", "le soir");
    let fresh = ws.usine(&["build", "--out", "neuf"]);
    assert_eq!(code(&fresh), 0, "{}", stderr(&fresh));
    let after = tree(&ws.path().join("neuf/ville"));
    let theme = repo().join("themes/commun");
    for delay in [30, 120, 400] {
        let mut build = ws.command();
        build.args(["build", "--force", "--date", "2026-11-23", "--theme"]);
        let mut child = build.arg(&theme).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        let published = tree(&ws.path().join("public/ville"));
        assert!(
            published == before || published == after,
            "half-written site after a kill at {delay} ms"
        );
    }
    let last = ws.usine(&["build", "--force"]);
    assert_eq!(code(&last), 0, "{}", stderr(&last));
    assert_eq!(tree(&ws.path().join("public/ville")), after);
}
