//! A terms version's text, as the server rendered and sanitised it.

use arkki_api::terms::VersionText;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The text's HTML without its opening heading when that only repeats the title shown
/// above it (the server renders `# Title` as the text's first `<h2>`).
pub fn without_repeated_title(html: &str, title: &str) -> String {
    let escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let heading = format!("<h2>{escaped}</h2>");
    match html.trim_start().strip_prefix(&heading) {
        Some(rest) => rest.trim_start().to_owned(),
        None => html.to_owned(),
    }
}

/// The full text with a print button. The HTML comes from the server, which renders
/// Markdown with raw HTML escaped and unsafe links removed.
#[component]
pub fn TermsText(
    /// The version text to show.
    text: VersionText,
    /// The heading level's id, for `aria-labelledby`.
    heading_id: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="terms-text" aria-labelledby=heading_id lang=text.locale.code()>
            <div class="terms-body" inner_html=without_repeated_title(&text.html, &text.title)></div>
        </article>
        <p class="terms-meta">
            <button type="button" class="print" on:click=|_| { let _ = window().print(); }>
                {i18n.text("terms.print")}
            </button>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::without_repeated_title;

    #[test]
    fn only_a_repeated_opening_title_goes() {
        assert_eq!(
            without_repeated_title("<h2>Ehdot</h2>\n<p>x</p>", "Ehdot"),
            "<p>x</p>"
        );
        assert_eq!(
            without_repeated_title("<h2>A &amp; B</h2><p>x</p>", "A & B"),
            "<p>x</p>"
        );
        assert_eq!(
            without_repeated_title("<h2>Muu</h2><p>x</p>", "Ehdot"),
            "<h2>Muu</h2><p>x</p>"
        );
        assert_eq!(
            without_repeated_title("<p>Ehdot</p>", "Ehdot"),
            "<p>Ehdot</p>"
        );
    }
}
