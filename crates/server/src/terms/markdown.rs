//! Markdown to sanitised HTML. Raw HTML is shown as text, links keep only safe schemes,
//! images become their alt text: whatever an author (or an attacker) writes comes out inert.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The app shows a version under its own page heading, so the text's headings start one
/// level lower: the outline stays in order for screen readers.
fn demoted(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon before any slash, query or fragment names a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = if safe_url(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("#")
            };
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: demoted(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demoted(level)))),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn structure_renders() {
        let html = render(
            "# Käyttöehdot\n\n1. Ensimmäinen\n   1. Alakohta\n2. Toinen\n\n**Tärkeää:** ääkköset.",
        );
        assert!(
            html.contains("<h2>Käyttöehdot</h2>"),
            "headings start below the page's own"
        );
        assert!(html.contains("<ol>"));
        assert!(html.matches("<ol>").count() == 2, "{html}");
        assert!(html.contains("<strong>Tärkeää:</strong> ääkköset."));
    }

    #[test]
    fn hostile_markdown_comes_out_inert() {
        let html = render(
            "<script>alert(1)</script>\n\n[click](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) \
             [d](data:text/html,hi) [ok](https://arkki.invalid/ehdot) [rel](/terms) \
             <img src=x onerror=alert(1)> ![alt text](javascript:alert(1)) <a href=\"javascript:x\">a</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(
            !html.to_lowercase().contains("<a href=\"javascript"),
            "{html}"
        );
        assert!(!html.contains("href=\"data:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<a href=\"javascript"), "{html}");
        assert!(html.contains("href=\"https://arkki.invalid/ehdot\""));
        assert!(html.contains("href=\"/terms\""));
        assert!(html.contains("alt text"));
    }
}
