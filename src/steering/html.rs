//! The dashboard as self-contained HTML pages: inline SVG charts, a stylesheet in the head,
//! no script at all. Every chart repeats data the tables give in full (RGAA 1.6: the
//! tables are the charts' detailed description), and values are printed beside their bars so
//! nothing relies on colour. It passes our own checker (`usine check --html`, tested).

use std::fmt::Write as _;

use super::data::{CommuneSteering, FINDINGS_NOTE, Steering};
use crate::escape::html as escape;

const STYLE: &str = "body{font-family:system-ui,sans-serif;color:#1e1e1e;background:#fff;margin:0;line-height:1.5}\
.evitement{position:absolute;left:-999px}.evitement:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}\
header,main,footer{max-width:72rem;margin:0 auto;padding:1rem}\
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #767676;padding:.25rem .5rem;text-align:right}\
th[scope=row],thead th:first-child{text-align:left}caption{text-align:left;font-weight:bold;padding:.5rem 0}\
.defilement{overflow-x:auto}svg{max-width:100%;height:auto}.graphique text{font-size:12px;fill:#1e1e1e}\
.barre{fill:#1f4e79}dl.synthese{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}\
dl.synthese dt{font-weight:bold}.note{border-left:4px solid #1f4e79;padding-left:1rem}\
header ul,footer ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}";

/// The files of the dashboard: the dashboard itself, and the plan du site and
/// accessibility statement every site needs (RGAA 12.1 and the legal mention), so the folder
/// can be published as it is on the metropole's intranet.
pub(super) fn render(steering: &Steering) -> Vec<(&'static str, String)> {
    let iso_day = steering
        .generated_at
        .get(..10)
        .unwrap_or(&steering.generated_at);
    let day = iso_day
        .parse()
        .map(|d| crate::dates::Date(d).french())
        .unwrap_or_else(|_| iso_day.to_owned());
    let day = day.as_str();
    vec![
        (
            "index.html",
            page(
                "Pilotage des sites des communes",
                day,
                &dashboard(steering, day),
            ),
        ),
        ("plan-du-site.html", page("Plan du site", day, PLAN)),
        ("accessibilite.html", page("Accessibilité", day, STATEMENT)),
    ]
}

/// The sections of the dashboard, for the menu and the plan du site.
const SECTIONS: [(&str, &str); 5] = [
    ("synthese", "Synthèse"),
    ("taille", "Taille des sites"),
    (
        "accessibilite",
        "Accessibilité : constats par thématique RGAA",
    ),
    ("construction", "Construction"),
    ("detail", "Détail par commune"),
];

const PLAN: &str = "<ul>\n<li><a href=\"index.html\">Pilotage des sites des communes</a>\n<ul>\n\
<li><a href=\"index.html#synthese\">Synthèse</a></li>\n<li><a href=\"index.html#taille\">Taille des sites</a></li>\n\
<li><a href=\"index.html#accessibilite\">Accessibilité : constats par thématique RGAA</a></li>\n\
<li><a href=\"index.html#construction\">Construction</a></li>\n<li><a href=\"index.html#detail\">Détail par commune</a></li>\n\
</ul></li>\n<li><a href=\"accessibilite.html\">Accessibilité</a></li>\n</ul>\n";

const STATEMENT: &str = "<p>Ce tableau de bord est produit automatiquement par Usine à sites. Il n'a pas fait \
l'objet d'un audit d'accessibilité : il est donc <strong>non conforme</strong> au RGAA 4.1.2 au sens de la loi, \
même s'il passe le vérificateur automatique de l'outil.</p>\n<p>Chaque graphique est doublé d'un tableau \
qui donne les mêmes chiffres ; la page ne contient aucun script.</p>\n";

/// One page with the shared header, menu and footer.
fn page(title: &str, day: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 4096);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} – pilotage du {day}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <nav role=\"navigation\" aria-label=\"Accès rapide\"><a class=\"evitement\" href=\"#contenu\">Aller au contenu</a></nav>\n\
         <header role=\"banner\"><p>Usine à sites · tableau de bord de pilotage</p>\n\
         <nav role=\"navigation\" aria-label=\"Menu principal\"><ul>",
        title = escape(title),
    );
    for (id, label) in SECTIONS {
        let _ = write!(out, "<li><a href=\"index.html#{id}\">{label}</a></li>");
    }
    let _ = write!(
        out,
        "</ul></nav>\n</header>\n<main id=\"contenu\" role=\"main\" tabindex=\"-1\">\n<h1>{}</h1>\n{body}</main>\n\
         <footer role=\"contentinfo\"><ul><li><a href=\"plan-du-site.html\">Plan du site</a></li>\
         <li><a href=\"accessibilite.html\">Accessibilité : non conforme</a></li></ul>\n\
         <p>Données : manifestes de construction ; pilotage.json, à côté de ces pages, contient les mêmes chiffres.</p>\n\
         </footer>\n</body>\n</html>\n",
        escape(title)
    );
    out
}

/// The dashboard's main content.
fn dashboard(steering: &Steering, day: &str) -> String {
    let totals = &steering.totals;
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(
        out,
        "<p>État des sites publiés au {day}, produit par l'outil en version {}.</p>",
        escape(&steering.tool_version)
    );
    out.push_str("<h2 id=\"synthese\">Synthèse</h2>\n<dl class=\"synthese\">\n");
    for (term, value) in [
        ("Communes publiées", totals.communes.to_string()),
        ("Pages", thousands(totals.pages as u64)),
        ("Poids total des sites", megabytes(totals.bytes)),
        (
            "Constats d'accessibilité à corriger",
            thousands(totals.to_fix as u64),
        ),
        (
            "dont erreurs acceptées (exceptions)",
            thousands(totals.accepted_exceptions as u64),
        ),
        (
            "Constats à vérifier par une personne",
            thousands(totals.to_review as u64),
        ),
    ] {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    }
    out.push_str("</dl>\n");
    if !steering.not_published.is_empty() {
        let _ = writeln!(
            out,
            "<p>Communes sans site publié : {}.</p>",
            escape(&steering.not_published.join(", "))
        );
    }

    let communes = &steering.communes;
    out.push_str("<h2 id=\"taille\">Taille des sites</h2>\n");
    chart(
        &mut out,
        "pages",
        "Nombre de pages par commune",
        &sorted(communes, |c| c.pages as f64, |c| thousands(c.pages as u64)),
    );
    chart(
        &mut out,
        "poids",
        "Poids HTML moyen d'une page par commune (hors images et feuilles de style)",
        &sorted(
            communes,
            |c| c.average_page_bytes as f64,
            |c| kilobytes(c.average_page_bytes),
        ),
    );

    out.push_str("<h2 id=\"accessibilite\">Accessibilité : constats par thématique RGAA</h2>\n");
    let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(FINDINGS_NOTE));
    let themes: Vec<Bar> = totals
        .by_theme
        .iter()
        .map(|t| Bar {
            label: format!("{}. {}", t.theme, t.name),
            value: (t.to_fix + t.to_review) as f64,
            text: format!("{} à corriger, {} à vérifier", t.to_fix, t.to_review),
        })
        .collect();
    chart(
        &mut out,
        "themes",
        "Constats par thématique RGAA, toutes communes",
        &themes,
    );
    theme_table(&mut out, steering);

    out.push_str("<h2 id=\"construction\">Construction</h2>\n");
    chart(
        &mut out,
        "durees",
        "Durée de la dernière construction par commune",
        &sorted(
            communes,
            |c| c.build_ms as f64,
            |c| format!("{} ms", thousands(c.build_ms)),
        ),
    );

    out.push_str("<h2 id=\"detail\">Détail par commune</h2>\n");
    commune_table(&mut out, communes);
    out
}

struct Bar {
    label: String,
    value: f64,
    text: String,
}

fn sorted(
    communes: &[CommuneSteering],
    value: impl Fn(&CommuneSteering) -> f64,
    text: impl Fn(&CommuneSteering) -> String,
) -> Vec<Bar> {
    let mut bars: Vec<Bar> = communes
        .iter()
        .map(|c| Bar {
            label: display_name(c),
            value: value(c),
            text: text(c),
        })
        .collect();
    bars.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.label.cmp(&b.label)));
    bars
}

fn display_name(c: &CommuneSteering) -> String {
    c.name.clone().unwrap_or_else(|| c.slug.clone())
}

/// A horizontal bar chart: label, bar, value written after the bar.
fn chart(out: &mut String, id: &str, title: &str, bars: &[Bar]) {
    const LABEL: f64 = 260.0;
    const WIDTH: f64 = 360.0;
    const ROW: f64 = 22.0;
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    let height = ROW * bars.len().max(1) as f64 + 8.0;
    let total_width = LABEL + WIDTH + 200.0;
    let summary = bars
        .iter()
        .take(3)
        .map(|b| format!("{} : {}", b.label, b.text))
        .collect::<Vec<_>>()
        .join(" ; ");
    let _ = write!(
        out,
        "<figure role=\"figure\" aria-label=\"{title}\">\n\
         <svg class=\"graphique\" role=\"img\" aria-labelledby=\"{id}-titre {id}-desc\" \
         viewBox=\"0 0 {total_width} {height}\" width=\"{total_width}\" height=\"{height}\">\n\
         <title id=\"{id}-titre\">{title}</title>\n<desc id=\"{id}-desc\">{} valeurs{}{}. \
         Le détail figure dans les tableaux de cette page.</desc>\n",
        bars.len(),
        if summary.is_empty() { "" } else { ", dont : " },
        escape(&summary),
        title = escape(title),
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let length = (bar.value / max * WIDTH).max(if bar.value > 0.0 { 1.0 } else { 0.0 });
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect class=\"barre\" x=\"{LABEL}\" y=\"{y}\" width=\"{length:.1}\" height=\"{}\"></rect>\
             <text x=\"{:.1}\" y=\"{}\">{}</text>",
            LABEL - 8.0,
            y + 14.0,
            escape(&bar.label),
            ROW - 6.0,
            LABEL + length + 6.0,
            y + 14.0,
            escape(&bar.text),
        );
    }
    let _ = writeln!(
        out,
        "</svg>\n<figcaption>{}</figcaption>\n</figure>",
        escape(title)
    );
}

fn theme_table(out: &mut String, steering: &Steering) {
    out.push_str(
        "<div class=\"defilement\"><table>\n<caption>Constats par thématique RGAA : à corriger / à vérifier</caption>\n\
         <thead><tr><th scope=\"col\">Commune</th>",
    );
    for theme in &steering.totals.by_theme {
        let _ = write!(
            out,
            "<th scope=\"col\"><abbr title=\"{}\">{}</abbr></th>",
            escape(theme.name),
            theme.theme
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for c in &steering.communes {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th>",
            escape(&display_name(c))
        );
        for theme in &c.by_theme {
            let _ = write!(out, "<td>{} / {}</td>", theme.to_fix, theme.to_review);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("<tr><th scope=\"row\">Total</th>");
    for theme in &steering.totals.by_theme {
        let _ = write!(out, "<td>{} / {}</td>", theme.to_fix, theme.to_review);
    }
    out.push_str("</tr>\n</tbody>\n</table></div>\n");
}

fn commune_table(out: &mut String, communes: &[CommuneSteering]) {
    out.push_str(
        "<div class=\"defilement\"><table>\n<caption>Chiffres de chaque site publié</caption>\n<thead><tr>\
         <th scope=\"col\">Commune</th><th scope=\"col\">Pages</th><th scope=\"col\">Poids du site</th>\
         <th scope=\"col\">Poids HTML moyen d'une page</th><th scope=\"col\">Page la plus lourde</th>\
         <th scope=\"col\">EcoIndex estimé médian (pire page)</th>\
         <th scope=\"col\">À corriger</th><th scope=\"col\">Dont exceptions</th><th scope=\"col\">À vérifier</th>\
         <th scope=\"col\">Autres avertissements</th><th scope=\"col\">Durée de construction</th>\
         <th scope=\"col\">Dernière modification du contenu</th><th scope=\"col\">Date de construction</th>\
         </tr></thead>\n<tbody>\n",
    );
    for c in communes {
        let heaviest = c
            .heaviest_page
            .as_ref()
            .map(|p| format!("{} ({})", escape(&p.url), kilobytes(p.bytes)))
            .unwrap_or_default();
        let ecoindex = c
            .ecoindex
            .as_ref()
            .map(|s| {
                format!(
                    "{} {} ({} {}, {})",
                    s.median.score,
                    s.median.grade,
                    s.worst.score,
                    s.worst.grade,
                    escape(&s.worst.url)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{heaviest}</td><td>{ecoindex}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} ms</td><td>{}</td><td>{}</td></tr>",
            escape(&display_name(c)),
            thousands(c.pages as u64),
            megabytes(c.bytes),
            kilobytes(c.average_page_bytes),
            c.to_fix,
            c.accepted_exceptions,
            c.to_review,
            c.other_warnings,
            thousands(c.build_ms),
            escape(&c.content_changed_on),
            escape(&c.built_on),
        );
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// `12 345`, with a narrow no-break space as French typography wants.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(ch);
    }
    out
}

fn kilobytes(bytes: u64) -> String {
    format!("{:.1}\u{a0}ko", bytes as f64 / 1000.0).replace('.', ",")
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1}\u{a0}Mo", bytes as f64 / 1_000_000.0).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_french_typography() {
        assert_eq!(thousands(46000), "46\u{202f}000");
        assert_eq!(thousands(999), "999");
        assert_eq!(kilobytes(8300), "8,3\u{a0}ko");
    }
}
