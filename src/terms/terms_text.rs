//! A terms version's text, as the server rendered and sanitised it.

use arkki_api::terms::VersionText;
use leptos::prelude::*;

use crate::i18n::use_i18n;

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
            <div class="terms-body" inner_html=text.html.clone()></div>
        </article>
        <p class="terms-meta">
            <button type="button" class="print" on:click=|_| { let _ = window().print(); }>
                {move || i18n.t("terms.print")}
            </button>
        </p>
    }
}
